package enroll

import "github.com/edubureau/edubureau/internal/platform/audit"

func init() {
	audit.NameActions(map[string]string{
		"enroll.signup":             "家长注册",
		"enroll.campaign.create":    "新建招生方案",
		"enroll.campaign.update":    "修改招生方案",
		"enroll.campaign.publish":   "发布招生方案",
		"enroll.catchment.update":   "修改学校划片范围",
		"enroll.application.submit": "提交入学报名",
		"enroll.application.update": "修改入学报名",
		"enroll.application.reveal": "查看报名完整个人信息",
		"enroll.document.upload":    "上传报名材料",
		"enroll.document.view":      "查看报名材料",
		"enroll.precheck":           "报名自动预审",
		"enroll.review":             "报名审核",
		"enroll.freeze":             "冻结派位名单并公示哈希",
		"enroll.draw":               "电脑派位",
		"enroll.waitlist":           "学位递补",
	})
}
