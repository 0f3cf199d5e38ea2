package supervision

import "github.com/edubureau/edubureau/internal/platform/audit"

func init() {
	audit.NameActions(map[string]string{
		"supervision.visit":             "登记督导记录",
		"supervision.rule":              "设置片区督导要求",
		"supervision.hazard":            "督导发现转为安全隐患",
		"supervision.pool":              "加入检查人员库",
		"supervision.pool_update":       "修改检查人员",
		"supervision.conflict":          "登记回避关系",
		"supervision.conflict_withdraw": "撤销回避关系",
		"supervision.draw_create":       "新建双随机抽查",
		"supervision.draw_announced":    "公布抽查名单哈希",
		"supervision.draw_drawn":        "双随机抽取",
		"supervision.draw_result":       "登记抽查结果",
		"supervision.draw_published":    "公开抽查结果",
	})
}
