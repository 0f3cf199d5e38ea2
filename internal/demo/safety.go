package demo

// The demo district's campus safety year: inspection campaigns with their results, hazards found
// by schools' self-inspections, by 责任督学 visits and by the campaigns, in every state of their
// workflow (待整改, 待验收, 已整改 on time or late, sent back once, 已撤销), some overdue and
// escalated. Everything goes through the safety service and the workflow engine, with the
// engine's clock set to each step's day, so histories, deadlines and SLA figures are real.

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/workflow"
	"github.com/edubureau/edubureau/internal/safety"
)

// SafetySummary counts what InstallSafety wrote.
type SafetySummary struct {
	Campaigns, Hazards, Closed, Pending, Overdue, Escalated int
}

var hazardTexts = map[string][]string{
	"消防":      {"灭火器压力不足，已过检验期", "疏散通道堆放杂物", "应急照明灯不亮", "消防栓箱内水带缺失", "安全出口指示标志损坏"},
	"食品":      {"食堂从业人员健康证过期", "食品留样记录不全", "生熟食品混放", "操作间防鼠网破损", "食品添加剂未专柜存放"},
	"校舍建筑":    {"外墙瓷砖空鼓，有脱落危险", "围墙局部开裂倾斜", "楼梯扶手松动", "屋面渗水", "看台护栏锈蚀"},
	"交通/校车":   {"校门口缺少减速带和警示标志", "校车安全锤缺失", "接送车辆占用消防通道", "校车照管员签到记录缺失"},
	"危化品/实验室": {"危化品未落实双人双锁管理", "化学试剂台账与实物不符", "通风橱故障", "实验废液未分类收集"},
	"周边治安":    {"校门口流动摊贩聚集", "护校岗上下学时段无人值守", "周界监控摄像头损坏", "校园周边有违规经营网吧"},
	"防溺水":     {"校园附近池塘未设警示牌", "河道护栏缺损", "防溺水宣传栏内容未更新"},
	"其他":      {"配电箱未上锁", "体育器材固定不牢", "校园广播系统故障"},
}

var hazardPlaces = map[string][]string{
	"消防": {"教学楼一楼走廊", "学生宿舍二楼", "图书馆", "行政楼"}, "食品": {"食堂操作间", "食堂仓库", "留样间"},
	"校舍建筑": {"教学楼北侧外墙", "围墙东侧", "综合楼楼梯", "操场看台"}, "交通/校车": {"校门口", "校车停车场", "校门东侧道路"},
	"危化品/实验室": {"化学实验室", "实验准备室", "危化品仓库"}, "周边治安": {"校门口", "学校周边", "校园周界"},
	"防溺水": {"学校东侧池塘", "校外河道", "宣传栏"}, "其他": {"配电房", "体育馆", "广播室"},
}

// demoCampaigns are the year's campaigns: name, checklist, the categories its findings fall in,
// start as days before today, and length in days.
var demoCampaigns = []struct {
	name       string
	checklist  []string
	categories []string
	ago, days  int
}{
	{"冬季校园消防安全专项检查", []string{"消防设施器材完好有效", "疏散通道畅通", "消防演练记录", "电气线路规范"}, []string{"消防", "其他"}, 350, 21},
	{"春季开学校园安全大检查", []string{"校舍安全排查", "食堂食品安全", "校车安全管理", "门卫与护校岗"}, []string{"校舍建筑", "食品", "交通/校车", "周边治安"}, 285, 14},
	{"防溺水专项检查", []string{"危险水域警示标志", "防溺水教育记录", "家长告知书回收"}, []string{"防溺水"}, 210, 25},
	{"食品安全专项检查", []string{"从业人员健康证", "食品留样", "原料进货查验", "餐具消毒"}, []string{"食品"}, 180, 15},
	{"秋季开学校园安全检查", []string{"校舍安全排查", "实验室危化品管理", "校车安全管理", "周边环境整治"}, []string{"校舍建筑", "危化品/实验室", "交通/校车", "周边治安"}, 95, 14},
	{"冬季消防与用电安全检查", []string{"消防设施器材完好有效", "疏散通道畅通", "电气线路规范"}, []string{"消防", "其他"}, 20, 25},
}

type demoSchool struct {
	id, zone int64
	admin    *access.Principal
}

// safetyPhoto is a small PNG standing for a site or rectification photo.
func safetyPhoto(c color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	for y := range 120 {
		for x := range 160 {
			v := c
			if (x/20+y/20)%2 == 0 {
				v = color.RGBA{c.R / 2, c.G / 2, c.B / 2, 255}
			}
			img.Set(x, y, v)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// InstallSafety writes the safety year of district into the database through svc, as of now.
func InstallSafety(ctx context.Context, svc *safety.Service, district string, seed int64, now time.Time) (SafetySummary, error) {
	var sum SafetySummary
	r := rand.New(rand.NewPCG(uint64(seed), 0x5afe7))
	d := svc.DB
	schools, inspectors, staff, err := safetyPeople(ctx, d, district)
	if err != nil {
		return sum, err
	}
	if len(schools) == 0 || staff == nil {
		return sum, fmt.Errorf("演示区县缺少学校或安全稳定科人员")
	}
	flow := svc.Flow
	clock := now
	flow.Now = func() time.Time { return clock }
	defer func() { flow.Now = nil }()
	at := func(daysAgo int, hour int) time.Time {
		day := now.In(workflow.China).AddDate(0, 0, -daysAgo)
		t := time.Date(day.Year(), day.Month(), day.Day(), hour, r.IntN(60), 0, 0, workflow.China)
		if t.After(now.Add(-30 * time.Minute)) { // today's steps keep their order and stay in the past
			t = now.Add(-time.Duration(20-hour) * time.Minute)
		}
		return t
	}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	severity := func() string {
		switch n := r.IntN(100); {
		case n < 72:
			return "一般"
		case n < 94:
			return "较大"
		}
		return "重大"
	}
	finding := func(cat string) (string, string) { return pick(hazardTexts[cat]), pick(hazardPlaces[cat]) }

	// Campaigns, their results and findings (each result in its own transaction, as on site).
	for _, c := range demoCampaigns {
		clock = at(c.ago+5, 9)
		targets := []string{}
		chosen := r.Perm(len(schools))[:min(len(schools), 24+r.IntN(12))]
		for _, i := range chosen {
			targets = append(targets, fmt.Sprint(schools[i].id))
		}
		start, end := at(c.ago, 9), now.In(workflow.China).AddDate(0, 0, c.days-c.ago) // the last one runs on
		cd, err := svc.CreateCampaign(ctx, staff, "", safety.CampaignInput{Name: fmt.Sprintf("%d年%s", start.Year(), c.name),
			Checklist: c.checklist, SchoolIDs: targets, StartOn: start.Format(workflow.DateLayout), EndOn: end.Format(workflow.DateLayout)})
		if err != nil {
			return sum, err
		}
		sum.Campaigns++
		for _, i := range chosen {
			sc := schools[i]
			day := c.ago - r.IntN(c.days+1)
			if day < 0 || r.IntN(100) < 10 {
				continue // not yet checked
			}
			clock = at(day, 10)
			checker := staff
			if ins := inspectors[sc.zone]; len(ins) > 0 && r.IntN(2) == 0 {
				checker = ins[r.IntN(len(ins))]
			}
			res := safety.ResultInput{SchoolID: fmt.Sprint(sc.id)}
			for range c.checklist {
				res.Results = append(res.Results, safety.CheckResult{OK: true})
			}
			for n := []int{0, 0, 1, 1, 1, 2, 3}[r.IntN(7)]; n > 0; n-- {
				cat := pick(c.categories)
				text, place := finding(cat)
				res.Findings = append(res.Findings, safety.Finding{Category: cat, Severity: severity(), Location: place, Description: text})
				res.Results[r.IntN(len(res.Results))] = safety.CheckResult{OK: false, Note: text}
			}
			if _, err := svc.RecordResult(ctx, checker, "", cd.ID, res); err != nil {
				return sum, fmt.Errorf("%s：%w", c.name, err)
			}
		}
	}

	// Self-inspections and 责任督学 visits, in one transaction.
	err = d.Tx(ctx, func(q db.Querier) error {
		for range 220 {
			sc := schools[r.IntN(len(schools))]
			cat := safety.Categories[r.IntN(len(safety.Categories))]
			text, place := finding(cat)
			in := safety.HazardInput{SchoolID: sc.id, Category: cat, Severity: severity(), Location: place, Description: text}
			clock = at(r.IntN(360), 9+r.IntN(8))
			in.FoundOn = clock.Format(workflow.DateLayout)
			p := sc.admin
			in.Source = safety.SourceSelf
			if ins := inspectors[sc.zone]; len(ins) > 0 && r.IntN(100) < 45 {
				p, in.Source, in.SourceRef = ins[r.IntN(len(ins))], safety.SourceVisit, "督学随访"
			}
			if p == nil {
				continue
			}
			if _, err := svc.ReportTx(ctx, q, p, "", in); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return sum, err
	}

	// Every hazard's course after its report.
	photos := [][]byte{safetyPhoto(color.RGBA{200, 120, 60, 255}), safetyPhoto(color.RGBA{80, 150, 90, 255}), safetyPhoto(color.RGBA{70, 110, 190, 255})}
	type plan struct {
		id, school, zone int64
		found, due       string
	}
	var plans []plan
	rows, err := d.Read().Query(ctx, `SELECT h.id, h.school_id, w.zone_id, h.found_on, w.due_on FROM safety_hazards h
JOIN wf_items w ON w.district_code = h.district_code AND w.id = h.id WHERE h.district_code = ? ORDER BY h.found_on, h.id`, district)
	if err != nil {
		return sum, err
	}
	for rows.Next() {
		var p plan
		if err := rows.Scan(&p.id, &p.school, &p.zone, &p.found, &p.due); err != nil {
			rows.Close()
			return sum, err
		}
		plans = append(plans, p)
	}
	rows.Close()
	byID := map[int64]demoSchool{}
	for _, s := range schools {
		byID[s.id] = s
	}
	today := now.In(workflow.China)
	daysAgo := func(date string) int {
		t, _ := time.ParseInLocation(workflow.DateLayout, date, workflow.China)
		return int(today.Sub(t).Hours() / 24)
	}
	err = d.Tx(ctx, func(q db.Querier) error {
		for _, pl := range plans {
			sc := byID[pl.school]
			verifier := staff
			if ins := inspectors[pl.zone]; len(ins) > 0 && r.IntN(3) > 0 {
				verifier = ins[r.IntN(len(ins))]
			}
			age := daysAgo(pl.found)
			dueAge := age - 7
			if pl.due != "" {
				dueAge = daysAgo(pl.due) // days since the deadline (negative: still to come)
			}
			act := func(p *access.Principal, ago int, action, comment string) error {
				clock = at(max(ago, 0), 9+r.IntN(8))
				_, err := flow.Act(ctx, q, p, "", safety.HazardType, pl.id, action, comment, "隐患")
				return err
			}
			submit := func(ago int) error { // at the end of the day, after anything else of that day
				clock = at(max(ago, 0), 17)
				if _, err := flow.AttachTx(ctx, q, sc.admin, "", safety.HazardType, pl.id, "整改后现场照片.png",
					bytes.NewReader(photos[r.IntN(len(photos))]), "隐患"); err != nil {
					return err
				}
				clock = clock.Add(time.Minute)
				_, err := flow.Act(ctx, q, sc.admin, "", safety.HazardType, pl.id, "submit",
					pick([]string{"已完成整改，附整改后照片", "已更换并建立检查台账", "已维修到位，请验收"}), "隐患")
				return err
			}
			n := r.IntN(100)
			switch {
			case n < 2:
				if err := act(staff, max(age-1, 0), "cancel", "经核实为重复上报"); err != nil {
					return err
				}
				continue
			case age <= 3 || (age <= 12 && n < 50) || (age > 12 && age <= 40 && n < 22) || (age > 40 && n < 5):
				continue // still 待整改 (overdue when past its deadline)
			}
			// Submitted: on time mostly, late sometimes.
			span := max(age-dueAge, 1)
			subAgo := age - 1 - r.IntN(max(span*2/3, 1)) // mostly early enough to be verified in time
			if r.IntN(100) < 18 {
				subAgo = dueAge - 1 - r.IntN(5)
			}
			subAgo = min(max(subAgo, 0), age)
			if err := submit(subAgo); err != nil {
				return err
			}
			if subAgo <= 2 || r.IntN(100) < 6 {
				continue // 待验收
			}
			verAgo := max(subAgo-1-r.IntN(3), 0)
			if r.IntN(100) < 15 && verAgo > 3 { // sent back once, then redone
				if err := act(verifier, verAgo, "return", "整改不到位，请补充照片"); err != nil {
					return err
				}
				resub := max(verAgo-1-r.IntN(3), 0)
				if err := submit(resub); err != nil {
					return err
				}
				if resub <= 1 {
					continue
				}
				verAgo = max(resub-1, 0)
			}
			if err := act(verifier, verAgo, "verify", "现场复核，整改到位"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	flow.Now = nil
	res, err := flow.Sweep(ctx, district)
	if err != nil {
		return sum, err
	}
	tot, err := safety.HazardTotals(ctx, d.Read(), district, safety.FigureFilter{AsOf: workflow.Today(now)})
	if err != nil {
		return sum, err
	}
	sum.Hazards, sum.Closed, sum.Pending, sum.Overdue, sum.Escalated = tot.Found, tot.Rectified, tot.Pending, tot.Overdue, res.Escalated
	return sum, nil
}

// safetyPeople loads the schools with their administrators, the inspectors of each zone, and a
// member of the safety section.
func safetyPeople(ctx context.Context, d *db.DB, district string) ([]demoSchool, map[int64][]*access.Principal, *access.Principal, error) {
	var schools []demoSchool
	rows, err := d.Read().Query(ctx, `SELECT id, COALESCE(zone_id, 0) FROM schools WHERE district_code = ? ORDER BY code`, district)
	if err != nil {
		return nil, nil, nil, err
	}
	for rows.Next() {
		var s demoSchool
		if err := rows.Scan(&s.id, &s.zone); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		schools = append(schools, s)
	}
	rows.Close()
	idx := map[int64]int{}
	for i, s := range schools {
		idx[s.id] = i
	}
	inspectors := map[int64][]*access.Principal{}
	var staff *access.Principal
	rows, err = d.Read().Query(ctx, `SELECT u.id, u.username, u.display_name, u.role, COALESCE(u.school_id, 0), COALESCE(u.zone_id, 0),
COALESCE(u.section_id, 0), COALESCE(s.name, '') FROM users u LEFT JOIN sections s ON s.district_code = u.district_code AND s.id = u.section_id
WHERE u.district_code = ? AND u.role IN ('school_admin', 'inspector', 'staff') ORDER BY u.username`, district)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, school, zone, section int64
		var username, name, role, secName string
		if err := rows.Scan(&id, &username, &name, &role, &school, &zone, &section, &secName); err != nil {
			return nil, nil, nil, err
		}
		switch role {
		case access.SchoolAdmin:
			if i, ok := idx[school]; ok && schools[i].admin == nil {
				schools[i].admin = access.NewPrincipal(id, username, name, role, district, school, 0, 0, nil)
			}
		case access.Inspector:
			inspectors[zone] = append(inspectors[zone], access.NewPrincipal(id, username, name, role, district, 0, zone, 0, nil))
		case access.Staff:
			if staff == nil && secName == "安全稳定科" {
				staff = access.NewPrincipal(id, username, name, role, district, 0, 0, section, []string{access.SafetyRead, access.SafetyWrite})
			}
		}
	}
	return schools, inspectors, staff, rows.Err()
}
