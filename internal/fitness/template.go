package fitness

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/excel"
)

// The column layout of the national data-reporting template (国家学生体质健康标准数据上报, the
// import sheet of the reporting software), as documented in docs/fitness-template.md: the
// student columns, then the measures in the order of the template. Two optional columns of our
// own follow (免测原因, 补测), which the national software ignores.
var nationalColumns = []excel.ColumnSpec{
	{Key: "grade_code", Title: "年级编号", Required: true, Text: true, Note: "11–16 小学一至六年级，21–23 初一至初三，31–33 高一至高三"},
	{Key: "class_code", Title: "班级编号", Text: true},
	{Key: "class_name", Title: "班级名称"},
	{Key: "student_no", Title: "学籍号", Required: true, Text: true, Aliases: []string{"学生编号", "全国学籍号"}},
	{Key: "ethnicity", Title: "民族代码", Text: true},
	{Key: "name", Title: "姓名"},
	{Key: "sex", Title: "性别", Required: true, Note: "1 男，2 女（也可填男、女）"},
	{Key: "birth_date", Title: "出生日期"},
	{Key: "address", Title: "家庭住址"},
	{Key: FieldHeight, Title: "身高", Note: "厘米"},
	{Key: FieldWeight, Title: "体重", Note: "千克"},
	{Key: VitalCapacity.Code(), Title: "肺活量", Note: "毫升"},
	{Key: Run50m.Code(), Title: "50米跑", Note: "秒，如 9.5"},
	{Key: StandingLongJump.Code(), Title: "立定跳远", Note: "厘米"},
	{Key: SitAndReach.Code(), Title: "坐位体前屈", Note: "厘米，可为负数"},
	{Key: Run800m.Code(), Title: "800米跑", Note: "写作 3'35\" 或 3.35（分.秒），或秒数 215"},
	{Key: Run1000m.Code(), Title: "1000米跑", Note: "写作 3'35\" 或 3.35（分.秒），或秒数 215"},
	{Key: SitUp.Code(), Title: "一分钟仰卧起坐", Aliases: []string{"1分钟仰卧起坐", "仰卧起坐"}, Note: "次"},
	{Key: PullUp.Code(), Title: "引体向上", Note: "次"},
	{Key: RopeSkip.Code(), Title: "一分钟跳绳", Aliases: []string{"1分钟跳绳", "跳绳"}, Note: "次"},
	{Key: Run50x8.Code(), Title: "50米×8往返跑", Aliases: []string{"50米x8往返跑", "50米*8往返跑", "50×8往返跑"}, Note: "写作 1'45\" 或 1.45（分.秒），或秒数 105"},
	{Key: "exempt_reason", Title: "免测原因", Note: "免予执行《标准》的学生填写原因（如 医院证明：先天性心脏病），其余留空"},
	{Key: "retest", Title: "补测", Note: "补测成绩填“是”，首次测试留空"},
}

// measureKeys are the measure columns of the template, in its order.
var measureKeys = []string{FieldHeight, FieldWeight, VitalCapacity.Code(), Run50m.Code(), StandingLongJump.Code(), SitAndReach.Code(),
	Run800m.Code(), Run1000m.Code(), SitUp.Code(), PullUp.Code(), RopeSkip.Code(), Run50x8.Code()}

// importSpec is the spec the import reads.
func importSpec() excel.Spec {
	return excel.Spec{Columns: nationalColumns, Ignore: []string{"序号", "学校", "学校名称", "学校代码"}}
}

// GradeCode is the 年级编号 of the national template for a grade (1 → 11, 7 → 21, 10 → 31,
// 13 → 41, 14 → 43).
func GradeCode(grade int) string {
	switch {
	case grade >= 1 && grade <= 6:
		return strconv.Itoa(10 + grade)
	case grade >= 7 && grade <= 9:
		return strconv.Itoa(14 + grade)
	case grade >= 10 && grade <= 12:
		return strconv.Itoa(21 + grade)
	case grade == 13:
		return "41"
	case grade == 14:
		return "43"
	}
	return ""
}

// GradeFromCode reads a 年级编号 (or a grade number 1–12, or a name such as 初一).
func GradeFromCode(s string) (int, bool) {
	s = strings.TrimSpace(halfWidth(s))
	if n, err := strconv.Atoi(s); err == nil {
		switch {
		case n >= 11 && n <= 16:
			return n - 10, true
		case n >= 21 && n <= 23:
			return n - 14, true
		case n >= 31 && n <= 33:
			return n - 21, true
		case n == 41 || n == 42:
			return 13, true
		case n == 43 || n == 44:
			return 14, true
		case n >= 1 && n <= 12:
			return n, true
		}
		return 0, false
	}
	for g := MinGrade; g <= MaxGrade; g++ {
		if GradeName(g) == s {
			return g, true
		}
	}
	alias := map[string]int{"七年级": 7, "八年级": 8, "九年级": 9}
	g, ok := alias[s]
	return g, ok
}

// formatMeasure writes a measure for the export: times of the long runs as 分'秒" (3'35"),
// other values as plain numbers.
func formatMeasure(key string, v float64) string {
	if it, ok := ItemByCode(key); ok && isTime(it) && it != Run50m {
		m := int(v) / 60
		sec := v - float64(m*60)
		s := strconv.FormatFloat(math.Round(sec*10)/10, 'f', -1, 64)
		if sec < 10 {
			s = "0" + s
		}
		return fmt.Sprintf("%d'%s\"", m, s)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
