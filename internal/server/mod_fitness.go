package server

import (
	"github.com/edubureau/edubureau/internal/fitness"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
)

func init() {
	register(module{name: "fitness", sort: 20,
		menu: []menuEntry{{item: auth.MenuItem{Key: "fitness", Title: "体质健康", Path: "/fitness", Icon: "TrendCharts"},
			perms: []string{access.FitnessRead}}},
		mount: func(s *Server) error {
			svc := &fitness.Service{DB: s.DB, Keys: s.Keys, Audit: s.Audit, Jobs: s.Jobs}
			s.mods["fitness"] = svc
			svc.Routes(s.Router)
			return nil
		}})
}

// Fitness returns the fitness service.
func (s *Server) Fitness() *fitness.Service { return s.module("fitness").(*fitness.Service) }
