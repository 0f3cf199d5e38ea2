package indicators

import "github.com/edubureau/edubureau/internal/platform/audit"

func init() {
	audit.NameActions(map[string]string{
		"indicators.export":          "导出督导评估指标",
		"indicators.plan.save":       "保存规划方案",
		"indicators.plan.delete":     "删除规划方案",
		"indicators.set.create":      "新建指标体系",
		"indicators.set.update":      "修改指标体系",
		"indicators.set.delete":      "删除指标体系",
		"indicators.population.save": "录入常住人口",
		"indicators.manual.save":     "录入政府保障程度",
		"indicators.staffing.save":   "设置编制标准",
	})
}
