package indicators

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Service serves the indicators over HTTP: evaluation from the registry, scoped to the caller.
//
// Scope (decided here, tested in the authorization matrix):
//   - 局领导 and 科室人员 holding indicators.read see every school and every district figure.
//   - 责任督学 see the schools of their zone, and the district figures (CVs, verdicts), which say
//     nothing about any one school; what-if planning and configuration are district work and
//     refused to them.
//   - 学校管理员 see their own school only: its values, thresholds, gaps and 编制. District values,
//     CVs, verdicts and other schools are left out of every answer (DistrictHidden), since a CV or a
//     district sum together with the school's own figures would let them infer others'.
//   - Configuration (indicator sets, population, manual 政府保障 entries, 编制 ratios) and saving
//     plans need supervision.write as well, with the whole district in scope (the 督导室).
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	// Now gives the current school year's clock (tests fix it).
	Now func() time.Time
}

// NewService builds the service.
func NewService(d *db.DB, log *audit.Log) *Service { return &Service{DB: d, Audit: log, Now: time.Now} }

// Actor is the caller of a service method.
type Actor struct {
	P  *access.Principal
	IP string
}

// view is what a caller may see.
type view struct {
	scope  string
	school int64
	zone   int64
}

func (v view) hidesDistrict() bool { return v.scope == access.ScopeSchool }

// readView checks indicators.read and returns the caller's view.
func readView(p *access.Principal) (view, error) {
	if err := access.Require(p, access.IndicatorsRead); err != nil {
		return view{}, err
	}
	f := access.ListFilter(p)
	if f.None || f.OwnerID != 0 {
		e := errs.E(errs.Forbidden, "没有查看督导评估指标的数据范围")
		e.Denied = true
		return view{}, e
	}
	switch {
	case f.SchoolID != 0:
		return view{scope: access.ScopeSchool, school: f.SchoolID}, nil
	case f.ZoneID != 0:
		return view{scope: access.ScopeZone, zone: f.ZoneID}, nil
	}
	return view{scope: access.ScopeDistrict}, nil
}

// districtOnly requires the permissions and the whole district in scope.
func districtOnly(p *access.Principal, what string, perms ...string) error {
	for _, perm := range append([]string{access.IndicatorsRead}, perms...) {
		if err := access.Require(p, perm); err != nil {
			return err
		}
	}
	if p.Scope() != access.ScopeDistrict {
		e := errs.E(errs.Forbidden, "%s须由区县教育局（全区范围）的用户进行", what)
		e.Denied = true
		return e
	}
	return nil
}

// keeps tells whether a school (engine id) is in the view.
func (v view) keeps(f *RegistryFacts, id string) bool {
	switch v.scope {
	case access.ScopeDistrict:
		return true
	case access.ScopeSchool:
		return id == SchoolIDString(v.school)
	}
	n, err := ParseSchoolID(id)
	if err != nil {
		return false
	}
	s, ok := f.SchoolByID(n)
	return ok && s.ZoneID == v.zone
}

// scopeReport keeps the schools of the view; for a school view it also drops the district
// figures.
func scopeReport(r Report, keep func(string) bool, hide bool) Report {
	out := r
	out.Schools = []SchoolResult{}
	for _, s := range r.Schools {
		if keep(s.SchoolID) {
			out.Schools = append(out.Schools, s)
		}
	}
	out.Excluded = []Exclusion{}
	for _, e := range r.Excluded {
		if keep(e.SchoolID) {
			out.Excluded = append(out.Excluded, e)
		}
	}
	out.Indicators = make([]IndicatorResult, 0, len(r.Indicators))
	for _, ir := range r.Indicators {
		if hide && ir.Indicator.Scope == ScopeDistrictOnly {
			continue
		}
		c := ir
		c.Schools = []SchoolValue{}
		c.MetSchools = 0
		for _, sv := range ir.Schools {
			if keep(sv.SchoolID) {
				c.Schools = append(c.Schools, sv)
				if sv.Met {
					c.MetSchools++
				}
			}
		}
		if hide {
			c.DistrictValue, c.DistrictDefined, c.DistrictMet, c.DistrictGap = 0, false, false, nil
			c.CV, c.CVDefined, c.CVPass, c.Pass = 0, false, false, false
		}
		out.Indicators = append(out.Indicators, c)
	}
	if hide {
		out.Pass = false
		out.Failures = []string{}
	}
	return out
}

// scopeStaffing keeps the schools of the view; outside the district view the totals are those of
// the schools kept.
func scopeStaffing(r StaffReport, keep func(string) bool, district bool) StaffReport {
	if district {
		return r
	}
	out := StaffReport{Config: r.Config, Schools: []StaffResult{}}
	for _, s := range r.Schools {
		if !keep(s.SchoolID) {
			continue
		}
		out.Schools = append(out.Schools, s)
		out.QuotaExact += s.QuotaExact
		out.Quota += s.Quota
		out.Staff += s.Staff
		switch {
		case s.Diff > 0:
			out.Over += s.Diff
			out.OverSchools++
		case s.Diff < 0:
			out.Short -= s.Diff
			out.ShortSchools++
		}
	}
	out.Diff = out.Staff - out.Quota
	return out
}

// SchoolBrief names a school for the dashboard's filters.
type SchoolBrief struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	ZoneID int64  `json:"zone_id,string"`
}

// SetBrief names the set a report was evaluated with.
type SetBrief struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Source  string `json:"source"`
	Version string `json:"version"`
}

func brief(s StoredSet) SetBrief {
	return SetBrief{ID: s.ID, Name: s.Set.Name, Source: s.Source, Version: s.Set.Version}
}

// Scorecard is the dashboard of a year in the caller's scope.
type Scorecard struct {
	Year           int               `json:"year"`
	Scope          string            `json:"scope"`
	DistrictHidden bool              `json:"district_hidden"`
	BalanceSet     SetBrief          `json:"balance_set"`
	Balance        Report            `json:"balance"`
	Figures        *BalanceFigures   `json:"figures,omitempty"`
	Failing        []FailingSchool   `json:"failing"`
	GuaranteeSet   SetBrief          `json:"guarantee_set"`
	Guarantee      Report            `json:"guarantee"`
	Sizes          []SizeCheck       `json:"sizes"`
	Manual         []ManualEntry     `json:"manual"`
	PreschoolSet   SetBrief          `json:"preschool_set"`
	Preschool      Report            `json:"preschool"`
	PreschoolFacts *PreschoolFigures `json:"preschool_figures,omitempty"`
	Staffing       StaffReport       `json:"staffing"`
	Schools        []SchoolBrief     `json:"schools"`
}

func (s *Service) year(year int) (int, error) {
	if year == 0 {
		now := s.Now()
		year = now.Year()
		if now.Month() < time.September {
			year--
		}
		return year, nil
	}
	return year, ValidYear(year)
}

// Scorecard evaluates a year (0: the current school year) for the caller.
func (s *Service) Scorecard(ctx context.Context, a Actor, year int) (*Scorecard, error) {
	v, err := readView(a.P)
	if err != nil {
		return nil, err
	}
	if year, err = s.year(year); err != nil {
		return nil, err
	}
	ev, err := EvaluateYearDB(ctx, s.DB, a.P.District, year)
	if err != nil {
		return nil, err
	}
	return scorecard(ev, v), nil
}

func scorecard(ev *Evaluation, v view) *Scorecard {
	keep := func(id string) bool { return v.keeps(ev.Facts, id) }
	hide := v.hidesDistrict()
	sc := &Scorecard{Year: ev.Year, Scope: v.scope, DistrictHidden: hide,
		BalanceSet: brief(ev.BalanceSet), GuaranteeSet: brief(ev.GuaranteeSet), PreschoolSet: brief(ev.PreschoolSet),
		Balance: scopeReport(ev.Balance, keep, hide), Guarantee: scopeReport(ev.Guarantee, keep, hide),
		Preschool: scopeReport(ev.Preschool, keep, hide), Staffing: scopeStaffing(ev.Staffing, keep, v.scope == access.ScopeDistrict),
		Sizes: []SizeCheck{}, Manual: []ManualEntry{}, Schools: []SchoolBrief{}}
	sc.Failing = Failing(sc.Balance)
	for _, c := range ev.Sizes {
		if keep(c.SchoolID) {
			sc.Sizes = append(sc.Sizes, c)
		}
	}
	if !hide {
		f := balanceFigures(ev.Year, ev.Balance)
		sc.Figures = &f
		pf := preschoolFigures(ev)
		sc.PreschoolFacts = &pf
		sc.Manual = ev.Manual
	}
	for _, school := range ev.Facts.Schools {
		id := SchoolIDString(school.ID)
		if keep(id) {
			sc.Schools = append(sc.Schools, SchoolBrief{ID: id, Name: school.Name, Type: school.Type, ZoneID: school.ZoneID})
		}
	}
	return sc
}

// TrendPoint is one year of the trend.
type TrendPoint struct {
	Year      int               `json:"year"`
	Balance   *BalanceFigures   `json:"balance,omitempty"`
	Preschool *PreschoolFigures `json:"preschool,omitempty"`
	Staffing  *StaffTotals      `json:"staffing,omitempty"`
	// Schools are the verdicts of the schools in the caller's scope.
	Schools []SchoolResult `json:"schools"`
}

// MaxTrendYears bounds the trend.
const MaxTrendYears = 6

// Trend evaluates the latest years with facilities recorded (at most MaxTrendYears).
func (s *Service) Trend(ctx context.Context, a Actor) ([]TrendPoint, error) {
	v, err := readView(a.P)
	if err != nil {
		return nil, err
	}
	q := s.DB.Read()
	rows, err := q.Query(ctx, `SELECT DISTINCT year FROM facilities WHERE district_code = ? ORDER BY year DESC`, a.P.District)
	if err != nil {
		return nil, err
	}
	var years []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			rows.Close()
			return nil, err
		}
		if len(years) < MaxTrendYears {
			years = append(years, y)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Reverse(years)
	all, err := LoadFactsYearsDB(ctx, s.DB, a.P.District, years)
	if err != nil {
		return nil, err
	}
	out := []TrendPoint{}
	for _, facts := range all {
		ev, err := evaluateFacts(ctx, q, a.P.District, facts)
		if err != nil {
			return nil, err
		}
		sc := scorecard(ev, v)
		tp := TrendPoint{Year: ev.Year, Schools: sc.Balance.Schools}
		if !v.hidesDistrict() {
			tp.Balance, tp.Preschool = sc.Figures, sc.PreschoolFacts
			r := ev.Staffing
			tp.Staffing = &StaffTotals{Year: ev.Year, Schools: len(r.Schools), Quota: r.Quota, Staff: r.Staff, Over: r.Over, Short: r.Short,
				OverSchools: r.OverSchools, ShortSchools: r.ShortSchools}
		}
		out = append(out, tp)
	}
	return out, nil
}

// WhatIfRequest is a scenario to evaluate on the 优质均衡 资源配置 facts of a year.
type WhatIfRequest struct {
	Year    int      `json:"year"`
	SetID   string   `json:"set_id,omitempty"` // a set built on balance_resources; the active one when empty
	Changes []Change `json:"changes"`
}

// WhatIf evaluates a scenario for the whole district.
func (s *Service) WhatIf(ctx context.Context, a Actor, req WhatIfRequest) (*Scenario, error) {
	if err := districtOnly(a.P, "规划推演"); err != nil {
		return nil, err
	}
	return s.whatIf(ctx, a.P.District, req)
}

func (s *Service) whatIf(ctx context.Context, district string, req WhatIfRequest) (*Scenario, error) {
	year, err := s.year(req.Year)
	if err != nil {
		return nil, err
	}
	if len(req.Changes) > 500 {
		return nil, errs.Field("changes", "一个方案最多 500 项调整")
	}
	q := s.DB.Read()
	var set StoredSet
	if req.SetID == "" {
		set, err = ActiveSet(ctx, q, district, "balance_resources")
	} else {
		set, err = FindSet(ctx, q, district, req.SetID)
		if err == nil && set.Base != "balance_resources" {
			err = errs.Field("set_id", "规划推演只适用于优质均衡资源配置指标体系")
		}
	}
	if err != nil {
		return nil, err
	}
	facts, err := LoadFactsDB(ctx, s.DB, district, year)
	if err != nil {
		return nil, err
	}
	if req.Changes == nil {
		req.Changes = []Change{}
	}
	sc, err := WhatIf(set.Set, facts.District(LevelPrimary, LevelJunior), req.Changes)
	if err != nil {
		return nil, err
	}
	return &sc, nil
}

// SavePlanRequest is a plan to save: its scenario is evaluated first, so that only valid changes
// are stored.
type SavePlanRequest struct {
	Name string `json:"name"`
	WhatIfRequest
}

// SavePlan evaluates and saves a plan.
func (s *Service) SavePlan(ctx context.Context, a Actor, req SavePlanRequest) (Plan, error) {
	if err := districtOnly(a.P, "保存规划方案", access.SupervisionWrite); err != nil {
		return Plan{}, err
	}
	if _, err := s.whatIf(ctx, a.P.District, req.WhatIfRequest); err != nil {
		return Plan{}, err
	}
	year, _ := s.year(req.Year)
	var p Plan
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		var err error
		p, err = SavePlan(ctx, q, a.P.District, Plan{Year: year, SetID: req.SetID, Name: req.Name, Changes: req.Changes,
			AuthorID: a.P.UserID, AuthorName: a.P.Name})
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "indicators.plan.save", "indicator_plan",
			strconv.FormatInt(p.ID, 10), p.Name))
	})
	return p, err
}
