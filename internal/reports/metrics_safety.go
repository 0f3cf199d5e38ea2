package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/safety"
)

// 校园安全隐患 (safety.HazardTotals): hazards found within the period, rectified, overdue, 整改率.
func init() {
	scopes := []string{ScopeDistrict, ScopeZone, ScopeSchool}
	const src = "safety.HazardTotals"
	count := func(key, name, def string, lower bool, f func(safety.Rate) float64) {
		register(Metric{Key: key, Name: name, Unit: "处", Scopes: scopes, Period: Periodic, Source: src, Definition: def, LowerIsBetter: lower,
			Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
				r, err := s.hazards(ctx, sc, p)
				return Value{Number: f(r), AsOf: s.Now}, err
			}})
	}
	count("hazards.found", "排查发现安全隐患数", "期间内发现的安全隐患（误报撤销的除外）", false, func(r safety.Rate) float64 { return float64(r.Found) })
	count("hazards.rectified", "安全隐患整改完成数", "期间内发现、已整改并验收销号的隐患", false, func(r safety.Rate) float64 { return float64(r.Rectified) })
	count("hazards.overdue", "逾期未整改隐患数", "期间内发现、超过整改期限仍未销号的隐患（截至期末或今天）", true,
		func(r safety.Rate) float64 { return float64(r.Overdue) })
	register(Metric{Key: "hazards.rate", Name: "安全隐患整改率", Unit: "%", Scopes: scopes, Period: Periodic, Source: src,
		Definition: "已整改销号的隐患 ÷ 期间内发现的隐患 × 100",
		Compute: func(ctx context.Context, s *Sources, sc Scope, p Period) (Value, error) {
			r, err := s.hazards(ctx, sc, p)
			if err != nil || r.Found == 0 {
				return Value{None: true}, err
			}
			return Value{Number: r.Rate * 100, AsOf: s.Now}, nil
		}})
	problemRules = append(problemRules, problemRule{Metric: "hazards.overdue", Op: ">", Threshold: 0,
		Wording: "校园安全隐患整改仍有薄弱环节，{范围}有%s处隐患超过整改期限仍未销号，需督促责任单位限期整改。"})
}

// hazards reads the hazard totals of a scope found within the period, overdue as of the period's
// end (or today when sooner).
func (s *Sources) hazards(ctx context.Context, sc Scope, p Period) (safety.Rate, error) {
	v, err := s.once(fmt.Sprintf("hazards|%s|%s", sc, p), func() (any, error) {
		last := p.End().AddDate(0, 0, -1)
		asOf := last
		if now := s.Now.In(cst); now.Before(asOf) {
			asOf = now
		}
		f := safety.FigureFilter{SchoolID: sc.SchoolID, ZoneID: sc.ZoneID, From: p.Start().Format(time.DateOnly),
			To: last.Format(time.DateOnly), AsOf: asOf.Format(time.DateOnly)}
		return safety.HazardTotals(ctx, s.DB.Read(), s.District, f)
	})
	if err != nil {
		return safety.Rate{}, err
	}
	return v.(safety.Rate), nil
}
