package indicators

import (
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// SchoolFacts are the aggregates of one school (or one level part of a 九年一贯制 school) for a
// school year.
type SchoolFacts struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Type is the org school type code ("primary", "nine_year", "teaching_point", "special", …);
	// it decides the 优质均衡 exclusions.
	Type  string `json:"type"`
	Level Level  `json:"level"`
	// Students is the aggregate "students" (在校生; for kindergartens 在园幼儿).
	Students int `json:"students"`
	// Aggregates by Catalog name; a missing name counts as 0.
	Aggregates map[string]float64 `json:"aggregates"`
}

// Value returns the aggregate called name.
func (s *SchoolFacts) Value(name string) float64 {
	if name == Students {
		return float64(s.Students)
	}
	return s.Aggregates[name]
}

// DistrictFacts are the facts of a district: its schools and the aggregates that exist only for
// the whole district (resident_children_3_5). A district aggregate with the same name as a school
// aggregate replaces the sum over schools in district values.
type DistrictFacts struct {
	Schools    []SchoolFacts      `json:"schools"`
	Aggregates map[string]float64 `json:"aggregates,omitempty"`
}

// Exclusion is a school left out of an evaluation, and why.
type Exclusion struct {
	SchoolID   string `json:"school_id"`
	SchoolName string `json:"school_name"`
	Level      Level  `json:"level"`
	Reason     string `json:"reason"`
}

// MinTeachingPointStudents is the size below which a 教学点 is left out of 优质均衡.
const MinTeachingPointStudents = 50

// ExcludedFromBalance tells whether a school of this org type and size is left out of the 优质均衡
// school-level evaluation (special-education and vocational schools; 教学点 with fewer than 50
// students), with the reason in Chinese.
func ExcludedFromBalance(schoolType string, students int) (bool, string) {
	switch schoolType {
	case "special":
		return true, "特殊教育学校不参加义务教育优质均衡校际评估"
	case "vocational":
		return true, "中等职业学校不参加义务教育优质均衡校际评估"
	case "teaching_point":
		if students < MinTeachingPointStudents {
			return true, fmt.Sprintf("学生不足 %d 人的教学点（%d 人）不参加义务教育优质均衡校际评估", MinTeachingPointStudents, students)
		}
	}
	return false, ""
}

// LevelPart is one level of a school that spans several (九年一贯制, 十二年一贯制, 完全中学): its
// students and the aggregates the registry records for that level alone.
type LevelPart struct {
	Level      Level              `json:"level"`
	Students   int                `json:"students"`
	Aggregates map[string]float64 `json:"aggregates"`
}

var levelPartName = map[Level]string{
	LevelKindergarten: "（幼儿园部）", LevelPrimary: "（小学部）", LevelJunior: "（初中部）", LevelSenior: "（高中部）",
}

// SplitByLevel turns a school spanning several levels into one SchoolFacts per part, each with the
// school's ID and type, the part's level and students, and its name followed by "（小学部）" etc.
//
// An aggregate that any part gives is taken from the parts (a part without it has 0): teachers are
// usually assigned to one part. An aggregate that no part gives is shared: whole's value is
// apportioned among the parts in proportion to their students (buildings, grounds, equipment).
// whole.Students, when not 0, must equal the sum of the parts' students.
func SplitByLevel(whole SchoolFacts, parts ...LevelPart) ([]SchoolFacts, error) {
	var f errs.Fields
	if len(parts) == 0 {
		f.Add("parts", "至少要有一个学段")
	}
	total := 0
	seen := map[Level]bool{}
	given := map[string]bool{}
	for i, p := range parts {
		if p.Level.Name() == "" {
			f.Add(fmt.Sprintf("parts[%d].level", i+1), fmt.Sprintf("第 %d 个学段：学段 %q 无效", i+1, p.Level))
		}
		if seen[p.Level] {
			f.Add(fmt.Sprintf("parts[%d].level", i+1), fmt.Sprintf("第 %d 个学段：%s重复", i+1, p.Level.Name()))
		}
		seen[p.Level] = true
		if p.Students < 0 {
			f.Add(fmt.Sprintf("parts[%d].students", i+1), fmt.Sprintf("第 %d 个学段：学生数不能为负数", i+1))
		}
		total += p.Students
		for name, v := range p.Aggregates {
			given[name] = true
			if !finite(v) || v < 0 {
				f.Add(fmt.Sprintf("parts[%d].%s", i+1, name), fmt.Sprintf("第 %d 个学段：%s不能为负数", i+1, aggregateLabel(name, p.Level)))
			}
		}
	}
	if whole.Students != 0 && whole.Students != total {
		f.Add("students", fmt.Sprintf("各学段学生数之和（%d）与全校学生数（%d）不一致", total, whole.Students))
	}
	shared := false
	for name := range whole.Aggregates {
		shared = shared || !given[name]
	}
	if shared && total == 0 {
		f.Add("students", "各学段学生数都为 0，无法按学生数分摊共用的面积和设备")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	out := make([]SchoolFacts, 0, len(parts))
	for _, p := range parts {
		agg := make(map[string]float64, len(whole.Aggregates)+len(given))
		for name, v := range whole.Aggregates {
			if !given[name] {
				agg[name] = v * float64(p.Students) / float64(total)
			}
		}
		for name := range given {
			agg[name] = p.Aggregates[name]
		}
		out = append(out, SchoolFacts{
			ID: whole.ID, Name: whole.Name + levelPartName[p.Level], Type: whole.Type,
			Level: p.Level, Students: p.Students, Aggregates: agg,
		})
	}
	return out, nil
}
