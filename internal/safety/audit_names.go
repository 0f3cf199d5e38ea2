package safety

import "github.com/edubureau/edubureau/internal/platform/audit"

func init() {
	audit.NameActions(map[string]string{
		"safety.campaign.create": "新建专项检查",
		"safety.campaign.result": "登记专项检查结果",
		"safety.deadlines":       "设置隐患整改期限",
	})
}
