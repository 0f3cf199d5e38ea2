package indicators

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// School is a school of the district as the indicators see it.
type School struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Nature    string `json:"nature"`
	Inclusive bool   `json:"inclusive"`
	ZoneID    int64  `json:"zone_id"`
	Principal string `json:"-"`
}

// RegistryFacts are the registry's aggregates of a district for a school year, ready for the
// engine: one SchoolFacts per school and level (the parts of a 九年一贯制 school apart).
type RegistryFacts struct {
	Year    int
	Schools []School
	// Parts holds every school part with students, of every level, in school then level order.
	Parts []SchoolFacts
	// Whole holds the undivided aggregates per school (size, classes) for the 规模 check.
	Whole map[int64]SchoolFacts
	// StudentsByLevel and Payroll feed 编制.
	StudentsByLevel map[int64]map[Level]int
	Payroll         map[int64]int
	// ResidentChildren is the district's resident population aged 3–5 (0 when not entered).
	ResidentChildren int
	HasPopulation    bool

	school map[int64]*School
}

// SchoolByID returns a school of the facts.
func (f *RegistryFacts) SchoolByID(id int64) (School, bool) {
	s, ok := f.school[id]
	if !ok {
		return School{}, false
	}
	return *s, true
}

// District returns the parts of the given levels as the engine's district facts, with the
// resident population when entered.
func (f *RegistryFacts) District(levels ...Level) DistrictFacts {
	d := DistrictFacts{Schools: []SchoolFacts{}}
	for _, p := range f.Parts {
		for _, l := range levels {
			if p.Level == l {
				d.Schools = append(d.Schools, p)
			}
		}
	}
	if f.HasPopulation {
		d.Aggregates = map[string]float64{"resident_children_3_5": float64(f.ResidentChildren)}
	}
	return d
}

// gradeLevel is the level of a grade (幼儿园 grades are −2…0).
func gradeLevel(grade int) Level {
	switch {
	case grade <= 0:
		return LevelKindergarten
	case grade <= 6:
		return LevelPrimary
	case grade <= 9:
		return LevelJunior
	}
	return LevelSenior
}

// ClassSizeLimit is the largest compliant class of a grade: 幼儿园 小班 25, 中班 30, 大班 35
// (幼儿园工作规程); primary 45 and junior 50 (优质均衡 政府保障程度); senior 50.
func ClassSizeLimit(grade int) int {
	switch {
	case grade <= -2:
		return 25
	case grade == -1:
		return 30
	case grade == 0:
		return 35
	case grade <= 6:
		return 45
	}
	return 50
}

// stageLevel maps a staff member's 学段 to a level; "" for none (shared by the parts).
func stageLevel(stage string) Level {
	switch stage {
	case "kindergarten":
		return LevelKindergarten
	case "primary":
		return LevelPrimary
	case "junior":
		return LevelJunior
	case "senior", "vocational":
		return LevelSenior
	}
	return ""
}

// TrainingTarget is the 5-year training requirement (学时) of a teacher.
const TrainingTarget = 360

// partKey is a school part.
type partKey struct {
	school int64
	level  Level
}

// LoadFacts aggregates the registry of a district for a school year with one set of SQL for
// SQLite and PostgreSQL: enrolled students (在读) by school, grade and class; classes of the year;
// serving staff (在职) by school and 学段; the year's facilities; the resident population aged 3–5.
// Students are the registry's current enrolment (it keeps no history of past years); classes and
// facilities are those recorded for the year.
func LoadFacts(ctx context.Context, q db.Querier, district string, year int) (*RegistryFacts, error) {
	f := &RegistryFacts{Year: year, Whole: map[int64]SchoolFacts{}, StudentsByLevel: map[int64]map[Level]int{},
		Payroll: map[int64]int{}, school: map[int64]*School{}}
	rows, err := q.Query(ctx, `SELECT id, code, name, type, nature, inclusive, COALESCE(zone_id, 0), principal
FROM schools WHERE district_code = ? AND status = 'open' ORDER BY code`, district)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s School
		if err := rows.Scan(&s.ID, &s.Code, &s.Name, &s.Type, &s.Nature, &s.Inclusive, &s.ZoneID, &s.Principal); err != nil {
			rows.Close()
			return nil, err
		}
		f.Schools = append(f.Schools, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range f.Schools {
		f.school[f.Schools[i].ID] = &f.Schools[i]
	}

	parts := map[partKey]map[string]float64{}
	students := map[partKey]int{}
	agg := func(k partKey) map[string]float64 {
		m := parts[k]
		if m == nil {
			m = map[string]float64{}
			parts[k] = m
		}
		return m
	}

	// Classes of the year, and the students of each class.
	type class struct {
		school int64
		grade  int
	}
	classes := map[int64]class{}
	rows, err = q.Query(ctx, `SELECT id, school_id, grade FROM classes WHERE district_code = ? AND school_year = ?`, district, year)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var c class
		if err := rows.Scan(&id, &c.school, &c.grade); err != nil {
			rows.Close()
			return nil, err
		}
		classes[id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	classSize := make(map[int64]int, len(classes))
	rows, err = q.Query(ctx, `SELECT school_id, grade, class_id, COUNT(*) FROM students
WHERE district_code = ? AND status = '在读' GROUP BY school_id, grade, class_id`, district)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var school int64
		var grade, n int
		var classID sql.NullInt64
		if err := rows.Scan(&school, &grade, &classID, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if _, ok := f.school[school]; !ok {
			continue
		}
		k := partKey{school, gradeLevel(grade)}
		students[k] += n
		if classID.Valid {
			if _, ok := classes[classID.Int64]; ok {
				classSize[classID.Int64] += n
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for id, c := range classes {
		if _, ok := f.school[c.school]; !ok {
			continue
		}
		k := partKey{c.school, gradeLevel(c.grade)}
		m := agg(k)
		m["classes"]++
		if classSize[id] <= ClassSizeLimit(c.grade) {
			m["compliant_classes"]++
		}
	}

	// Serving staff by school and 学段.
	staffed := map[partKey]map[string]float64{}
	rows, err = q.Query(ctx, `SELECT t.school_id, t.stage,
 SUM(CASE WHEN t.post = '专任教师' THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.education IN ('研究生', '本科', '专科') THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.education IN ('研究生', '本科') THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.backbone <> '' THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND (',' || t.subjects || ',' LIKE '%,体育,%' OR ',' || t.subjects || ',' LIKE '%,音乐,%'
   OR ',' || t.subjects || ',' LIKE '%,美术,%') THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.teacher_cert THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.training_hours >= ? THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' OR (t.post = '行政' AND t.name = s.principal) THEN 1 ELSE 0 END),
 SUM(CASE WHEN (t.post = '专任教师' OR (t.post = '行政' AND t.name = s.principal)) AND t.teacher_cert THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.on_payroll THEN 1 ELSE 0 END)
FROM staff t JOIN schools s ON s.district_code = t.district_code AND s.id = t.school_id
WHERE t.district_code = ? AND t.status = '在职' GROUP BY t.school_id, t.stage`, TrainingTarget, district)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var school int64
		var stage string
		var v [10]float64
		if err := rows.Scan(&school, &stage, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]); err != nil {
			rows.Close()
			return nil, err
		}
		if _, ok := f.school[school]; !ok {
			continue
		}
		f.Payroll[school] += int(v[9])
		k := partKey{school, stageLevel(stage)}
		m := staffed[k]
		if m == nil {
			m = map[string]float64{}
			staffed[k] = m
		}
		m["full_time_teachers"] += v[0]
		m["degree_primary"] += v[1]
		m["degree_junior"] += v[2]
		m["backbone_teachers"] += v[3]
		m["pe_art_teachers"] += v[4]
		m["certified_teachers"] += v[5]
		m["trained_teachers"] += v[6]
		m["principals_and_teachers"] += v[7]
		m["certified_principals_and_teachers"] += v[8]
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Facilities of the year.
	facilities := map[int64]map[string]float64{}
	rows, err = q.Query(ctx, `SELECT school_id, teaching_area, sports_area, equipment_value, multimedia_rooms, music_rooms, art_rooms, books
FROM facilities WHERE district_code = ? AND year = ?`, district, year)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var school int64
		var v [7]float64
		if err := rows.Scan(&school, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]); err != nil {
			rows.Close()
			return nil, err
		}
		facilities[school] = map[string]float64{"teaching_area_m2": v[0], "sports_area_m2": v[1], "equipment_value_yuan": v[2],
			"multimedia_rooms": v[3], "music_rooms": v[4], "art_rooms": v[5], "books": v[6]}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	err = q.QueryRow(ctx, `SELECT children_3_5 FROM indicator_population WHERE district_code = ? AND year = ?`, district, year).
		Scan(&f.ResidentChildren)
	switch {
	case err == nil:
		f.HasPopulation = true
	case !db.IsNoRows(err):
		return nil, err
	}

	f.assemble(parts, students, staffed, facilities)
	return f, nil
}

// assemble builds the school parts: a part's own staff (by 学段), plus the staff without a 学段 of
// a part and the school's facilities apportioned among its parts by students.
func (f *RegistryFacts) assemble(parts map[partKey]map[string]float64, students map[partKey]int,
	staffed map[partKey]map[string]float64, facilities map[int64]map[string]float64) {
	levels := []Level{LevelKindergarten, LevelPrimary, LevelJunior, LevelSenior}
	for _, s := range f.Schools {
		total := 0
		byLevel := map[Level]int{}
		for _, l := range levels {
			if n := students[partKey{s.ID, l}]; n > 0 {
				byLevel[l] = n
				total += n
			}
		}
		f.StudentsByLevel[s.ID] = byLevel
		whole := SchoolFacts{ID: strconv.FormatInt(s.ID, 10), Name: s.Name, Type: s.Type, Students: total, Aggregates: map[string]float64{}}
		for _, l := range levels {
			for name, v := range parts[partKey{s.ID, l}] {
				whole.Aggregates[name] += v
			}
		}
		f.Whole[s.ID] = whole
		if total == 0 {
			continue
		}
		// Staff whose 学段 is none of the school's parts are shared like the buildings.
		shared := map[string]float64{}
		for k, m := range staffed {
			if k.school != s.ID {
				continue
			}
			if _, ok := byLevel[k.level]; ok {
				continue
			}
			for name, v := range m {
				shared[name] += v
			}
		}
		for name, v := range facilities[s.ID] {
			shared[name] += v
		}
		multi := len(byLevel) > 1
		for _, l := range levels {
			n, ok := byLevel[l]
			if !ok {
				continue
			}
			share := float64(n) / float64(total)
			a := map[string]float64{}
			for name, v := range parts[partKey{s.ID, l}] {
				a[name] = v
			}
			for name, v := range staffed[partKey{s.ID, l}] {
				a[name] += v
			}
			for name, v := range shared {
				a[name] += v * share
			}
			// 高于规定学历: 专科 and above in primary, 本科 and above elsewhere.
			if l == LevelPrimary {
				a["teachers_above_degree"] = a["degree_primary"]
			} else {
				a["teachers_above_degree"] = a["degree_junior"]
			}
			delete(a, "degree_primary")
			delete(a, "degree_junior")
			name := s.Name
			if multi {
				name += levelPartName[l]
			}
			if s.Type == "kindergarten" || l == LevelKindergarten {
				if s.Nature == "公办" {
					a["public_children"] = float64(n)
				}
				if s.Nature == "公办" || s.Inclusive {
					a["inclusive_children"] = float64(n)
				}
			}
			f.Parts = append(f.Parts, SchoolFacts{ID: whole.ID, Name: name, Type: s.Type, Level: l, Students: n, Aggregates: a})
		}
	}
}

// SchoolIDString is the engine's id of a school.
func SchoolIDString(id int64) string { return strconv.FormatInt(id, 10) }

// ParseSchoolID reads the engine's id of a school.
func ParseSchoolID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("学校代码 %q 无效", id)
	}
	return n, nil
}
