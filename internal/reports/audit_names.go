package reports

import "github.com/edubureau/edubureau/internal/platform/audit"

func init() {
	audit.NameActions(map[string]string{
		"report.template.update": "修改报告模板",
		"report.template.reset":  "恢复默认报告模板",
		"report.plan.update":     "保存工作计划",
		"report.generate":        "生成工作报告",
	})
}
