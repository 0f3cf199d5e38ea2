package indicators

import (
	"context"
	"fmt"
	"slices"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Evaluation is everything evaluated for a district and year from the registry: the facts, the
// active sets and their reports, the school sizes, 编制 and the manual entries.
type Evaluation struct {
	Year           int
	Facts          *RegistryFacts
	BalanceSet     StoredSet
	GuaranteeSet   StoredSet
	PreschoolSet   StoredSet
	Balance        Report
	Guarantee      Report
	Preschool      Report
	Sizes          []SizeCheck
	Staffing       StaffReport
	Manual         []ManualEntry
	StaffingConfig StaffConfig
}

// SizeCheck is a school's size against the 优质均衡 limit (规模 ≤ 2000, 一贯制 ≤ 2500).
type SizeCheck struct {
	SchoolID   string `json:"school_id"`
	SchoolName string `json:"school_name"`
	Students   int    `json:"students"`
	Limit      int    `json:"limit"`
	Met        bool   `json:"met"`
	Gap        string `json:"gap,omitempty"` // "超出 230 人"
}

// EvaluateYear loads the registry facts of a year and evaluates the district's active sets, the
// school sizes and 编制.
func EvaluateYear(ctx context.Context, q db.Querier, district string, year int) (*Evaluation, error) {
	facts, err := LoadFacts(ctx, q, district, year)
	if err != nil {
		return nil, err
	}
	return evaluateFacts(ctx, q, district, facts)
}

// EvaluateYearDB is EvaluateYear on the read pool of d, its queries running concurrently.
func EvaluateYearDB(ctx context.Context, d *db.DB, district string, year int) (*Evaluation, error) {
	facts, err := LoadFactsDB(ctx, d, district, year)
	if err != nil {
		return nil, err
	}
	return evaluateFacts(ctx, d.Read(), district, facts)
}

func evaluateFacts(ctx context.Context, q db.Querier, district string, facts *RegistryFacts) (*Evaluation, error) {
	ev := &Evaluation{Year: facts.Year, Facts: facts}
	var err error
	for _, x := range []struct {
		base string
		dst  *StoredSet
	}{{"balance_resources", &ev.BalanceSet}, {"balance_guarantee", &ev.GuaranteeSet}, {"preschool_universal", &ev.PreschoolSet}} {
		if *x.dst, err = ActiveSet(ctx, q, district, x.base); err != nil {
			return nil, err
		}
	}
	compulsoryFacts := facts.District(LevelPrimary, LevelJunior)
	ev.Balance = EvaluateDistrict(ev.BalanceSet.Set, compulsoryFacts)
	ev.Guarantee = EvaluateDistrict(ev.GuaranteeSet.Set, compulsoryFacts)
	ev.Preschool = EvaluateDistrict(ev.PreschoolSet.Set, facts.District(LevelKindergarten))
	ev.Sizes = schoolSizes(facts)
	if ev.StaffingConfig, err = LoadStaffConfig(ctx, q, district); err != nil {
		return nil, err
	}
	if ev.Staffing, err = Staffing(ev.StaffingConfig, staffFacts(facts, ev.StaffingConfig)); err != nil {
		return nil, err
	}
	if ev.Manual, err = ListManual(ctx, q, district, facts.Year); err != nil {
		return nil, err
	}
	return ev, nil
}

// schoolSizes checks every compulsory school (not excluded from 优质均衡) against its size limit.
func schoolSizes(f *RegistryFacts) []SizeCheck {
	out := []SizeCheck{}
	for _, s := range f.Schools {
		by := f.StudentsByLevel[s.ID]
		n := by[LevelPrimary] + by[LevelJunior]
		if n == 0 {
			continue
		}
		if ex, _ := ExcludedFromBalance(s.Type, n); ex {
			continue
		}
		total := 0
		for _, v := range by {
			total += v
		}
		c := SizeCheck{SchoolID: SchoolIDString(s.ID), SchoolName: s.Name, Students: total, Limit: SchoolSizeLimit(s.Type)}
		c.Met = total <= c.Limit
		if !c.Met {
			c.Gap = fmt.Sprintf("超出 %s 人", groupThousands(float64(total-c.Limit)))
		}
		out = append(out, c)
	}
	return out
}

// staffFacts are the 编制 facts: students of the configured levels and 在编 staff. Special
// education schools follow their own standard and are left out.
func staffFacts(f *RegistryFacts, cfg StaffConfig) []StaffFacts {
	out := []StaffFacts{}
	for _, s := range f.Schools {
		if s.Type == "special" {
			continue
		}
		students := map[Level]int{}
		for l, n := range f.StudentsByLevel[s.ID] {
			if _, ok := cfg.Ratios[l]; ok && n > 0 {
				students[l] = n
			}
		}
		if len(students) == 0 {
			continue
		}
		out = append(out, StaffFacts{SchoolID: SchoolIDString(s.ID), SchoolName: s.Name, Students: students, Staff: f.Payroll[s.ID]})
	}
	return out
}

// IndicatorGap is one unmet indicator of a school with what it lacks.
type IndicatorGap struct {
	IndicatorID string  `json:"indicator_id"`
	Name        string  `json:"name"`
	Value       float64 `json:"value"`
	Threshold   float64 `json:"threshold"`
	Unit        string  `json:"unit"`
	Ratio       float64 `json:"ratio"`
	Gap         *Gap    `json:"gap,omitempty"`
}

// FailingSchool is a school part with unmet indicators: Pass tells whether it still passes the
// school rule (≥ 6 of 7, the 7th ≥ 85%).
type FailingSchool struct {
	SchoolID   string         `json:"school_id"`
	SchoolName string         `json:"school_name"`
	Level      Level          `json:"level"`
	Pass       bool           `json:"pass"`
	Reason     string         `json:"reason,omitempty"`
	Gaps       []IndicatorGap `json:"gaps"`
}

// Failing lists the schools of a report with unmet school-scope indicators, failing ones first,
// each with its gaps in the indicators' own units.
func Failing(rep Report) []FailingSchool {
	out := []FailingSchool{}
	for _, sr := range rep.Schools {
		if len(sr.Unmet) == 0 {
			continue
		}
		fs := FailingSchool{SchoolID: sr.SchoolID, SchoolName: sr.SchoolName, Level: sr.Level, Pass: sr.Pass, Reason: sr.Reason, Gaps: []IndicatorGap{}}
		for _, id := range sr.Unmet {
			ir := rep.Indicator(id, sr.Level)
			if ir == nil {
				continue
			}
			for _, sv := range ir.Schools {
				if sv.SchoolID == sr.SchoolID {
					fs.Gaps = append(fs.Gaps, IndicatorGap{IndicatorID: id, Name: ir.Indicator.Name, Value: sv.Value,
						Threshold: ir.Indicator.Threshold, Unit: ir.Indicator.Unit, Ratio: sv.Ratio, Gap: sv.Gap})
				}
			}
		}
		out = append(out, fs)
	}
	slices.SortStableFunc(out, func(a, b FailingSchool) int {
		if a.Pass != b.Pass {
			if !a.Pass {
				return -1
			}
			return 1
		}
		return len(b.Gaps) - len(a.Gaps)
	})
	return out
}
