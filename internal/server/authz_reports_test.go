package server

import (
	"context"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/reports"
)

// The reports module: readers are the 局领导, the 科室人员 granted reports.read and school
// administrators (their own school only); only reports.write edits templates and plans.
func init() {
	readers := func(status string) map[string]string {
		return only("403", map[string]string{"leader": status, "staff": status, "school_admin": status})
	}
	perSchool := func(status string) map[string]string {
		ok := status + " " + status + " 404"
		return only("403 403 403", map[string]string{"leader": ok, "staff": ok, "school_admin": status + " 404 404"})
	}
	writer := only("403", map[string]string{"staff": "200"})
	const planBody = `{"title":"2026年工作计划","chapters":[{"title":"保障学位供给","items":[{"title":"在校生规模","section":"基础教育科",
"deadline":"2026-12-31","milestones":[],"target":{"metric":"students.total","op":">=","value":1},"progress":0,"note":""}]}]}`
	moduleMatrix = append(moduleMatrix,
		matrixRow{"GET", "/api/v1/reports/metrics", "", "", readers("200")},
		matrixRow{"GET", "/api/v1/reports/templates/{template}", "report_template", "", readers("200")},
		matrixRow{"PUT", "/api/v1/reports/templates/{template}", "report_template", `{"body":"# {{区县}}工作总结\n## 概况\n在校生{{students.total}}人。"}`, writer},
		matrixRow{"DELETE", "/api/v1/reports/templates/{template}", "report_template", "", writer},
		matrixRow{"POST", "/api/v1/reports/preview", "school", `{"kind":"half-year","period":"2026H1","school_id":"{id}"}`, perSchool("200")},
		matrixRow{"POST", "/api/v1/reports/generate", "school", `{"kind":"half-year","period":"2026H1","school_id":"{id}"}`, perSchool("202")},
		matrixRow{"GET", "/api/v1/reports/plans", "", "", readers("200")},
		matrixRow{"GET", "/api/v1/reports/plans/{period}", "report_plan", "", readers("200")},
		matrixRow{"PUT", "/api/v1/reports/plans/{period}", "report_plan", planBody, writer},
		matrixRow{"GET", "/api/v1/reports/plans/{period}/progress", "report_plan", "", readers("200")},
		matrixRow{"POST", "/api/v1/reports/plans/{period}/carry-over", "report_plan", "", only("403", map[string]string{"staff": "201"})},
	)
	objectKinds["report_template"] = func(f *fixture, role string) []object {
		return []object{{name: "annual", vars: map[string]string{"{template}": "annual"}}}
	}
	objectKinds["report_plan"] = func(f *fixture, role string) []object {
		if f.mods["reports"] == nil {
			p := access.NewPrincipal(f.users[access.Staff], "actor_staff", "", access.Staff, home, 0, 0, 0,
				[]string{access.ReportsRead, access.ReportsWrite})
			pl := reports.Plan{Title: "2026年工作计划", Chapters: []reports.PlanChapter{{Title: "保障学位供给",
				Items: []reports.PlanItem{{Title: "在校生规模", Target: &reports.Target{Metric: "students.total", Op: ">=", Value: 1}}}}}}
			if _, err := ReportsOf(f.s).PutPlan(context.Background(), reports.Actor{P: p}, "2026", pl); err != nil {
				f.t.Fatal(err)
			}
			f.mods["reports"] = true
		}
		return []object{{name: "2026", vars: map[string]string{"{period}": "2026"}}}
	}
}
