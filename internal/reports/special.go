package reports

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/org"
)

// special renders a block placeholder: a chart, the targets, the problems or the next plan.
func (r *renderer) special(c *Call, counters *[4]int) error {
	switch c.Fn {
	case "chart":
		return r.chart(c)
	case "targets":
		return r.targets(c)
	case "problems":
		return r.problems(c)
	case "next_plan":
		return r.nextPlan(c, counters)
	}
	return nil
}

func (r *renderer) para(line int, runs ...Run) {
	r.doc.Blocks = append(r.doc.Blocks, DocBlock{Kind: BlockParagraph, Runs: runs, Line: line})
}

func (r *renderer) chart(c *Call) error {
	m := catalog[c.Args[0]]
	sc, ok, err := r.scopeOf(c, m)
	if err != nil || !ok {
		return err
	}
	p := r.periodOf(c)
	ch := &Chart{Title: m.Name, Unit: m.Unit}
	if t := c.Opts["title"]; t != "" {
		ch.Title = t
	}
	add := func(label string, v Value, psc Scope, num float64) {
		text := formatNumber(num, m)
		ch.Labels, ch.Values, ch.Texts = append(ch.Labels, label), append(ch.Values, num), append(ch.Texts, text)
		ch.Figs = append(ch.Figs, r.figure(c, m, m.Name+"·"+label, psc, p, text, v, ""))
	}
	if r.env.Confined && c.Opts["by"] == "zone" {
		r.doc.Warnings = append(r.doc.Warnings, c.Where()+"：学校报告不显示其他学校的数据")
		return nil
	}
	switch c.Opts["by"] {
	case "zone":
		zones, err := r.env.Src.Org.Zones(r.ctx, org.Actor{P: r.env.Src.reader()})
		if err != nil {
			return err
		}
		for _, z := range zones {
			zsc := Scope{Kind: ScopeZone, ZoneID: z.ID}
			if !m.Allows(ScopeZone) {
				return fmt.Errorf("指标“%s”不能按片区统计", m.Name)
			}
			v, err := r.env.Src.Eval(r.ctx, m, zsc, p)
			if err != nil {
				return err
			}
			if !v.None {
				add(z.Name, v, zsc, v.Number)
			}
		}
		if t := c.Opts["title"]; t == "" {
			ch.Title += "（按片区）"
		}
	case "school":
		schools, err := r.env.Src.schoolsIn(r.ctx, sc)
		if err != nil {
			return err
		}
		type sv struct {
			name string
			sc   Scope
			v    Value
		}
		vals := []sv{}
		for _, s := range schools {
			ssc := Scope{Kind: ScopeSchool, SchoolID: s.ID}
			v, err := r.env.Src.Eval(r.ctx, m, ssc, p)
			if err != nil {
				return err
			}
			if !v.None {
				vals = append(vals, sv{s.Name, ssc, v})
			}
		}
		sort.SliceStable(vals, func(i, j int) bool { return vals[i].v.Number > vals[j].v.Number })
		if len(vals) > 10 {
			vals = vals[:10]
		}
		for _, x := range vals {
			add(x.name, x.v, x.sc, x.v.Number)
		}
		if t := c.Opts["title"]; t == "" {
			ch.Title += "（前" + strconv.Itoa(len(vals)) + "所学校）"
		}
	default:
		v, err := r.env.Src.Eval(r.ctx, m, sc, p)
		if err != nil {
			return err
		}
		for _, part := range v.Parts {
			add(part.Label, v, sc, part.Number)
		}
	}
	if len(ch.Values) == 0 {
		r.para(c.Line, Run{Text: ch.Title + noData})
		return nil
	}
	r.doc.Blocks = append(r.doc.Blocks, DocBlock{Kind: "chart", Chart: ch, Line: c.Line})
	return nil
}

func (r *renderer) progress() ([]ItemStatus, error) {
	if r.statusOK || r.env.Plan == nil {
		return r.status, nil
	}
	st, err := Progress(r.ctx, r.env.Src, r.env.Plan, r.env.Scope, r.env.Period, r.env.Confined)
	r.status, r.statusOK = st, err == nil
	return st, err
}

// targetRef records a plan target for the appendix.
func (r *renderer) targetRef(it PlanItem) int {
	m := catalog[it.Target.Metric]
	text := it.Target.OpText() + " " + formatNumber(it.Target.Value, m) + unitWord(m)
	n := len(r.doc.Targets) + 1
	r.doc.Targets = append(r.doc.Targets, TargetRef{No: n, Item: it.Title, Text: text, Plan: r.env.Plan.Title})
	return n
}

// statusRuns is one item's line: "提升体质健康（体卫艺科）：目标…≥95%，实际93.2%，未完成。".
func (r *renderer) statusRuns(c *Call, st ItemStatus) []Run {
	it := st.PlanItem
	runs := []Run{{Text: it.Title}}
	if it.Section != "" {
		runs = append(runs, Run{Text: "（" + it.Section + "）"})
	}
	runs = append(runs, Run{Text: "："})
	runs = append(runs, r.progressRuns(c, st)...)
	if st.Bound && st.Actual != nil {
		return append(runs, Run{Text: "，" + st.Status + "。"})
	}
	if !st.Bound {
		runs = append(runs, Run{Text: "，" + st.Status})
		if it.Note != "" {
			runs = append(runs, Run{Text: "（" + it.Note + "）"})
		}
	}
	return append(runs, Run{Text: "。"})
}

// progressRuns states an item's progress: its target and the figure ("目标…≥95%，实际93.2%"), or
// the progress the section reported.
func (r *renderer) progressRuns(c *Call, st ItemStatus) []Run {
	it := st.PlanItem
	if !st.Bound {
		pm := &Metric{Key: "plan.progress", Unit: "%", Definition: "承办科室填报的事项进度", Period: Periodic}
		text := strconv.Itoa(it.Progress) + "%"
		fig := r.figure(c, pm, it.Title+"·进度", r.env.Scope, r.env.Period, text, Value{AsOf: r.env.Plan.UpdatedAt}, "科室填报（工作计划《"+r.env.Plan.Title+"》）")
		return []Run{{Text: "科室填报进度"}, {Text: text, Fig: fig}}
	}
	m := catalog[it.Target.Metric]
	r.targetRef(it)
	runs := []Run{{Text: "目标" + m.Name + it.Target.OpText() + formatNumber(it.Target.Value, m) + unitWord(m) + "，"}}
	if st.Actual == nil {
		return append(runs, Run{Text: "暂无数据"})
	}
	sc := r.env.Scope
	if it.Target.Scope != "" {
		sc, _ = ParseScope(it.Target.Scope)
	}
	v, _ := r.env.Src.Eval(r.ctx, m, sc, r.env.Period)
	fig := r.figure(c, m, m.Name, sc, r.env.Period, st.Text, v, "")
	return append(runs, Run{Text: "实际"}, Run{Text: st.Text, Fig: fig}, Run{Text: unitWord(m)})
}

func (r *renderer) targets(c *Call) error {
	if r.env.Plan == nil {
		r.para(c.Line, Run{Text: "本期尚未制定工作计划，无目标完成情况。"})
		return nil
	}
	sts, err := r.progress()
	if err != nil {
		return err
	}
	met, missed := 0, 0
	for _, st := range sts {
		switch st.Status {
		case StatusMet:
			met++
		case StatusMissed, StatusOverdue:
			missed++
		}
	}
	count := func(name string, n int) Run {
		pm := &Metric{Key: "plan.items", Unit: "项", Definition: "工作计划中" + name, Period: Periodic}
		text := strconv.Itoa(n)
		return Run{Text: text, Fig: r.figure(c, pm, name, r.env.Scope, r.env.Period, text, Value{AsOf: r.env.Plan.UpdatedAt}, "工作计划《"+r.env.Plan.Title+"》")}
	}
	r.para(c.Line, Run{Text: "《" + r.env.Plan.Title + "》共列"}, count("计划事项数", len(sts)), Run{Text: "项工作，已完成"},
		count("已完成事项数", met), Run{Text: "项，未完成或逾期"}, count("未完成或逾期事项数", missed), Run{Text: "项，其余正在推进。"})
	for i, st := range sts {
		r.para(c.Line, append([]Run{{Text: strconv.Itoa(i+1) + "．"}}, r.statusRuns(c, st)...)...)
	}
	return nil
}

// problemRule drafts a problem from a metric: when the figure for the report's scope passes the
// threshold, the wording (with %s for the figure) becomes a line of 存在的问题. Each module adds
// its rules beside its metrics (large classes, failing indicators, overdue hazards …).
type problemRule struct {
	Metric    string
	Op        string // ">" or "<"
	Threshold float64
	Wording   string // "%s" is replaced by the figure with its unit
}

var problemRules []problemRule

func (r *renderer) problems(c *Call) error {
	n := 0
	line := func(runs ...Run) {
		n++
		r.para(c.Line, append([]Run{{Text: strconv.Itoa(n) + "．"}}, runs...)...)
	}
	reported := map[string]bool{} // metrics already named by a missed target
	if r.env.Plan != nil {
		sts, err := r.progress()
		if err != nil {
			return err
		}
		for _, st := range sts {
			if st.Status == StatusMissed || st.Status == StatusOverdue {
				it := st.PlanItem
				head := "计划任务“" + it.Title + "”" + st.Status
				if st.Status == StatusMissed {
					head = "计划任务“" + it.Title + "”未完成"
				}
				if it.Section != "" {
					head += "（" + it.Section + "）"
				}
				runs := append([]Run{{Text: head + "："}}, r.progressRuns(c, st)...)
				if !st.Bound && it.Note != "" {
					runs = append(runs, Run{Text: "，" + it.Note})
				}
				line(append(runs, Run{Text: "。"})...)
				if st.Bound && it.Target.Scope == "" {
					reported[it.Target.Metric] = true
				}
			}
		}
	}
	for _, pr := range problemRules {
		m := catalog[pr.Metric]
		if m == nil || !m.Allows(r.env.Scope.Kind) || reported[pr.Metric] {
			continue
		}
		v, err := r.env.Src.Eval(r.ctx, m, r.env.Scope, r.env.Period)
		if err != nil {
			return err
		}
		if v.None || (pr.Op == ">" && !(v.Number > pr.Threshold)) || (pr.Op == "<" && !(v.Number < pr.Threshold)) {
			continue
		}
		text := formatNumber(v.Number, m)
		fig := r.figure(c, m, m.Name, r.env.Scope, r.env.Period, text, v, "")
		before, after, _ := strings.Cut(pr.Wording, "%s")
		line(Run{Text: strings.ReplaceAll(before, "{范围}", r.scopeLbl)}, Run{Text: text, Fig: fig}, Run{Text: after})
	}
	if n == 0 {
		r.para(c.Line, Run{Text: "本期计划目标均已完成，各项数据未发现需要专门说明的问题。"})
	}
	return nil
}

// nextPlan drafts the next period's plan: every item not yet met is carried over.
func (r *renderer) nextPlan(c *Call, counters *[4]int) error {
	next := r.env.Period.Next()
	if r.env.Plan == nil {
		r.para(c.Line, Run{Text: "本期尚未制定工作计划，" + next.Label() + "工作计划另行制定。"})
		return nil
	}
	sts, err := r.progress()
	if err != nil {
		return err
	}
	r.para(c.Line, Run{Text: next.Label() + "工作计划（草案）结转本期未完成事项如下，其余事项由各科室另行提出。"})
	chapter, sub := -1, 0
	for _, st := range sts {
		if st.Status == StatusMet {
			continue
		}
		if st.Chapter != chapter {
			chapter, sub = st.Chapter, sub+1
			r.doc.Blocks = append(r.doc.Blocks, DocBlock{Kind: BlockHeading, Level: 2, Number: outlineNumber(2, sub),
				Runs: []Run{{Text: r.env.Plan.Chapters[st.Chapter].Title}}, Line: c.Line})
		}
		it := st.PlanItem
		runs := []Run{{Text: it.Title}}
		detail := []string{}
		if it.Section != "" {
			detail = append(detail, "牵头科室："+it.Section)
		}
		detail = append(detail, "原完成时限："+orDash(it.Deadline), "本期状态："+st.Status)
		runs = append(runs, Run{Text: "（" + strings.Join(detail, "；") + "）"})
		if it.Target != nil {
			m := catalog[it.Target.Metric]
			r.targetRef(it)
			runs = append(runs, Run{Text: "，目标继续为" + m.Name + it.Target.OpText() + formatNumber(it.Target.Value, m) + unitWord(m)})
		}
		r.para(c.Line, append(runs, Run{Text: "。"})...)
	}
	if sub == 0 {
		r.para(c.Line, Run{Text: "本期计划事项均已完成，无结转事项。"})
	}
	counters[2] = 0
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "未定"
	}
	return s
}
