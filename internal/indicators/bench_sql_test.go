package indicators

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// cityDBVersion names the generated benchmark database; change it when the generator changes.
const cityDBVersion = "v3"

// openCityDB opens (generating it on first use, which takes about a minute) a SQLite database of a
// city of 2,000 schools and 1,500,000 enrolled students: 600 kindergartens, 800 primary, 400 junior,
// 150 九年一贯制 schools and 50 教学点, with classes of the year, about 110,000 staff and the year's
// facilities. It is kept in the system's temporary directory between runs.
func openCityDB(b *testing.B) *db.DB {
	b.Helper()
	path := filepath.Join(os.TempDir(), "edubureau-indicators-city-"+cityDBVersion+".db")
	ctx := context.Background()
	_, statErr := os.Stat(path)
	d, err := db.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if statErr == nil {
		return d
	}
	if err := d.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if err := generateCity(ctx, d); err != nil {
		os.Remove(path)
		b.Fatal(err)
	}
	return d
}

func generateCity(ctx context.Context, d *db.DB) error {
	rng := rand.New(rand.NewPCG(7, 11))
	type plan struct {
		typ        string
		n          int
		min, max   int
		firstGrade int
		grades     int
	}
	plans := []plan{
		{"kindergarten", 600, 60, 480, -2, 3}, {"primary", 800, 200, 2300, 1, 6}, {"junior", 400, 300, 2200, 7, 3},
		{"nine_year", 150, 600, 2800, 1, 9}, {"teaching_point", 50, 10, 120, 1, 6},
	}
	type school struct {
		p    plan
		size float64
	}
	var raw []school
	total := 0.0
	for _, p := range plans {
		for range p.n {
			s := float64(p.min + rng.IntN(p.max-p.min+1))
			raw = append(raw, school{p, s})
			total += s
		}
	}
	const district = "339901"
	return d.Tx(ctx, func(q db.Querier) error {
		now := db.Now()
		schools := db.NewBatch(q, "schools", []string{"district_code", "id", "code", "name", "type", "nature", "inclusive", "principal",
			"created_at", "updated_at"}, "", 500)
		classes := db.NewBatch(q, "classes", []string{"district_code", "id", "school_id", "school_year", "grade", "number", "name", "created_at"}, "", 2000)
		students := db.NewBatch(q, "students", []string{"district_code", "id", "student_no", "name", "sex", "birth_date", "school_id",
			"grade", "class_id", "created_at", "updated_at"}, "", 2000)
		staff := db.NewBatch(q, "staff", []string{"district_code", "id", "staff_no", "name", "sex", "birth_date", "education", "post",
			"subjects", "backbone", "on_payroll", "teacher_cert", "school_id", "joined_school_on", "training_hours", "stage", "created_at",
			"updated_at"}, "", 1000)
		facilities := db.NewBatch(q, "facilities", []string{"district_code", "school_id", "year", "teaching_area", "sports_area",
			"equipment_value", "multimedia_rooms", "music_rooms", "art_rooms", "books", "updated_at"}, "", 500)
		stuSeq, staffSeq := 0, 0
		for i, s := range raw {
			id := db.NewID()
			n := max(1, int(s.size*1_500_000/total))
			if i == len(raw)-1 {
				n = 1_500_000 - stuSeq
			}
			nature, inclusive := "公办", false
			if s.p.typ == "kindergarten" && rng.IntN(3) == 0 {
				nature, inclusive = "民办", rng.IntN(2) == 0
			}
			code := fmt.Sprintf("33%08d", i)
			if err := schools.Add(ctx, district, id, code, fmt.Sprintf("第%d学校", i), s.p.typ, nature, inclusive, "校长"+code, now, now); err != nil {
				return err
			}
			if err := schools.Flush(ctx); err != nil {
				return err
			}
			perGrade := n / s.p.grades
			levels := map[string]int{}
			type class struct {
				id           int64
				grade, count int
			}
			var made []class
			for g := 0; g < s.p.grades; g++ {
				grade := s.p.firstGrade + g
				count := perGrade
				if g == s.p.grades-1 {
					count = n - perGrade*(s.p.grades-1)
				}
				size := 45
				if grade <= 0 {
					size = 30
				}
				for c := 0; count > 0; c++ {
					cid := db.NewID()
					if err := classes.Add(ctx, district, cid, id, 2026, grade, c+1, fmt.Sprintf("%d-%d", grade, c+1), now); err != nil {
						return err
					}
					k := min(count, size+rng.IntN(7)-2)
					made = append(made, class{cid, grade, k})
					count -= k
				}
				levels[string(gradeLevel(grade))] += perGrade
			}
			if err := classes.Flush(ctx); err != nil {
				return err
			}
			for _, c := range made {
				for range c.count {
					stuSeq++
					if err := students.Add(ctx, district, db.NewID(), fmt.Sprintf("G%08d", stuSeq), "学生", "男", "2015-01-01", id, c.grade, c.id, now, now); err != nil {
						return err
					}
				}
			}
			for stage, m := range levels {
				teachers := max(1, m/14)
				for t := range teachers {
					staffSeq++
					edu := []string{"研究生", "本科", "本科", "专科", "高中及以下"}[rng.IntN(5)]
					subj := []string{"语文", "数学", "英语", "体育", "音乐", "美术", "科学"}[rng.IntN(7)]
					backbone := ""
					if rng.IntN(10) == 0 {
						backbone = "县级"
					}
					if err := staff.Add(ctx, district, db.NewID(), fmt.Sprintf("T%08d", staffSeq), "教师", "女", "1985-01-01", edu, "专任教师",
						subj, backbone, t%10 != 0, rng.IntN(20) != 0, id, "2015-09-01", rng.IntN(500), stage, now, now); err != nil {
						return err
					}
				}
			}
			f := float64(n)
			around := func(x float64) float64 { return x * f * (0.8 + 0.45*rng.Float64()) }
			if err := facilities.Add(ctx, district, id, 2026, around(5), around(9), around(2400), int(around(0.025)), 2, 2, int(around(30)), now); err != nil {
				return err
			}
		}
		for _, bt := range []*db.Batch{schools, classes, students, staff, facilities} {
			if err := bt.Flush(ctx); err != nil {
				return err
			}
		}
		_, err := q.Exec(ctx, `INSERT INTO indicator_population (district_code, year, children_3_5, source, updated_at) VALUES (?, 2026, 260000, '基准测试', ?)`,
			district, now)
		return err
	})
}

// BenchmarkEvaluateYearSQLite: every 优质均衡 (资源配置 and 政府保障程度) and 普及普惠 indicator for every
// school and the district, with 编制, from the registry of a city of 2,000 schools and 1,500,000
// students on SQLite: the SQL aggregation and the evaluation.
func BenchmarkEvaluateYearSQLite(b *testing.B) {
	d := openCityDB(b)
	ctx := context.Background()
	ev, err := EvaluateYearDB(ctx, d, "339901", 2026)
	if err != nil {
		b.Fatal(err)
	}
	students := 0
	for _, p := range ev.Facts.Parts {
		students += p.Students
	}
	if len(ev.Facts.Schools) != 2000 || students != 1_500_000 {
		b.Fatalf("city: %d schools, %d students", len(ev.Facts.Schools), students)
	}
	b.ReportMetric(float64(len(ev.Balance.Schools)), "parts")
	cpu0, n := cpuTime(), 0
	for b.Loop() {
		if _, err := EvaluateYearDB(ctx, d, "339901", 2026); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
}

// cpuTime is the process's user and system CPU time: on a machine shared with other work, CPU
// time per operation says what the work costs better than wall time does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLoadFactsSQLite is the SQL aggregation alone.
func BenchmarkLoadFactsSQLite(b *testing.B) {
	d := openCityDB(b)
	ctx := context.Background()
	cpu0, n := cpuTime(), 0
	for b.Loop() {
		if _, err := LoadFactsDB(ctx, d, "339901", 2026); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
}

// BenchmarkScanStudentsSQLite is the floor for comparison: one count of the enrolled students over
// the same covering index, on one connection.
func BenchmarkScanStudentsSQLite(b *testing.B) {
	d := openCityDB(b)
	ctx := context.Background()
	cpu0, runs := cpuTime(), 0
	for b.Loop() {
		runs++
		var n int
		if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM students WHERE district_code = ? AND status = '在读'`, "339901").Scan(&n); err != nil {
			b.Fatal(err)
		}
		if n != 1_500_000 {
			b.Fatalf("%d students", n)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(runs), "cpu-ms/op")
}
