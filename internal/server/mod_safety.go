package server

import (
	"context"
	"path/filepath"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/workflow"
	"github.com/edubureau/edubureau/internal/safety"
)

// Campus safety: hazards and inspection campaigns on the workflow engine, which this module also
// mounts (with the working-day calendar) for the modules that reuse it.
func init() {
	register(module{name: "safety", sort: 40,
		menu: []menuEntry{
			{item: auth.MenuItem{Key: "safety", Title: "校园安全", Path: "/safety", Icon: "Warning"}, perms: []string{access.SafetyRead}},
			// The working-day calendar behind every deadline, entered yearly by the 系统管理员.
			{item: auth.MenuItem{Key: "workcal", Title: "工作日历", Path: "/admin/calendar", Icon: "Calendar"},
				perms: []string{access.SettingsManage}},
		},
		mount: func(s *Server) error {
			flow := s.Workflow()
			if err := flow.LoadCalendar(context.Background()); err != nil {
				return err
			}
			svc := safety.NewService(s.DB, s.Audit, flow)
			s.mods["safety"] = svc
			svc.Routes(s.Router)
			flow.Routes(s.Router)
			return nil
		},
		home: safetyHome,
		upkeep: func(ctx context.Context, s *Server, district string) error {
			_, err := s.Workflow().Sweep(ctx, district)
			return err
		},
	})
}

// safetyHome puts the caller's pending hazards on their home page: to rectify (a school), to
// verify (an inspector or the section), overdue, and escalated to them.
func safetyHome(ctx context.Context, s *Server, p *access.Principal) ([]Figure, []Task, error) {
	if !p.Can(access.SafetyRead) || p.Role == access.Parent {
		return nil, nil, nil
	}
	t, err := s.Safety().Todo(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	tasks := []Task{}
	if p.Role == access.SchoolAdmin {
		tasks = append(tasks, Task{"hazards_to_rectify", "待整改的安全隐患", t.ToRectify, "/safety/hazards?state=open"})
	}
	if p.Can(access.SafetyWrite) && (p.Role == access.Inspector || p.Role == access.Staff) {
		tasks = append(tasks, Task{"hazards_to_verify", "待验收的隐患整改", t.ToVerify, "/safety/hazards?state=submitted"})
	}
	tasks = append(tasks, Task{"hazards_overdue", "逾期未整改的隐患", t.Overdue, "/safety/hazards?overdue=1"})
	if p.Role != access.SchoolAdmin {
		tasks = append(tasks, Task{"hazards_escalated", "升级督办的隐患", t.Escalated, "/safety/hazards?escalated=1"})
	}
	return nil, tasks, nil
}

// Workflow is the one workflow engine of the server (attachments under the data directory's
// "workflow" folder); every module that runs items on it registers its types here.
func (s *Server) Workflow() *workflow.Engine {
	if e, ok := s.mods["workflow"].(*workflow.Engine); ok {
		return e
	}
	e := workflow.New(s.DB, s.Audit, filepath.Join(s.Cfg.DataDir, "workflow"))
	s.mods["workflow"] = e
	return e
}

// Safety is the campus safety service (hazards, campaigns); supervision reports visit findings
// through its Report.
func (s *Server) Safety() *safety.Service {
	svc, _ := s.module("safety").(*safety.Service)
	return svc
}
