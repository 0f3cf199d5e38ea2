package registry

import "fmt"

// Grade codes: -2 小班, -1 中班, 0 大班 (kindergarten), 1–6 小学, 7–9 初中, 10–12 高中 (and 中职).

var gradeNames = map[int]string{-2: "小班", -1: "中班", 0: "大班", 1: "一年级", 2: "二年级", 3: "三年级", 4: "四年级",
	5: "五年级", 6: "六年级", 7: "七年级", 8: "八年级", 9: "九年级", 10: "高一", 11: "高二", 12: "高三"}

// GradeName is the Chinese name of a grade code.
func GradeName(g int) string {
	if n, ok := gradeNames[g]; ok {
		return n
	}
	return fmt.Sprintf("%d年级", g)
}

// GradeByName resolves "三年级", "3", "初一", "高二", "大班" … to a grade code.
func GradeByName(s string) (int, bool) {
	for g, n := range gradeNames {
		if n == s {
			return g, true
		}
	}
	if g, ok := gradeAliases[s]; ok {
		return g, true
	}
	var g int
	if _, err := fmt.Sscanf(s, "%d", &g); err == nil && fmt.Sprint(g) == s && g >= -2 && g <= 12 {
		return g, true
	}
	return 0, false
}

var gradeAliases = map[string]int{"初一": 7, "初二": 8, "初三": 9, "一年级上": 1, "高中一年级": 10, "高中二年级": 11,
	"高中三年级": 12, "七年级（初一）": 7, "托班": -2}

// gradeRange is the grades a school type teaches.
var gradeRange = map[string][2]int{
	"kindergarten": {-2, 0}, "primary": {1, 6}, "junior": {7, 9}, "nine_year": {1, 9}, "complete_secondary": {7, 12},
	"twelve_year": {1, 12}, "senior": {10, 12}, "vocational": {10, 12}, "special": {1, 12}, "teaching_point": {-2, 6},
}

// SchoolTeaches reports whether a school of the type has the grade.
func SchoolTeaches(schoolType string, grade int) bool {
	r, ok := gradeRange[schoolType]
	return ok && grade >= r[0] && grade <= r[1]
}

// Level is the stage of a grade: "kindergarten", "primary", "junior" or "senior".
func Level(grade int) string {
	switch {
	case grade <= 0:
		return "kindergarten"
	case grade <= 6:
		return "primary"
	case grade <= 9:
		return "junior"
	}
	return "senior"
}

// ExpectedAge is the usual age on 1 September of the school year for a grade (a first grader is
// six by 31 August; 小班 three).
func ExpectedAge(grade int) int { return grade + 5 }
