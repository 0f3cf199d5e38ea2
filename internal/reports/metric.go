package reports

import (
	"context"
	"sort"
	"time"
)

// Period kinds of a metric: what its value describes.
const (
	// Snapshot metrics count the records as they stand when the report is generated (the register
	// keeps no history): they have no value for an earlier period.
	Snapshot = "snapshot"
	// SchoolYearly metrics read records kept per school year (classes, facilities).
	SchoolYearly = "school_year"
	// Periodic metrics count events dated within the period (visits, hazards found).
	Periodic = "period"
)

// Metric is a named figure computed from the records: never a stored number.
type Metric struct {
	Key        string   `json:"key"`        // "students.total"
	Name       string   `json:"name"`       // "在校生总数": also usable as a placeholder
	Definition string   `json:"definition"` // 口径
	Unit       string   `json:"unit"`       // "人", "所", "%"
	Scopes     []string `json:"scopes"`     // the scope kinds it can be cut by
	Period     string   `json:"period"`     // Snapshot, SchoolYearly or Periodic
	Source     string   `json:"source"`     // the public function it reads
	Breakdown  bool     `json:"breakdown"`  // the value has parts (by type, by stage …)
	// LowerIsBetter orders ranks ascending (e.g. hazards overdue).
	LowerIsBetter bool `json:"lower_is_better"`
	// Decimals is the number of decimals shown (percentages default to 1).
	Decimals int `json:"decimals"`

	Compute func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) `json:"-"`
}

// Value is what a metric gives for one scope and period.
type Value struct {
	Number float64   `json:"number"`
	Parts  []Part    `json:"parts,omitempty"`
	AsOf   time.Time `json:"as_of"`
	// None says the records hold no value for this scope and period (e.g. a snapshot metric asked
	// for an earlier period, or a module with no records yet).
	None bool `json:"none,omitempty"`
}

// Part is one line of a breakdown.
type Part struct {
	Label  string  `json:"label"`
	Number float64 `json:"number"`
}

var catalog = map[string]*Metric{}

// register adds a metric to the catalog; each module's metrics are registered from their file
// (metrics_<module>.go) so that binding a new figure is one entry there.
func register(m Metric) {
	if _, dup := catalog[m.Key]; dup {
		panic("reports: metric registered twice: " + m.Key)
	}
	if m.Unit == "%" && m.Decimals == 0 {
		m.Decimals = 1
	}
	catalog[m.Key] = &m
}

// Catalog lists the metrics by key.
func Catalog() []Metric {
	out := make([]Metric, 0, len(catalog))
	for _, m := range catalog {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Lookup finds a metric by key or by its Chinese name.
func Lookup(name string) (*Metric, bool) {
	if m, ok := catalog[name]; ok {
		return m, true
	}
	for _, m := range catalog {
		if m.Name == name {
			return m, true
		}
	}
	return nil, false
}

// Allows reports whether the metric can be cut by the scope kind.
func (m *Metric) Allows(kind string) bool {
	for _, k := range m.Scopes {
		if k == kind {
			return true
		}
	}
	return false
}

var (
	allScopes    = []string{ScopeDistrict, ScopeZone, ScopeSchool, ScopeType}
	wideScopes   = []string{ScopeDistrict, ScopeZone, ScopeType}
	schoolScopes = []string{ScopeDistrict, ScopeSchool}
)
