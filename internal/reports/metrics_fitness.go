package reports

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/fitness"
)

// 学生体质健康 (fitness.YearFigures): the 四率一分 of the period's school year.
func init() {
	scopes := []string{ScopeDistrict, ScopeZone, ScopeSchool}
	const src = "fitness.YearFigures"
	rate := func(key, name, def string, f func(fitness.Figures) float64) {
		register(Metric{Key: key, Name: name, Unit: "%", Scopes: scopes, Period: SchoolYearly, Source: src, Definition: def,
			Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
				fig, err := s.fitness(ctx, sc, p)
				if err != nil || fig.Records == 0 || fig.Tested == 0 {
					return Value{None: true}, err
				}
				return Value{Number: f(fig), AsOf: s.Now}, nil
			}})
	}
	rate("fitness.pass_rate", "学生体质健康合格率", "学年总分及格及以上的学生 ÷ 实测人数 × 100（免测不计）", func(f fitness.Figures) float64 { return f.PassRate })
	rate("fitness.excellent_good_rate", "学生体质健康优良率", "优秀与良好的学生 ÷ 实测人数 × 100", func(f fitness.Figures) float64 { return f.ExcellentGoodRate })
	rate("fitness.excellent_rate", "学生体质健康优秀率", "优秀的学生 ÷ 实测人数 × 100", func(f fitness.Figures) float64 { return f.ExcellentRate })
	rate("fitness.test_rate", "学生体质健康测试率", "实测人数 ÷ 应测人数 × 100", func(f fitness.Figures) float64 { return f.TestRate })
	register(Metric{Key: "fitness.tested", Name: "体质健康实测人数", Unit: "人", Scopes: scopes, Period: SchoolYearly, Source: src,
		Definition: "学年内全部必测项目完成、有学年总分的学生数",
		Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
			fig, err := s.fitness(ctx, sc, p)
			if err != nil || fig.Records == 0 {
				return Value{None: true}, err
			}
			return Value{Number: float64(fig.Tested), AsOf: s.Now}, nil
		}})
	register(Metric{Key: "fitness.mean_total", Name: "体质健康平均学年总分", Unit: "分", Scopes: scopes, Period: SchoolYearly, Source: src, Decimals: 1,
		Definition: "实测学生学年总分的平均数",
		Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
			fig, err := s.fitness(ctx, sc, p)
			if err != nil || fig.Tested == 0 {
				return Value{None: true}, err
			}
			return Value{Number: fig.MeanTotal, AsOf: s.Now}, nil
		}})
	problemRules = append(problemRules, problemRule{Metric: "fitness.pass_rate", Op: "<", Threshold: 95,
		Wording: "学生体质健康水平有待提升，{范围}学生体质健康合格率为%s，仍有学生未达到《国家学生体质健康标准》及格要求。"})
}

// fitness reads the 四率一分 of a scope for the period's school year (once per generation).
func (s *Sources) fitness(ctx context.Context, sc Scope, p Period) (fitness.Figures, error) {
	v, err := s.once(fmt.Sprintf("fitness|%s|%d", sc, p.SchoolYear()), func() (any, error) {
		return fitness.YearFigures(ctx, s.DB.Read(), s.District, p.SchoolYear(), fitness.Scope{SchoolID: sc.SchoolID, ZoneID: sc.ZoneID})
	})
	if err != nil {
		return fitness.Figures{}, err
	}
	return v.(fitness.Figures), nil
}
