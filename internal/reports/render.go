package reports

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Env is what a template is rendered for.
type Env struct {
	Src          *Sources
	Scope        Scope
	Period       Period
	DistrictName string // "青溪区"
	Issuer       string // "青溪区教育局"
	Plan         *Plan  // the period's plan, nil when there is none
	// Confined keeps every figure within Scope (a school administrator's report): a placeholder
	// asking for another scope reads 不适用, with a warning.
	Confined bool
}

// renderer builds one Doc.
type renderer struct {
	ctx      context.Context
	env      *Env
	doc      *Doc
	scopeLbl string
	status   []ItemStatus
	statusOK bool
}

// Render fills a template with the figures of env's scope and period.
func Render(ctx context.Context, t *Template, env *Env) (*Doc, error) {
	r := &renderer{ctx: ctx, env: env, doc: &Doc{Period: env.Period.Label(), Scope: env.Scope.String(), Issuer: env.Issuer,
		GeneratedAt: env.Src.Now, Warnings: []string{}, Figures: []Figure{}, Targets: []TargetRef{}}}
	r.scopeLbl = env.Src.ScopeLabel(ctx, env.Scope)
	r.doc.ScopeLabel = r.scopeLbl
	title, err := r.runs(t.Title, 0)
	if err != nil {
		return nil, err
	}
	for _, x := range title {
		r.doc.Title += x.Text
	}
	counters := [4]int{}
	for _, b := range t.Blocks {
		switch b.Kind {
		case BlockHeading:
			counters[b.Level]++
			for l := b.Level + 1; l < len(counters); l++ {
				counters[l] = 0
			}
			runs, err := r.runs(b.Segs, b.Line)
			if err != nil {
				return nil, err
			}
			r.doc.Blocks = append(r.doc.Blocks, DocBlock{Kind: BlockHeading, Level: b.Level, Number: outlineNumber(b.Level, counters[b.Level]),
				Runs: runs, Line: b.Line})
		case BlockParagraph:
			runs, err := r.runs(b.Segs, b.Line)
			if err != nil {
				return nil, err
			}
			r.doc.Blocks = append(r.doc.Blocks, DocBlock{Kind: BlockParagraph, Runs: runs, Line: b.Line})
		case BlockSpecial:
			if err := r.special(b.Call, &counters); err != nil {
				return nil, placeErr(b.Call, err)
			}
		}
	}
	return r.doc, nil
}

// outlineNumber is the 公文 outline number of a heading: 一、 （一） 1.
func outlineNumber(level, n int) string {
	switch level {
	case 1:
		return chineseNumber(n) + "、"
	case 2:
		return "（" + chineseNumber(n) + "）"
	}
	return strconv.Itoa(n) + "．"
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// chineseNumber writes 1–99 in Chinese (一, 十, 十二, 二十三).
func chineseNumber(n int) string {
	switch {
	case n < 10:
		return cnDigits[n]
	case n < 20:
		return "十" + strings.TrimPrefix(cnDigits[n%10], "零")
	case n < 100:
		s := cnDigits[n/10] + "十"
		if n%10 != 0 {
			s += cnDigits[n%10]
		}
		return s
	}
	return strconv.Itoa(n)
}

func placeErr(c *Call, err error) error {
	if e, ok := errs.As(err); ok && e.Code != errs.Invalid {
		return err
	}
	msg := err.Error()
	if e, ok := errs.As(err); ok {
		msg = e.Message
	}
	return errs.Fields{{Field: "body", Message: c.Where() + "：" + msg}}.Err()
}

func (r *renderer) runs(segs []Segment, line int) ([]Run, error) {
	out := []Run{}
	strip := "" // the unit written after a placeholder that gave no number
	for _, s := range segs {
		if s.Call == nil {
			text := s.Text
			if strip != "" {
				text = strings.TrimPrefix(text, strip)
			}
			out, strip = append(out, Run{Text: text}), ""
			continue
		}
		rs, err := r.inline(s.Call)
		if err != nil {
			return nil, placeErr(s.Call, err)
		}
		strip = ""
		if len(rs) == 1 && rs[0].Fig == 0 && (rs[0].Text == noData || rs[0].Text == notApplicable) && len(s.Call.Args) > 0 {
			strip = unitWord(catalog[s.Call.Args[0]])
		}
		out = append(out, rs...)
	}
	return out, nil
}

// scopeOf resolves a placeholder's scope option; ok is false when the metric cannot be cut by the
// report's own scope (the placeholder then reads 不适用 and a warning says so).
func (r *renderer) scopeOf(c *Call, m *Metric) (Scope, bool, error) {
	v, given := c.Opts["scope"]
	sc := r.env.Scope
	if given && v != "self" {
		s, err := ParseScope(v)
		if err != nil {
			return sc, false, err
		}
		if r.env.Confined && s != r.env.Scope {
			r.doc.Warnings = append(r.doc.Warnings, c.Where()+"：学校报告只显示本校数据，显示为“不适用”")
			return sc, false, nil
		}
		sc = s
	}
	if !m.Allows(sc.Kind) {
		if given {
			return sc, false, errs.E(errs.Invalid, "指标“%s”不能按%s统计", m.Name, scopeKindName(sc.Kind))
		}
		r.doc.Warnings = append(r.doc.Warnings, fmt.Sprintf("%s：指标“%s”不能按%s统计，显示为“不适用”", c.Where(), m.Name, scopeKindName(sc.Kind)))
		return sc, false, nil
	}
	return sc, true, nil
}

func (r *renderer) periodOf(c *Call) Period {
	switch v := c.Opts["period"]; v {
	case "", "current":
		return r.env.Period
	case "prev":
		return r.env.Period.Prev()
	default:
		p, _ := ParsePeriod(v)
		return p
	}
}

// figure records a figure for the appendix and returns its number.
func (r *renderer) figure(c *Call, m *Metric, name string, sc Scope, p Period, text string, v Value, source string) int {
	f := Figure{No: len(r.doc.Figures) + 1, Metric: m.Key, Name: name, Definition: m.Definition, Scope: r.env.Src.ScopeLabel(r.ctx, sc),
		Period: p.Label(), Text: text, Unit: m.Unit, Source: source, AsOf: v.AsOf, Line: c.Line}
	if m.Period == Snapshot {
		f.Period += "（当前在册数据）"
	}
	if f.Source == "" {
		f.Source = m.Source
	}
	r.doc.Figures = append(r.doc.Figures, f)
	return f.No
}

const (
	noData        = "（暂无数据）"
	notApplicable = "不适用"
)

func (r *renderer) inline(c *Call) ([]Run, error) {
	switch c.Fn {
	case "区县":
		return []Run{{Text: r.env.DistrictName}}, nil
	case "期间":
		return []Run{{Text: r.env.Period.Label()}}, nil
	case "年度":
		return []Run{{Text: strconv.Itoa(r.env.Period.Year) + "年"}}, nil
	case "学校", "范围":
		return []Run{{Text: r.scopeLbl}}, nil
	}
	m := catalog[c.Args[0]]
	sc, ok, err := r.scopeOf(c, m)
	if err != nil {
		return nil, err
	}
	if !ok {
		return []Run{{Text: notApplicable}}, nil
	}
	p := r.periodOf(c)
	switch c.Fn {
	case "metric", "prev":
		if c.Fn == "prev" {
			p = r.env.Period.Prev()
		}
		v, err := r.env.Src.Eval(r.ctx, m, sc, p)
		if err != nil || v.None {
			return []Run{{Text: noData}}, err
		}
		text := formatNumber(v.Number, m)
		return []Run{{Text: text, Fig: r.figure(c, m, m.Name, sc, p, text, v, "")}}, nil
	case "change", "pct_change":
		cur, err := r.env.Src.Eval(r.ctx, m, sc, p)
		if err != nil {
			return nil, err
		}
		prev, err := r.env.Src.Eval(r.ctx, m, sc, p.Prev())
		if err != nil {
			return nil, err
		}
		if cur.None || prev.None || (c.Fn == "pct_change" && prev.Number == 0) {
			return []Run{{Text: "（上期无可比数据）"}}, nil
		}
		d := cur.Number - prev.Number
		word := "增加"
		if c.Fn == "pct_change" {
			word, d = "增长", d/prev.Number*100
		}
		if d < 0 {
			word, d = map[string]string{"增加": "减少", "增长": "下降"}[word], -d
		}
		unit, dm := m.Unit, *m
		if c.Fn == "pct_change" {
			unit, dm.Unit, dm.Decimals = "%", "%", 1
		} else if m.Unit == "%" { // a change of a rate is in percentage points
			word, unit, dm.Unit = map[string]string{"增加": "提高", "减少": "降低"}[word], "个百分点", "个百分点"
		}
		text := formatNumber(d, &dm)
		if text == formatNumber(0, &dm) {
			return []Run{{Text: "持平"}}, nil
		}
		if unit == "%" {
			unit = ""
		}
		src := fmt.Sprintf("本期 %s − 上期 %s（%s）", formatNumber(cur.Number, m), formatNumber(prev.Number, m), m.Source)
		if c.Fn == "pct_change" {
			src = fmt.Sprintf("（本期 %s − 上期 %s）÷ 上期（%s）", formatNumber(cur.Number, m), formatNumber(prev.Number, m), m.Source)
		}
		fig := r.figure(c, m, m.Name+"比上期"+word, sc, p, text, cur, src)
		return []Run{{Text: word}, {Text: text, Fig: fig}, {Text: unit}}, nil
	case "share":
		m2 := catalog[c.Args[1]]
		a, err := r.env.Src.Eval(r.ctx, m, sc, p)
		if err != nil {
			return nil, err
		}
		b, err := r.env.Src.Eval(r.ctx, m2, sc, p)
		if err != nil {
			return nil, err
		}
		if a.None || b.None || b.Number == 0 {
			return []Run{{Text: noData}}, nil
		}
		pm := Metric{Key: m.Key + "/" + m2.Key, Unit: "%", Decimals: 1, Definition: m.Name + " ÷ " + m2.Name + " × 100", Period: m.Period}
		text := formatNumber(a.Number/b.Number*100, &pm)
		src := fmt.Sprintf("%s %s ÷ %s %s（%s）", m.Name, formatNumber(a.Number, m), m2.Name, formatNumber(b.Number, m2), m.Source)
		return []Run{{Text: text, Fig: r.figure(c, &pm, m.Name+"占"+m2.Name+"的比例", sc, p, text, a, src)}}, nil
	case "rank":
		return r.rank(c, m, p)
	case "list":
		v, err := r.env.Src.Eval(r.ctx, m, sc, p)
		if err != nil || v.None || len(v.Parts) == 0 {
			return []Run{{Text: noData}}, err
		}
		out := []Run{}
		for i, part := range v.Parts {
			if i > 0 {
				out = append(out, Run{Text: "、"})
			}
			text := formatNumber(part.Number, m)
			out = append(out, Run{Text: part.Label}, Run{Text: text, Fig: r.figure(c, m, m.Name+"·"+part.Label, sc, p, text, v, "")},
				Run{Text: unitWord(m)})
		}
		return out, nil
	}
	return nil, errs.E(errs.Invalid, "“%s”须单独占一行", c.Fn)
}

func unitWord(m *Metric) string {
	if m.Unit == "%" {
		return ""
	}
	return m.Unit
}

// rank places the report's school among the district's schools by a metric.
func (r *renderer) rank(c *Call, m *Metric, p Period) ([]Run, error) {
	if r.env.Scope.Kind != ScopeSchool {
		r.doc.Warnings = append(r.doc.Warnings, c.Where()+"：排名只用于学校报告，本报告中不显示")
		return []Run{}, nil
	}
	if !m.Allows(ScopeSchool) {
		return nil, errs.E(errs.Invalid, "指标“%s”不能按学校统计，无法排名", m.Name)
	}
	schools, err := r.env.Src.schools(r.ctx)
	if err != nil {
		return nil, err
	}
	type sv struct {
		id int64
		v  float64
	}
	vals := []sv{}
	for _, s := range schools {
		v, err := r.env.Src.Eval(r.ctx, m, Scope{Kind: ScopeSchool, SchoolID: s.ID}, p)
		if err != nil {
			return nil, err
		}
		if !v.None {
			vals = append(vals, sv{s.ID, v.Number})
		}
	}
	sort.SliceStable(vals, func(i, j int) bool {
		if m.LowerIsBetter {
			return vals[i].v < vals[j].v
		}
		return vals[i].v > vals[j].v
	})
	for i, x := range vals {
		if x.id == r.env.Scope.SchoolID {
			pos := i + 1
			for pos > 1 && vals[pos-2].v == x.v { // ties share the better place
				pos--
			}
			text := fmt.Sprintf("第%d位（共%d所）", pos, len(vals))
			v, _ := r.env.Src.Eval(r.ctx, m, r.env.Scope, p)
			fig := r.figure(c, m, m.Name+"全区排名", r.env.Scope, p, text, v, m.Source+"（全区各校比较）")
			return []Run{{Text: "全区"}, {Text: text, Fig: fig}}, nil
		}
	}
	return []Run{{Text: noData}}, nil
}

// formatNumber shows a value with the metric's decimals; percentages carry "%".
func formatNumber(x float64, m *Metric) string {
	d := m.Decimals
	s := strconv.FormatFloat(roundTo(x, d), 'f', d, 64)
	if m.Unit == "%" {
		s += "%"
	}
	return s
}

func roundTo(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}

func asOf(t time.Time) string {
	if t.IsZero() || t.Unix() <= 0 {
		return "—"
	}
	return t.In(cst).Format("2006-01-02 15:04")
}
