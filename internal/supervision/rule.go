// Package supervision is 督导: the 责任督学 of each zone (片区) with their visit rule, visit logs
// and coverage report, and the persistent 双随机一公开 draws (inspector pool, declared conflicts of
// interest, frozen population files, seed, result, inspection results) with their public page.
// The draw itself is safety's pure algorithm (safety.RunDraw); this package keeps its records.
//
// This file is the visit rule of a zone and the calendar periods it is judged over.
package supervision

import (
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Periods a rule counts visits over.
const (
	Week    = "week"
	Month   = "month"
	Quarter = "quarter"
)

// PeriodName is the Chinese name of a period ("周", "月", "季度").
func PeriodName(p string) string {
	switch p {
	case Week:
		return "周"
	case Month:
		return "月"
	case Quarter:
		return "季度"
	}
	return p
}

// Rule is the visit rule of a zone: each inspector of the zone makes at least InspectorMin visits
// every InspectorPeriod, and each school of the zone is visited at least SchoolMin times every
// SchoolPeriod. The default is the common one: one visit a week per inspector, one a month per school.
type Rule struct {
	InspectorMin    int    `json:"inspector_min"`
	InspectorPeriod string `json:"inspector_period"`
	SchoolMin       int    `json:"school_min"`
	SchoolPeriod    string `json:"school_period"`
}

// DefaultRule is the rule of a zone that has none stored.
var DefaultRule = Rule{InspectorMin: 1, InspectorPeriod: Week, SchoolMin: 1, SchoolPeriod: Month}

// Validate checks the counts (0–31; 0 switches that half of the rule off) and periods.
func (r Rule) Validate() error {
	var f errs.Fields
	if r.InspectorMin < 0 || r.InspectorMin > 31 {
		f.Add("inspector_min", "督学每期最少督导次数须在 0 到 31 之间")
	}
	if r.SchoolMin < 0 || r.SchoolMin > 31 {
		f.Add("school_min", "每所学校每期最少被督导次数须在 0 到 31 之间")
	}
	if !validPeriod(r.InspectorPeriod) {
		f.Add("inspector_period", "督学督导周期须为 week（周）、month（月）或 quarter（季度）")
	}
	if !validPeriod(r.SchoolPeriod) {
		f.Add("school_period", "学校被督导周期须为 week（周）、month（月）或 quarter（季度）")
	}
	return f.Err()
}

// Text is the rule in words, e.g. "每名督学每周至少 1 次，每所学校每月至少 1 次".
func (r Rule) Text() string {
	return fmt.Sprintf("每名督学每%s至少 %d 次，每所学校每%s至少被督导 %d 次",
		PeriodName(r.InspectorPeriod), r.InspectorMin, PeriodName(r.SchoolPeriod), r.SchoolMin)
}

func validPeriod(p string) bool { return p == Week || p == Month || p == Quarter }

// Span is one calendar period, From and To inclusive.
type Span struct {
	From, To time.Time
}

// Label names a span: "2026-11-02 周" for a week (its Monday), "2026-11" for a month, "2026 Q4".
func (s Span) Label(period string) string {
	switch period {
	case Week:
		return s.From.Format("2006-01-02") + " 当周"
	case Quarter:
		return fmt.Sprintf("%d 年第 %d 季度", s.From.Year(), (int(s.From.Month())+2)/3)
	}
	return s.From.Format("2006-01")
}

// Spans returns the calendar periods lying wholly within [from, to] (dates, inclusive), in order.
// Weeks run Monday to Sunday; a period cut by either end of the range is not judged, so that a
// report over "this month so far" does not count the current week as missed.
func Spans(period string, from, to time.Time) []Span {
	from, to = day(from), day(to)
	var out []Span
	start := periodStart(period, from)
	if start.Before(from) {
		start = next(period, start)
	}
	for {
		end := next(period, start).AddDate(0, 0, -1)
		if end.After(to) {
			return out
		}
		out = append(out, Span{start, end})
		start = next(period, start)
	}
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

func periodStart(period string, t time.Time) time.Time {
	switch period {
	case Week:
		return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	case Quarter:
		return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func next(period string, start time.Time) time.Time {
	switch period {
	case Week:
		return start.AddDate(0, 0, 7)
	case Quarter:
		return start.AddDate(0, 3, 0)
	}
	return start.AddDate(0, 1, 0)
}

// ParseDate reads a YYYY-MM-DD date; field names the input in the error.
func ParseDate(field, s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, errs.Field(field, fmt.Sprintf("日期“%s”格式应为 YYYY-MM-DD", s))
	}
	return t, nil
}
