package server

import (
	"context"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/registry"
)

// Figure is a key figure on the home page.
type Figure struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value int    `json:"value"`
	Unit  string `json:"unit"`
}

// Task is a pending task on the home page.
type Task struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Count int    `json:"count"`
	Path  string `json:"path"`
}

// Home is the answer of GET /api/v1/home.
type Home struct {
	Figures []Figure `json:"figures"`
	Tasks   []Task   `json:"tasks"`
}

func (s *Server) home(c *httpapi.Ctx) error {
	ctx := c.R.Context()
	p := c.P()
	h := Home{Figures: []Figure{}, Tasks: []Task{}}
	if p.Can(access.OrgRead) {
		byType, err := s.Org.CountSchoolsByType(ctx, org.Actor{P: p, IP: c.IP()})
		if err != nil {
			return err
		}
		total := 0
		for _, t := range org.SchoolTypes {
			total += byType[t.Code]
		}
		h.Figures = append(h.Figures, Figure{"schools", "学校总数", total, "所"})
		for _, t := range org.SchoolTypes {
			if n := byType[t.Code]; n > 0 {
				h.Figures = append(h.Figures, Figure{"schools_by_type." + t.Code, t.Name, n, "所"})
			}
		}
	}
	if p.Can(access.RegistryRead) {
		rc, err := s.Registry.HeadlineCounts(ctx, registry.Actor{P: p, IP: c.IP()})
		if err != nil {
			return err
		}
		h.Figures = append(h.Figures, Figure{"students", "在校学生", rc.Students, "人"}, Figure{"migrant_students", "随迁子女", rc.Migrant, "人"},
			Figure{"staff", "教职工", rc.Staff, "人"}, Figure{"teachers", "专任教师", rc.Teachers, "人"})
	}
	count := func(q string, args ...any) (int, error) {
		var n int
		err := s.DB.Read().QueryRow(ctx, q, args...).Scan(&n)
		return n, err
	}
	type pending struct {
		perm, kind, title, path, query string
		args                           []any
	}
	weekAgo := time.Now().AddDate(0, 0, -7).UnixMilli()
	for _, t := range []pending{
		{access.UsersManage, "locked_users", "被锁定的账号", "/admin/users",
			`SELECT COUNT(*) FROM users WHERE district_code = ? AND locked_until > ?`, []any{p.District, db.Now()}},
		{access.RolesAssign, "users_without_role", "待分配角色的账号", "/admin/users",
			`SELECT COUNT(*) FROM users WHERE district_code = ? AND role = ''`, []any{p.District}},
		{access.AuditRead, "denials", "近 7 天被拒绝的访问", "/audit",
			`SELECT COUNT(*) FROM audit_log WHERE district_code = ? AND result <> ? AND at > ?`, []any{p.District, audit.OK, weekAgo}},
	} {
		if !p.Can(t.perm) {
			continue
		}
		n, err := count(t.query, t.args...)
		if err != nil {
			return err
		}
		h.Tasks = append(h.Tasks, Task{t.kind, t.title, n, t.path})
	}
	if p.Can(access.UsersManage) {
		n, err := count(`SELECT COUNT(*) FROM users WHERE district_code = ? AND disabled = FALSE`, p.District)
		if err != nil {
			return err
		}
		h.Figures = append(h.Figures, Figure{"users", "在用账号", n, "个"})
	}
	for _, m := range modules {
		if m.home == nil {
			continue
		}
		figs, tasks, err := m.home(ctx, s, p)
		if err != nil {
			return err
		}
		h.Figures = append(h.Figures, figs...)
		h.Tasks = append(h.Tasks, tasks...)
	}
	running, err := s.Jobs.Running(ctx, p.District, p.UserID)
	if err != nil {
		return err
	}
	h.Tasks = append(h.Tasks, Task{"jobs", "进行中的后台任务", running, "/jobs"})
	return c.OK(h)
}

// Child is a parent's child as the portal shows it.
type Child struct {
	StudentID  int64  `json:"student_id,string"`
	Name       string `json:"name"`
	SchoolName string `json:"school_name"`
	Grade      string `json:"grade"`
}

// PortalLink is a service a module offers parents on the portal home.
type PortalLink struct {
	Key         string `json:"key"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Path        string `json:"path"`
}

// Notice is a notice on the parent portal.
type Notice struct {
	Title string `json:"title"`
	Date  string `json:"date"`
	Body  string `json:"body"`
}

// PortalHome is the answer of GET /api/v1/portal/home.
type PortalHome struct {
	Children []Child      `json:"children"`
	Links    []PortalLink `json:"links"`
	Notices  []Notice     `json:"notices"`
}

// portalHome shows a parent their children (linked by the modules: a guardian's phone is the
// account's), the modules' services and notices.
func (s *Server) portalHome(c *httpapi.Ctx) error {
	p := c.P()
	if err := access.Require(p, access.Portal); err != nil {
		return err
	}
	h := PortalHome{Children: []Child{}, Links: []PortalLink{}, Notices: portalNotices(context.Background())}
	seen := map[int64]bool{}
	for _, m := range modules {
		if m.portal == nil {
			continue
		}
		children, links, err := m.portal(c.R.Context(), s, p)
		if err != nil {
			return err
		}
		for _, ch := range children {
			if !seen[ch.StudentID] {
				seen[ch.StudentID] = true
				h.Children = append(h.Children, ch)
			}
		}
		h.Links = append(h.Links, links...)
	}
	return c.OK(h)
}

func portalNotices(context.Context) []Notice {
	return []Notice{{Title: "家长服务平台开通", Date: "2026-09-01",
		Body: "青溪区教育局家长服务平台已开通，可在此查看子女体质健康档案，办理招生报名并查看审核与录取结果。报名不分先后，请在规定时间内如实填报；招生政策与学区查询见“招生报名”。"}}
}
