package indicators

import (
	"fmt"
	"maps"
	"math"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// ChangeKind is the kind of a what-if change.
type ChangeKind string

// Change kinds.
const (
	// ChangeMove moves Amount of Aggregate (teachers of a kind, students, equipment, …) from From to To.
	ChangeMove ChangeKind = "move"
	// ChangeAdd adds Amount of Aggregate to To (area, equipment, rooms, teachers); a negative
	// Amount removes, down to 0.
	ChangeAdd ChangeKind = "add"
	// ChangeNewSchool adds School to the district.
	ChangeNewSchool ChangeKind = "new_school"
)

// SchoolRef names a school; Level tells the parts of a 九年一贯制 school apart and may be empty
// when the ID alone is unambiguous.
type SchoolRef struct {
	ID    string `json:"id"`
	Level Level  `json:"level,omitempty"`
}

// Change is one what-if change.
type Change struct {
	Kind      ChangeKind   `json:"kind"`
	From      SchoolRef    `json:"from,omitzero"`
	To        SchoolRef    `json:"to,omitzero"`
	Aggregate string       `json:"aggregate,omitempty"`
	Amount    float64      `json:"amount,omitempty"`
	School    *SchoolFacts `json:"school,omitempty"`
}

// Apply returns a copy of d with the changes applied in order; d is not modified. Aggregates must
// be in the Catalog (district-only ones excluded), amounts finite, and whole for whole-unit
// aggregates (persons, rooms, classes, students). Errors name the change (第 n 项调整) in Chinese.
func Apply(d DistrictFacts, changes []Change) (DistrictFacts, error) {
	out := DistrictFacts{Schools: append([]SchoolFacts(nil), d.Schools...), Aggregates: d.Aggregates}
	owned := make([]bool, len(out.Schools)) // Aggregates map already copied
	own := func(i int) *SchoolFacts {
		if i >= len(owned) {
			return &out.Schools[i] // a new school: its map is already a copy
		}
		if !owned[i] {
			out.Schools[i].Aggregates = maps.Clone(out.Schools[i].Aggregates)
			if out.Schools[i].Aggregates == nil {
				out.Schools[i].Aggregates = map[string]float64{}
			}
			owned[i] = true
		}
		return &out.Schools[i]
	}
	for n, c := range changes {
		fail := func(format string, args ...any) error {
			msg := fmt.Sprintf("第 %d 项调整：", n+1) + fmt.Sprintf(format, args...)
			return &errs.Error{Code: errs.Invalid, Message: "输入有误：" + msg,
				Fields: []errs.FieldError{{Field: fmt.Sprintf("changes[%d]", n+1), Message: msg}}}
		}
		switch c.Kind {
		case ChangeMove, ChangeAdd:
			a, ok := LookupAggregate(c.Aggregate)
			if !ok || a.DistrictOnly {
				return DistrictFacts{}, fail("统计量 %q 不能调整", c.Aggregate)
			}
			if c.Kind == ChangeMove && (!finite(c.Amount) || c.Amount <= 0) {
				return DistrictFacts{}, fail("调动数量须为正数")
			}
			if !finite(c.Amount) || c.Amount == 0 {
				return DistrictFacts{}, fail("调整数量须为非零的数")
			}
			if a.Whole && c.Amount != math.Trunc(c.Amount) {
				return DistrictFacts{}, fail("%s须为整数%s", a.Label, a.Unit)
			}
			to, err := resolve(out.Schools, c.To)
			if err != nil {
				return DistrictFacts{}, fail("调入学校：%s", err)
			}
			if c.Kind == ChangeMove {
				from, err := resolve(out.Schools, c.From)
				if err != nil {
					return DistrictFacts{}, fail("调出学校：%s", err)
				}
				if from == to {
					return DistrictFacts{}, fail("调出和调入是同一所学校")
				}
				f := own(from)
				if have := f.Value(c.Aggregate); have < c.Amount*(1-tolerance) {
					return DistrictFacts{}, fail("%s只有%s %s %s，不能调出 %s %s", f.Name,
						aggregateLabel(c.Aggregate, f.Level), formatAmount(have), a.Unit, formatAmount(c.Amount), a.Unit)
				}
				addTo(f, c.Aggregate, -c.Amount)
			}
			t := own(to)
			if c.Kind == ChangeAdd && t.Value(c.Aggregate)+c.Amount < -tolerance {
				return DistrictFacts{}, fail("%s的%s只有 %s %s，不能减少 %s %s", t.Name,
					aggregateLabel(c.Aggregate, t.Level), formatAmount(t.Value(c.Aggregate)), a.Unit, formatAmount(-c.Amount), a.Unit)
			}
			addTo(t, c.Aggregate, c.Amount)
		case ChangeNewSchool:
			if c.School == nil {
				return DistrictFacts{}, fail("缺少新学校的数据")
			}
			s := *c.School
			if strings.TrimSpace(s.ID) == "" || strings.TrimSpace(s.Name) == "" {
				return DistrictFacts{}, fail("新学校须有代码和名称")
			}
			if s.Level.Name() == "" {
				return DistrictFacts{}, fail("新学校的学段 %q 无效", s.Level)
			}
			if _, err := resolve(out.Schools, SchoolRef{s.ID, s.Level}); err == nil {
				return DistrictFacts{}, fail("学校代码 %q 在%s学段已存在", s.ID, s.Level.Name())
			}
			if s.Students < 0 {
				return DistrictFacts{}, fail("新学校的学生数不能为负数")
			}
			for name, v := range s.Aggregates {
				if _, ok := LookupAggregate(name); !ok {
					return DistrictFacts{}, fail("新学校的统计量 %q 未定义", name)
				}
				if !finite(v) || v < 0 {
					return DistrictFacts{}, fail("新学校的%s不能为负数", aggregateLabel(name, s.Level))
				}
			}
			s.Aggregates = maps.Clone(s.Aggregates)
			if s.Aggregates == nil {
				s.Aggregates = map[string]float64{}
			}
			out.Schools = append(out.Schools, s)
		default:
			return DistrictFacts{}, fail("未知的调整类型 %q（可用：move、add、new_school）", c.Kind)
		}
	}
	return out, nil
}

func addTo(s *SchoolFacts, name string, amount float64) {
	if name == Students {
		s.Students += int(amount)
		return
	}
	v := s.Aggregates[name] + amount
	if v < 0 { // binary noise after moving everything away
		v = 0
	}
	s.Aggregates[name] = v
}

func formatAmount(v float64) string {
	if v == math.Trunc(v) {
		return groupThousands(v)
	}
	return fmt.Sprintf("%.2f", v)
}

// resolve finds the index of the school ref names.
func resolve(schools []SchoolFacts, ref SchoolRef) (int, error) {
	if ref.ID == "" {
		return -1, fmt.Errorf("未指定学校")
	}
	found, n := -1, 0
	for i := range schools {
		if schools[i].ID == ref.ID && (ref.Level == "" || schools[i].Level == ref.Level) {
			found = i
			n++
		}
	}
	switch {
	case n == 0 && ref.Level != "":
		return -1, fmt.Errorf("学校 %q 没有%s学段", ref.ID, ref.Level.Name())
	case n == 0:
		return -1, fmt.Errorf("学校 %q 不存在", ref.ID)
	case n > 1:
		return -1, fmt.Errorf("学校 %q 有多个学段，请指明学段", ref.ID)
	}
	return found, nil
}

// Flip is a verdict that a scenario changes.
type Flip struct {
	Kind        string `json:"kind"` // "school", "cv" or "district"
	SchoolID    string `json:"school_id,omitempty"`
	Level       Level  `json:"level,omitempty"`
	IndicatorID string `json:"indicator_id,omitempty"`
	Before      bool   `json:"before"`
	After       bool   `json:"after"`
}

// Scenario is a what-if: the report before and after the changes, and what flipped.
type Scenario struct {
	Changes []Change `json:"changes"`
	Before  Report   `json:"before"`
	After   Report   `json:"after"`
	Flips   []Flip   `json:"flips"`
}

// WhatIf applies changes to a copy of d and evaluates set before and after.
func WhatIf(set IndicatorSet, d DistrictFacts, changes []Change) (Scenario, error) {
	after, err := Apply(d, changes)
	if err != nil {
		return Scenario{}, err
	}
	sc := Scenario{Changes: changes, Before: EvaluateDistrict(set, d), After: EvaluateDistrict(set, after)}
	sc.Flips = Flips(sc.Before, sc.After)
	return sc, nil
}

// Flips lists the school verdicts, CV tests and the district verdict that differ between two
// reports of the same set. A school present in only one report counts as failing in the other.
func Flips(before, after Report) []Flip {
	flips := []Flip{}
	type key struct {
		id    string
		level Level
	}
	was := map[key]bool{}
	for _, s := range before.Schools {
		was[key{s.SchoolID, s.Level}] = s.Pass
	}
	for _, s := range after.Schools {
		b := was[key{s.SchoolID, s.Level}]
		if b != s.Pass {
			flips = append(flips, Flip{Kind: "school", SchoolID: s.SchoolID, Level: s.Level, Before: b, After: s.Pass})
		}
		delete(was, key{s.SchoolID, s.Level})
	}
	for _, s := range before.Schools {
		if p, gone := was[key{s.SchoolID, s.Level}]; gone && p {
			flips = append(flips, Flip{Kind: "school", SchoolID: s.SchoolID, Level: s.Level, Before: true, After: false})
		}
	}
	for _, ir := range after.Indicators {
		if ir.Indicator.CVLimit <= 0 {
			continue
		}
		b := false
		if old := before.Indicator(ir.Indicator.ID, ir.Indicator.Level); old != nil {
			b = old.CVPass
		}
		if b != ir.CVPass {
			flips = append(flips, Flip{Kind: "cv", Level: ir.Indicator.Level, IndicatorID: ir.Indicator.ID, Before: b, After: ir.CVPass})
		}
	}
	if before.Pass != after.Pass {
		flips = append(flips, Flip{Kind: "district", Before: before.Pass, After: after.Pass})
	}
	return flips
}
