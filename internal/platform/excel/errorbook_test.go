package excel

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// validate is a stand-in for the registry's row validation.
func validate(r *Reader, row Row) []CellError {
	var errs []CellError
	if v, _ := Text(row.Cells["name"]); v == "" {
		errs = append(errs, r.ErrorAt(row.Number, "name", errReason("请填写姓名")))
	}
	if _, err := IDLike(row.Cells["id"]); err != nil {
		errs = append(errs, r.ErrorAt(row.Number, "id", err))
	}
	if _, err := r.Date(row.Cells["birth"]); err != nil {
		errs = append(errs, r.ErrorAt(row.Number, "birth", err))
	}
	return errs
}

type errReason string

func (e errReason) Error() string { return string(e) }

func TestErrorBookRoundTrip(t *testing.T) {
	src := book(t, "upload.xlsx", func(f *excelize.File) {
		_ = f.SetSheetName("Sheet1", "学生")
		_ = f.SetCellStr("学生", "A1", "学生信息导入")
		_ = f.SetSheetRow("学生", "A3", &[]any{"姓名", "性别", "身份证号", "出生日期", "监护人电话"})
		_ = f.SetSheetRow("学生", "A4", &[]any{"张三", "男", "110105201509011221", 42248, "13800000000"})
		_ = f.SetSheetRow("学生", "A5", &[]any{"", "女", "1.10105E+17", "2015-02-29"})
		_ = f.SetSheetRow("学生", "A7", &[]any{"王五", "男", "110105201509011221", "2015-09-01", "", "", "多余的内容"})
	})
	r := mustOpen(t, src, studentSpec)
	out := filepath.Join(t.TempDir(), "错误说明.xlsx")
	eb, err := NewErrorBook(out, r)
	if err != nil {
		t.Fatal(err)
	}
	eb.Dates("birth")
	coll := NewErrors(100)
	for {
		row, ok := r.Next()
		if !ok {
			break
		}
		errs := validate(r, row)
		coll.Add(errs...)
		if err := eb.Add(row, errs); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if err := eb.Close(); err != nil {
		t.Fatal(err)
	}
	if eb.Rows() != 3 || eb.BadRows() != 1 || coll.Total() != 3 {
		t.Fatalf("rows %d bad %d errors %d", eb.Rows(), eb.BadRows(), coll.Total())
	}
	wantMsgs := []string{
		"第 5 行 A 列（姓名）：请填写姓名",
		"第 5 行 C 列（身份证号）：被 Excel 转成了科学计数法（1.10105E+17），后几位已丢失：请把该列设为文本格式后重新输入",
		"第 5 行 D 列（出生日期）：2015 年 2 月没有 29 日",
	}
	if strings.Join(coll.Messages(), "\n") != strings.Join(wantMsgs, "\n") {
		t.Fatalf("messages\n%s", strings.Join(coll.Messages(), "\n"))
	}

	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if f.GetSheetList()[0] != "学生" {
		t.Errorf("sheet %v", f.GetSheetList())
	}
	get := func(cell string) string {
		v, err := f.GetCellValue("学生", cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Same rows, same columns: row 5's problems are in row 5, the 错误说明 column follows the header.
	checks := map[string]string{
		"A1": "学生信息导入",
		"A3": "姓名", "E3": "监护人电话", "F3": ErrorColumnTitle,
		"A4": "张三", "C4": "110105201509011221", "D4": "2015-09-01", "F4": "",
		"C5": "1.10105E+17", "D5": "2015-02-29",
		"F5": "A 列（姓名）：请填写姓名\nC 列（身份证号）：被 Excel 转成了科学计数法（1.10105E+17），后几位已丢失：请把该列设为文本格式后重新输入\nD 列（出生日期）：2015 年 2 月没有 29 日",
		"A6": "",
		"A7": "王五", "F7": "", "H7": "多余的内容", // a cell beyond the header moves right of 错误说明
	}
	for cell, want := range checks {
		if got := get(cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	// Bad cells are filled, every cell has the text format.
	for cell, bad := range map[string]bool{"A5": true, "C5": true, "B5": false, "C4": false} {
		id, _ := f.GetCellStyle("学生", cell)
		st, _ := f.GetStyle(id)
		filled := len(st.Fill.Color) > 0 && st.Fill.Color[0] == "FFC7CE"
		if filled != bad {
			t.Errorf("%s filled=%v", cell, filled)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != "@" {
			t.Errorf("%s not text format", cell)
		}
	}

	// The clerk fixes row 5 in the error workbook and uploads it again: 错误说明 is skipped.
	for cell, v := range map[string]string{"A5": "李四", "C5": "110105201509011221", "D5": "2015-02-28"} {
		_ = f.SetCellStr("学生", cell, v)
	}
	fixed := filepath.Join(t.TempDir(), "fixed.xlsx")
	if err := f.SaveAs(fixed); err != nil {
		t.Fatal(err)
	}
	r2 := mustOpen(t, fixed, studentSpec)
	var nums []int
	for {
		row, ok := r2.Next()
		if !ok {
			break
		}
		nums = append(nums, row.Number)
		if errs := validate(r2, row); len(errs) > 0 {
			t.Errorf("row %d still has errors: %v", row.Number, errs)
		}
	}
	if len(nums) != 3 || nums[0] != 4 || nums[1] != 5 || nums[2] != 7 {
		t.Errorf("rows after the fix %v", nums)
	}
}

func TestErrorBookOrder(t *testing.T) {
	r := mustOpen(t, rowsBook(t, header, []any{"甲"}), studentSpec)
	eb, err := NewErrorBook(filepath.Join(t.TempDir(), "e.xlsx"), r)
	if err != nil {
		t.Fatal(err)
	}
	if err := eb.Add(Row{Number: 3, Raw: []string{"a"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := eb.Add(Row{Number: 3, Raw: []string{"b"}}, nil); err == nil {
		t.Error("a row out of order must be refused")
	}
	if err := eb.Close(); err != nil {
		t.Fatal(err)
	}
}
