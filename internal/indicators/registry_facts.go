package indicators

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"

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
// facilities are those recorded for the year. The queries run one after the other on q (which
// may be a transaction); LoadFactsDB runs them side by side.
func LoadFacts(ctx context.Context, q db.Querier, district string, year int) (*RegistryFacts, error) {
	return loadFacts(ctx, q, district, year, 1)
}

// LoadFactsDB is LoadFacts on the read pool of d with the queries running concurrently, the
// students counted in one range of schools per core: on SQLite, counting 1,500,000 students is
// the bulk of the work and one connection counts on one core only.
func LoadFactsDB(ctx context.Context, d *db.DB, district string, year int) (*RegistryFacts, error) {
	return loadFacts(ctx, d.Read(), district, year, max(2, runtime.GOMAXPROCS(0)))
}

// classCount is the number of enrolled students of a class, or of a school and grade.
type classCount struct {
	school, class int64
	grade, n      int
}

type staffRow struct {
	school int64
	stage  string
	v      [10]float64
}

type classRow struct {
	id, school  int64
	grade, year int
}

// snapshot is what the registry holds independently of the school year asked for: the open
// schools, every class, the enrolled students per class (the registry keeps no past enrolment)
// and the serving staff.
type snapshot struct {
	schools    []School
	classes    map[int64]classRow
	counts     [][]classCount
	unassigned []classCount
	staff      []staffRow
}

func loadFacts(ctx context.Context, q db.Querier, district string, year, workers int) (*RegistryFacts, error) {
	snap, err := loadSnapshot(ctx, q, district, workers)
	if err != nil {
		return nil, err
	}
	return snap.facts(ctx, q, district, year)
}

// LoadFactsYearsDB loads the facts of several years, reading the year-independent part once.
func LoadFactsYearsDB(ctx context.Context, d *db.DB, district string, years []int) ([]*RegistryFacts, error) {
	snap, err := loadSnapshot(ctx, d.Read(), district, max(2, runtime.GOMAXPROCS(0)))
	if err != nil {
		return nil, err
	}
	out := make([]*RegistryFacts, 0, len(years))
	for _, y := range years {
		f, err := snap.facts(ctx, d.Read(), district, y)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func loadSnapshot(ctx context.Context, q db.Querier, district string, workers int) (*snapshot, error) {
	snap := &snapshot{}
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
		snap.schools = append(snap.schools, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	principals := make(map[int64]string, len(snap.schools))
	for _, s := range snap.schools {
		if s.Principal != "" {
			principals[s.ID] = s.Principal
		}
	}

	// Every class of the district (any year: a student's class tells the school and grade it counts
	// in), then the other queries side by side, the students counted per range of class ids.
	classList, err := loadClasses(ctx, q, district)
	if err != nil {
		return nil, err
	}
	snap.classes = make(map[int64]classRow, len(classList))
	classIDs := make([]int64, len(classList))
	for i, c := range classList {
		snap.classes[c.id] = c
		classIDs[i] = c.id
	}
	slices.Sort(classIDs)
	chunks := max(1, workers)
	snap.counts = make([][]classCount, chunks)
	var tasks []func() error
	for c := range chunks {
		lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
		if chunks > 1 && len(classIDs) > 0 {
			if c > 0 {
				lo = classIDs[c*len(classIDs)/chunks]
			}
			if c < chunks-1 {
				hi = classIDs[(c+1)*len(classIDs)/chunks] - 1
			}
		}
		tasks = append(tasks, func() error {
			var err error
			snap.counts[c], err = countByClass(ctx, q, district, lo, hi)
			return err
		})
	}
	tasks = append(tasks, func() error {
		var err error
		snap.unassigned, err = countUnassigned(ctx, q, district)
		return err
	}, func() error {
		var err error
		snap.staff, err = loadStaff(ctx, q, district, principals)
		return err
	})
	if err := runTasks(tasks, workers); err != nil {
		return nil, err
	}
	return snap, nil
}

// facts builds the facts of a year from the snapshot, the year's facilities and population.
func (snap *snapshot) facts(ctx context.Context, q db.Querier, district string, year int) (*RegistryFacts, error) {
	f := &RegistryFacts{Year: year, Whole: map[int64]SchoolFacts{}, StudentsByLevel: map[int64]map[Level]int{},
		Payroll: map[int64]int{}, school: map[int64]*School{}, Schools: slices.Clone(snap.schools)}
	for i := range f.Schools {
		f.school[f.Schools[i].ID] = &f.Schools[i]
	}
	facilities := map[int64]map[string]float64{}
	if err := loadFacilities(ctx, q, district, year, facilities); err != nil {
		return nil, err
	}
	err := q.QueryRow(ctx, `SELECT children_3_5 FROM indicator_population WHERE district_code = ? AND year = ?`, district, year).
		Scan(&f.ResidentChildren)
	switch {
	case err == nil:
		f.HasPopulation = true
	case !db.IsNoRows(err):
		return nil, err
	}
	classes := snap.classes

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
	classSize := make(map[int64]int, len(classes))
	for _, chunk := range snap.counts {
		for _, r := range chunk {
			c, ok := classes[r.class]
			if !ok {
				continue
			}
			if _, ok := f.school[c.school]; ok {
				students[partKey{c.school, gradeLevel(c.grade)}] += r.n
				classSize[r.class] += r.n
			}
		}
	}
	for _, r := range snap.unassigned {
		if _, ok := f.school[r.school]; ok {
			students[partKey{r.school, gradeLevel(r.grade)}] += r.n
		}
	}
	for id, c := range classes {
		if _, ok := f.school[c.school]; !ok || c.year != year {
			continue
		}
		m := agg(partKey{c.school, gradeLevel(c.grade)})
		m["classes"]++
		if classSize[id] <= ClassSizeLimit(c.grade) {
			m["compliant_classes"]++
		}
	}
	staffed := map[partKey]map[string]float64{}
	for _, r := range snap.staff {
		if _, ok := f.school[r.school]; !ok {
			continue
		}
		v := r.v
		f.Payroll[r.school] += int(v[9])
		k := partKey{r.school, stageLevel(r.stage)}
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
	f.assemble(parts, students, staffed, facilities)
	return f, nil
}

// runTasks runs the tasks, at most workers at a time, and returns the first error.
func runTasks(tasks []func() error, workers int) error {
	if workers <= 1 {
		for _, t := range tasks {
			if err := t(); err != nil {
				return err
			}
		}
		return nil
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	sem := make(chan struct{}, workers)
	for _, t := range tasks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := t(); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// countByClass counts the enrolled students of each class with an id in [lo, hi], in one pass
// over the covering index students_enrolled_classes (district, status, class_id, …).
func countByClass(ctx context.Context, q db.Querier, district string, lo, hi int64) ([]classCount, error) {
	rows, err := q.Query(ctx, `SELECT class_id, COUNT(*) FROM students
WHERE district_code = ? AND status = '在读' AND class_id >= ? AND class_id <= ? GROUP BY class_id`, district, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []classCount
	for rows.Next() {
		var r classCount
		if err := rows.Scan(&r.class, &r.n); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// countUnassigned counts the enrolled students without a class per school and grade (the front of
// the same index).
func countUnassigned(ctx context.Context, q db.Querier, district string) ([]classCount, error) {
	rows, err := q.Query(ctx, `SELECT school_id, grade, COUNT(*) FROM students
WHERE district_code = ? AND status = '在读' AND class_id IS NULL GROUP BY school_id, grade`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []classCount
	for rows.Next() {
		var r classCount
		if err := rows.Scan(&r.school, &r.grade, &r.n); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func loadClasses(ctx context.Context, q db.Querier, district string) ([]classRow, error) {
	rows, err := q.Query(ctx, `SELECT id, school_id, grade, school_year FROM classes WHERE district_code = ?`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []classRow
	for rows.Next() {
		var c classRow
		if err := rows.Scan(&c.id, &c.school, &c.grade, &c.year); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// loadStaff sums the serving staff per school and 学段: 专任教师, with the degree above the
// primary and the junior requirement, 骨干, PE and art, 教师资格证, 360 学时; 园长 (the school's
// principal) and 专任教师 with and without certificate; 在编. The GROUP BY follows the order of the
// covering index staff_serving_indicators, so nothing is sorted.
func loadStaff(ctx context.Context, q db.Querier, district string, principals map[int64]string) ([]staffRow, error) {
	type key struct {
		school int64
		stage  string
	}
	sums := map[key]*[10]float64{}
	rows, err := q.Query(ctx, `SELECT t.school_id, t.stage,
 SUM(CASE WHEN t.post = '专任教师' THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.education IN ('研究生', '本科', '专科') THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.education IN ('研究生', '本科') THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.backbone <> '' THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND (',' || t.subjects || ',' LIKE '%,体育,%' OR ',' || t.subjects || ',' LIKE '%,音乐,%'
   OR ',' || t.subjects || ',' LIKE '%,美术,%') THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.teacher_cert THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.post = '专任教师' AND t.training_hours >= ? THEN 1 ELSE 0 END),
 SUM(CASE WHEN t.on_payroll THEN 1 ELSE 0 END)
FROM staff t WHERE t.district_code = ? AND t.status = '在职' GROUP BY t.school_id, t.stage`, TrainingTarget, district)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k key
		var n [8]float64
		if err := rows.Scan(&k.school, &k.stage, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7]); err != nil {
			rows.Close()
			return nil, err
		}
		// 园长和专任教师 start with the teachers; the principals are added below.
		sums[k] = &[10]float64{n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[0], n[5], n[7]}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Principals (园长) who are not 专任教师: the 行政 members named as a school's principal, found
	// by name (staff_name: with only the district and the name constrained, no other index competes)
	// and matched to their own school here.
	rows, err = q.Query(ctx, `SELECT t.school_id, t.stage, t.name, t.status, t.post, t.teacher_cert FROM staff t WHERE t.district_code = ? AND t.name IN (SELECT s.principal FROM schools s WHERE s.district_code = ?)`, district, district)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var school int64
		var stage, name, status, post string
		var cert bool
		if err := rows.Scan(&school, &stage, &name, &status, &post, &cert); err != nil {
			rows.Close()
			return nil, err
		}
		if status != "在职" || post != "行政" {
			continue
		}
		if principals[school] != name {
			continue
		}
		k := key{school, stage}
		v := sums[k]
		if v == nil {
			v = &[10]float64{}
			sums[k] = v
		}
		v[7]++
		if cert {
			v[8]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]staffRow, 0, len(sums))
	for k, v := range sums {
		out = append(out, staffRow{school: k.school, stage: k.stage, v: *v})
	}
	return out, nil
}

func loadFacilities(ctx context.Context, q db.Querier, district string, year int, out map[int64]map[string]float64) error {
	rows, err := q.Query(ctx, `SELECT school_id, teaching_area, sports_area, equipment_value, multimedia_rooms, music_rooms, art_rooms, books
FROM facilities WHERE district_code = ? AND year = ?`, district, year)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var school int64
		var v [7]float64
		if err := rows.Scan(&school, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]); err != nil {
			return err
		}
		out[school] = map[string]float64{"teaching_area_m2": v[0], "sports_area_m2": v[1], "equipment_value_yuan": v[2],
			"multimedia_rooms": v[3], "music_rooms": v[4], "art_rooms": v[5], "books": v[6]}
	}
	return rows.Err()
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
