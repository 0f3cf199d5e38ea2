package supervision

import (
	"slices"

	"github.com/edubureau/edubureau/internal/safety"
)

// Checklist is the default list of items a 责任督学 checks on a visit (经常性督导); a visit may name
// others.
var Checklist = []string{
	"校园安全与隐患排查", "食堂与食品安全", "课程开设与课时", "作业与睡眠管理", "课后服务", "师德师风",
	"校舍与设施设备", "控辍保学", "体质健康与近视防控", "校园欺凌防治", "招生与收费", "心理健康教育",
}

// HazardCategories are the safety module's hazard categories: a finding in one of them can become
// a 安全隐患.
var HazardCategories = safety.Categories

// OtherCategories are findings that are not hazards (教育教学, 办学行为).
var OtherCategories = []string{"教育教学", "办学行为", "师德师风"}

// Severities of a finding are those of a hazard.
var Severities = safety.Severities

// Options are the choices of the visit form.
type Options struct {
	Checklist        []string `json:"checklist"`
	HazardCategories []string `json:"hazard_categories"`
	OtherCategories  []string `json:"other_categories"`
	Severities       []string `json:"severities"`
	Conclusions      []string `json:"conclusions"`
	Periods          []string `json:"periods"`
}

// FormOptions returns the choices of the visit and draw-result forms.
func FormOptions() Options {
	return Options{Checklist: Checklist, HazardCategories: HazardCategories, OtherCategories: OtherCategories,
		Severities: Severities, Conclusions: Conclusions, Periods: []string{Week, Month, Quarter}}
}

// IsHazardCategory says whether a finding of this category can become a hazard.
func IsHazardCategory(c string) bool { return slices.Contains(HazardCategories, c) }
