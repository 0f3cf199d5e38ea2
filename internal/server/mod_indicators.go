package server

import (
	"github.com/edubureau/edubureau/internal/indicators"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
)

// Supervision indicators (督导评估): 优质均衡, 普及普惠, 编制, dashboards and what-if planning.
func init() {
	register(module{name: "indicators", sort: 10,
		menu: []menuEntry{{item: auth.MenuItem{Key: "indicators", Title: "督导评估", Path: "/indicators", Icon: "DataAnalysis"},
			perms: []string{access.IndicatorsRead}}},
		mount: func(s *Server) error {
			svc := indicators.NewService(s.DB, s.Audit)
			s.mods["indicators"] = svc
			svc.Routes(s.Router)
			return nil
		}})
}

// Indicators returns the indicators service.
func (s *Server) Indicators() *indicators.Service {
	return s.module("indicators").(*indicators.Service)
}
