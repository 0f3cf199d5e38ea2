package reports

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// DemoPlan is the demo district's work plan for a year, in the shape of the bureau's own plans:
// targets bound to metrics where the records can tell (体质健康合格率, 隐患整改率, 大班额 …) and
// items whose progress the sections report.
func DemoPlan(year int) Plan {
	d := func(md string) string { return fmt.Sprintf("%d-%s", year, md) }
	return Plan{Period: fmt.Sprint(year), Title: fmt.Sprintf("%d年教育工作计划", year), Chapters: []PlanChapter{
		{Title: "优化教育资源供给", Items: []PlanItem{
			{Title: "保障适龄儿童少年就近入学", Section: "招生办公室", Deadline: d("09-30"), Milestones: []Milestone{
				{Title: "公布招生划片方案", Due: d("05-31"), Done: true}, {Title: "完成派位录取", Due: d("07-31"), Done: true}},
				Progress: 100},
			{Title: "逐步消除义务教育大班额", Section: "基础教育科", Deadline: d("12-31"),
				Target: &Target{Metric: "classes.large", Op: "<=", Value: 0}},
			{Title: "推进义务教育优质均衡发展，资源配置指标全部达标", Section: "督导室", Deadline: d("12-31"),
				Target: &Target{Metric: "balance.schools_failing", Op: "<=", Value: 0}},
		}},
		{Title: "促进学生全面发展", Items: []PlanItem{
			{Title: "学生体质健康合格率保持在95%以上", Section: "体卫艺科", Deadline: d("12-31"),
				Target: &Target{Metric: "fitness.pass_rate", Op: ">=", Value: 95}},
			{Title: "学生体质健康优良率达到50%", Section: "体卫艺科", Deadline: d("12-31"),
				Target: &Target{Metric: "fitness.excellent_good_rate", Op: ">=", Value: 50}},
			{Title: "开展中小学生心理健康全员测评", Section: "体卫艺科", Deadline: d("11-30"), Progress: 80, Note: "初中已完成，小学正在推进"},
		}},
		{Title: "守牢校园安全底线", Items: []PlanItem{
			{Title: "校园安全隐患整改率达到100%", Section: "安全稳定科", Deadline: d("12-31"),
				Target: &Target{Metric: "hazards.rate", Op: ">=", Value: 100}},
			{Title: "责任督学经常性督导覆盖全部学校", Section: "督导室", Deadline: d("12-31"),
				Target: &Target{Metric: "supervision.schools_covered", Op: ">=", Value: 125}},
			{Title: "修订校园安全应急预案", Section: "安全稳定科", Deadline: d("06-30"), Progress: 60, Note: "征求意见稿已形成"},
		}},
		{Title: "建设高素质教师队伍", Items: []PlanItem{
			{Title: "生师比控制在17:1以内", Section: "人事科", Deadline: d("09-01"),
				Target: &Target{Metric: "teachers.ratio", Op: "<=", Value: 17}},
			{Title: "完成教师全员培训", Section: "人事科", Deadline: d("12-20"), Progress: 100},
		}},
	}}
}

// InstallDemoPlan stores the demo plan of a year for a district.
func InstallDemoPlan(ctx context.Context, d *db.DB, district string, year int) error {
	p := DemoPlan(year)
	if err := p.Validate(); err != nil {
		return err
	}
	return d.Tx(ctx, func(q db.Querier) error { return putPlan(ctx, q, district, &p, 0) })
}
