package excel

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/xuri/excelize/v2"
)

const benchRows, benchCols = 100_000, 25

func benchSpec() Spec {
	var cols []ColumnSpec
	for i := range benchCols {
		cols = append(cols, ColumnSpec{Key: fmt.Sprintf("c%02d", i), Title: fmt.Sprintf("字段%02d", i), Required: i < 5})
	}
	return Spec{Columns: cols}
}

// writeBenchBook streams a student-like sheet: a title row, a header and benchRows rows of
// benchCols cells (names, codes, dates, numbers).
func writeBenchBook(b *testing.B, path string) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"学生信息导入模板"}); err != nil {
		b.Fatal(err)
	}
	head := make([]any, benchCols)
	for i := range head {
		head[i] = fmt.Sprintf("字段%02d", i)
	}
	if err := sw.SetRow("A2", head); err != nil {
		b.Fatal(err)
	}
	row := make([]any, benchCols)
	for n := range benchRows {
		for i := range row {
			switch i % 5 {
			case 0:
				row[i] = fmt.Sprintf("学生%d", n)
			case 1:
				row[i] = fmt.Sprintf("1101052015%08d", n)
			case 2:
				row[i] = "2015-09-01"
			case 3:
				row[i] = n % 1000
			default:
				row[i] = "北京市海淀区中关村大街 1 号"
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+3)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReadRows opens a generated 100,000-row × 25-column sheet and reads every row.
// One op is the whole file; rows/s and allocations per row are reported.
func BenchmarkReadRows(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	writeBenchBook(b, path)
	spec := benchSpec()
	b.ReportAllocs()
	var peak, mallocs uint64
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	start := ms.Mallocs
	b.ResetTimer()
	for b.Loop() {
		r, err := Open(path, spec)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			row, ok := r.Next()
			if !ok {
				break
			}
			if len(row.Cells) != benchCols {
				b.Fatal("short row")
			}
			n++
		}
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
		if n != benchRows {
			b.Fatalf("read %d rows", n)
		}
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		_ = r.Close()
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms)
	mallocs = ms.Mallocs - start
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(benchRows)/sec, "rows/s")
	b.ReportMetric(float64(mallocs)/float64(b.N)/benchRows, "allocs/row")
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
}

// BenchmarkReadRowsExcelizeOnly is the floor under BenchmarkReadRows: the same file through
// excelize's row iterator alone, without header detection, blank-row skipping or Row maps.
func BenchmarkReadRowsExcelizeOnly(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	writeBenchBook(b, path)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if _, err := rows.Columns(rawCells); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchRows+2 {
			b.Fatalf("read %d rows", n)
		}
		_ = rows.Close()
		_ = f.Close()
	}
	b.ReportMetric(float64(benchRows)/(b.Elapsed().Seconds()/float64(b.N)), "rows/s")
}
