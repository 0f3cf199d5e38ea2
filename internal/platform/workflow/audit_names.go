package workflow

import "github.com/edubureau/edubureau/internal/platform/audit"

// The Chinese names of the engine's audit actions; a transition "workflow.<action>" falls back to
// the name of "workflow" when its item type did not name it.
func init() {
	audit.NameActions(map[string]string{
		"workflow":          "办理事项",
		"workflow.create":   "登记事项",
		"workflow.comment":  "事项留言",
		"workflow.attach":   "上传附件",
		"workflow.escalate": "逾期升级督办",
		"workflow.calendar": "维护工作日历",
		"workflow.submit":   "提交整改",
		"workflow.verify":   "验收通过",
		"workflow.return":   "退回重改",
		"workflow.cancel":   "撤销事项",
	})
}
