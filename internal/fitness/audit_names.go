package fitness

import "github.com/edubureau/edubureau/internal/platform/audit"

func init() {
	audit.NameActions(map[string]string{
		"fitness.save":    "录入体质健康成绩",
		"fitness.import":  "导入体质健康成绩",
		"fitness.upload":  "上传体质健康成绩文件",
		"fitness.export":  "导出体质健康成绩",
		"fitness.targets": "设置体质健康目标",
		"fitness.view":    "家长查看体质健康档案",
		"fitness.reveal":  "查看免测原因",
	})
}
