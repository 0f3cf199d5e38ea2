package reports

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/indicators"
)

// 义务教育优质均衡 and 学前教育普及普惠 (indicators.Balance, indicators.FailingSchools,
// indicators.Preschool) for the period's school year.
func init() {
	district := []string{ScopeDistrict}
	balance := func(key, name, unit, def string, f func(indicators.BalanceFigures) int) {
		register(Metric{Key: key, Name: name, Unit: unit, Scopes: district, Period: SchoolYearly, Source: "indicators.Balance", Definition: def,
			Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
				b, err := s.balance(ctx, p)
				if err != nil || len(b.Levels) == 0 {
					return Value{None: true}, err
				}
				return Value{Number: float64(f(b)), AsOf: s.Now}, nil
			}})
	}
	sum := func(f func(indicators.LevelFigures) int) func(indicators.BalanceFigures) int {
		return func(b indicators.BalanceFigures) int {
			n := 0
			for _, l := range b.Levels {
				n += f(l)
			}
			return n
		}
	}
	balance("balance.schools", "参评学校数", "所", "参加义务教育优质均衡资源配置评估的学校（学段）数", sum(func(l indicators.LevelFigures) int { return l.Schools }))
	balance("balance.schools_passing", "资源配置达标学校数", "所", "资源配置指标达到“7项中至少6项达标、其余不低于85%”的学校（学段）数",
		sum(func(l indicators.LevelFigures) int { return l.Passing }))
	balance("balance.cv_passing", "差异系数达标指标数", "项", "校际差异系数不超过限值的资源配置指标数（小学、初中合计）",
		sum(func(l indicators.LevelFigures) int { return l.CVPassing }))
	register(Metric{Key: "balance.schools_failing", Name: "资源配置指标未全部达标的学校数", Unit: "所", Scopes: schoolScopes, Period: SchoolYearly,
		Source: "indicators.FailingSchools", LowerIsBetter: true, Definition: "有资源配置指标未达标的学校（学段）数（含按“7项中至少6项”规则整体达标、但仍有单项未达标的学校）",
		Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
			v, err := s.once(fmt.Sprintf("failing|%s|%d", sc, p.SchoolYear()), func() (any, error) {
				return indicators.FailingSchools(ctx, s.DB.Read(), s.District, p.SchoolYear(), sc.SchoolID)
			})
			if err != nil {
				return Value{None: true}, err
			}
			return Value{Number: float64(len(v.([]indicators.FailingSchool))), AsOf: s.Now}, nil
		}})
	register(Metric{Key: "preschool.children", Name: "在园幼儿数", Unit: "人", Scopes: district, Period: SchoolYearly, Source: "indicators.Preschool",
		Definition: "幼儿园（含附设幼儿班）在园幼儿数",
		Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
			f, err := s.preschool(ctx, p)
			return Value{Number: float64(f.Children), AsOf: s.Now}, err
		}})
	problemRules = append(problemRules, problemRule{Metric: "balance.schools_failing", Op: ">", Threshold: 0,
		Wording: "义务教育优质均衡发展仍有短板，{范围}有%s所学校（学段）资源配置指标未全部达标。"})
}

func (s *Sources) balance(ctx context.Context, p Period) (indicators.BalanceFigures, error) {
	v, err := s.once(fmt.Sprintf("balance|%d", p.SchoolYear()), func() (any, error) {
		return indicators.Balance(ctx, s.DB.Read(), s.District, p.SchoolYear())
	})
	if err != nil {
		return indicators.BalanceFigures{}, err
	}
	return v.(indicators.BalanceFigures), nil
}

func (s *Sources) preschool(ctx context.Context, p Period) (indicators.PreschoolFigures, error) {
	v, err := s.once(fmt.Sprintf("preschool|%d", p.SchoolYear()), func() (any, error) {
		return indicators.Preschool(ctx, s.DB.Read(), s.District, p.SchoolYear())
	})
	if err != nil {
		return indicators.PreschoolFigures{}, err
	}
	return v.(indicators.PreschoolFigures), nil
}
