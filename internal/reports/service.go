package reports

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/jobs"
	"github.com/edubureau/edubureau/internal/registry"
)

// Service is the reports module: templates, plans and generation.
type Service struct {
	DB       *db.DB
	Org      *org.Service
	Registry *registry.Service
	Audit    *audit.Log
	Jobs     *jobs.Runner
	// Now is the as-of time of generated reports (tests fix it).
	Now func() time.Time
	// Parallel is how many figures are read side by side (0: 3).
	Parallel int
}

// Actor is who does something and from where.
type Actor struct {
	P  *access.Principal
	IP string
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// TemplateText is a template of a kind as the district uses it.
type TemplateText struct {
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	Body      string    `json:"body"`
	Default   bool      `json:"default"` // the shipped template (nothing stored)
	UpdatedAt time.Time `json:"updated_at"`
}

func kindName(kind string) (string, error) {
	for _, k := range Kinds {
		if k.Code == kind {
			return k.Name, nil
		}
	}
	return "", errs.E(errs.NotFound, "未知的报告模板：%s（可用 annual、half-year）", kind)
}

// Template returns the district's template of a kind (the shipped one while none is stored).
func (s *Service) Template(ctx context.Context, a Actor, kind string) (TemplateText, error) {
	if err := access.Require(a.P, access.ReportsRead); err != nil {
		return TemplateText{}, err
	}
	return s.template(ctx, a.P.District, kind)
}

func (s *Service) template(ctx context.Context, district, kind string) (TemplateText, error) {
	name, err := kindName(kind)
	if err != nil {
		return TemplateText{}, err
	}
	body, at, err := storedTemplate(ctx, s.DB.Read(), district, kind)
	if err != nil {
		return TemplateText{}, err
	}
	t := TemplateText{Kind: kind, Name: name, Body: body, UpdatedAt: at}
	if body == "" {
		t.Body, t.Default = DefaultTemplate(kind), true
	}
	return t, nil
}

// PutTemplate stores an edited template after checking every placeholder.
func (s *Service) PutTemplate(ctx context.Context, a Actor, kind, body string) (TemplateText, error) {
	if err := access.Require(a.P, access.ReportsWrite); err != nil {
		return TemplateText{}, err
	}
	if _, err := kindName(kind); err != nil {
		return TemplateText{}, err
	}
	if len(body) > 200_000 {
		return TemplateText{}, errs.Field("body", "模板过长（不超过 20 万字节）")
	}
	if _, err := ParseTemplate(body); err != nil {
		return TemplateText{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if err := putTemplate(ctx, q, a.P.District, kind, body, a.P.UserID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "report.template.update", "report_template", kind, "修改报告模板"))
	})
	if err != nil {
		return TemplateText{}, err
	}
	return s.template(ctx, a.P.District, kind)
}

// ResetTemplate returns a kind to the shipped template.
func (s *Service) ResetTemplate(ctx context.Context, a Actor, kind string) (TemplateText, error) {
	if err := access.Require(a.P, access.ReportsWrite); err != nil {
		return TemplateText{}, err
	}
	if _, err := kindName(kind); err != nil {
		return TemplateText{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if err := deleteTemplate(ctx, q, a.P.District, kind); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "report.template.reset", "report_template", kind, "恢复默认报告模板"))
	})
	if err != nil {
		return TemplateText{}, err
	}
	return s.template(ctx, a.P.District, kind)
}

// Plans lists the district's plans.
func (s *Service) Plans(ctx context.Context, a Actor) ([]Plan, error) {
	if err := access.Require(a.P, access.ReportsRead); err != nil {
		return nil, err
	}
	return listPlans(ctx, s.DB.Read(), a.P.District)
}

// Plan returns the plan of a period.
func (s *Service) Plan(ctx context.Context, a Actor, period string) (Plan, error) {
	if err := access.Require(a.P, access.ReportsRead); err != nil {
		return Plan{}, err
	}
	p, err := ParsePeriod(period)
	if err != nil {
		return Plan{}, errs.E(errs.NotFound, "期间无效：%s", period)
	}
	pl, ok, err := storedPlan(ctx, s.DB.Read(), a.P.District, p.String())
	if err == nil && !ok {
		err = errs.NotFoundf(p.Label() + "工作计划")
	}
	return pl, err
}

// PutPlan stores the plan of a period.
func (s *Service) PutPlan(ctx context.Context, a Actor, period string, pl Plan) (Plan, error) {
	if err := access.Require(a.P, access.ReportsWrite); err != nil {
		return Plan{}, err
	}
	p, err := ParsePeriod(period)
	if err != nil {
		return Plan{}, errs.E(errs.NotFound, "期间无效：%s", period)
	}
	pl.Period = p.String()
	if err := pl.Validate(); err != nil {
		return Plan{}, err
	}
	old, ok, err := storedPlan(ctx, s.DB.Read(), a.P.District, pl.Period)
	if err != nil {
		return Plan{}, err
	}
	if ok {
		pl.ID = old.ID
	} else {
		pl.ID = 0
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		if err := putPlan(ctx, q, a.P.District, &pl, a.P.UserID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "report.plan.update", "report_plan", pl.Period, pl.Title))
	})
	if err != nil {
		return Plan{}, err
	}
	pl2, _, err := storedPlan(ctx, s.DB.Read(), a.P.District, pl.Period)
	return pl2, err
}

// reportScope decides the scope a caller may generate for: a school administrator only their own
// school; others of the district the whole district or, when asked, one school.
func (s *Service) reportScope(ctx context.Context, a Actor, schoolID int64) (Scope, error) {
	if err := access.Require(a.P, access.ReportsRead); err != nil {
		return Scope{}, err
	}
	if a.P.Scope() == access.ScopeSchool && schoolID == 0 {
		schoolID = a.P.SchoolID
	}
	if a.P.Scope() != access.ScopeDistrict && a.P.Scope() != access.ScopeSchool {
		e := errs.E(errs.Forbidden, "工作报告只能由局机关按全区或学校、由学校按本校生成")
		e.Denied = true
		return Scope{}, e
	}
	if schoolID == 0 {
		return District, nil
	}
	sch, err := s.Org.GetSchool(ctx, org.Actor{P: a.P, IP: a.IP}, schoolID)
	if err != nil {
		if e, ok := errs.As(err); ok && e.Code == errs.NotFound {
			e2 := errs.Field("school_id", "学校不存在")
			e2.Code, e2.Denied = errs.NotFound, e.Denied
			return Scope{}, e2
		}
		return Scope{}, err
	}
	if err := access.Decide(a.P, access.ReportsRead, sch.Object(), "学校"); err != nil {
		return Scope{}, err
	}
	return Scope{Kind: ScopeSchool, SchoolID: schoolID}, nil
}

// Request asks for a report: the template kind (or an unsaved body for the preview), the period
// and optionally one school.
type Request struct {
	Kind     string `json:"kind"`
	Period   string `json:"period"`
	SchoolID int64  `json:"school_id,string,omitempty"`
	Body     string `json:"body,omitempty"` // preview of an edited, unsaved template
	PDF      bool   `json:"pdf,omitempty"`
}

// Preview renders a report (or an edited template) without storing anything.
func (s *Service) Preview(ctx context.Context, a Actor, req Request) (*Doc, error) {
	sc, err := s.reportScope(ctx, a, req.SchoolID)
	if err != nil {
		return nil, err
	}
	return s.GenerateFor(ctx, a.P.District, req, sc, confined(a))
}

// confined tells whether a caller's reports keep to their own school.
func confined(a Actor) bool { return a.P.Scope() != access.ScopeDistrict }

// Generate renders the report of a request for a scope of a district; callers have decided the
// scope (Preview, the job, the CLI).
func (s *Service) Generate(ctx context.Context, district string, req Request, sc Scope) (*Doc, error) {
	return s.GenerateFor(ctx, district, req, sc, false)
}

// GenerateFor is Generate, confined to the scope when conf is set (a school's own report).
func (s *Service) GenerateFor(ctx context.Context, district string, req Request, sc Scope, conf bool) (*Doc, error) {
	p, err := ParsePeriod(req.Period)
	if err != nil {
		return nil, err
	}
	kind := req.Kind
	if kind == "" {
		kind = KindFor(p)
	}
	body := req.Body
	if body == "" {
		t, err := s.template(ctx, district, kind)
		if err != nil {
			return nil, err
		}
		body = t.Body
	}
	t, err := ParseTemplate(body)
	if err != nil {
		return nil, err
	}
	env := &Env{Src: NewSources(s.DB, s.Org, s.Registry, district, s.now()), Scope: sc, Period: p, Confined: conf}
	env.DistrictName = s.districtName(ctx, district)
	env.Issuer = env.DistrictName + "教育局"
	if pl, ok, err := storedPlan(ctx, s.DB.Read(), district, p.String()); err != nil {
		return nil, err
	} else if ok {
		env.Plan = &pl
	}
	if sc.Kind == ScopeSchool {
		env.Issuer = env.Src.ScopeLabel(ctx, sc)
	}
	parallel := s.Parallel
	if parallel == 0 {
		parallel = 3
	}
	prefetch(ctx, t, env, parallel)
	return Render(ctx, t, env)
}

func (s *Service) districtName(ctx context.Context, code string) string {
	regions, err := s.Org.Regions(ctx)
	if err != nil {
		return code
	}
	var find func([]org.Region) string
	find = func(rs []org.Region) string {
		for _, r := range rs {
			if r.Code == code {
				return r.Name
			}
			if n := find(r.Children); n != "" {
				return n
			}
		}
		return ""
	}
	if n := find(regions); n != "" {
		return n
	}
	return code
}

// FileName is the download name of a report.
func FileName(d *Doc, ext string) string {
	name := strings.NewReplacer("/", "-", "\\", "-", " ", "").Replace(d.Title)
	if name == "" {
		name = "工作报告"
	}
	return fmt.Sprintf("%s.%s", name, ext)
}

// PlanProgress evaluates the plan of a period for the caller's scope (or one school of it).
func (s *Service) PlanProgress(ctx context.Context, a Actor, period string, schoolID int64) ([]ItemStatus, error) {
	sc, err := s.reportScope(ctx, a, schoolID)
	if err != nil {
		return nil, err
	}
	pl, err := s.Plan(ctx, a, period)
	if err != nil {
		return nil, err
	}
	p, _ := ParsePeriod(pl.Period)
	return Progress(ctx, NewSources(s.DB, s.Org, s.Registry, a.P.District, s.now()), &pl, sc, p, confined(a))
}

// CarryOver creates the next period's plan from the items of a period's plan that are not done
// (missed, overdue, ongoing or without data), in their chapters, with their sections and targets;
// deadlines and reported progress start afresh. An existing plan for the next period is kept.
func (s *Service) CarryOver(ctx context.Context, a Actor, period string) (Plan, error) {
	if err := access.Require(a.P, access.ReportsWrite); err != nil {
		return Plan{}, err
	}
	items, err := s.PlanProgress(ctx, a, period, 0)
	if err != nil {
		return Plan{}, err
	}
	cur, err := s.Plan(ctx, a, period)
	if err != nil {
		return Plan{}, err
	}
	p, _ := ParsePeriod(cur.Period)
	next := p.Next()
	if _, ok, err := storedPlan(ctx, s.DB.Read(), a.P.District, next.String()); err != nil {
		return Plan{}, err
	} else if ok {
		return Plan{}, errs.E(errs.Conflict, "%s工作计划已存在，请在其中直接添加事项", next.Label())
	}
	out := Plan{Period: next.String(), Title: next.Label() + "工作计划", Chapters: []PlanChapter{}}
	last := -1
	for _, st := range items {
		if st.Status == StatusMet {
			continue
		}
		if st.Chapter != last {
			out.Chapters = append(out.Chapters, PlanChapter{Title: cur.Chapters[st.Chapter].Title, Items: []PlanItem{}})
			last = st.Chapter
		}
		it := st.PlanItem
		it.Deadline, it.Progress, it.Milestones = "", 0, []Milestone{}
		it.Note = p.Label() + "结转（" + st.Status + "）"
		ch := &out.Chapters[len(out.Chapters)-1]
		ch.Items = append(ch.Items, it)
	}
	return s.PutPlan(ctx, a, next.String(), out)
}
