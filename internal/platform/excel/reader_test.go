package excel

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// studentSpec is a small import spec in the shape the registry uses.
var studentSpec = Spec{Columns: []ColumnSpec{
	{Key: "name", Title: "姓名", Required: true},
	{Key: "sex", Title: "性别", Required: true, Choices: []string{"男", "女"}},
	{Key: "id", Title: "身份证号", Aliases: []string{"公民身份号码"}, Required: true, Text: true, Note: "18 位，末位可以是 X"},
	{Key: "birth", Title: "出生日期"},
	{Key: "phone", Title: "监护人电话", Text: true},
}}

// book writes a workbook built by build to dir/name and returns its path.
func book(t testing.TB, name string, build func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	build(f)
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// rowsBook writes rows of values from A1 of Sheet1.
func rowsBook(t testing.TB, rows ...[]any) string {
	t.Helper()
	return book(t, "book.xlsx", func(f *excelize.File) {
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// patchZip rewrites one entry of a zip file.
func patchZip(t testing.TB, path, entry string, edit func([]byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		_ = rc.Close()
		if f.Name == entry {
			b = edit(b)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	_ = zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// setCellXML replaces the XML of one cell of Sheet1, to store values the way Excel does (a number
// in scientific notation, a cached formula error) rather than the way excelize writes them.
func setCellXML(t testing.TB, path, ref, xml string) {
	t.Helper()
	re := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`)
	patchZip(t, path, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		if !re.Match(b) {
			t.Fatalf("cell %s not found", ref)
		}
		return re.ReplaceAll(b, []byte(xml))
	})
}

func fixture(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustOpen(t testing.TB, path string, spec Spec) *Reader {
	t.Helper()
	r, err := Open(path, spec)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

func readAll(t testing.TB, r *Reader) []Row {
	t.Helper()
	var out []Row
	for {
		row, ok := r.Next()
		if !ok {
			break
		}
		out = append(out, row)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var header = []any{"姓名", "性别", "身份证号", "出生日期", "监护人电话"}

// ---------------------------------------------------------------------------------------------
// Cell traps

func TestReadScientificNotationID(t *testing.T) {
	path := rowsBook(t, header,
		[]any{"张三", "男", 0.0, "2015-09-01", "13800000000"},
		[]any{"李四", "女", "110105201509011221", "2015-09-01", 13800000001.0},
	)
	// Excel stores an 18-digit number typed into a General cell like this.
	setCellXML(t, path, "C2", `<c r="C2"><v>1.10105200001011E+17</v></c>`)
	r := mustOpen(t, path, studentSpec)
	rows := readAll(t, r)
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	_, err := IDLike(rows[0].Cells["id"])
	want := "第 2 行 C 列（身份证号）：被 Excel 转成了科学计数法（1.10105E+17），后几位已丢失：请把该列设为文本格式后重新输入"
	if err == nil || r.ErrorAt(rows[0].Number, "id", err).Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if id, err := IDLike(rows[1].Cells["id"]); err != nil || id != "110105201509011221" {
		t.Errorf("text ID: %q %v", id, err)
	}
	// A phone typed as a number is read with all its digits.
	if p, err := Phone(rows[1].Cells["phone"]); err != nil || p != "13800000001" {
		t.Errorf("numeric phone: %q %v", p, err)
	}
}

func TestReadFullWidthAndSpaces(t *testing.T) {
	path := rowsBook(t, []any{" 姓名 ", "性别\u3000", "身份证号\n（18位）", "出生日期", "监护人电话"},
		[]any{"\u3000张　三\u00a0", " 男", "１１０１０５２０１５０９０１１２２１\u200b", "２０１５年９月１日", "138 0000 0000"},
	)
	r := mustOpen(t, path, studentSpec)
	rows := readAll(t, r)
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	c := rows[0].Cells
	if v, _ := Text(c["name"]); v != "张三" {
		t.Errorf("name %q", v)
	}
	if v, _ := Enum(c["sex"], map[string]string{"1": "男", "2": "女"}); v != "1" {
		t.Errorf("sex %q", v)
	}
	if v, _ := IDLike(c["id"]); v != "110105201509011221" {
		t.Errorf("id %q", v)
	}
	if v, _ := r.Date(c["birth"]); !v.Equal(day(2015, 9, 1)) {
		t.Errorf("birth %v", v)
	}
	if v, _ := Phone(c["phone"]); v != "13800000000" {
		t.Errorf("phone %q", v)
	}
}

func TestReadDates(t *testing.T) {
	path := book(t, "dates.xlsx", func(f *excelize.File) {
		_ = f.SetSheetRow("Sheet1", "A1", &header)
		rows := [][]any{
			{"甲", "男", "110105201509011221", time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC)}, // a date cell
			{"乙", "男", "110105201509011221", 42248},                                       // a serial typed as a number
			{"丙", "男", "110105201509011221", "2015/9/1"},                                  // text
			{"丁", "男", "110105201509011221", "2015年9月1日"},
			{"戊", "男", "110105201509011221", "9/1/2015"},
			{"己", "男", "110105201509011221", "2015-02-29"},
		}
		for i, r := range rows {
			_ = f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &r)
		}
		st, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		_ = f.SetCellStyle("Sheet1", "D3", "D3", st)
	})
	r := mustOpen(t, path, studentSpec)
	rows := readAll(t, r)
	for _, row := range rows[:4] {
		d, err := r.Date(row.Cells["birth"])
		if err != nil || !d.Equal(day(2015, 9, 1)) {
			t.Errorf("row %d %q: %v %v", row.Number, row.Cells["birth"], d, err)
		}
	}
	wants := []string{
		"第 6 行 D 列（出生日期）：无法确定“9/1/2015”是 9 月 1 日还是 1 月 9 日：请写成 年-月-日，如 2015-09-01",
		"第 7 行 D 列（出生日期）：2015 年 2 月没有 29 日",
	}
	for i, row := range rows[4:] {
		_, err := r.Date(row.Cells["birth"])
		if err == nil || r.ErrorAt(row.Number, "birth", err).Error() != wants[i] {
			t.Errorf("got %v\nwant %s", err, wants[i])
		}
	}
}

func TestRead1904(t *testing.T) {
	path := book(t, "mac.xlsx", func(f *excelize.File) {
		yes := true
		_ = f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes})
		_ = f.SetSheetRow("Sheet1", "A1", &header)
		_ = f.SetSheetRow("Sheet1", "A2", &[]any{"甲", "男", "110105201509011221", 40786})
	})
	r := mustOpen(t, path, studentSpec)
	if !r.Date1904() {
		t.Fatal("1904 system not detected")
	}
	rows := readAll(t, r)
	if d, err := r.Date(rows[0].Cells["birth"]); err != nil || !d.Equal(day(2015, 9, 1)) {
		t.Errorf("1904 serial: %v %v", d, err)
	}
}

func TestReadFormulaError(t *testing.T) {
	path := rowsBook(t, header, []any{"甲", "男", "x", "2015-09-01"})
	setCellXML(t, path, "C2", `<c r="C2" t="e"><f>VLOOKUP(A2,[户籍.xlsx]Sheet1!A:B,2,0)</f><v>#N/A</v></c>`)
	r := mustOpen(t, path, studentSpec)
	rows := readAll(t, r)
	_, err := IDLike(rows[0].Cells["id"])
	want := "第 2 行 C 列（身份证号）：是公式计算出错的结果（#N/A），请改为实际的值（可复制后“选择性粘贴”为数值）"
	if err == nil || r.ErrorAt(2, "id", err).Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestReadRowsSkipsBlankAndKeepsNumbers(t *testing.T) {
	path := book(t, "gaps.xlsx", func(f *excelize.File) {
		_ = f.SetSheetRow("Sheet1", "A1", &header)
		_ = f.SetSheetRow("Sheet1", "A2", &[]any{"甲", "男"})
		_ = f.SetSheetRow("Sheet1", "A3", &[]any{" ", "\u3000", "\u200b"}) // looks empty
		_ = f.SetSheetRow("Sheet1", "A5", &[]any{"乙", "女"})
		_ = f.SetCellStr("Sheet1", "C1000", "110105201509011221")
		st, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
		_ = f.SetCellStyle("Sheet1", "A6", "E6", st) // formatted but empty
	})
	r := mustOpen(t, path, studentSpec)
	rows := readAll(t, r)
	var nums []int
	for _, row := range rows {
		nums = append(nums, row.Number)
	}
	if fmt.Sprint(nums) != "[2 5 1000]" {
		t.Fatalf("row numbers %v", nums)
	}
	if rows[2].Cells["id"] != "110105201509011221" || rows[2].Cells["name"] != "" {
		t.Errorf("row 1000 cells %v", rows[2].Cells)
	}
	if _, ok := rows[0].Cells["phone"]; !ok {
		t.Error("a column of the header must be in Cells even when the row is short")
	}
	if r.CellRef(12, "id") != "C12" || r.CellRef(12, "nope") != "" {
		t.Errorf("CellRef %q", r.CellRef(12, "id"))
	}
}

// ---------------------------------------------------------------------------------------------
// Header

func TestHeaderBelowTitleAndNotes(t *testing.T) {
	path := book(t, "title.xlsx", func(f *excelize.File) {
		_ = f.SetCellStr("Sheet1", "A1", "2025 学年学生信息")
		_ = f.MergeCell("Sheet1", "A1", "E1")
		_ = f.SetCellStr("Sheet1", "A2", "填写说明：带 * 的为必填项；身份证号请设为文本格式。")
		_ = f.MergeCell("Sheet1", "A2", "E2")
		_ = f.SetSheetRow("Sheet1", "A3", &[]any{"序号", "*姓名", "性别*", "身份证号（必填）", "出生日期", "监护人电话", "错误说明"})
		_ = f.SetSheetRow("Sheet1", "A4", &[]any{1, "甲", "男", "110105201509011221"})
	})
	spec := studentSpec
	r := mustOpen(t, path, spec)
	if first, last := r.HeaderRows(); first != 3 || last != 3 {
		t.Fatalf("header rows %d-%d", first, last)
	}
	rows := readAll(t, r)
	if len(rows) != 1 || rows[0].Number != 4 || rows[0].Cells["name"] != "甲" || rows[0].Cells["id"] != "110105201509011221" {
		t.Fatalf("rows %+v", rows)
	}
	if got := r.CellRef(4, "id"); got != "D4" {
		t.Errorf("CellRef %q", got)
	}
}

func TestHeaderMergedTwoRows(t *testing.T) {
	spec := Spec{Columns: []ColumnSpec{
		{Key: "name", Title: "姓名", Required: true},
		{Key: "id", Title: "身份证号", Required: true},
		{Key: "g_name", Title: "监护人姓名"},
		{Key: "g_phone", Title: "监护人电话", Required: true},
		{Key: "relation", Title: "与学生关系"},
		{Key: "remark", Title: "备注"},
	}}
	path := book(t, "merged.xlsx", func(f *excelize.File) {
		_ = f.SetCellStr("Sheet1", "A1", "学生信息登记表")
		_ = f.MergeCell("Sheet1", "A1", "F1")
		// Row 2-3: a two-row header. 姓名, 身份证号 and 备注 are merged down over both rows; 监护人 is
		// merged across the three guardian columns, whose own titles are in row 3.
		_ = f.SetCellStr("Sheet1", "A2", "姓名")
		_ = f.MergeCell("Sheet1", "A2", "A3")
		_ = f.SetCellStr("Sheet1", "B2", "身份证号")
		_ = f.MergeCell("Sheet1", "B2", "B3")
		_ = f.SetCellStr("Sheet1", "C2", "监护人")
		_ = f.MergeCell("Sheet1", "C2", "E2")
		_ = f.SetSheetRow("Sheet1", "C3", &[]any{"姓名", "电话", "与学生关系"})
		_ = f.SetCellStr("Sheet1", "F2", "备注")
		_ = f.MergeCell("Sheet1", "F2", "F3")
		_ = f.SetSheetRow("Sheet1", "A4", &[]any{"张小明", "110105201509011221", "张大明", "13800000000", "父子", "无"})
	})
	r := mustOpen(t, path, spec)
	if first, last := r.HeaderRows(); first != 2 || last != 3 {
		t.Fatalf("header rows %d-%d", first, last)
	}
	var got []string
	for _, c := range r.Columns() {
		got = append(got, c.Letter+"="+c.Key)
	}
	if strings.Join(got, " ") != "A=name B=id C=g_name D=g_phone E=relation F=remark" {
		t.Fatalf("columns %v", got)
	}
	rows := readAll(t, r)
	if len(rows) != 1 || rows[0].Number != 4 || rows[0].Cells["g_name"] != "张大明" || rows[0].Cells["g_phone"] != "13800000000" || rows[0].Cells["relation"] != "父子" {
		t.Fatalf("rows %+v", rows)
	}
}

func headerErr(t *testing.T, path string, spec Spec) []string {
	t.Helper()
	r, err := Open(path, spec)
	if err == nil {
		_ = r.Close()
		t.Fatal("want a header error")
	}
	var he *HeaderError
	if !errors.As(err, &he) {
		t.Fatalf("error %T %v", err, err)
	}
	var out []string
	for _, p := range he.Problems {
		out = append(out, p.Error())
	}
	return out
}

func TestHeaderUnexpectedAndMissing(t *testing.T) {
	path := rowsBook(t, []any{"姓名", "性别", "出生日期", "监护人电话", "家庭住址", "身份证件号"}, []any{"甲", "男"})
	got := headerErr(t, path, studentSpec)
	want := []string{
		"第 1 行 E 列（家庭住址）：“家庭住址”不是模板中的列：请删除该列，或改回模板中的列名",
		"第 1 行 F 列（身份证件号）：“身份证件号”不是模板中的列；是否应为“身份证号”？",
		"第 1 行：缺少必填列“身份证号”（模板中是 C 列）：请按模板补上该列",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, err := Open(path, studentSpec)
	if !strings.HasPrefix(err.Error(), "工作表“Sheet1”的表头有 3 处问题，请按模板修改表头后再上传\n第 1 行 E 列") {
		t.Errorf("HeaderError text %q", err)
	}
}

func TestHeaderDuplicate(t *testing.T) {
	path := rowsBook(t, []any{"姓名", "性别", "身份证号", "出生日期", "公民身份号码"}, []any{"甲", "男"})
	got := headerErr(t, path, studentSpec)
	want := "第 1 行 E 列（公民身份号码）：与 C 列（身份证号）重复，都对应模板中的“身份证号”：同一列只能出现一次，请删除其中一列"
	if len(got) != 1 || got[0] != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestHeaderAliasAndOptionalMissing(t *testing.T) {
	path := rowsBook(t, []any{"姓名", "性别", "公民身份号码"}, []any{"甲", "男", "110105201509011221"})
	r := mustOpen(t, path, studentSpec)
	rows := readAll(t, r)
	if rows[0].Cells["id"] != "110105201509011221" {
		t.Errorf("alias column: %v", rows[0].Cells)
	}
	if r.Has("birth") || !r.Has("id") {
		t.Error("Has")
	}
	if _, ok := rows[0].Cells["birth"]; ok {
		t.Error("a column absent from the file must be absent from Cells")
	}
	e := r.ErrorAt(2, "birth", errors.New("x"))
	if e.Error() != "第 2 行：x" || e.Title != "出生日期" {
		t.Errorf("ErrorAt on an absent column: %+v", e)
	}
}

func TestHeaderNotFound(t *testing.T) {
	path := rowsBook(t, []any{"工号", "教师姓名", "职称"}, []any{"001", "王老师", "一级"})
	_, err := Open(path, studentSpec)
	want := "在工作表“Sheet1”的前 10 行中没有找到表头（应有“姓名”“性别”“身份证号”等列）：请使用下载的模板，不要删除或改动表头"
	var fe *FileError
	if !errors.As(err, &fe) || fe.Kind != KindNoHeader || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

// ---------------------------------------------------------------------------------------------
// Files that are not readable workbooks

func validBytes(t *testing.T) []byte {
	path := rowsBook(t, header, []any{"张三", "男", "110105201509011221"})
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOpenBadFiles(t *testing.T) {
	valid := validBytes(t)
	ole := append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 504)...)
	encrypted, err := excelize.Encrypt(valid, &excelize.Options{Password: "123456"})
	if err != nil {
		t.Fatal(err)
	}
	// A valid zip directory over damaged data: flip bytes inside the compressed worksheet.
	damaged := bytes.Clone(valid)
	if i := bytes.Index(damaged, []byte("xl/worksheets/sheet1.xml")); i > 0 {
		for j := i + 40; j < i+80 && j < len(damaged); j++ {
			damaged[j] ^= 0x5a
		}
	}
	docx := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
			w, _ := zw.Create(n)
			_, _ = w.Write([]byte("<x/>"))
		}
		_ = zw.Close()
		return buf.Bytes()
	}()
	zipOf := func(entries ...string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for i := 0; i < len(entries); i += 2 {
			w, _ := zw.Create(entries[i])
			_, _ = w.Write([]byte(entries[i+1]))
		}
		_ = zw.Close()
		return buf.Bytes()
	}
	plainZip := zipOf("学生.csv", "a,b")
	xlsb := zipOf("[Content_Types].xml", "<x/>", "xl/workbook.bin", "\x00")
	ods := zipOf("mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<x/>")
	pptx := zipOf("[Content_Types].xml", "<x/>", "ppt/presentation.xml", "<x/>")
	corrupt := "文件已损坏或不完整（可能是上传中断或保存时出错），无法作为 .xlsx 读取：请确认文件能在 Excel/WPS 中正常打开，重新保存后再上传"
	cases := []struct {
		name string
		data []byte
		kind string
		msg  string
	}{
		{"empty", nil, KindEmptyFile, "文件是空的（0 字节）：请重新选择文件上传"},
		{"truncated", valid[:len(valid)/2], KindCorrupt, corrupt},
		{"truncated-head", valid[:30], KindCorrupt, corrupt},
		{"damaged", damaged, KindCorrupt, corrupt},
		{"xls", ole, KindXLS, "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中“另存为” .xlsx 后再上传"},
		{"xls-short", ole[:6], KindXLS, "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中“另存为” .xlsx 后再上传"},
		{"encrypted", encrypted, KindEncrypted, "文件设置了打开密码（已加密），系统无法读取：请在 Excel/WPS 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并保存后再上传"},
		{"csv", []byte("姓名,性别,身份证号\n张三,男,110105201509011221\n"), KindCSV, "这是 CSV（逗号分隔）或文本文件，只是扩展名改成了 .xlsx：请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传"},
		{"csv-bom", append([]byte{0xef, 0xbb, 0xbf}, "姓名,性别\n张三,男\n"...), KindCSV, "这是 CSV（逗号分隔）或文本文件，只是扩展名改成了 .xlsx：请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传"},
		{"csv-gbk", []byte("\xd0\xd5\xc3\xfb,\xd0\xd4\xb1\xf0\r\n\xd5\xc5\xc8\xfd,\xc4\xd0\r\n"), KindCSV, "这是 CSV（逗号分隔）或文本文件，只是扩展名改成了 .xlsx：请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传"},
		{"tsv-utf16", []byte{0xff, 0xfe, 'a', 0, '\t', 0, 'b', 0, '\n', 0}, KindCSV, "这是 CSV（逗号分隔）或文本文件，只是扩展名改成了 .xlsx：请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传"},
		{"text", []byte("张三\n李四\n"), KindCSV, "这是纯文本文件，不是 Excel 工作簿（.xlsx）：请把数据填进下载的模板后再上传"},
		{"html", []byte("<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>姓名</td></tr></table></body></html>"), KindHTML, "这是网页（HTML）格式的表格，只是扩展名为 Excel（常见于其他系统导出的文件）：请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传"},
		{"xml2003", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>`), KindXML2003, "这是“XML 电子表格 2003”格式，不是 .xlsx：请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传"},
		{"docx", docx, KindNotExcel, "这是 Word 文档，不是 Excel 表格：请上传按模板填写的 .xlsx 文件"},
		{"xlsb", xlsb, KindXLSB, "这是 Excel 二进制工作簿（.xlsb），请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再上传"},
		{"ods", ods, KindODS, "这是 OpenDocument 表格（.ods），请在 WPS/Excel/LibreOffice 中“另存为” .xlsx 后再上传"},
		{"pptx", pptx, KindNotExcel, "这是 PowerPoint 演示文稿，不是 Excel 表格：请上传按模板填写的 .xlsx 文件"},
		{"zip", plainZip, KindNotExcel, "这是一个压缩包，不是 Excel 表格：请解压后上传其中按模板填写的 .xlsx 文件"},
		{"pdf", []byte("%PDF-1.7\n..."), KindNotExcel, "这是 PDF 文件，不是 Excel 表格：请上传按模板填写的 .xlsx 文件"},
		{"binary", []byte{1, 2, 3, 0, 5, 6}, KindNotExcel, "无法识别的文件格式，不是 Excel 工作簿（.xlsx）：请上传按模板填写的 .xlsx 文件"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := fixture(t, "上传.xlsx", c.data)
			r, err := Open(path, studentSpec)
			if err == nil {
				_ = r.Close()
				t.Fatal("opened")
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T: %v", err, err)
			}
			if fe.Kind != c.kind || fe.Error() != c.msg {
				t.Fatalf("got %s %q\nwant %s %q", fe.Kind, fe.Error(), c.kind, c.msg)
			}
		})
	}
}

func TestOpenSheets(t *testing.T) {
	empty := book(t, "empty.xlsx", func(f *excelize.File) {})
	_, err := Open(empty, studentSpec)
	if err == nil || err.Error() != "工作表“Sheet1”是空的，没有任何数据" {
		t.Errorf("empty workbook: %v", err)
	}

	two := book(t, "two.xlsx", func(f *excelize.File) {
		_, _ = f.NewSheet("学生")
		_ = f.SetSheetRow("学生", "A1", &header)
		_ = f.SetSheetRow("学生", "A2", &[]any{"甲", "男", "110105201509011221"})
	})
	spec := studentSpec
	spec.Sheet = "教师"
	_, err = Open(two, spec)
	want := "工作簿中没有名为“教师”的工作表（现有：Sheet1、学生）：请使用模板中的工作表，或把工作表改名为“教师”"
	var fe *FileError
	if !errors.As(err, &fe) || fe.Kind != KindSheetNotFound || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	spec.Sheet = "学生"
	r := mustOpen(t, two, spec)
	if r.Sheet() != "学生" || len(readAll(t, r)) != 1 {
		t.Error("named sheet")
	}

	hidden := book(t, "hidden.xlsx", func(f *excelize.File) {
		_ = f.SetCellStr("Sheet1", "A1", "说明")
		_, _ = f.NewSheet("数据")
		_ = f.SetSheetRow("数据", "A1", &header)
		idx, _ := f.GetSheetIndex("数据")
		f.SetActiveSheet(idx)
		if err := f.SetSheetVisible("Sheet1", false); err != nil {
			t.Fatal(err)
		}
	})
	r = mustOpen(t, hidden, studentSpec)
	if r.Sheet() != "数据" {
		t.Errorf("first visible sheet: %q", r.Sheet())
	}

	blankTop := book(t, "blanktop.xlsx", func(f *excelize.File) {
		_ = f.SetSheetRow("Sheet1", "A15", &header)
	})
	_, err = Open(blankTop, studentSpec)
	if !errors.As(err, &fe) || fe.Kind != KindNoHeader {
		t.Errorf("header below row 10: %v", err)
	}
	spec = studentSpec
	spec.MaxHeaderRow = 20
	r = mustOpen(t, blankTop, spec)
	if _, last := r.HeaderRows(); last != 15 {
		t.Errorf("header row %d", last)
	}
}
