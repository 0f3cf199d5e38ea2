package indicators

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// tolerance is the relative error allowed in comparisons with a threshold.
const tolerance = 1e-9

// Gap is what a school (or the district) lacks to meet an indicator, in the unit of the aggregate
// to raise: the numerator of a ">=" indicator, the denominator of a "<=" indicator.
type Gap struct {
	Aggregate string  `json:"aggregate"`
	Label     string  `json:"label"`
	Amount    float64 `json:"amount"` // rounded up to a whole unit
	Exact     float64 `json:"exact"`
	Unit      string  `json:"unit"`
	Text      string  `json:"text"` // "体艺专任教师缺 2 人"
}

// SchoolValue is one school's value of one indicator.
type SchoolValue struct {
	SchoolID   string  `json:"school_id"`
	SchoolName string  `json:"school_name"`
	Value      float64 `json:"value"`
	Defined    bool    `json:"defined"` // false when the denominator is 0 (Value is then 0)
	Met        bool    `json:"met"`
	// Ratio is value ÷ threshold for ">=" and threshold ÷ value for "<=" (1 or more when met).
	Ratio float64 `json:"ratio"`
	Gap   *Gap    `json:"gap,omitempty"`
}

// IndicatorResult is one indicator evaluated for the district and its schools.
type IndicatorResult struct {
	Indicator       Indicator     `json:"indicator"`
	DistrictValue   float64       `json:"district_value"`
	DistrictDefined bool          `json:"district_defined"`
	DistrictMet     bool          `json:"district_met"`
	DistrictGap     *Gap          `json:"district_gap,omitempty"`
	CV              float64       `json:"cv"`
	CVDefined       bool          `json:"cv_defined"`
	CVPass          bool          `json:"cv_pass"` // true when the indicator has no CV limit
	Schools         []SchoolValue `json:"schools"`
	MetSchools      int           `json:"met_schools"`
	// Pass is the indicator's own part of the district verdict: the CV within its limit, and for
	// district-scope indicators the district value meeting the threshold. Schools failing a
	// school-scope indicator count through SchoolResult.
	Pass bool `json:"pass"`
}

// SchoolResult is a school's verdict over the school-scope indicators of its level.
type SchoolResult struct {
	SchoolID   string   `json:"school_id"`
	SchoolName string   `json:"school_name"`
	Level      Level    `json:"level"`
	Evaluated  int      `json:"evaluated"` // school-scope indicators evaluated
	MetCount   int      `json:"met_count"`
	Unmet      []string `json:"unmet"` // ids of unmet indicators
	Pass       bool     `json:"pass"`
	Reason     string   `json:"reason,omitempty"` // why it fails, in Chinese
}

// Report is the evaluation of one indicator set.
type Report struct {
	SetID      string            `json:"set_id"`
	SetName    string            `json:"set_name"`
	SetVersion string            `json:"set_version"`
	Indicators []IndicatorResult `json:"indicators"`
	Schools    []SchoolResult    `json:"schools"`
	Excluded   []Exclusion       `json:"excluded"`
	Pass       bool              `json:"pass"`
	// Failures says in Chinese why the district does not pass.
	Failures []string `json:"failures"`
}

// Indicator finds the result of an indicator by id and level.
func (r Report) Indicator(id string, level Level) *IndicatorResult {
	for i := range r.Indicators {
		if r.Indicators[i].Indicator.ID == id && r.Indicators[i].Indicator.Level == level {
			return &r.Indicators[i]
		}
	}
	return nil
}

// School finds a school's verdict by id and level.
func (r Report) School(id string, level Level) *SchoolResult {
	for i := range r.Schools {
		if r.Schools[i].SchoolID == id && r.Schools[i].Level == level {
			return &r.Schools[i]
		}
	}
	return nil
}

// Dispersion is the student-weighted dispersion of one indicator between schools.
type Dispersion struct {
	Mean    float64 `json:"mean"` // X̄ = Σx ÷ ΣP
	SD      float64 `json:"sd"`   // S
	CV      float64 `json:"cv"`   // S ÷ X̄
	Defined bool    `json:"defined"`
}

// WeightedCV computes the coefficient of variation of x_i / p_i weighted by p_i, as the standard
// prescribes: X_i = x_i/P_i, X̄ = Σx_i/ΣP_i, S = sqrt(Σ (P_i/P)(X_i − X̄)²), CV = S/X̄. Pairs with
// p_i ≤ 0 are skipped. Undefined when ΣP is 0 or X̄ is not positive.
func WeightedCV(x, p []float64) Dispersion {
	var sx, sp float64
	for i := range x {
		if p[i] > 0 {
			sx += x[i]
			sp += p[i]
		}
	}
	if sp <= 0 {
		return Dispersion{}
	}
	mean := sx / sp
	var ss float64
	for i := range x {
		if p[i] > 0 {
			d := x[i]/p[i] - mean
			ss += p[i] * d * d
		}
	}
	sd := math.Sqrt(ss / sp)
	if !(mean > 0) {
		return Dispersion{Mean: mean, SD: sd}
	}
	return Dispersion{Mean: mean, SD: sd, CV: sd / mean, Defined: true}
}

// Evaluate evaluates set over schools (a district without district-only aggregates).
func Evaluate(set IndicatorSet, schools []SchoolFacts) Report {
	return EvaluateDistrict(set, DistrictFacts{Schools: schools})
}

// schoolTally accumulates one school's school-scope results.
type schoolTally struct {
	evaluated, met int
	unmet          []string
	belowFloor     []string // unmet indicators below the rule's floor, with their ratio
}

// EvaluateDistrict evaluates set over a district. Indicators of a level without any (remaining)
// school are left out of the report. Schools are reported in the order given.
func EvaluateDistrict(set IndicatorSet, d DistrictFacts) Report {
	rep := Report{SetID: set.ID, SetName: set.Name, SetVersion: set.Version,
		Indicators: []IndicatorResult{}, Schools: []SchoolResult{}, Excluded: []Exclusion{}, Failures: []string{}}

	// Schools taking part, by level.
	byLevel := map[Level][]int{}
	for i := range d.Schools {
		s := &d.Schools[i]
		if set.ExcludeSchools {
			if ex, why := ExcludedFromBalance(s.Type, s.Students); ex {
				rep.Excluded = append(rep.Excluded, Exclusion{s.ID, s.Name, s.Level, why})
				continue
			}
		}
		byLevel[s.Level] = append(byLevel[s.Level], i)
	}
	tallies := make([]schoolTally, len(d.Schools))
	var xs, ps []float64

	for _, ind := range set.Indicators {
		idx := byLevel[ind.Level]
		if len(idx) == 0 {
			continue
		}
		res := IndicatorResult{Indicator: ind, CVPass: true}
		var sumNum, sumDen float64
		if ind.Scope != ScopeDistrictOnly {
			res.Schools = make([]SchoolValue, 0, len(idx))
			xs, ps = xs[:0], ps[:0]
		}
		for _, i := range idx {
			s := &d.Schools[i]
			num, den := s.Value(ind.Numerator), s.Value(ind.Denominator)
			sumNum += num
			sumDen += den
			if ind.Scope == ScopeDistrictOnly {
				continue
			}
			sv := SchoolValue{SchoolID: s.ID, SchoolName: s.Name}
			sv.Value, sv.Defined, sv.Met, sv.Ratio, sv.Gap = judge(ind, num, den)
			if sv.Met {
				res.MetSchools++
			}
			res.Schools = append(res.Schools, sv)
			if ind.CVLimit > 0 {
				xs = append(xs, num)
				ps = append(ps, den)
			}
			if ind.Scope == ScopeSchool {
				t := &tallies[i]
				t.evaluated++
				if sv.Met {
					t.met++
					continue
				}
				t.unmet = append(t.unmet, ind.ID)
				switch {
				case set.Rule == nil:
				case !sv.Defined:
					t.belowFloor = append(t.belowFloor, fmt.Sprintf("“%s”无法计算（%s为 0）", ind.Name, aggregateLabel(ind.Denominator, ind.Level)))
				case sv.Ratio < set.Rule.UnmetFloor-tolerance:
					t.belowFloor = append(t.belowFloor, fmt.Sprintf("“%s”仅为标准的 %s%%，低于 %s%%", ind.Name, formatPercent(sv.Ratio), formatPercent(set.Rule.UnmetFloor)))
				}
			}
		}
		if v, ok := d.Aggregates[ind.Numerator]; ok {
			sumNum = v
		}
		if v, ok := d.Aggregates[ind.Denominator]; ok {
			sumDen = v
		}
		res.DistrictValue, res.DistrictDefined, res.DistrictMet, _, res.DistrictGap = judge(ind, sumNum, sumDen)
		if ind.CVLimit > 0 {
			disp := WeightedCV(xs, ps)
			res.CV, res.CVDefined = disp.CV, disp.Defined
			res.CVPass = disp.Defined && disp.CV <= ind.CVLimit*(1+tolerance)
		}
		res.Pass = res.CVPass && (ind.Scope == ScopeSchool || res.DistrictMet)
		if !res.CVPass {
			if res.CVDefined {
				rep.Failures = append(rep.Failures, fmt.Sprintf("%s“%s”校际差异系数 %.3f 超过 %s",
					ind.Level.Name(), ind.Name, res.CV, strconv.FormatFloat(ind.CVLimit, 'f', -1, 64)))
			} else {
				rep.Failures = append(rep.Failures, fmt.Sprintf("%s“%s”校际差异系数无法计算（全县均值为 0）", ind.Level.Name(), ind.Name))
			}
		}
		if ind.Scope != ScopeSchool && !res.DistrictMet {
			value := "无法计算"
			if res.DistrictDefined {
				value = withUnit(strconv.FormatFloat(math.Round(res.DistrictValue*100)/100, 'f', -1, 64), ind.Unit)
			}
			msg := fmt.Sprintf("%s“%s”全县为 %s，标准为%s %s", ind.Level.Name(), ind.Name, value,
				comparatorText(ind.Comparator), withUnit(strconv.FormatFloat(ind.Threshold, 'f', -1, 64), ind.Unit))
			if res.DistrictGap != nil {
				msg += "，" + res.DistrictGap.Text
			}
			rep.Failures = append(rep.Failures, msg)
		}
		rep.Indicators = append(rep.Indicators, res)
	}

	failing := 0
	for i := range d.Schools {
		t := &tallies[i]
		if t.evaluated == 0 {
			continue
		}
		s := &d.Schools[i]
		sr := SchoolResult{SchoolID: s.ID, SchoolName: s.Name, Level: s.Level, Evaluated: t.evaluated,
			MetCount: t.met, Unmet: t.unmet, Pass: true}
		if sr.Unmet == nil {
			sr.Unmet = []string{}
		}
		maxUnmet := 0
		if set.Rule != nil {
			maxUnmet = set.Rule.MaxUnmet
		}
		switch {
		case len(t.unmet) > maxUnmet:
			sr.Pass = false
			sr.Reason = fmt.Sprintf("%d 项指标未达标，最多允许 %d 项", len(t.unmet), maxUnmet)
		case len(t.belowFloor) > 0:
			sr.Pass = false
			sr.Reason = strings.Join(t.belowFloor, "；")
		}
		if !sr.Pass {
			failing++
		}
		rep.Schools = append(rep.Schools, sr)
	}
	if failing > 0 {
		rep.Failures = append([]string{fmt.Sprintf("%d 所学校未达到校际评估要求", failing)}, rep.Failures...)
	}
	rep.Pass = len(rep.Indicators) > 0 && len(rep.Failures) == 0
	if len(rep.Indicators) == 0 {
		rep.Failures = append(rep.Failures, "没有可评估的学校")
	}
	return rep
}

// judge computes an indicator from a numerator and a denominator.
func judge(ind Indicator, num, den float64) (value float64, defined, met bool, ratio float64, gap *Gap) {
	if den > 0 {
		value = ind.Factor * num / den
		defined = true
		switch ind.Comparator {
		case AtMost:
			met = value <= ind.Threshold*(1+tolerance)
			if value > 0 {
				ratio = ind.Threshold / value
			} else {
				ratio = math.MaxFloat64
			}
		default:
			met = value >= ind.Threshold*(1-tolerance)
			ratio = value / ind.Threshold
		}
	}
	if met {
		return value, defined, met, ratio, nil
	}
	var need, have float64
	var name string
	if ind.Comparator == AtMost {
		name, need, have = ind.Denominator, num*ind.Factor/ind.Threshold, den
	} else {
		name, need, have = ind.Numerator, ind.Threshold*den/ind.Factor, num
	}
	if !(need > have) {
		return value, defined, met, ratio, nil
	}
	return value, defined, met, ratio, newGap(name, ind.Level, need, have)
}

// newGap is the gap from have to need, rounded up to a whole unit of the aggregate: the least
// whole amount that meets the indicator under the comparison tolerance.
func newGap(name string, level Level, need, have float64) *Gap {
	exact := need - have
	amount := math.Ceil(exact - tolerance*need)
	if amount < 1 {
		amount = 1
	}
	unit := name
	if a, ok := LookupAggregate(name); ok {
		unit = a.Unit
	}
	label := aggregateLabel(name, level)
	return &Gap{Aggregate: name, Label: label, Amount: amount, Exact: exact, Unit: unit,
		Text: label + "缺 " + groupThousands(amount) + " " + unit}
}

// groupThousands writes a whole number with thousands separators: 1230 → "1,230".
func groupThousands(v float64) string {
	s := strconv.FormatFloat(v, 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func formatPercent(ratio float64) string {
	return strconv.FormatFloat(math.Floor(ratio*1000+1e-6)/10, 'f', -1, 64)
}

// withUnit writes a number with its unit: "48.33%", "15.79 名幼儿/专任教师".
func withUnit(v, unit string) string {
	if unit == "%" {
		return v + unit
	}
	return v + " " + unit
}

func comparatorText(c string) string {
	if c == AtMost {
		return "不高于"
	}
	return "不低于"
}
