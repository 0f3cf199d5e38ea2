package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/supervision"
)

// 责任督学 and 双随机一公开 (supervision.SupervisionFigures) over the period.
func init() {
	const src = "supervision.SupervisionFigures"
	count := func(key, name, unit, def string, scopes []string, f func(supervision.Figures) int) {
		register(Metric{Key: key, Name: name, Unit: unit, Scopes: scopes, Period: Periodic, Source: src, Definition: def,
			Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
				fig, err := s.supervision(ctx, sc, p)
				return Value{Number: float64(f(fig)), AsOf: s.Now}, err
			}})
	}
	zoned := []string{ScopeDistrict, ScopeZone}
	count("supervision.inspectors", "责任督学人数", "人", "在岗的责任督学账号数", zoned, func(f supervision.Figures) int { return f.Inspectors })
	count("supervision.visits", "责任督学督导次数", "次", "期间内责任督学的督导记录数", zoned, func(f supervision.Figures) int { return f.Visits })
	count("supervision.schools_covered", "督导覆盖学校数", "所", "期间内至少督导一次的学校数", zoned, func(f supervision.Figures) int { return f.SchoolsCovered })
	count("supervision.findings", "督导发现问题数", "个", "期间内督导记录中发现的问题数", zoned, func(f supervision.Figures) int { return f.Findings })
	district := []string{ScopeDistrict}
	count("supervision.draws", "双随机抽查次数", "次", "期间内完成摇号的双随机一公开抽查次数", district, func(f supervision.Figures) int { return f.Draws })
	count("supervision.draw_targets", "双随机抽查对象数", "家", "期间内双随机抽中的检查对象数", district, func(f supervision.Figures) int { return f.DrawTargets })
}

func (s *Sources) supervision(ctx context.Context, sc Scope, p Period) (supervision.Figures, error) {
	v, err := s.once(fmt.Sprintf("supervision|%s|%s", sc, p), func() (any, error) {
		return supervision.SupervisionFigures(ctx, s.DB.Read(), s.District, p.Start().Format(time.DateOnly),
			p.End().AddDate(0, 0, -1).Format(time.DateOnly), sc.ZoneID)
	})
	if err != nil {
		return supervision.Figures{}, err
	}
	return v.(supervision.Figures), nil
}
