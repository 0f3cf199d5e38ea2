package indicators

import (
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

const csvHeader = "school_id,school_name,students,teachers_above_degree,backbone_teachers,pe_art_teachers,teaching_area_m2,sports_area_m2,equipment_value_yuan,multimedia_rooms\n"

func TestReadBalanceCSV(t *testing.T) {
	in := "\xef\xbb\xbf" + csvHeader +
		"S1,第一小学,1000,42,10,9,4500,7500,2000000,23\r\n" +
		"\n" +
		" S2 ,\"第二小学,南校区\",450, 20 ,5,2,2100.5,3000,900000.25,10\n"
	got, err := ReadBalanceCSV(strings.NewReader(in), LevelJunior)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].ID != "S2" || got[1].Name != "第二小学,南校区" || got[1].Students != 450 || got[1].Level != LevelJunior ||
		got[1].Aggregates["teaching_area_m2"] != 2100.5 || got[1].Aggregates["teachers_above_degree"] != 20 || len(got[1].Aggregates) != 7 {
		t.Fatalf("%+v", got)
	}
	// Columns in another order are the same columns.
	reordered := "students,school_name,school_id,multimedia_rooms,equipment_value_yuan,sports_area_m2,teaching_area_m2,pe_art_teachers,backbone_teachers,teachers_above_degree\n" +
		"1000,第一小学,S1,23,2000000,7500,4500,9,10,42\n"
	got2, err := ReadBalanceCSV(strings.NewReader(reordered), LevelPrimary)
	if err != nil || got2[0].Aggregates["multimedia_rooms"] != 23 || got2[0].ID != "S1" {
		t.Fatalf("%+v %v", got2, err)
	}
}

func TestReadBalanceCSV_Errors(t *testing.T) {
	row := "S1,第一小学,1000,42,10,9,4500,7500,2000000,23\n"
	cases := []struct {
		name, in string
		want     []string
		cell     string
	}{
		{"empty file", "", []string{"文件为空"}, "file"},
		{"blank file", "\xef\xbb\xbf\n\n", []string{"文件为空"}, "file"},
		{"header only", csvHeader, []string{"没有学校数据"}, "file"},
		{"missing column", strings.Replace(csvHeader, ",backbone_teachers", "", 1) + "S1,甲,1000,42,9,4500,7500,2000000,23\n",
			[]string{"第 1 行", "缺少列 backbone_teachers"}, "1:1"},
		{"unknown column", strings.TrimSuffix(csvHeader, "\n") + ",books\n", []string{"第 1 行", "未知的列 \"books\""}, "K1"},
		{"non-numeric", csvHeader + row + "S2,乙,300,abc,1,1,1,1,1,1\n", []string{"第 3 行", "teachers_above_degree 列", "\"abc\" 不是数字"}, "D3"},
		{"thousands separator", csvHeader + "S2,乙,300,1,1,1,1,\"1,230\",1,1\n", []string{"第 2 行", "sports_area_m2 列", "千分位"}, "H2"},
		{"zero students", csvHeader + row + "S2,乙,0,1,1,1,1,1,1,1\n", []string{"第 3 行", "students 列", "学生数为 0"}, "C3"},
		{"fractional students", csvHeader + "S2,乙,10.5,1,1,1,1,1,1,1\n", []string{"第 2 行", "students 列", "正整数"}, "C2"},
		{"negative", csvHeader + "S2,乙,300,1,1,1,1,-5,1,1\n", []string{"第 2 行", "sports_area_m2 列", "不能为负数"}, "H2"},
		{"negative students", csvHeader + "S2,乙,-300,1,1,1,1,5,1,1\n", []string{"第 2 行", "students 列", "不能为负数"}, "C2"},
		{"NaN", csvHeader + "S2,乙,300,1,1,1,1,NaN,1,1\n", []string{"第 2 行", "sports_area_m2 列", "不是数字"}, "H2"},
		{"empty cell", csvHeader + "S2,乙,300,1,,1,1,5,1,1\n", []string{"第 2 行", "backbone_teachers 列", "不能为空"}, "E2"},
		{"duplicate school_id", csvHeader + row + "\n" + row, []string{"第 4 行", "school_id 列", "与第 2 行重复"}, "A4"},
		{"empty name", csvHeader + "S2,,300,1,1,1,1,5,1,1\n", []string{"第 2 行", "school_name 列", "不能为空"}, "B2"},
		{"short row", csvHeader + "S2,乙,300\n", []string{"第 2 行", "有 3 列"}, "2:2"},
		{"bad quote", csvHeader + "S2,\"乙,300,1,1,1,1,5,1,1\n", []string{"CSV", "引号"}, "file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadBalanceCSV(strings.NewReader(c.in), LevelPrimary)
			e, ok := errs.As(err)
			if !ok || e.Code != errs.Invalid {
				t.Fatalf("%v", err)
			}
			msg := e.Fields[0].Message
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q does not contain %q", msg, w)
				}
			}
			if e.Fields[0].Field != c.cell {
				t.Errorf("cell %q, want %q", e.Fields[0].Field, c.cell)
			}
		})
	}
	// Every problem is listed, not only the first.
	_, err := ReadBalanceCSV(strings.NewReader(csvHeader+"S1,甲,0,x,1,1,1,1,1,-1\n"), LevelPrimary)
	if e, _ := errs.As(err); len(e.Fields) != 3 {
		t.Errorf("fields %+v", e.Fields)
	}
}

func TestCellName(t *testing.T) {
	for col, want := range map[int]string{0: "A7", 25: "Z7", 26: "AA7", 27: "AB7", 701: "ZZ7", 702: "AAA7"} {
		if got := cellName(col, 7); got != want {
			t.Errorf("%d: %s, want %s", col, got, want)
		}
	}
}
