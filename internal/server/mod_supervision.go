package server

import (
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/safety"
	"github.com/edubureau/edubureau/internal/supervision"
)

// Supervision: 责任督学 zones, visits and coverage, and the 双随机一公开 draws with their public page.
// Visit findings become hazards through the safety module (looked up when a finding is turned, so
// the order in which the two modules mount does not matter).
func init() {
	register(module{name: "supervision", sort: 45,
		menu: []menuEntry{{item: auth.MenuItem{Key: "supervision", Title: "督导检查", Path: "/supervision", Icon: "View"},
			perms: []string{access.SupervisionRead}}},
		mount: func(s *Server) error {
			svc := &supervision.Service{DB: s.DB, Audit: s.Audit, PublicDistrict: auth.DefaultDistrict,
				Hazards: supervision.SafetyHazards{Service: func() *safety.Service { return s.Safety() }}}
			s.mods["supervision"] = svc
			svc.Routes(s.Router)
			return nil
		}})
}

// Supervision is the supervision service (zones, visits, draws).
func (s *Server) Supervision() *supervision.Service {
	return s.module("supervision").(*supervision.Service)
}
