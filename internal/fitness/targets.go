package fitness

import (
	"context"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Target metrics: the rates of Figures a target may bind to, with their Chinese names. Each is a
// "at least" target except the fail rate and the shares of overweight, which are "at most".
var TargetMetrics = []struct {
	Key, Name string
	AtMost    bool
}{
	{"test_rate", "测试率", false},
	{"pass_rate", "合格率（及格率）", false},
	{"excellent_good_rate", "优良率", false},
	{"excellent_rate", "优秀率", false},
	{"fail_rate", "不及格率", true},
	{"mean_total", "平均学年总分", false},
}

// Target is a goal for a district's school year, such as 合格率 ≥ 95.
type Target struct {
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
}

// TargetCheck is a target with the figure it is tracked against.
type TargetCheck struct {
	Metric string  `json:"metric"`
	Name   string  `json:"name"`
	Op     string  `json:"op"` // ≥ or ≤
	Value  float64 `json:"value"`
	Actual float64 `json:"actual"`
	Met    bool    `json:"met"`
}

// metricValue reads a metric from Figures.
func metricValue(f Figures, metric string) (float64, bool) {
	switch metric {
	case "test_rate":
		return f.TestRate, true
	case "pass_rate":
		return f.PassRate, true
	case "excellent_good_rate":
		return f.ExcellentGoodRate, true
	case "excellent_rate":
		return f.ExcellentRate, true
	case "fail_rate":
		return f.FailRate, true
	case "mean_total":
		return f.MeanTotal, true
	}
	return 0, false
}

// Targets lists a district's targets for a school year.
func Targets(ctx context.Context, q db.Querier, district string, year int) ([]Target, error) {
	rows, err := q.Query(ctx, `SELECT metric, value FROM fitness_targets WHERE district_code = ? AND school_year = ? ORDER BY metric`, district, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Target{}
	for rows.Next() {
		var t Target
		if err := rows.Scan(&t.Metric, &t.Value); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetTargets replaces a district's targets for a school year.
func SetTargets(ctx context.Context, q db.Querier, district string, year int, ts []Target) error {
	if _, err := q.Exec(ctx, `DELETE FROM fitness_targets WHERE district_code = ? AND school_year = ?`, district, year); err != nil {
		return err
	}
	for _, t := range ts {
		if _, err := q.Exec(ctx, `INSERT INTO fitness_targets (district_code, school_year, metric, value, updated_at) VALUES (?, ?, ?, ?, ?)`,
			district, year, t.Metric, t.Value, db.Now()); err != nil {
			return err
		}
	}
	return nil
}

// CheckTargets compares a district's targets for a school year with figures, in the order of
// TargetMetrics.
func CheckTargets(ctx context.Context, q db.Querier, district string, year int, f Figures) ([]TargetCheck, error) {
	ts, err := Targets(ctx, q, district, year)
	if err != nil {
		return nil, err
	}
	out := []TargetCheck{}
	for _, m := range TargetMetrics {
		for _, t := range ts {
			if t.Metric != m.Key {
				continue
			}
			actual, _ := metricValue(f, m.Key)
			c := TargetCheck{Metric: m.Key, Name: m.Name, Op: "≥", Value: t.Value, Actual: actual, Met: actual >= t.Value}
			if m.AtMost {
				c.Op, c.Met = "≤", actual <= t.Value
			}
			out = append(out, c)
		}
	}
	return out, nil
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
