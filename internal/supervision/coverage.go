package supervision

import (
	"sort"
	"strconv"
	"time"
)

// VisitRef is what the coverage rule needs of a visit.
type VisitRef struct {
	SchoolID    int64
	InspectorID int64
	Date        time.Time
}

// SchoolRef and InspectorRef name the members of a zone.
type SchoolRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// InspectorRef is a 责任督学 of a zone.
type InspectorRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// SchoolCoverage is one school's record over the report's range.
type SchoolCoverage struct {
	SchoolRef
	Visits      int      `json:"visits"`
	LastVisit   string   `json:"last_visit"`  // YYYY-MM-DD, "" when not visited in the range
	Periods     int      `json:"periods"`     // whole periods of the rule in the range
	ShortIn     []string `json:"short_in"`    // labels of the periods below the rule
	NotVisited  bool     `json:"not_visited"` // no visit at all in the range
	BelowRule   bool     `json:"below_rule"`  // at least one period below the rule
	Requirement string   `json:"requirement"` // the rule in words
}

// InspectorCoverage is one inspector's record over the report's range.
type InspectorCoverage struct {
	InspectorRef
	Visits      int      `json:"visits"`
	Schools     int      `json:"schools"` // distinct schools visited
	Periods     int      `json:"periods"`
	ShortIn     []string `json:"short_in"`
	BelowRule   bool     `json:"below_rule"`
	Requirement string   `json:"requirement"`
}

// ZoneCoverage is the coverage of one zone over [From, To].
type ZoneCoverage struct {
	ZoneID          int64               `json:"zone_id"`
	ZoneName        string              `json:"zone_name"`
	Rule            Rule                `json:"rule"`
	Schools         []SchoolCoverage    `json:"schools"`
	Inspectors      []InspectorCoverage `json:"inspectors"`
	NotVisited      int                 `json:"not_visited"`      // schools without any visit
	SchoolsBelow    int                 `json:"schools_below"`    // schools below the rule in some period
	InspectorsBelow int                 `json:"inspectors_below"` // inspectors below the rule in some period
}

// Cover judges a zone's schools and inspectors against its rule over [from, to]. Visits outside
// the range, or to schools and by inspectors not listed, are ignored (a visit by a former inspector
// of the zone still counts for the school). Schools come out not visited first, then by name;
// inspectors below the rule first.
func Cover(rule Rule, from, to time.Time, schools []SchoolRef, inspectors []InspectorRef, visits []VisitRef) ZoneCoverage {
	from, to = day(from), day(to)
	var in []VisitRef
	for _, v := range visits {
		d := day(v.Date)
		if !d.Before(from) && !d.After(to) {
			v.Date = d
			in = append(in, v)
		}
	}
	out := ZoneCoverage{Rule: rule, Schools: []SchoolCoverage{}, Inspectors: []InspectorCoverage{}}
	schoolSpans := Spans(rule.SchoolPeriod, from, to)
	for _, s := range schools {
		c := SchoolCoverage{SchoolRef: s, Periods: len(schoolSpans), ShortIn: []string{},
			Requirement: "每" + PeriodName(rule.SchoolPeriod) + "至少 " + itoa(rule.SchoolMin) + " 次"}
		var dates []time.Time
		for _, v := range in {
			if v.SchoolID == s.ID {
				dates = append(dates, v.Date)
			}
		}
		c.Visits = len(dates)
		for _, d := range dates {
			if ds := d.Format("2006-01-02"); ds > c.LastVisit {
				c.LastVisit = ds
			}
		}
		c.ShortIn = shortSpans(schoolSpans, dates, rule.SchoolMin, rule.SchoolPeriod)
		c.NotVisited, c.BelowRule = c.Visits == 0, len(c.ShortIn) > 0
		if c.NotVisited {
			out.NotVisited++
		}
		if c.BelowRule {
			out.SchoolsBelow++
		}
		out.Schools = append(out.Schools, c)
	}
	inspSpans := Spans(rule.InspectorPeriod, from, to)
	for _, i := range inspectors {
		c := InspectorCoverage{InspectorRef: i, Periods: len(inspSpans), ShortIn: []string{},
			Requirement: "每" + PeriodName(rule.InspectorPeriod) + "至少 " + itoa(rule.InspectorMin) + " 次"}
		var dates []time.Time
		seen := map[int64]bool{}
		for _, v := range in {
			if v.InspectorID == i.ID {
				dates = append(dates, v.Date)
				seen[v.SchoolID] = true
			}
		}
		c.Visits, c.Schools = len(dates), len(seen)
		c.ShortIn = shortSpans(inspSpans, dates, rule.InspectorMin, rule.InspectorPeriod)
		c.BelowRule = len(c.ShortIn) > 0
		if c.BelowRule {
			out.InspectorsBelow++
		}
		out.Inspectors = append(out.Inspectors, c)
	}
	sort.SliceStable(out.Schools, func(a, b int) bool {
		x, y := out.Schools[a], out.Schools[b]
		if x.NotVisited != y.NotVisited {
			return x.NotVisited
		}
		if x.BelowRule != y.BelowRule {
			return x.BelowRule
		}
		return x.Name < y.Name
	})
	sort.SliceStable(out.Inspectors, func(a, b int) bool {
		x, y := out.Inspectors[a], out.Inspectors[b]
		if x.BelowRule != y.BelowRule {
			return x.BelowRule
		}
		return x.Name < y.Name
	})
	return out
}

// shortSpans labels the spans in which fewer than min of dates fall.
func shortSpans(spans []Span, dates []time.Time, min int, period string) []string {
	out := []string{}
	if min <= 0 {
		return out
	}
	for _, sp := range spans {
		n := 0
		for _, d := range dates {
			if !d.Before(sp.From) && !d.After(sp.To) {
				n++
			}
		}
		if n < min {
			out = append(out, sp.Label(period))
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
