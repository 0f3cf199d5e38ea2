package fitness

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Group is the statistics of one set of students (a class, school, zone, grade × sex …) for a
// school year: the 四率一分 (Figures), the BMI shares and the pass rate of every item.
type Group struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Figures
	// BMIMeasured counts the non-exempt students with a BMI; 超重率 and 肥胖率 are shares of them.
	BMIMeasured    int     `json:"bmi_measured"`
	Overweight     int     `json:"overweight"`
	Obese          int     `json:"obese"`
	OverweightRate float64 `json:"overweight_rate"`
	ObeseRate      float64 `json:"obese_rate"`
	// Items are the single-item pass rates (score ≥ 60) among the students tested on the item.
	Items []ItemRate `json:"items"`
	Rank  int        `json:"rank,omitempty"` // schools: rank by 合格率, then 优良率, then mean total
}

// ItemRate is the pass rate of one item.
type ItemRate struct {
	Item     string  `json:"item"`
	Name     string  `json:"name"`
	Tested   int     `json:"tested"`
	Passed   int     `json:"passed"`
	PassRate float64 `json:"pass_rate"`
}

// Stats are the statistics of a school year within a scope.
type Stats struct {
	SchoolYear int           `json:"school_year"`
	Total      Group         `json:"total"`
	ByGradeSex []Group       `json:"by_grade_sex"` // key "grade-sex", e.g. "3-男"
	ByGrade    []Group       `json:"by_grade"`
	BySchool   []Group       `json:"by_school"` // key school ID, ranked
	ByZone     []Group       `json:"by_zone"`
	ByClass    []Group       `json:"by_class"` // only for one school
	Trend      []Figures     `json:"trend"`    // every school year on record up to SchoolYear
	Targets    []TargetCheck `json:"targets"`
}

// acc tallies a group.
type acc struct {
	f                 Figures
	bmiN, over, obese int
	itemN, itemPass   [NumItems]int
}

// merge adds a partial tally (one row of the grouped query).
func (a *acc) merge(b *acc) {
	a.f.Records += b.f.Records
	a.f.Exempt += b.f.Exempt
	a.f.Excellent += b.f.Excellent
	a.f.Good += b.f.Good
	a.f.Pass += b.f.Pass
	a.f.Fail += b.f.Fail
	a.f.Incomplete += b.f.Incomplete
	a.f.totalTenths += b.f.totalTenths
	a.bmiN += b.bmiN
	a.over += b.over
	a.obese += b.obese
	for i := range a.itemN {
		a.itemN[i] += b.itemN[i]
		a.itemPass[i] += b.itemPass[i]
	}
}

// aggColumns are the aggregates of one group: counts by rating, the total of 学年总分, the BMI
// counts (exempt students excluded) and, per item, how many were tested and passed (score ≥ 60).
func aggColumns() string {
	cols := []string{"COUNT(*)", "SUM(CASE WHEN r.exempt THEN 1 ELSE 0 END)"}
	for _, rt := range []Rating{RatingExcellent, RatingGood, RatingPass, RatingFail, RatingIncomplete} {
		cols = append(cols, "SUM(CASE WHEN r.rating = '"+string(rt)+"' THEN 1 ELSE 0 END)")
	}
	cols = append(cols, "COALESCE(SUM(r.total_score), 0)",
		"SUM(CASE WHEN r.bmi_category <> '' AND NOT r.exempt THEN 1 ELSE 0 END)",
		"SUM(CASE WHEN r.bmi_category = '超重' AND NOT r.exempt THEN 1 ELSE 0 END)",
		"SUM(CASE WHEN r.bmi_category = '肥胖' AND NOT r.exempt THEN 1 ELSE 0 END)")
	for it := VitalCapacity; it < NumItems; it++ {
		c := "r." + scoreColumns[it]
		cols = append(cols, "SUM(CASE WHEN "+c+" IS NOT NULL AND NOT r.exempt THEN 1 ELSE 0 END)",
			"SUM(CASE WHEN "+c+" >= 60 AND NOT r.exempt THEN 1 ELSE 0 END)")
	}
	return strings.Join(cols, ", ")
}

// aggDest are the scan targets of aggColumns.
func (a *acc) aggDest() []any {
	d := []any{&a.f.Records, &a.f.Exempt, &a.f.Excellent, &a.f.Good, &a.f.Pass, &a.f.Fail, &a.f.Incomplete, &a.f.totalTenths,
		&a.bmiN, &a.over, &a.obese}
	for it := VitalCapacity; it < NumItems; it++ {
		d = append(d, &a.itemN[it], &a.itemPass[it])
	}
	return d
}

func (a *acc) group(key, name string, year int) Group {
	f := a.f
	f.SchoolYear = year
	f.finish()
	g := Group{Key: key, Name: name, Figures: f, BMIMeasured: a.bmiN, Overweight: a.over, Obese: a.obese,
		OverweightRate: percent(a.over, a.bmiN), ObeseRate: percent(a.obese, a.bmiN), Items: []ItemRate{}}
	for it := VitalCapacity; it < NumItems; it++ {
		if a.itemN[it] > 0 {
			g.Items = append(g.Items, ItemRate{Item: it.Code(), Name: it.String(), Tested: a.itemN[it], Passed: a.itemPass[it],
				PassRate: percent(a.itemPass[it], a.itemN[it])})
		}
	}
	return g
}

// ComputeStats aggregates the standing results of a school year in a scope (district, zone or
// school) by grade and sex, grade, school, zone and (for one school) class, with the trend over
// the years on record and the district's targets.
func ComputeStats(ctx context.Context, q db.Querier, district string, year int, sc Scope) (Stats, error) {
	st := Stats{SchoolYear: year}
	// SQL tallies each (school, class, grade, sex) group; Go merges the groups.
	query := `SELECT r.school_id, COALESCE(s.zone_id, 0), COALESCE(r.class_id, 0), r.grade, r.sex, ` + aggColumns() + `
FROM fitness_results r JOIN schools s ON s.district_code = r.district_code AND s.id = r.school_id
WHERE r.district_code = ? AND r.school_year = ? AND r.standing = TRUE`
	args := []any{district, year}
	if sc.SchoolID != 0 {
		query += ` AND r.school_id = ?`
		args = append(args, sc.SchoolID)
	}
	if sc.ZoneID != 0 {
		query += ` AND s.zone_id = ?`
		args = append(args, sc.ZoneID)
	}
	query += ` GROUP BY r.school_id, COALESCE(s.zone_id, 0), COALESCE(r.class_id, 0), r.grade, r.sex`
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return st, err
	}
	var total acc
	type gsKey struct {
		grade int
		sex   string
	}
	byGS, byGrade := map[gsKey]*acc{}, map[int]*acc{}
	bySchool, byZone, byClass := map[int64]*acc{}, map[int64]*acc{}, map[int64]*acc{}
	get := func(m map[int64]*acc, k int64) *acc {
		a := m[k]
		if a == nil {
			a = &acc{}
			m[k] = a
		}
		return a
	}
	for rows.Next() {
		var school, zone, class int64
		var grade int
		var sex string
		var part acc
		if err := rows.Scan(append([]any{&school, &zone, &class, &grade, &sex}, part.aggDest()...)...); err != nil {
			rows.Close()
			return st, err
		}
		total.merge(&part)
		k := gsKey{grade, sex}
		if byGS[k] == nil {
			byGS[k] = &acc{}
		}
		byGS[k].merge(&part)
		if byGrade[grade] == nil {
			byGrade[grade] = &acc{}
		}
		byGrade[grade].merge(&part)
		get(bySchool, school).merge(&part)
		get(byZone, zone).merge(&part)
		if sc.SchoolID != 0 {
			get(byClass, class).merge(&part)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	st.Total = total.group("total", "合计", year)
	gsKeys := make([]gsKey, 0, len(byGS))
	for k := range byGS {
		gsKeys = append(gsKeys, k)
	}
	slices.SortFunc(gsKeys, func(a, b gsKey) int {
		return cmp.Or(cmp.Compare(a.grade, b.grade), cmp.Compare(sexOrder(a.sex), sexOrder(b.sex)))
	})
	for _, k := range gsKeys {
		st.ByGradeSex = append(st.ByGradeSex, byGS[k].group(itoa(k.grade)+"-"+k.sex, GradeName(k.grade)+k.sex, year))
	}
	grades := make([]int, 0, len(byGrade))
	for g := range byGrade {
		grades = append(grades, g)
	}
	slices.Sort(grades)
	for _, g := range grades {
		st.ByGrade = append(st.ByGrade, byGrade[g].group(itoa(g), GradeName(g), year))
	}
	names, err := loadNames(ctx, q, district, bySchool, byZone, byClass)
	if err != nil {
		return st, err
	}
	st.BySchool = groups(bySchool, names.schools, year)
	slices.SortStableFunc(st.BySchool, func(a, b Group) int {
		return cmp.Or(cmp.Compare(b.PassRate, a.PassRate), cmp.Compare(b.ExcellentGoodRate, a.ExcellentGoodRate),
			cmp.Compare(b.MeanTotal, a.MeanTotal), cmp.Compare(a.Name, b.Name))
	})
	for i := range st.BySchool {
		st.BySchool[i].Rank = i + 1
	}
	st.ByZone = groups(byZone, names.zones, year)
	slices.SortFunc(st.ByZone, func(a, b Group) int { return cmp.Compare(a.Name, b.Name) })
	st.ByClass = groups(byClass, names.classes, year)
	slices.SortFunc(st.ByClass, func(a, b Group) int { return cmp.Compare(a.Name, b.Name) })
	if st.Trend, err = Trend(ctx, q, district, year, sc); err != nil {
		return st, err
	}
	if st.Targets, err = CheckTargets(ctx, q, district, year, st.Total.Figures); err != nil {
		return st, err
	}
	return st, nil
}

func groups(m map[int64]*acc, names map[int64]string, year int) []Group {
	out := make([]Group, 0, len(m))
	for k, a := range m {
		name := names[k]
		if name == "" {
			name = "未分班"
		}
		out = append(out, a.group(itoa64(k), name, year))
	}
	return out
}

type nameMaps struct{ schools, zones, classes map[int64]string }

func loadNames(ctx context.Context, q db.Querier, district string, schools, zones, classes map[int64]*acc) (nameMaps, error) {
	n := nameMaps{map[int64]string{}, map[int64]string{}, map[int64]string{}}
	load := func(query string, into map[int64]string, want map[int64]*acc) error {
		if len(want) == 0 {
			return nil
		}
		rows, err := q.Query(ctx, query, district)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			if _, ok := want[id]; ok {
				into[id] = name
			}
		}
		return rows.Err()
	}
	if err := load(`SELECT id, name FROM schools WHERE district_code = ?`, n.schools, schools); err != nil {
		return n, err
	}
	if err := load(`SELECT id, name FROM zones WHERE district_code = ?`, n.zones, zones); err != nil {
		return n, err
	}
	if len(classes) > 0 {
		ids := make([]string, 0, len(classes))
		for id := range classes {
			if id != 0 {
				ids = append(ids, itoa64(id))
			}
		}
		if len(ids) > 0 {
			// IDs are integers from our own maps: safe to inline.
			if err := load(`SELECT id, name FROM classes WHERE district_code = ? AND id IN (`+strings.Join(ids, ",")+`)`, n.classes, classes); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// Trend returns the Figures of every school year on record up to year, oldest first, in one
// grouped query.
func Trend(ctx context.Context, q db.Querier, district string, year int, sc Scope) ([]Figures, error) {
	query := `SELECT r.school_year, ` + aggColumns() + ` FROM fitness_results r`
	args := []any{}
	if sc.ZoneID != 0 {
		query += ` JOIN schools s ON s.district_code = r.district_code AND s.id = r.school_id AND s.zone_id = ?`
		args = append(args, sc.ZoneID)
	}
	query += ` WHERE r.district_code = ? AND r.school_year <= ? AND r.standing = TRUE`
	args = append(args, district, year)
	if sc.SchoolID != 0 {
		query += ` AND r.school_id = ?`
		args = append(args, sc.SchoolID)
	}
	rows, err := q.Query(ctx, query+` GROUP BY r.school_year ORDER BY r.school_year`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Figures{}
	for rows.Next() {
		var y int
		var a acc
		if err := rows.Scan(append([]any{&y}, a.aggDest()...)...); err != nil {
			return nil, err
		}
		f := a.f
		f.SchoolYear = y
		f.finish()
		out = append(out, f)
	}
	return out, rows.Err()
}

// Years lists the school years with results, newest first.
func Years(ctx context.Context, q db.Querier, district string) ([]int, error) {
	rows, err := q.Query(ctx, `SELECT DISTINCT school_year FROM fitness_results WHERE district_code = ? ORDER BY school_year DESC`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int{}
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

func prefixed(p string, cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = p + c
	}
	return out
}

func sexOrder(s string) int {
	if s == "男" {
		return 0
	}
	return 1
}
