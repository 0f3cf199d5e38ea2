package fitness

import (
	"context"
	"math"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Figures are the 四率一分 of a set of students for one school year, computed from the stored
// results that stand for the year (the better of a test and its 补测). Definitions (shown on the
// statistics page too):
//
//	应测人数 Expected   = students with a result record for the year, less the 免测 students
//	实测人数 Tested     = students with a 学年总分 (all required items tested)
//	测试率   TestRate   = 实测 / 应测
//	优秀率, 良好率, 不及格率 = 优秀 / 实测, 良好 / 实测, 不及格 / 实测
//	优良率   = (优秀 + 良好) / 实测
//	及格率（合格率） = (优秀 + 良好 + 及格) / 实测
//	平均学年总分 MeanTotal = Σ 学年总分 / 实测
//
// 免测 students (Exempt) are counted apart and are in no denominator. Rates are percentages
// rounded to two decimals, MeanTotal to one; all are 0 when their denominator is 0.
type Figures struct {
	SchoolYear int `json:"school_year"`
	Records    int `json:"records"`    // result records (standing attempts), 免测 included
	Exempt     int `json:"exempt"`     // 免测
	Expected   int `json:"expected"`   // 应测 = Records − Exempt
	Tested     int `json:"tested"`     // 实测 (with a 学年总分)
	Incomplete int `json:"incomplete"` // 缺测
	Excellent  int `json:"excellent"`
	Good       int `json:"good"`
	Pass       int `json:"pass"`
	Fail       int `json:"fail"`

	TestRate          float64 `json:"test_rate"`
	ExcellentRate     float64 `json:"excellent_rate"`
	GoodRate          float64 `json:"good_rate"`
	ExcellentGoodRate float64 `json:"excellent_good_rate"` // 优良率
	PassRate          float64 `json:"pass_rate"`           // 及格率（合格率）
	FailRate          float64 `json:"fail_rate"`
	MeanTotal         float64 `json:"mean_total"` // 平均学年总分
	totalTenths       int64
}

// Comparison is a school year's Figures and, for comparison, the previous school year's.
type Comparison struct {
	Figures
	Previous Figures `json:"previous"`
}

// Rates returns the 四率一分 for a district's school year (year is the year the school year starts:
// 2025 is 2025–2026) and the year before. schoolID 0 means the whole district; otherwise one
// school of the district. The reports module calls it.
func Rates(ctx context.Context, q db.Querier, district string, year int, schoolID int64) (Comparison, error) {
	return ratesOf(ctx, q, district, year, Scope{SchoolID: schoolID})
}

// ZoneRates is Rates for the schools of one 片区.
func ZoneRates(ctx context.Context, q db.Querier, district string, year int, zoneID int64) (Comparison, error) {
	return ratesOf(ctx, q, district, year, Scope{ZoneID: zoneID})
}

// Scope narrows figures to a school or a zone (both 0: the district).
type Scope struct {
	SchoolID int64
	ZoneID   int64
}

func ratesOf(ctx context.Context, q db.Querier, district string, year int, sc Scope) (Comparison, error) {
	cur, err := YearFigures(ctx, q, district, year, sc)
	if err != nil {
		return Comparison{}, err
	}
	prev, err := YearFigures(ctx, q, district, year-1, sc)
	if err != nil {
		return Comparison{}, err
	}
	return Comparison{Figures: cur, Previous: prev}, nil
}

// YearFigures computes the Figures of one school year by SQL aggregation over the standing results.
func YearFigures(ctx context.Context, q db.Querier, district string, year int, sc Scope) (Figures, error) {
	f := Figures{SchoolYear: year}
	query := `SELECT COUNT(*),
 COALESCE(SUM(CASE WHEN r.exempt THEN 1 ELSE 0 END), 0),
 COALESCE(SUM(CASE WHEN r.rating = '优秀' THEN 1 ELSE 0 END), 0),
 COALESCE(SUM(CASE WHEN r.rating = '良好' THEN 1 ELSE 0 END), 0),
 COALESCE(SUM(CASE WHEN r.rating = '及格' THEN 1 ELSE 0 END), 0),
 COALESCE(SUM(CASE WHEN r.rating = '不及格' THEN 1 ELSE 0 END), 0),
 COALESCE(SUM(CASE WHEN r.rating = '缺测' THEN 1 ELSE 0 END), 0),
 COALESCE(SUM(r.total_score), 0)
FROM fitness_results r`
	args := []any{}
	if sc.ZoneID != 0 {
		query += ` JOIN schools s ON s.district_code = r.district_code AND s.id = r.school_id AND s.zone_id = ?`
		args = append(args, sc.ZoneID)
	}
	query += ` WHERE r.district_code = ? AND r.school_year = ? AND r.standing = TRUE`
	args = append(args, district, year)
	if sc.SchoolID != 0 {
		query += ` AND r.school_id = ?`
		args = append(args, sc.SchoolID)
	}
	if err := q.QueryRow(ctx, query, args...).Scan(&f.Records, &f.Exempt, &f.Excellent, &f.Good, &f.Pass, &f.Fail, &f.Incomplete,
		&f.totalTenths); err != nil {
		return f, err
	}
	f.finish()
	return f, nil
}

// finish derives the counts and rates from the tallies.
func (f *Figures) finish() {
	f.Expected = f.Records - f.Exempt
	f.Tested = f.Excellent + f.Good + f.Pass + f.Fail
	f.TestRate = percent(f.Tested, f.Expected)
	f.ExcellentRate = percent(f.Excellent, f.Tested)
	f.GoodRate = percent(f.Good, f.Tested)
	f.ExcellentGoodRate = percent(f.Excellent+f.Good, f.Tested)
	f.PassRate = percent(f.Excellent+f.Good+f.Pass, f.Tested)
	f.FailRate = percent(f.Fail, f.Tested)
	if f.Tested > 0 {
		f.MeanTotal = math.Round(float64(f.totalTenths)/float64(f.Tested)) / 10
	}
}

// percent is n / d in percent, rounded to two decimals (0 when d is 0).
func percent(n, d int) float64 {
	if d <= 0 {
		return 0
	}
	return math.Round(float64(n)*10000/float64(d)) / 100
}
