package reports

import (
	"context"

	"github.com/edubureau/edubureau/internal/org"
)

// The organisation's metrics (org.Service.ListSchools, org.Service.Zones).
func init() {
	register(Metric{Key: "schools.total", Name: "学校总数", Unit: "所", Scopes: allScopes, Period: Snapshot,
		Definition: "在册的各级各类学校（含幼儿园、教学点）数", Source: "org.Service.ListSchools",
		Compute: func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			return src.countSchools(ctx, sc, func(org.School) bool { return true })
		}})
	register(Metric{Key: "schools.public", Name: "公办学校数", Unit: "所", Scopes: wideScopes, Period: Snapshot,
		Definition: "办学性质为公办的学校数", Source: "org.Service.ListSchools",
		Compute: func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			return src.countSchools(ctx, sc, func(s org.School) bool { return s.Nature == "公办" })
		}})
	register(Metric{Key: "schools.private", Name: "民办学校数", Unit: "所", Scopes: wideScopes, Period: Snapshot,
		Definition: "办学性质为民办的学校数", Source: "org.Service.ListSchools",
		Compute: func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			return src.countSchools(ctx, sc, func(s org.School) bool { return s.Nature == "民办" })
		}})
	register(Metric{Key: "schools.by_type", Name: "各类学校数", Unit: "所", Scopes: []string{ScopeDistrict, ScopeZone}, Period: Snapshot,
		Definition: "按学校类型分列的学校数", Source: "org.Service.ListSchools", Breakdown: true,
		Compute: func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			list, err := src.schoolsIn(ctx, sc)
			if err != nil {
				return Value{}, err
			}
			v := Value{Number: float64(len(list)), AsOf: src.Now}
			for _, t := range org.SchoolTypes {
				n := 0
				for _, s := range list {
					if s.Type == t.Code {
						n++
					}
				}
				if n > 0 {
					v.Parts = append(v.Parts, Part{Label: t.Name, Number: float64(n)})
				}
			}
			return v, nil
		}})
	register(Metric{Key: "schools.capacity", Name: "规划学位数", Unit: "个", Scopes: allScopes, Period: Snapshot,
		Definition: "各校规划班数 × 标准班额之和", Source: "org.Service.ListSchools",
		Compute: func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			list, err := src.schoolsIn(ctx, sc)
			if err != nil {
				return Value{}, err
			}
			v := Value{AsOf: src.Now}
			for _, s := range list {
				v.Number += float64(s.Capacity)
			}
			return v, nil
		}})
	register(Metric{Key: "zones.total", Name: "片区数", Unit: "个", Scopes: []string{ScopeDistrict}, Period: Snapshot,
		Definition: "学校划分的片区（责任督学片区）数", Source: "org.Service.Zones",
		Compute: func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			zs, err := src.Org.Zones(ctx, org.Actor{P: src.reader()})
			return Value{Number: float64(len(zs)), AsOf: src.Now}, err
		}})
}

func (s *Sources) countSchools(ctx context.Context, sc Scope, keep func(org.School) bool) (Value, error) {
	list, err := s.schoolsIn(ctx, sc)
	if err != nil {
		return Value{}, err
	}
	v := Value{AsOf: s.Now}
	for _, sch := range list {
		if keep(sch) {
			v.Number++
		}
	}
	return v, nil
}
