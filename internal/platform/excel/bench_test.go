package excel

import (
	"bytes"
	"fmt"
	"os"
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
	benchReader(b, path)
}

// benchReader opens the workbook at path with Reader and reads every row, once per op,
// reporting rows/s, allocations per row and the peak heap in use.
func benchReader(b *testing.B, path string) {
	spec := benchSpec()
	b.ReportAllocs()
	runtime.GC() // the heap figure is of reading, not of writing the book
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

// writeSharedStringsBook writes benchRows rows like BenchmarkReadRows, but laid out as Excel and
// WPS save them: strings in the shared strings part (two unique ones per row, one shared by all
// rows), numbers and date serials in <v>, style and span attributes. It writes the parts
// directly: excelize's stream writer writes inline strings, and its other functions keep the
// whole sheet in memory.
func writeSharedStringsBook(b *testing.B, path string) {
	var sheet, sst bytes.Buffer
	fmt.Fprintf(&sheet, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<worksheet xmlns="%s" xmlns:r="%s"><dimension ref="A1:Y%d"/><sheetData>`, nsMain, nsRel, benchRows+2)
	strs := []string{"学生信息导入模板", "北京市海淀区中关村大街 1 号"}
	for i := range benchCols {
		strs = append(strs, fmt.Sprintf("字段%02d", i))
	}
	fmt.Fprintf(&sheet, `<row r="1" spans="1:25"><c r="A1" s="1" t="s"><v>0</v></c></row><row r="2" spans="1:25">`)
	for i := range benchCols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		fmt.Fprintf(&sheet, `<c r="%s" s="2" t="s"><v>%d</v></c>`, cell, i+2)
	}
	sheet.WriteString(`</row>`)
	for n := range benchRows {
		fmt.Fprintf(&sheet, `<row r="%d" spans="1:25">`, n+3)
		name, id := len(strs), len(strs)+1
		strs = append(strs, fmt.Sprintf("学生%d", n), fmt.Sprintf("1101052015%08d", n))
		for i := range benchCols {
			cell, _ := excelize.CoordinatesToCellName(i+1, n+3)
			switch i % 5 {
			case 0:
				fmt.Fprintf(&sheet, `<c r="%s" t="s"><v>%d</v></c>`, cell, name)
			case 1:
				fmt.Fprintf(&sheet, `<c r="%s" s="3" t="s"><v>%d</v></c>`, cell, id)
			case 2:
				fmt.Fprintf(&sheet, `<c r="%s" s="4"><v>42248</v></c>`, cell)
			case 3:
				fmt.Fprintf(&sheet, `<c r="%s"><v>%d</v></c>`, cell, n%1000)
			default:
				fmt.Fprintf(&sheet, `<c r="%s" t="s"><v>1</v></c>`, cell)
			}
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	fmt.Fprintf(&sst, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="%s" count="%d" uniqueCount="%d">`, nsMain, len(strs), len(strs))
	for _, s := range strs {
		fmt.Fprintf(&sst, `<si><t>%s</t></si>`, s)
	}
	sst.WriteString(`</sst>`)
	book := deflatedParts(b, bookBytes(b, func(f *excelize.File) {
		for i := 1; i <= 4; i++ {
			_, _ = f.NewStyle(&excelize.Style{NumFmt: 14 + i})
		}
	}), map[string][]byte{"xl/worksheets/sheet1.xml": sheet.Bytes(), "xl/sharedStrings.xml": sst.Bytes()})
	if err := os.WriteFile(path, book, 0o600); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReadRowsSharedStrings is BenchmarkReadRows on a workbook laid out as Excel saves it.
func BenchmarkReadRowsSharedStrings(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	writeSharedStringsBook(b, path)
	benchReader(b, path)
}

// BenchmarkReadRowsExcelizeOnly is the reading BenchmarkReadRows did before the worksheet
// scanner: the same files through excelize's row iterator alone, without header detection,
// blank-row skipping or Row maps.
func BenchmarkReadRowsExcelizeOnly(b *testing.B) {
	for _, layout := range []struct {
		name  string
		write func(*testing.B, string)
	}{{"inline", writeBenchBook}, {"shared", writeSharedStringsBook}} {
		b.Run(layout.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "bench.xlsx")
			layout.write(b, path)
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
		})
	}
}
