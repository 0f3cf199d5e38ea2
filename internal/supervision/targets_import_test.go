package supervision

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/excel"
)

func workbook(t *testing.T, header []string, rows ...[]any) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "对象.xlsx")
	cols := make([]excel.Column, len(header))
	for i, h := range header {
		cols[i] = excel.Col(h, 20)
	}
	w, err := excel.Create(path, "名单", cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTargetsFromExcel(t *testing.T) {
	path := workbook(t, []string{"统一社会信用代码", "机构名称", "地址"},
		[]any{"52330101MJ0000001X", "青溪　启明星 英语培训中心", "人民路 1 号"}, []any{"52330101MJ0000002Y", "青溪墨香书法培训学校", ""})
	got, err := TargetsFromExcel(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "target_id,name\n52330101MJ0000001X,青溪启明星英语培训中心\n52330101MJ0000002Y,青溪墨香书法培训学校\n"
	if got.Count != 2 || got.CSV != want {
		t.Errorf("got %d %q", got.Count, got.CSV)
	}
	// The CSV is what a draw takes.
	if err := (&DrawInput{Title: "t", Population: PopulationUpload, TargetsCSV: got.CSV, N: 1, PerTarget: 1}).Normalize(); err != nil {
		t.Error(err)
	}
	dup := workbook(t, []string{"编号", "名称"}, []any{"P1", "甲"}, []any{"P1", "乙"})
	if _, err := TargetsFromExcel(dup); err == nil || !strings.Contains(err.Error(), "A3") {
		t.Errorf("duplicate id: %v", err)
	}
	missing := workbook(t, []string{"编号", "联系人"}, []any{"P1", "张三"})
	if _, err := TargetsFromExcel(missing); err == nil {
		t.Error("a workbook without names was read")
	}
}
