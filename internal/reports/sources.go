package reports

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/registry"
)

// Sources are the modules a report reads, for one district, with the values already computed
// during one generation (a report asks for the same figure many times).
type Sources struct {
	DB       *db.DB
	Org      *org.Service
	Registry *registry.Service
	District string
	// Now is the as-of time of snapshot figures (tests fix it).
	Now time.Time

	mu   sync.Mutex
	memo map[string]*memoEntry
}

type memoEntry struct {
	done chan struct{}
	v    any
	err  error
}

// NewSources prepares a generation's sources for a district.
func NewSources(d *db.DB, o *org.Service, r *registry.Service, district string, now time.Time) *Sources {
	return &Sources{DB: d, Org: o, Registry: r, District: district, Now: now, memo: map[string]*memoEntry{}}
}

// once computes f the first time key is asked for and remembers the answer; concurrent callers
// of the same key wait for the first one (figures are read in parallel, see prefetch).
func (s *Sources) once(key string, f func() (any, error)) (any, error) {
	s.mu.Lock()
	e, ok := s.memo[key]
	if !ok {
		e = &memoEntry{done: make(chan struct{})}
		s.memo[key] = e
	}
	s.mu.Unlock()
	if ok {
		<-e.done
		return e.v, e.err
	}
	e.v, e.err = f()
	close(e.done)
	return e.v, e.err
}

// Eval computes a metric for a scope and period (once per generation).
func (s *Sources) Eval(ctx context.Context, m *Metric, sc Scope, p Period) (Value, error) {
	if !m.Allows(sc.Kind) {
		return Value{}, errs.E(errs.Invalid, "指标“%s”不能按%s统计", m.Name, scopeKindName(sc.Kind))
	}
	v, err := s.once("m|"+m.Key+"|"+sc.String()+"|"+p.String(), func() (any, error) {
		if m.Period == Snapshot && !SnapshotCovers(p, s.Now) {
			return Value{None: true}, nil
		}
		return m.Compute(ctx, s, sc, p)
	})
	if err != nil {
		return Value{}, fmt.Errorf("指标“%s”：%w", m.Name, err)
	}
	return v.(Value), nil
}

// SnapshotCovers reports whether today's records describe period p: a period that has not ended
// or ended less than six months ago (an annual report is written in December or January). An
// earlier period has no snapshot, so comparisons with it say that the records hold no value.
func SnapshotCovers(p Period, now time.Time) bool { return p.End().After(now.AddDate(0, -6, 0)) }

// reader is a read-only principal of the district used to read figures: the reports service
// has already decided that the caller may see the report's scope, and figures are aggregates.
func (s *Sources) reader() *access.Principal {
	return access.NewPrincipal(0, "reports", "工作报告", access.Leader, s.District, 0, 0, 0, nil)
}

// schoolReader reads one school's records.
func (s *Sources) schoolReader(id int64) *access.Principal {
	return access.NewPrincipal(0, "reports", "工作报告", access.SchoolAdmin, s.District, id, 0, 0, nil)
}

func scopeKindName(k string) string {
	switch k {
	case ScopeSchool:
		return "学校"
	case ScopeZone:
		return "片区"
	case ScopeType:
		return "学校类型"
	}
	return "全区"
}

// schools lists the district's schools (org.Service.ListSchools).
func (s *Sources) schools(ctx context.Context) ([]org.School, error) {
	v, err := s.once("schools", func() (any, error) {
		list, _, err := s.Org.ListSchools(ctx, org.Actor{P: s.reader()}, org.SchoolFilter{}, "", 0, 100000)
		return list, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]org.School), nil
}

// schoolsIn lists the schools a scope covers; a school or zone outside the district is an error.
func (s *Sources) schoolsIn(ctx context.Context, sc Scope) ([]org.School, error) {
	all, err := s.schools(ctx)
	if err != nil {
		return nil, err
	}
	out := []org.School{}
	for _, sch := range all {
		if inScope(sc, sch) {
			out = append(out, sch)
		}
	}
	if len(out) == 0 && sc.Kind == ScopeSchool {
		return nil, errs.NotFoundf("学校")
	}
	return out, nil
}

func inScope(sc Scope, sch org.School) bool {
	switch sc.Kind {
	case ScopeSchool:
		return sch.ID == sc.SchoolID
	case ScopeZone:
		return sch.ZoneID == sc.ZoneID
	case ScopeType:
		return sch.Type == sc.Type
	}
	return true
}

// ScopeLabel names a scope in Chinese ("全区", "青溪区实验小学", "东片区", "小学").
func (s *Sources) ScopeLabel(ctx context.Context, sc Scope) string {
	switch sc.Kind {
	case ScopeSchool:
		if list, err := s.schoolsIn(ctx, sc); err == nil && len(list) == 1 {
			return list[0].Name
		}
		return fmt.Sprintf("学校%d", sc.SchoolID)
	case ScopeZone:
		if zs, err := s.Org.Zones(ctx, org.Actor{P: s.reader()}); err == nil {
			for _, z := range zs {
				if z.ID == sc.ZoneID {
					return z.Name
				}
			}
		}
		return fmt.Sprintf("片区%d", sc.ZoneID)
	case ScopeType:
		return org.SchoolTypeName(sc.Type)
	}
	return "全区"
}
