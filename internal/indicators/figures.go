package indicators

import (
	"context"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Figures for the work report (internal/reports). Each function evaluates the registry of a
// district for a school year with the district's active indicator sets; nothing is stored.

// CVFigure is one indicator's 校际差异系数 against its limit.
type CVFigure struct {
	IndicatorID string  `json:"indicator_id"`
	Name        string  `json:"name"`
	CV          float64 `json:"cv"`
	Defined     bool    `json:"defined"`
	Limit       float64 `json:"limit"`
	Pass        bool    `json:"pass"`
}

// LevelFigures are the 优质均衡 资源配置 figures of one level.
type LevelFigures struct {
	Level     Level      `json:"level"`
	LevelName string     `json:"level_name"`
	Schools   int        `json:"schools"` // evaluated school parts
	Passing   int        `json:"passing"` // meeting the school rule
	Failing   int        `json:"failing"`
	CVs       []CVFigure `json:"cvs"`
	CVPassing int        `json:"cv_passing"` // indicators within their CV limit
}

// BalanceFigures are a district's 优质均衡 资源配置 figures for a year.
type BalanceFigures struct {
	Year     int            `json:"year"`
	SetName  string         `json:"set_name"`
	Levels   []LevelFigures `json:"levels"`
	Excluded int            `json:"excluded"`
	Pass     bool           `json:"pass"`
	Failures []string       `json:"failures"`
}

// Balance returns, per level, how many schools pass the school rule and every CV against its
// limit, with the district verdict.
func Balance(ctx context.Context, q db.Querier, district string, year int) (BalanceFigures, error) {
	ev, err := EvaluateYear(ctx, q, district, year)
	if err != nil {
		return BalanceFigures{}, err
	}
	return balanceFigures(ev.Year, ev.Balance), nil
}

func balanceFigures(year int, rep Report) BalanceFigures {
	out := BalanceFigures{Year: year, SetName: rep.SetName, Levels: []LevelFigures{}, Excluded: len(rep.Excluded),
		Pass: rep.Pass, Failures: rep.Failures}
	for _, l := range compulsory {
		lf := LevelFigures{Level: l, LevelName: l.Name(), CVs: []CVFigure{}}
		for _, s := range rep.Schools {
			if s.Level != l {
				continue
			}
			lf.Schools++
			if s.Pass {
				lf.Passing++
			} else {
				lf.Failing++
			}
		}
		for _, ir := range rep.Indicators {
			if ir.Indicator.Level != l || ir.Indicator.CVLimit <= 0 {
				continue
			}
			lf.CVs = append(lf.CVs, CVFigure{IndicatorID: ir.Indicator.ID, Name: ir.Indicator.Name, CV: ir.CV, Defined: ir.CVDefined,
				Limit: ir.Indicator.CVLimit, Pass: ir.CVPass})
			if ir.CVPass {
				lf.CVPassing++
			}
		}
		if lf.Schools > 0 {
			out.Levels = append(out.Levels, lf)
		}
	}
	return out
}

// FailingSchools lists the school parts with unmet 优质均衡 资源配置 indicators and their gaps
// ("体艺专任教师缺 2 人"), failing ones first; schoolID, when not 0, keeps one school.
func FailingSchools(ctx context.Context, q db.Querier, district string, year int, schoolID int64) ([]FailingSchool, error) {
	ev, err := EvaluateYear(ctx, q, district, year)
	if err != nil {
		return nil, err
	}
	all := Failing(ev.Balance)
	if schoolID == 0 {
		return all, nil
	}
	out := []FailingSchool{}
	for _, f := range all {
		if f.SchoolID == SchoolIDString(schoolID) {
			out = append(out, f)
		}
	}
	return out, nil
}

// PreschoolFigure is one 普及普惠 indicator's district value.
type PreschoolFigure struct {
	IndicatorID string  `json:"indicator_id"`
	Name        string  `json:"name"`
	Value       float64 `json:"value"`
	Defined     bool    `json:"defined"`
	Threshold   float64 `json:"threshold"`
	Comparator  string  `json:"comparator"`
	Unit        string  `json:"unit"`
	Met         bool    `json:"met"`
	Gap         string  `json:"gap,omitempty"`
}

// PreschoolFigures are a district's 学前教育普及普惠 figures for a year.
type PreschoolFigures struct {
	Year             int               `json:"year"`
	Kindergartens    int               `json:"kindergartens"`
	Children         int               `json:"children"`
	ResidentChildren int               `json:"resident_children_3_5"` // 0 when not entered
	Indicators       []PreschoolFigure `json:"indicators"`
	Pass             bool              `json:"pass"`
}

// Preschool returns 毛入园率, 普惠性幼儿园覆盖率, 公办园在园幼儿占比, 幼儿与专任教师比, 班额达标率 and
// 持证上岗率 for the district.
func Preschool(ctx context.Context, q db.Querier, district string, year int) (PreschoolFigures, error) {
	ev, err := EvaluateYear(ctx, q, district, year)
	if err != nil {
		return PreschoolFigures{}, err
	}
	return preschoolFigures(ev), nil
}

func preschoolFigures(ev *Evaluation) PreschoolFigures {
	out := PreschoolFigures{Year: ev.Year, Indicators: []PreschoolFigure{}, Pass: ev.Preschool.Pass, ResidentChildren: ev.Facts.ResidentChildren}
	for _, p := range ev.Facts.Parts {
		if p.Level == LevelKindergarten {
			out.Kindergartens++
			out.Children += p.Students
		}
	}
	for _, ir := range ev.Preschool.Indicators {
		pf := PreschoolFigure{IndicatorID: ir.Indicator.ID, Name: ir.Indicator.Name, Value: ir.DistrictValue, Defined: ir.DistrictDefined,
			Threshold: ir.Indicator.Threshold, Comparator: ir.Indicator.Comparator, Unit: ir.Indicator.Unit, Met: ir.DistrictMet}
		if ir.DistrictGap != nil {
			pf.Gap = ir.DistrictGap.Text
		}
		out.Indicators = append(out.Indicators, pf)
	}
	return out
}

// StaffTotals are a district's 编制 totals for a year.
type StaffTotals struct {
	Year         int `json:"year"`
	Schools      int `json:"schools"`
	Quota        int `json:"quota"`
	Staff        int `json:"staff"`
	Over         int `json:"over"`  // Σ 超编
	Short        int `json:"short"` // Σ 缺编
	OverSchools  int `json:"over_schools"`
	ShortSchools int `json:"short_schools"`
}

// Staffing totals: quota from the configured ratios against 在编 staff, with 超编 and 缺编 kept
// apart.
func StaffingTotals(ctx context.Context, q db.Querier, district string, year int) (StaffTotals, error) {
	ev, err := EvaluateYear(ctx, q, district, year)
	if err != nil {
		return StaffTotals{}, err
	}
	r := ev.Staffing
	return StaffTotals{Year: ev.Year, Schools: len(r.Schools), Quota: r.Quota, Staff: r.Staff, Over: r.Over, Short: r.Short,
		OverSchools: r.OverSchools, ShortSchools: r.ShortSchools}, nil
}

// AllFigures are every figure above from one evaluation.
type AllFigures struct {
	Balance   BalanceFigures   `json:"balance"`
	Failing   []FailingSchool  `json:"failing"`
	Preschool PreschoolFigures `json:"preschool"`
	Staffing  StaffTotals      `json:"staffing"`
}

// Figures evaluates the district once and returns every figure the work report uses.
func Figures(ctx context.Context, q db.Querier, district string, year int) (AllFigures, error) {
	ev, err := EvaluateYear(ctx, q, district, year)
	if err != nil {
		return AllFigures{}, err
	}
	r := ev.Staffing
	return AllFigures{Balance: balanceFigures(ev.Year, ev.Balance), Failing: Failing(ev.Balance), Preschool: preschoolFigures(ev),
		Staffing: StaffTotals{Year: ev.Year, Schools: len(r.Schools), Quota: r.Quota, Staff: r.Staff, Over: r.Over, Short: r.Short,
			OverSchools: r.OverSchools, ShortSchools: r.ShortSchools}}, nil
}
