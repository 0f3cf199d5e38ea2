// Package safety is campus safety: hazards (安全隐患) on the workflow engine, inspection campaigns
// (专项检查), their figures, and the 双随机一公开 draw with its CLI.
//
// # Reporting a hazard (the API other modules call)
//
// A 责任督学 visit finding, a school's self-inspection or a campaign finding becomes a hazard with
//
//	h, err := svc.Report(ctx, p, safety.HazardInput{
//		SchoolID:    schoolID,
//		Source:      safety.SourceVisit, // "自查", "督学检查" or "专项检查"
//		SourceRef:   "督导记录 123",       // what the finding came from, e.g. the visit's id
//		Category:    "消防",               // one of Categories
//		Severity:    "一般",               // one of Severities
//		Location:    "教学楼二楼东侧",
//		Description: "灭火器压力不足",
//		FoundOn:     "2026-11-20",         // optional: today when empty, never in the future
//	})
//
// (ReportFrom does the same with the client's address for the audit log; ReportTx inside the
// caller's transaction.) p must hold SafetyWrite and the school must be in p's scope: a school
// reports only its own hazards and only as 自查, an inspector only in the schools of their zone
// and not as 自查. A 专项检查 hazard names its campaign (CampaignID) and the school must be one of
// its targets. Errors are platform/errs errors with Chinese messages naming the field.
//
// The hazard is assigned to the school with the rectification deadline of its severity counted in
// working days from the found date (DefaultDeadlines until the section sets its own); its superior
// — the section whose name holds “安全”, else the bureau — sees it escalated when it is overdue.
// Then: 待整改 → the school uploads evidence and submits (提交整改) → 待验收 → the zone's inspector or
// a section member verifies (验收通过 → 已整改) or sends it back (退回重改, with a reason); a section
// member may cancel (撤销) one reported in error.
//
// # Figures
//
// figures.go holds the read functions for the reports module and the dashboard: HazardTotals and
// HazardRates (by school, category, campaign, month, severity, source or district) with
// 整改率 = verified and closed ÷ found, pending and overdue, scoped by district, school or zone and
// period, computed from the records on every call.
package safety
