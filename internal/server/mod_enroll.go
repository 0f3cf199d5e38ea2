package server

import (
	"context"

	"github.com/edubureau/edubureau/internal/enroll"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
)

func init() {
	register(module{name: "enroll", sort: 30,
		menu: []menuEntry{{item: auth.MenuItem{Key: "enroll", Title: "招生入学", Path: "/enroll", Icon: "Tickets"},
			perms: []string{access.EnrollRead}},
			// Parents: the enrollment portal (报名、状态、结果).
			{item: auth.MenuItem{Key: "enroll_portal", Title: "招生报名", Path: "/portal/enroll", Icon: "Tickets"},
				perms: []string{access.Portal}}},
		mount: func(s *Server) error {
			svc := &enroll.Service{DB: s.DB, Keys: s.Keys, Audit: s.Audit}
			s.mods["enroll"] = svc
			svc.Routes(s.Router)
			return nil
		},
		portal: func(context.Context, *Server, *access.Principal) ([]Child, []PortalLink, error) {
			return nil, []PortalLink{{Key: "enroll", Title: "招生报名", Description: "幼儿园、小学、初中入学报名，查看审核结果与录取结果",
				Path: "/portal/enroll"}}, nil
		},
	})
}

// Enroll returns the enrollment service.
func (s *Server) Enroll() *enroll.Service { return s.module("enroll").(*enroll.Service) }
