package fitness

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/jobs"
)

// nationalHeader is the header row of the national template, in order.
var nationalHeader = []string{"年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址", "身高", "体重",
	"肺活量", "50米跑", "立定跳远", "坐位体前屈", "800米跑", "1000米跑", "一分钟仰卧起坐", "引体向上", "一分钟跳绳", "50米×8往返跑", "免测原因", "补测"}

func writeBook(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f := excelize.NewFile()
	all := append([][]string{nationalHeader}, rows...)
	for i, r := range all {
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// row builds a template row: grade code, 学籍号, sex code and the measures by title.
func row(grade, no, sex string, m map[string]string) []string {
	r := make([]string, len(nationalHeader))
	r[0], r[3], r[6] = grade, no, sex
	for i, h := range nationalHeader {
		if v, ok := m[h]; ok {
			r[i] = v
		}
	}
	return r
}

func newTestService(t *testing.T, w *world) *Service {
	runner := jobs.NewRunner(w.d, t.TempDir(), slog.New(slog.DiscardHandler), 1)
	t.Cleanup(runner.Close)
	s := &Service{DB: w.d, Keys: w.keys, Audit: audit.New(w.d, make([]byte, 32)), Jobs: runner}
	runner.Register(ImportKind, jobs.Kind{Name: "导入", Run: s.runImport})
	runner.Register(ExportKind, jobs.Kind{Name: "导出", Run: s.runExport})
	return s
}

func (s *Service) runJob(t *testing.T, kind string, params any) jobs.Job {
	t.Helper()
	j, err := s.Jobs.Start(context.Background(), testDistrict, 1, kind, params)
	if err != nil {
		t.Fatal(err)
	}
	s.Jobs.Wait()
	j, err = s.Jobs.Get(context.Background(), testDistrict, 1, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

var staffActor = ActorRecord{UserID: 1, Username: "staff", Role: access.Staff, District: testDistrict,
	Grants: []string{access.FitnessRead, access.FitnessWrite, access.PIIReveal}}

func studentNo(t *testing.T, d *db.DB, id int64) string {
	var no string
	if err := d.Read().QueryRow(context.Background(), `SELECT student_no FROM students WHERE id = ?`, id).Scan(&no); err != nil {
		t.Fatal(err)
	}
	return no
}

func TestImportExportNationalTemplate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		s := newTestService(t, w)
		boy, girl, ex := w.student(t, w.schoolA, 1, "男"), w.student(t, w.schoolA, 1, "女"), w.student(t, w.schoolA, 1, "男")
		other := w.student(t, w.schoolB, 1, "男")
		dir := t.TempDir()

		// A file with errors writes nothing and names every bad cell.
		bad := filepath.Join(dir, "bad.xlsx")
		writeBook(t, bad, [][]string{
			row("11", studentNo(t, d, boy), "1", map[string]string{"身高": "120", "体重": "23", "肺活量": "1350", "50米跑": "10.5", "坐位体前屈": "12.5", "一分钟跳绳": "120"}),
			row("11", studentNo(t, d, other), "1", map[string]string{"身高": "120"}),
			row("11", studentNo(t, d, girl), "1", map[string]string{"身高": "1.2"}),
			row("99", studentNo(t, d, ex), "1", map[string]string{"一分钟跳绳": "abc"}),
		})
		j := s.runJob(t, ImportKind, ImportParams{SchoolID: w.schoolA, SchoolYear: 2025, Path: bad, FileName: "bad.xlsx", Actor: staffActor})
		if j.Status != jobs.Failed || !strings.Contains(j.Error, "未导入任何数据") || j.ResultName == "" {
			t.Fatalf("bad file: %+v", j)
		}
		for _, want := range []string{"第 3 行 D 列（学籍号）", "不是本校学生"} {
			if !strings.Contains(j.Error, want) {
				t.Errorf("error %q lacks %q", j.Error, want)
			}
		}
		var n int
		if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM fitness_results`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("rows written from a bad file: %d %v", n, err)
		}

		// A clean file: times in several notations, an exemption, then a 补测 in a second file.
		good := filepath.Join(dir, "good.xlsx")
		writeBook(t, good, [][]string{
			row("11", studentNo(t, d, boy), "1", map[string]string{"身高": "120", "体重": "23", "肺活量": "1350", "50米跑": "10.5", "坐位体前屈": "12.5", "一分钟跳绳": "120"}),
			row("11", studentNo(t, d, girl), "2", map[string]string{"身高": "118", "体重": "45", "肺活量": "300", "50米跑": "15", "坐位体前屈": "-10", "一分钟跳绳": "5"}),
			row("11", studentNo(t, d, ex), "1", map[string]string{"免测原因": "先天性心脏病"}),
		})
		j = s.runJob(t, ImportKind, ImportParams{SchoolID: w.schoolA, SchoolYear: 2025, Path: good, FileName: "good.xlsx", Actor: staffActor})
		if j.Status != jobs.Succeeded {
			t.Fatalf("good file: %+v", j)
		}
		f, err := YearFigures(ctx, d.Read(), testDistrict, 2025, Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Records != 3 || f.Exempt != 1 || f.Excellent != 1 || f.Fail != 1 {
			t.Fatalf("after import: %+v", f)
		}
		retest := filepath.Join(dir, "retest.xlsx")
		writeBook(t, retest, [][]string{
			row("11", studentNo(t, d, girl), "2", map[string]string{"身高": "118", "体重": "23", "肺活量": "1400", "50米跑": "10.0", "坐位体前屈": "15",
				"一分钟跳绳": "120", "补测": "是"}),
		})
		j = s.runJob(t, ImportKind, ImportParams{SchoolID: w.schoolA, SchoolYear: 2025, Path: retest, FileName: "retest.xlsx", Actor: staffActor})
		if j.Status != jobs.Succeeded {
			t.Fatalf("retest file: %+v", j)
		}
		if f, _ = YearFigures(ctx, d.Read(), testDistrict, 2025, Scope{}); f.Records != 3 || f.Fail != 0 {
			t.Fatalf("after 补测: %+v", f)
		}

		// Export in the national layout and import the export as another year: same results.
		j = s.runJob(t, ExportKind, ExportParams{SchoolID: w.schoolA, SchoolYear: 2025, Actor: staffActor})
		if j.Status != jobs.Succeeded {
			t.Fatalf("export: %+v", j)
		}
		path := filepath.Join(s.Jobs.Dir(), testDistrict, fmt.Sprint(j.ID), j.ResultName)
		j = s.runJob(t, ImportKind, ImportParams{SchoolID: w.schoolA, SchoolYear: 2024, Path: path, FileName: "export.xlsx", Actor: staffActor})
		if j.Status != jobs.Succeeded {
			t.Fatalf("re-import of the export: %+v", j)
		}
		g, _ := YearFigures(ctx, d.Read(), testDistrict, 2024, Scope{})
		if g.Tested != f.Tested || g.Excellent != f.Excellent || g.MeanTotal != f.MeanTotal {
			t.Errorf("round trip: 2025 %+v, 2024 %+v", f, g)
		}
	})
}
