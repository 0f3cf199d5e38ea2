package reports

import (
	"fmt"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// putPlan stores a 2026 plan with two bound targets (one met, one missed by the world's
// records), an item the section reports done and an overdue one.
func (w *world) putPlan(t *testing.T, teachersTarget float64) Plan {
	if teachersTarget == 0 {
		teachersTarget = 10
	}
	pl := Plan{Title: "青溪区教育局2026年工作计划", Chapters: []PlanChapter{
		{Title: "保障学位供给", Items: []PlanItem{
			{Title: "在校生规模保持稳定", Section: "基础教育科", Deadline: "2026-12-31", Target: &Target{Metric: "在校生总数", Op: ">=", Value: 8}},
			{Title: "消除大班额", Section: "基础教育科", Deadline: "2026-08-31", Target: &Target{Metric: "classes.large", Op: "<=", Value: 0}},
		}},
		{Title: "建设高素质教师队伍", Items: []PlanItem{
			{Title: "补充专任教师", Section: "人事科", Deadline: "2026-09-01", Target: &Target{Metric: "teachers.total", Op: ">=", Value: teachersTarget}},
			{Title: "开展教师全员培训", Section: "人事科", Deadline: "2026-11-30", Progress: 100},
			{Title: "修订教师考核办法", Section: "人事科", Deadline: "2026-06-30", Progress: 40, Note: "征求意见中"},
		}},
	}}
	out, err := w.s.PutPlan(w.ctx, w.staff(), "2026", pl)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPlanTargetsBoundToMetricsShowMetAndMissed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.putPlan(t, 0)
		items, err := w.s.PlanProgress(w.ctx, w.staff(), "2026", 0)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, it := range items {
			got = append(got, it.PlanItem.Title+":"+it.Status+":"+it.Text)
		}
		want := "在校生规模保持稳定:已完成:9|消除大班额:已完成:0|补充专任教师:未完成:2|开展教师全员培训:已完成:|修订教师考核办法:已逾期:"
		if strings.Join(got, "|") != want {
			t.Errorf("progress:\n got %s\nwant %s", strings.Join(got, "|"), want)
		}
		// The target follows the records: with a lower target the item is met.
		w.putPlan(t, 2)
		items, _ = w.s.PlanProgress(w.ctx, w.staff(), "2026", 0)
		if items[2].Status != StatusMet {
			t.Errorf("teachers ≥ 2 with 2 teachers: %s", items[2].Status)
		}
		w.putPlan(t, 0)
		doc := w.generate(KindAnnual, "2026", District)
		body := doc.Text()
		for _, want := range []string{"共列5项工作，已完成3项，未完成或逾期2项", "补充专任教师（人事科）：目标专任教师数≥10人，实际2人，未完成。",
			"计划任务“补充专任教师”未完成（人事科）：目标专任教师数≥10人，实际2人。", "计划任务“修订教师考核办法”已逾期（人事科）：科室填报进度40%，征求意见中。",
			"（一）建设高素质教师队伍", "补充专任教师（牵头科室：人事科；原完成时限：2026-09-01；本期状态：未完成），目标继续为专任教师数≥10人。"} {
			if !strings.Contains(body, want) {
				t.Errorf("report lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "开展教师全员培训（牵头科室") {
			t.Error("a finished item is carried over to the next plan")
		}
		next, err := w.s.CarryOver(w.ctx, w.staff(), "2026")
		if err != nil {
			t.Fatal(err)
		}
		titles := []string{}
		for _, ch := range next.Chapters {
			for _, it := range ch.Items {
				titles = append(titles, ch.Title+"/"+it.Title+"/"+it.Note)
			}
		}
		if next.Period != "2027" || strings.Join(titles, "|") != "建设高素质教师队伍/补充专任教师/2026年结转（未完成）|建设高素质教师队伍/修订教师考核办法/2026年结转（已逾期）" {
			t.Errorf("carried over: %s %v", next.Period, titles)
		}
		if next.Chapters[0].Items[0].Target == nil || next.Chapters[0].Items[0].Target.Value != 10 {
			t.Error("the target is carried over")
		}
		if _, err := w.s.CarryOver(w.ctx, w.staff(), "2026"); errs.Code(err) != errs.Conflict {
			t.Errorf("carrying over twice: %v", err)
		}
	})
}

func TestPlanValidationNamesTheItem(t *testing.T) {
	pl := Plan{Period: "2026", Title: "计划", Chapters: []PlanChapter{{Title: "一", Items: []PlanItem{
		{Title: "甲", Deadline: "2026/06/30"},
		{Title: "乙", Target: &Target{Metric: "students.totl", Op: ">"}},
		{Title: "丙", Target: &Target{Metric: "schools.by_type", Op: ">="}},
	}}}}
	err := pl.Validate()
	e, ok := errs.As(err)
	if !ok {
		t.Fatalf("got %v", err)
	}
	msgs := []string{}
	for _, f := range e.Fields {
		msgs = append(msgs, f.Field+" "+f.Message)
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{"chapters[0].items[0].deadline 第1章第1项：完成时限应写作 2026-06-30", "chapters[0].items[1].target.metric 第1章第2项：未知的指标“students.totl”",
		"chapters[0].items[1].target.op 第1章第2项：目标比较只能是 >= 或 <=", "第1章第3项：指标“各类学校数”是分列数据，不能作为目标"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in\n%s", want, joined)
		}
	}
}

func TestSchoolAdministratorGeneratesOwnSchoolOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		admin := Actor{P: w.schoolAdmin("A").P}
		admin.P.Permissions["reports.read"] = true
		doc, err := w.s.Preview(w.ctx, admin, Request{Kind: KindHalfYear, Period: "2026H2"})
		if err != nil {
			t.Fatal(err)
		}
		if doc.ScopeLabel != "青溪区实验小学" || figureValue(doc, "students.total", "青溪区实验小学") != "5" {
			t.Errorf("a school administrator's report is their school's: %s, students %s", doc.ScopeLabel, figureValue(doc, "students.total", "青溪区实验小学"))
		}
		for _, f := range doc.Figures {
			if f.Scope != "青溪区实验小学" {
				t.Errorf("figure %s of %s in a school report", f.Name, f.Scope)
			}
		}
		// Placeholders cannot reach beyond the school: another school or the district reads 不适用.
		body := "# 题\n本校{{students.total}}人，全区{{metric students.total scope=district}}人，一中{{metric students.total scope=school:" +
			fmt.Sprint(w.schools["B"]) + "}}人。\n{{chart students.total by=zone}}"
		doc, err = w.s.Preview(w.ctx, admin, Request{Period: "2026", Body: body})
		if err != nil || doc.Text() != "题\n本校5人，全区不适用，一中不适用。\n" || len(doc.Warnings) != 3 {
			t.Errorf("a school's report reaches other scopes: %v %q %v", err, doc.Text(), doc.Warnings)
		}
		_, err = w.s.Preview(w.ctx, admin, Request{Kind: KindHalfYear, Period: "2026H2", SchoolID: w.schools["B"]})
		if errs.Code(err) != errs.NotFound {
			t.Errorf("another school's report: %v", err)
		}
		if _, err := w.s.StartGenerate(w.ctx, admin, Request{Period: "2026", SchoolID: w.schools["B"]}); errs.Code(err) != errs.NotFound {
			t.Errorf("generating another school's report: %v", err)
		}
		doc, err = w.s.Preview(w.ctx, w.staff(), Request{Period: "2026H2", SchoolID: w.schools["B"]})
		if err != nil || doc.ScopeLabel != "青溪区第一中学" {
			t.Errorf("the bureau may generate any school's report: %v", err)
		}
	})
}

func TestTemplateEditPreviewAndReset(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		_, err := w.s.PutTemplate(w.ctx, w.staff(), KindAnnual, "# 标题\n在校生{{students.totl}}人")
		if e, ok := errs.As(err); !ok || !strings.Contains(e.Fields[0].Message, "第2行第4列 {{students.totl}}：未知的指标或函数“students.totl”") {
			t.Fatalf("bad template: %v", err)
		}
		body := "# {{区县}}{{期间}}简报\n## 概况\n全区在校生{{在校生总数}}人，其中随迁子女{{students.migrant}}人。"
		tt, err := w.s.PutTemplate(w.ctx, w.staff(), KindAnnual, body)
		if err != nil || tt.Default || tt.Body != body {
			t.Fatalf("stored: %+v %v", tt, err)
		}
		doc := w.generate(KindAnnual, "2026", District)
		if doc.Title != "青溪区2026年简报" || !strings.Contains(doc.Text(), "全区在校生9人，其中随迁子女3人。") {
			t.Errorf("the stored template is used:\n%s", doc.Text())
		}
		prev, err := w.s.Preview(w.ctx, w.staff(), Request{Period: "2026", Body: body + "\n专任教师{{teachers.total}}人。"})
		if err != nil || !strings.Contains(prev.Text(), "专任教师2人。") {
			t.Errorf("preview of an unsaved edit: %v", err)
		}
		if tt, err = w.s.ResetTemplate(w.ctx, w.staff(), KindAnnual); err != nil || !tt.Default {
			t.Errorf("reset: %+v %v", tt, err)
		}
		if _, err := w.s.PutTemplate(w.ctx, Actor{P: w.schoolAdmin("A").P}, KindAnnual, body); errs.Code(err) != errs.Forbidden {
			t.Errorf("a school administrator edits templates: %v", err)
		}
	})
}

func TestAuditActionsHaveChineseNames(t *testing.T) {
	for _, code := range []string{"report.template.update", "report.template.reset", "report.plan.update", "report.generate"} {
		if n := audit.ActionName(code); n == code {
			t.Errorf("%s has no Chinese name", code)
		}
	}
}
