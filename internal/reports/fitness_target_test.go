package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/fitness"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// fitnessClass puts three students of school A into its class 三年级（1）班 and enters their
// fitness results through the fitness service: two pass, one fails (合格率 66.67%).
func (w *world) fitnessClass(t *testing.T) (*fitness.Service, fitness.Actor, int64, fitness.ClassEntry) {
	classes, err := w.reg.ListClasses(w.ctx, w.schoolAdmin("A"), w.schools["A"], 2026)
	if err != nil || len(classes) == 0 {
		t.Fatalf("classes: %v", err)
	}
	class := classes[0].ID
	for _, id := range w.students["A"][:3] {
		in := w.inputs[id]
		in.ClassID = class
		if _, err := w.reg.UpdateStudent(w.ctx, w.schoolAdmin("A"), id, in); err != nil {
			t.Fatal(err)
		}
	}
	fs := &fitness.Service{DB: w.s.DB, Keys: w.reg.Keys, Audit: w.s.Audit, Today: func() time.Time { return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) }}
	a := fitness.Actor{P: access.NewPrincipal(9, "xzA", "学校管理员", access.SchoolAdmin, dist, w.schools["A"], 0, 0, nil)}
	sheet, err := fs.ClassResults(w.ctx, a, class, 2026, 1)
	if err != nil {
		t.Fatal(err)
	}
	good := map[string]string{"height": "130", "weight": "27", "vital_capacity": "1800", "run_50m": "9.6", "sit_and_reach": "12",
		"rope_skip_1min": "110", "sit_up_1min": "32"}
	bad := map[string]string{"height": "130", "weight": "27", "vital_capacity": "400", "run_50m": "16", "sit_and_reach": "-12",
		"rope_skip_1min": "5", "sit_up_1min": "1"}
	entry := fitness.ClassEntry{SchoolYear: 2026, TestedOn: "2026-10-20"}
	for i, row := range sheet.Rows {
		src := good
		if i == 2 {
			src = bad
		}
		vals := map[string]string{}
		for _, f := range sheet.Fields {
			if v, ok := src[f.Key]; ok {
				vals[f.Key] = v
			} else {
				t.Fatalf("no test value for field %s", f.Key)
			}
		}
		entry.Rows = append(entry.Rows, fitness.EntryRow{StudentID: row.StudentID, Values: vals})
	}
	if _, err := fs.SaveClassResults(w.ctx, a, class, entry); err != nil {
		t.Fatal(err)
	}
	return fs, a, class, entry
}

// TestFitnessTargetShowsMetOrMissedFromTheResults binds a plan target to 学生体质健康合格率: missed
// while one of three students fails, met once the failing student's result is corrected.
func TestFitnessTargetShowsMetOrMissedFromTheResults(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		fs, a, class, entry := w.fitnessClass(t)
		pl := Plan{Title: "2026年工作计划", Chapters: []PlanChapter{{Title: "促进学生健康成长", Items: []PlanItem{{Title: "提升学生体质健康水平",
			Section: "体卫艺科", Deadline: "2026-12-31", Target: &Target{Metric: "学生体质健康合格率", Op: ">=", Value: 95}}}}}}
		if _, err := w.s.PutPlan(w.ctx, w.staff(), "2026", pl); err != nil {
			t.Fatal(err)
		}
		items, err := w.s.PlanProgress(w.ctx, w.staff(), "2026", 0)
		if err != nil {
			t.Fatal(err)
		}
		if items[0].Status != StatusMissed || items[0].Text != "66.7%" {
			t.Fatalf("2 of 3 pass: %s %s", items[0].Status, items[0].Text)
		}
		doc := w.generate(KindAnnual, "2026", District)
		if body := doc.Text(); !strings.Contains(body, "提升学生体质健康水平（体卫艺科）：目标学生体质健康合格率≥95.0%，实际66.7%，未完成。") ||
			!strings.Contains(body, "计划任务“提升学生体质健康水平”未完成（体卫艺科）：目标学生体质健康合格率≥95.0%，实际66.7%。") ||
			strings.Contains(body, "学生体质健康水平有待提升") {
			t.Errorf("report:\n%s", body)
		}
		// The school corrects the third student's result: every student passes.
		entry.Rows[2].Values = entry.Rows[0].Values
		if _, err := fs.SaveClassResults(w.ctx, a, class, entry); err != nil {
			t.Fatal(err)
		}
		items, _ = w.s.PlanProgress(w.ctx, w.staff(), "2026", 0)
		if items[0].Status != StatusMet || items[0].Text != "100.0%" {
			t.Errorf("all pass: %s %s", items[0].Status, items[0].Text)
		}
		// For school B, which has no results, the target has no data.
		items, _ = w.s.PlanProgress(w.ctx, w.staff(), "2026", w.schools["B"])
		if items[0].Status != StatusNoData {
			t.Errorf("school without results: %s", items[0].Status)
		}
	})
}
