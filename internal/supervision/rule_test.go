package supervision

import (
	"math/rand/v2"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSpans(t *testing.T) {
	cases := []struct {
		period, from, to string
		want             []string // first days
	}{
		// 2026-11-01 is a Sunday: the first whole week starts Monday 2 November.
		{Week, "2026-11-01", "2026-11-30", []string{"2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"}},
		{Week, "2026-11-02", "2026-11-08", []string{"2026-11-02"}},
		{Week, "2026-11-03", "2026-11-08", nil},
		{Month, "2026-01-01", "2026-12-31", []string{"2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01",
			"2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01"}},
		{Month, "2026-01-15", "2026-03-31", []string{"2026-02-01", "2026-03-01"}},
		{Month, "2026-02-01", "2026-02-27", nil},
		{Month, "2024-02-01", "2024-02-29", []string{"2024-02-01"}}, // leap year
		{Quarter, "2026-01-01", "2026-12-31", []string{"2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"}},
		{Quarter, "2026-02-01", "2026-09-30", []string{"2026-04-01", "2026-07-01"}},
		{Week, "2026-12-28", "2027-01-10", []string{"2026-12-28", "2027-01-04"}}, // across the year
	}
	for _, c := range cases {
		got := Spans(c.period, date(c.from), date(c.to))
		if len(got) != len(c.want) {
			t.Errorf("Spans(%s, %s, %s) = %d spans, want %d", c.period, c.from, c.to, len(got), len(c.want))
			continue
		}
		for i, sp := range got {
			if sp.From.Format("2006-01-02") != c.want[i] {
				t.Errorf("Spans(%s, %s, %s)[%d] starts %s, want %s", c.period, c.from, c.to, i, sp.From.Format("2006-01-02"), c.want[i])
			}
			if sp.From.Before(date(c.from)) || sp.To.After(date(c.to)) {
				t.Errorf("span %v–%v leaves the range", sp.From, sp.To)
			}
		}
	}
}

// Property: whole spans tile the range without gaps or overlaps, and a week is 7 days from Monday.
func TestSpansTile(t *testing.T) {
	start := date("2025-01-01")
	for i := 0; i < 400; i += 7 {
		from := start.AddDate(0, 0, i)
		to := from.AddDate(0, 0, 100+i%37)
		for _, p := range []string{Week, Month, Quarter} {
			spans := Spans(p, from, to)
			for j, sp := range spans {
				if j > 0 && !sp.From.Equal(spans[j-1].To.AddDate(0, 0, 1)) {
					t.Fatalf("%s spans not contiguous at %v", p, sp.From)
				}
				if p == Week && (sp.From.Weekday() != time.Monday || sp.To.Sub(sp.From) != 6*24*time.Hour) {
					t.Fatalf("week %v–%v", sp.From, sp.To)
				}
				if p != Week && sp.From.Day() != 1 {
					t.Fatalf("%s span starts on %v", p, sp.From)
				}
			}
		}
	}
}

func TestRuleValidate(t *testing.T) {
	if err := DefaultRule.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, r := range []Rule{
		{InspectorMin: -1, InspectorPeriod: Week, SchoolMin: 1, SchoolPeriod: Month},
		{InspectorMin: 1, InspectorPeriod: "day", SchoolMin: 1, SchoolPeriod: Month},
		{InspectorMin: 1, InspectorPeriod: Week, SchoolMin: 40, SchoolPeriod: Month},
		{InspectorMin: 1, InspectorPeriod: Week, SchoolMin: 1, SchoolPeriod: ""},
	} {
		if r.Validate() == nil {
			t.Errorf("%+v accepted", r)
		}
	}
	if got := DefaultRule.Text(); got != "每名督学每周至少 1 次，每所学校每月至少被督导 1 次" {
		t.Errorf("Text = %q", got)
	}
}

func TestCover(t *testing.T) {
	rule := DefaultRule
	schools := []SchoolRef{{1, "甲小学"}, {2, "乙小学"}, {3, "丙中学"}}
	inspectors := []InspectorRef{{10, "张督学"}, {11, "李督学"}}
	var visits []VisitRef
	// 张督学 visits every Tuesday of November 2026 (weeks from 2, 9, 16, 23 November), alternating schools 1 and 2.
	for i, d := range []string{"2026-11-03", "2026-11-10", "2026-11-17", "2026-11-24"} {
		visits = append(visits, VisitRef{SchoolID: int64(1 + i%2), InspectorID: 10, Date: date(d)})
	}
	// 李督学 visits only in the first week; a visit outside the range is ignored.
	visits = append(visits, VisitRef{SchoolID: 1, InspectorID: 11, Date: date("2026-11-04")},
		VisitRef{SchoolID: 3, InspectorID: 11, Date: date("2026-12-01")})
	c := Cover(rule, date("2026-11-01"), date("2026-11-30"), schools, inspectors, visits)

	if c.NotVisited != 1 || !c.Schools[0].NotVisited || c.Schools[0].ID != 3 {
		t.Fatalf("丙中学 should come first as not visited: %+v", c.Schools)
	}
	if c.Schools[0].ShortIn[0] != "2026-11" || c.SchoolsBelow != 1 {
		t.Errorf("schools below: %+v", c.Schools)
	}
	for _, s := range c.Schools[1:] {
		if s.BelowRule || s.Visits < 2 {
			t.Errorf("school %s: %+v", s.Name, s)
		}
	}
	if c.Schools[1].ID == 1 && c.Schools[1].Visits != 3 {
		t.Errorf("甲小学 visits %d, want 3", c.Schools[1].Visits)
	}
	if c.InspectorsBelow != 1 || c.Inspectors[0].ID != 11 || len(c.Inspectors[0].ShortIn) != 3 {
		t.Errorf("李督学 should be below the rule in 3 weeks: %+v", c.Inspectors)
	}
	if c.Inspectors[1].BelowRule || c.Inspectors[1].Visits != 4 || c.Inspectors[1].Schools != 2 || c.Inspectors[1].Periods != 4 {
		t.Errorf("张督学: %+v", c.Inspectors[1])
	}

	// Two visits a month per school: 甲 (3) and 乙 (2) meet it, 丙 does not.
	rule.SchoolMin = 2
	c = Cover(rule, date("2026-11-01"), date("2026-11-30"), schools, inspectors, visits)
	if c.SchoolsBelow != 1 {
		t.Errorf("SchoolsBelow = %d, want 1", c.SchoolsBelow)
	}
	// A zero minimum switches the inspector half off.
	rule.InspectorMin = 0
	c = Cover(rule, date("2026-11-01"), date("2026-11-30"), schools, inspectors, visits)
	if c.InspectorsBelow != 0 {
		t.Errorf("InspectorsBelow = %d with a zero minimum", c.InspectorsBelow)
	}
}

// Property: over random visits, Cover counts every visit in the range once for its school and once
// for its inspector, marks exactly the schools without one as not visited, and a school or
// inspector is below the rule exactly when some whole period holds fewer visits than the minimum.
func TestCoverProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for round := 0; round < 200; round++ {
		from := date("2025-01-01").AddDate(0, 0, r.IntN(300))
		to := from.AddDate(0, 0, r.IntN(200))
		rule := Rule{InspectorMin: r.IntN(4), InspectorPeriod: []string{Week, Month, Quarter}[r.IntN(3)],
			SchoolMin: r.IntN(3), SchoolPeriod: []string{Week, Month, Quarter}[r.IntN(3)]}
		schools := []SchoolRef{{1, "a"}, {2, "b"}, {3, "c"}, {4, "d"}}
		inspectors := []InspectorRef{{10, "x"}, {11, "y"}}
		var visits []VisitRef
		inRange := map[int64]int{}
		byInsp := map[int64]int{}
		for range r.IntN(60) {
			v := VisitRef{SchoolID: int64(1 + r.IntN(5)), InspectorID: int64(10 + r.IntN(3)), Date: from.AddDate(0, 0, r.IntN(260)-30)}
			visits = append(visits, v)
			if !v.Date.Before(from) && !v.Date.After(to) {
				inRange[v.SchoolID]++
				byInsp[v.InspectorID]++
			}
		}
		c := Cover(rule, from, to, schools, inspectors, visits)
		notVisited := 0
		for _, s := range c.Schools {
			if s.Visits != inRange[s.ID] || s.NotVisited != (inRange[s.ID] == 0) {
				t.Fatalf("round %d school %d: %+v, want %d visits", round, s.ID, s, inRange[s.ID])
			}
			if s.NotVisited {
				notVisited++
			}
			wantBelow := rule.SchoolMin > 0 && s.Periods > 0 && (s.Visits < rule.SchoolMin || len(s.ShortIn) > 0)
			if s.BelowRule && !wantBelow || len(s.ShortIn) > s.Periods {
				t.Fatalf("round %d school %+v under %+v", round, s, rule)
			}
			if rule.SchoolMin > 0 && s.Visits == 0 && len(s.ShortIn) != s.Periods {
				t.Fatalf("round %d: an unvisited school meets the rule in some period: %+v", round, s)
			}
		}
		if notVisited != c.NotVisited {
			t.Fatalf("NotVisited %d, counted %d", c.NotVisited, notVisited)
		}
		for _, i := range c.Inspectors {
			if i.Visits != byInsp[i.ID] {
				t.Fatalf("inspector %d: %d visits, want %d", i.ID, i.Visits, byInsp[i.ID])
			}
			if rule.InspectorMin == 0 && i.BelowRule {
				t.Fatalf("inspector below a zero minimum")
			}
		}
	}
}
