package excel

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func ethnicities() map[string]string {
	names := strings.Fields("汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 " +
		"哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 " +
		"仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 " +
		"德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族")
	m := make(map[string]string, len(names))
	for i, n := range names {
		m[fmt.Sprintf("%02d", i+1)] = n
	}
	return m
}

func templateSpec() Spec {
	return Spec{Sheet: "学生", Columns: []ColumnSpec{
		{Key: "name", Title: "姓名", Required: true, Note: "与户口簿一致"},
		{Key: "sex", Title: "性别", Required: true, Choices: []string{"男", "女"}},
		{Key: "id", Title: "身份证号", Required: true, Text: true, Note: "18 位，末位可以是 X"},
		{Key: "ethnic", Title: "民族", Choices: Choices(ethnicities())},
		{Key: "birth", Title: "出生日期", Note: "如 2015-09-01"},
		{Key: "boarding", Title: "是否寄宿", Choices: []string{"是", "否"}},
		{Key: "phone", Title: "监护人电话", Text: true},
		{Key: "school", Title: "学校", Choices: schools()},
	}}
}

// schools is a dictionary too long for an inline dropdown (over 255 characters).
func schools() []string {
	var out []string
	for i := 1; i <= 60; i++ {
		out = append(out, fmt.Sprintf("海淀区第%d实验小学", i))
	}
	return out
}

func TestTemplateRoundTrip(t *testing.T) {
	spec := templateSpec()
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	if err := SaveTemplate(path, spec, TemplateOptions{Title: "学生信息导入模板", Notes: []string{"一名学生一行。"}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "学生" || got[1] != ChoicesSheet {
		t.Fatalf("sheets %v", got)
	}
	if v, _ := f.GetSheetVisible(ChoicesSheet); v {
		t.Error("the list sheet must be hidden")
	}
	cell := func(sheet, ref string) string {
		v, _ := f.GetCellValue(sheet, ref)
		return v
	}
	if cell("学生", "A1") != "学生信息导入模板" || !strings.Contains(cell("学生", "A2"), "6. 一名学生一行。") {
		t.Errorf("title/notes %q %q", cell("学生", "A1"), cell("学生", "A2"))
	}
	var head []string
	for i := range spec.Columns {
		head = append(head, cell("学生", fmt.Sprintf("%s3", letter(i))))
	}
	if strings.Join(head, ",") != "*姓名,*性别,*身份证号,民族,出生日期,是否寄宿,监护人电话,学校" {
		t.Errorf("header %v", head)
	}
	// Comments carry the notes.
	comments, _ := f.GetComments("学生")
	notes := map[string]string{}
	for _, c := range comments {
		var b strings.Builder
		for _, p := range c.Paragraph {
			b.WriteString(p.Text)
		}
		notes[c.Cell] = b.String() + c.Text
	}
	if !strings.Contains(notes["C3"], "18 位，末位可以是 X") || !strings.Contains(notes["D3"], "汉族、蒙古族") {
		t.Errorf("comments %v", notes)
	}
	// Dropdowns: lists within 255 characters inline (the 56 民族 fit), longer ones on the hidden sheet.
	dvs, _ := f.GetDataValidations("学生")
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[dv.Sqref] = dv.Formula1
	}
	if lists["B4:B1048576"] != `"男,女"` || lists["F4:F1048576"] != `"是,否"` {
		t.Errorf("inline lists %v", lists)
	}
	if !strings.HasPrefix(lists["D4:D1048576"], `"汉族,蒙古族,回族,`) || !strings.HasSuffix(lists["D4:D1048576"], `,基诺族"`) {
		t.Errorf("民族 list %q", lists["D4:D1048576"])
	}
	if lists["H4:H1048576"] != `'下拉选项'!$A$2:$A$61` {
		t.Errorf("学校 list %q", lists["H4:H1048576"])
	}
	if cell(ChoicesSheet, "A1") != "学校" || cell(ChoicesSheet, "A2") != "海淀区第1实验小学" || cell(ChoicesSheet, "A61") != "海淀区第60实验小学" {
		t.Error("list sheet values")
	}
	// Code columns are text formatted.
	for col, text := range map[string]bool{"C": true, "G": true, "A": false} {
		id, _ := f.GetColStyle("学生", col)
		st, _ := f.GetStyle(id)
		isText := st.CustomNumFmt != nil && *st.CustomNumFmt == "@"
		if isText != text {
			t.Errorf("column %s text=%v", col, isText)
		}
	}

	// A clerk fills two rows and uploads the file.
	_ = f.SetSheetRow("学生", "A4", &[]any{"张小明", "男", "11010520150901123X", "汉族", time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC), "否", "13800000000"})
	_ = f.SetSheetRow("学生", "A5", &[]any{"李 丽", "女", "110105201502281226", "回族", "2015/2/28", "是", "", "海淀区第7实验小学"})
	filled := filepath.Join(t.TempDir(), "filled.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	r := mustOpen(t, filled, Spec{Sheet: spec.Sheet, Columns: spec.Columns})
	if _, last := r.HeaderRows(); last != 3 {
		t.Fatalf("header row %d", last)
	}
	rows := readAll(t, r)
	if len(rows) != 2 || rows[0].Number != TemplateFirstDataRow {
		t.Fatalf("rows %+v", rows)
	}
	eth := ethnicities()
	var got []string
	for _, row := range rows {
		name, _ := Text(row.Cells["name"])
		id, _ := IDLike(row.Cells["id"])
		e, err := Enum(row.Cells["ethnic"], eth)
		if err != nil {
			t.Error(err)
		}
		b, err := r.Date(row.Cells["birth"])
		if err != nil {
			t.Error(err)
		}
		board, _ := Bool(row.Cells["boarding"])
		phone, _ := Phone(row.Cells["phone"])
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%v|%s", name, id, e, b.Format("2006-01-02"), board, phone))
	}
	want := "张小明|11010520150901123X|01|2015-09-01|false|13800000000\n李丽|110105201502281226|03|2015-02-28|true|"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

func TestTemplateNoColumns(t *testing.T) {
	if err := SaveTemplate(filepath.Join(t.TempDir(), "x.xlsx"), Spec{}, TemplateOptions{}); err == nil {
		t.Error("a template without columns must fail")
	}
}
