package server

import (
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/reports"
)

func init() {
	register(module{name: "reports", sort: 900,
		menu: []menuEntry{{item: auth.MenuItem{Key: "reports", Title: "工作报告", Path: "/reports", Icon: "Notebook"},
			perms: []string{access.ReportsRead}}},
		mount: func(s *Server) error {
			svc := &reports.Service{DB: s.DB, Org: s.Org, Registry: s.Registry, Audit: s.Audit, Jobs: s.Jobs}
			svc.RegisterJobs()
			s.mods["reports"] = svc
			svc.Routes(s.Router)
			return nil
		}})
}

// ReportsOf returns the reports service of an opened server (the CLI generates reports with it).
func ReportsOf(s *Server) *reports.Service { return s.module("reports").(*reports.Service) }
