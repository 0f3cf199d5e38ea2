package reports

import (
	"context"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/registry"
)

// schoolStat is what the register says about one school, read through the registry's public
// service methods with a principal of that school.
type schoolStat struct {
	School                             org.School
	Students, Migrant, Staff, Teachers int
	Classes, ClassStudents             int
	LargeClasses                       int // 义务教育大班额: 小学 > 45 人, 初中 > 50 人
	Facility                           registry.Facility
	HasFacility                        bool
}

// schoolStats reads every school's register figures for a school year (once per generation).
func (s *Sources) schoolStats(ctx context.Context, schoolYear int) ([]schoolStat, error) {
	v, err := s.once("stats|"+itoa(schoolYear), func() (any, error) {
		list, err := s.schools(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]schoolStat, 0, len(list))
		for _, sch := range list {
			a := registry.Actor{P: s.schoolReader(sch.ID)}
			st := schoolStat{School: sch}
			c, err := s.Registry.HeadlineCounts(ctx, a)
			if err != nil {
				return nil, err
			}
			st.Students, st.Migrant, st.Staff, st.Teachers = c.Students, c.Migrant, c.Staff, c.Teachers
			classes, err := s.Registry.ListClasses(ctx, a, sch.ID, schoolYear)
			if err != nil {
				return nil, err
			}
			for _, cl := range classes {
				st.Classes++
				st.ClassStudents += cl.Size
				if (cl.Grade >= 1 && cl.Grade <= 6 && cl.Size > 45) || (cl.Grade >= 7 && cl.Grade <= 9 && cl.Size > 50) {
					st.LargeClasses++
				}
			}
			if st.Facility, err = s.Registry.GetFacility(ctx, a, sch.ID, schoolYear); err != nil {
				return nil, err
			}
			st.HasFacility = !st.Facility.UpdatedAt.IsZero() && st.Facility.UpdatedAt.After(time.Unix(0, 0))
			out = append(out, st)
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]schoolStat), nil
}

// sumStats adds f over the schools of a scope; no school of the scope with data gives None when
// need says the figure needs recorded data (facilities).
func (s *Sources) sumStats(ctx context.Context, sc Scope, p Period, f func(schoolStat) float64) (Value, error) {
	stats, err := s.statsIn(ctx, sc, p)
	if err != nil {
		return Value{}, err
	}
	v := Value{AsOf: s.Now}
	for _, st := range stats {
		v.Number += f(st)
	}
	return v, nil
}

func (s *Sources) statsIn(ctx context.Context, sc Scope, p Period) ([]schoolStat, error) {
	if _, err := s.schoolsIn(ctx, sc); err != nil {
		return nil, err
	}
	all, err := s.schoolStats(ctx, p.SchoolYear())
	if err != nil {
		return nil, err
	}
	out := []schoolStat{}
	for _, st := range all {
		if inScope(sc, st.School) {
			out = append(out, st)
		}
	}
	return out, nil
}

// facilitySum adds a facility figure over the schools of a scope that recorded their facilities
// for the period's school year; no record at all gives no value (None).
func (s *Sources) facilitySum(ctx context.Context, sc Scope, p Period, f func(registry.Facility) float64) (Value, error) {
	stats, err := s.statsIn(ctx, sc, p)
	if err != nil {
		return Value{}, err
	}
	v := Value{None: true}
	for _, st := range stats {
		if st.HasFacility {
			v.None = false
			v.Number += f(st.Facility)
			if st.Facility.UpdatedAt.After(v.AsOf) {
				v.AsOf = st.Facility.UpdatedAt
			}
		}
	}
	return v, nil
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
