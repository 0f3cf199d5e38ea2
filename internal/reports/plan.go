package reports

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Plan is a work plan (工作计划) for a period: chapters of items in the familiar outline.
type Plan struct {
	ID        int64         `json:"id,string"`
	Period    string        `json:"period"` // "2026", "2026H1"
	Title     string        `json:"title"`
	Chapters  []PlanChapter `json:"chapters"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// PlanChapter is a chapter (一、…) of a plan.
type PlanChapter struct {
	Title string     `json:"title"`
	Items []PlanItem `json:"items"`
}

// PlanItem is one task: the owning section, a deadline, milestones and optionally a target bound
// to a metric; without a target its progress is what the section reports.
type PlanItem struct {
	Title      string      `json:"title"`
	Section    string      `json:"section"`
	Deadline   string      `json:"deadline"` // YYYY-MM-DD
	Milestones []Milestone `json:"milestones"`
	Target     *Target     `json:"target,omitempty"`
	Progress   int         `json:"progress"` // 0–100, reported by the section
	Note       string      `json:"note"`
}

// Milestone is a step of an item.
type Milestone struct {
	Title string `json:"title"`
	Due   string `json:"due"`
	Done  bool   `json:"done"`
}

// Target binds an item to a metric: the figure for the scope must be ≥ (or ≤) the value.
type Target struct {
	Metric string  `json:"metric"`
	Op     string  `json:"op"` // ">=" or "<="
	Value  float64 `json:"value"`
	Scope  string  `json:"scope,omitempty"` // default: the report's scope
}

// Validate checks a plan, naming each faulty field by its place in the outline.
func (p *Plan) Validate() error {
	var fe errs.Fields
	if _, err := ParsePeriod(p.Period); err != nil {
		fe.Add("period", "期间应写作 2026、2026H1 或 2026H2")
	}
	if strings.TrimSpace(p.Title) == "" || len([]rune(p.Title)) > 100 {
		fe.Add("title", "计划标题须为 1–100 字")
	}
	for i, ch := range p.Chapters {
		at := fmt.Sprintf("chapters[%d]", i)
		if strings.TrimSpace(ch.Title) == "" {
			fe.Add(at+".title", fmt.Sprintf("第%d章标题不能为空", i+1))
		}
		for j, it := range ch.Items {
			at := fmt.Sprintf("%s.items[%d]", at, j)
			where := fmt.Sprintf("第%d章第%d项", i+1, j+1)
			if strings.TrimSpace(it.Title) == "" {
				fe.Add(at+".title", where+"：事项不能为空")
			}
			if it.Deadline != "" {
				if _, err := time.Parse(time.DateOnly, it.Deadline); err != nil {
					fe.Add(at+".deadline", where+"：完成时限应写作 2026-06-30")
				}
			}
			if it.Progress < 0 || it.Progress > 100 {
				fe.Add(at+".progress", where+"：进度应为 0–100")
			}
			for k, m := range it.Milestones {
				if m.Due != "" {
					if _, err := time.Parse(time.DateOnly, m.Due); err != nil {
						fe.Add(fmt.Sprintf("%s.milestones[%d].due", at, k), where+"：节点日期应写作 2026-03-31")
					}
				}
			}
			if t := it.Target; t != nil {
				m, ok := Lookup(t.Metric)
				switch {
				case !ok:
					fe.Add(at+".target.metric", where+"：未知的指标“"+t.Metric+"”")
				case m.Breakdown:
					fe.Add(at+".target.metric", where+"：指标“"+m.Name+"”是分列数据，不能作为目标")
				default:
					t.Metric = m.Key
				}
				if t.Op != ">=" && t.Op != "<=" {
					fe.Add(at+".target.op", where+"：目标比较只能是 >= 或 <=")
				}
				if t.Scope != "" {
					if _, err := ParseScope(t.Scope); err != nil {
						fe.Add(at+".target.scope", where+"：范围写法有误")
					}
				}
			}
		}
	}
	return fe.Err()
}

// Item statuses.
const (
	StatusMet     = "已完成"
	StatusMissed  = "未完成"
	StatusOngoing = "进行中"
	StatusOverdue = "已逾期"
	StatusNoData  = "暂无数据"
)

// ItemStatus is an item with its progress: computed from the data where a target is bound,
// reported by the section otherwise.
type ItemStatus struct {
	Chapter  int      `json:"chapter"`
	Item     int      `json:"item"`
	PlanItem PlanItem `json:"plan_item"`
	Bound    bool     `json:"bound"`
	Actual   *float64 `json:"actual,omitempty"`
	Text     string   `json:"text"` // the actual figure as shown
	Unit     string   `json:"unit"`
	Status   string   `json:"status"`
	AsOf     string   `json:"as_of,omitempty"`
}

// Met reports whether a value satisfies the target.
func (t Target) Met(v float64) bool {
	if t.Op == "<=" {
		return v <= t.Value+1e-9
	}
	return v >= t.Value-1e-9
}

// OpText is the comparison in Chinese.
func (t Target) OpText() string {
	if t.Op == "<=" {
		return "≤"
	}
	return "≥"
}

// Progress evaluates every item of a plan for a scope at the end of period p (or today if sooner).
// When confined (a school's own report), a target bound to another scope has no data.
func Progress(ctx context.Context, src *Sources, plan *Plan, sc Scope, p Period, confined bool) ([]ItemStatus, error) {
	out := []ItemStatus{}
	today := src.Now.In(cst).Format(time.DateOnly)
	for i, ch := range plan.Chapters {
		for j, it := range ch.Items {
			st := ItemStatus{Chapter: i, Item: j, PlanItem: it}
			switch {
			case it.Target != nil:
				st.Bound = true
				m, ok := Lookup(it.Target.Metric)
				if !ok {
					return nil, errs.E(errs.Invalid, "计划第%d章第%d项：未知的指标“%s”", i+1, j+1, it.Target.Metric)
				}
				tsc := sc
				if it.Target.Scope != "" {
					tsc, _ = ParseScope(it.Target.Scope)
				}
				st.Unit = m.Unit
				if !m.Allows(tsc.Kind) || (confined && tsc != sc) {
					st.Status = StatusNoData
					break
				}
				v, err := src.Eval(ctx, m, tsc, p)
				if err != nil {
					return nil, err
				}
				if v.None {
					st.Status = StatusNoData
					break
				}
				n := v.Number
				st.Actual, st.Text, st.AsOf = &n, formatNumber(n, m), v.AsOf.In(cst).Format(time.DateTime)
				if it.Target.Met(n) {
					st.Status = StatusMet
				} else {
					st.Status = StatusMissed
				}
			case it.Progress >= 100:
				st.Status = StatusMet
			case it.Deadline != "" && it.Deadline < today:
				st.Status = StatusOverdue
			default:
				st.Status = StatusOngoing
			}
			out = append(out, st)
		}
	}
	return out, nil
}
