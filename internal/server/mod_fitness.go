package server

import (
	"context"

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
		},
		portal: fitnessPortal,
	})
}

// fitnessPortal lists a parent's children (a guardian's phone is the account's) and links to
// their 体质健康 records.
func fitnessPortal(ctx context.Context, s *Server, p *access.Principal) ([]Child, []PortalLink, error) {
	children, err := s.Fitness().Children(ctx, fitness.Actor{P: p})
	if err != nil {
		return nil, nil, err
	}
	out := make([]Child, len(children))
	for i, c := range children {
		out[i] = Child{StudentID: c.StudentID, Name: c.Name, SchoolName: c.SchoolName, Grade: c.GradeName}
	}
	return out, []PortalLink{{Key: "fitness", Title: "体质健康", Description: "查看子女历年体质健康测试成绩、等级与锻炼建议",
		Path: "/portal/fitness"}}, nil
}

// Fitness returns the fitness service.
func (s *Server) Fitness() *fitness.Service { return s.module("fitness").(*fitness.Service) }
