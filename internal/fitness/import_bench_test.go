package fitness

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/jobs"
)

// BenchmarkImport100k imports 100,000 results of one school in the national layout (every
// primary grade, both sexes, times written as 3'35"-style and seconds) through the import job:
// reading, checking, scoring, one transaction, settling 补测. Run it once:
//
//	go test -run='^$' -bench=Import100k -benchtime=1x ./internal/fitness/
func BenchmarkImport100k(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	d := dbtest.SQLite(b)
	w := newWorld(b, d)
	keys := w.keys
	dir := b.TempDir()
	// 100,000 registry students in school A.
	nos := make([]string, n)
	sexes := make([]string, n)
	err := d.Tx(ctx, func(q db.Querier) error {
		batch := db.NewBatch(q, "students", []string{"district_code", "id", "student_no", "name", "sex", "birth_date", "school_id", "grade",
			"created_at", "updated_at"}, "", 1000)
		for i := range n {
			nos[i] = fmt.Sprintf("G33010220150101%04d%d", i%10000, i/10000)
			sexes[i] = []string{"男", "女"}[i%2]
			if err := batch.Add(ctx, testDistrict, db.NewID(), nos[i], "学生", sexes[i], "2016-01-01", w.schoolA, 1+i%6, db.Now(), db.Now()); err != nil {
				return err
			}
		}
		return batch.Flush(ctx)
	})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "results.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	header := make([]any, len(nationalHeader))
	for i, h := range nationalHeader {
		header[i] = h
	}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		grade := 1 + i%6
		m := map[string]string{"身高": fmt.Sprint(110 + grade*5 + i%7), "体重": fmt.Sprint(20 + grade*2 + i%5), "肺活量": fmt.Sprint(900 + grade*150 + i%300),
			"50米跑": fmt.Sprintf("%.1f", 11.5-float64(grade)*0.3+float64(i%10)/10), "坐位体前屈": fmt.Sprintf("%.1f", float64(i%20)-2),
			"一分钟跳绳": fmt.Sprint(60 + grade*10 + i%50)}
		if grade >= 3 {
			m["一分钟仰卧起坐"] = fmt.Sprint(20 + i%30)
		}
		if grade >= 5 {
			m["50米×8往返跑"] = fmt.Sprintf("1'%02d\"", 40+i%20)
		}
		sex := "1"
		if sexes[i] == "女" {
			sex = "2"
		}
		r := row(GradeCode(grade), nos[i], sex, m)
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	runner := jobs.NewRunner(d, b.TempDir(), slog.New(slog.DiscardHandler), 1)
	defer runner.Close()
	s := &Service{DB: d, Keys: keys, Audit: audit.New(d, make([]byte, 32)), Jobs: runner}
	runner.Register(ImportKind, jobs.Kind{Name: "导入", Run: s.runImport})
	b.ResetTimer()
	for b.Loop() {
		j, err := runner.Start(ctx, testDistrict, 1, ImportKind, ImportParams{SchoolID: w.schoolA, SchoolYear: 2025, Path: copyFile(b, path),
			FileName: "results.xlsx", Actor: staffActor})
		if err != nil {
			b.Fatal(err)
		}
		runner.Wait()
		if j, _ = runner.Get(ctx, testDistrict, 1, j.ID); j.Status != jobs.Succeeded {
			b.Fatalf("import: %+v", j)
		}
	}
	b.StopTimer()
	var count int
	if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM fitness_results`).Scan(&count); err != nil || count != n {
		b.Fatalf("stored %d results (%v)", count, err)
	}
	b.ReportMetric(float64(n)/(b.Elapsed().Seconds()/float64(b.N)), "rows/s")
}

// copyFile copies the workbook for one run (the import job removes its upload).
func copyFile(b *testing.B, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "upload.xlsx")
	if err := os.WriteFile(out, data, 0o600); err != nil {
		b.Fatal(err)
	}
	return out
}
