package reports

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/enroll"
)

// 招生入学 (enroll.FiguresFor): the campaigns of the period's year.
func init() {
	const src = "enroll.FiguresFor"
	count := func(key, name, unit, def string, f func(enroll.Figures) float64) {
		register(Metric{Key: key, Name: name, Unit: unit, Scopes: schoolScopes, Period: Periodic, Source: src, Definition: def,
			Decimals: map[bool]int{true: 1}[unit == "%"],
			Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
				v, err := s.once(fmt.Sprintf("enroll|%s|%d", sc, p.Year), func() (any, error) {
					return enroll.FiguresFor(ctx, s.DB.Read(), s.District, p.Year, sc.SchoolID)
				})
				if err != nil {
					return Value{}, err
				}
				fig := v.(enroll.Figures)
				if fig.Campaigns == 0 || (unit == "%" && fig.Admitted == 0) {
					return Value{None: true}, nil
				}
				return Value{Number: f(fig), AsOf: s.Now}, nil
			}})
	}
	count("enroll.places_planned", "计划招生学位数", "个", "当年各招生方案的计划学位之和", func(f enroll.Figures) float64 { return float64(f.PlacesPlanned) })
	count("enroll.applicants", "招生报名人数", "人", "当年各招生方案的报名人数", func(f enroll.Figures) float64 { return float64(f.Applicants) })
	count("enroll.admitted", "招生录取人数", "人", "当年派位或审核录取的人数", func(f enroll.Figures) float64 { return float64(f.Admitted) })
	count("enroll.migrant_admitted", "随迁子女录取人数", "人", "当年录取的进城务工人员随迁子女人数", func(f enroll.Figures) float64 { return float64(f.MigrantAdmitted) })
	count("enroll.migrant_share", "随迁子女录取占比", "%", "随迁子女录取人数 ÷ 录取人数 × 100", func(f enroll.Figures) float64 { return f.MigrantShare * 100 })
	count("enroll.nearby_rate", "就近入学率", "%", "录取到片区内学校的人数 ÷ 录取人数 × 100", func(f enroll.Figures) float64 { return f.NearbyRate * 100 })
}
