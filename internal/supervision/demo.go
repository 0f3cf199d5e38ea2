package supervision

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
)

// DemoSummary says what InstallDemo wrote.
type DemoSummary struct {
	Visits, Findings, Hazards, NeverVisited, Pool, Conflicts, Draws int
}

// demoFindings are problems a 责任督学 typically writes down, by category.
var demoFindings = []FindingInput{
	{"消防", "较大", "教学楼二楼东侧安全出口堆放课桌椅，疏散通道宽度不足"},
	{"消防", "一般", "宿舍楼 3 具灭火器压力不足，未按月检查"},
	{"食品", "较大", "食堂留样记录缺少 3 天，留样量不足 125 克"},
	{"食品", "一般", "食堂从业人员健康证 1 人过期"},
	{"校舍建筑", "一般", "操场围墙局部开裂，未设置警示"},
	{"交通/校车", "一般", "放学时段校门口接送车辆占道，无人疏导"},
	{"危化品/实验室", "较大", "化学实验室危化品未执行双人双锁管理"},
	{"防溺水", "一般", "防溺水安全教育记录不全，家长告知书回收率低"},
	{"办学行为", "一般", "课后服务收费公示不规范"},
	{"教育教学", "一般", "三年级书面作业量超出规定，作业公示不全"},
	{"教育教学", "一般", "体育课被挤占，课表与实际不符"},
}

var demoPool = []PoolInput{
	{"JC001", "周建国", "青溪区教育局"}, {"JC002", "吴晓燕", "青溪区教育局"}, {"JC003", "郑海峰", "青溪区教育局"},
	{"JC004", "王丽娟", "青溪区教育局"}, {"JC005", "冯志强", "青溪区市场监督管理局"}, {"JC006", "陈静", "青溪区市场监督管理局"},
	{"JC007", "褚卫东", "青溪区消防救援大队"}, {"JC008", "卫红梅", "青溪区消防救援大队"}, {"JC009", "蒋文斌", "青溪区卫生健康局"},
	{"JC010", "沈佳", "青溪区卫生健康局"}, {"JC011", "韩明", "青溪区教育督导室"}, {"JC012", "杨帆", "青溪区教育督导室"},
}

var demoTraining = []string{"青溪启明星英语培训中心", "青溪墨香书法培训学校", "青溪乐思编程科技培训中心", "青溪小天鹅舞蹈艺术培训中心",
	"青溪智远数学思维培训中心", "青溪博雅美术培训学校", "青溪跳跳龙体育培训中心", "青溪悦读语言文字培训中心", "青溪星河科学实验培训中心",
	"青溪琴韵音乐培训学校", "青溪未来少年口才培训中心", "青溪围棋道场培训中心", "青溪小记者写作培训中心", "青溪创客机器人培训中心",
	"青溪蓝天游泳培训中心", "青溪国学启蒙培训学校", "青溪晨曦英语口语培训中心", "青溪翰林书画培训中心", "青溪飞扬跆拳道培训中心",
	"青溪聪聪托管与课后辅导中心", "青溪棋乐国际象棋培训中心", "青溪好声音合唱培训中心", "青溪立德科创培训学校", "青溪少儿足球培训中心"}

// InstallDemo writes a year of supervision records for a district whose zones, schools and
// inspector accounts exist: a custom rule for one zone, weekly visits up to yesterday by every
// inspector (some weeks missed, two schools per zone never visited, so the coverage report has
// something to show), findings on about a quarter of the visits, the inspector pool with declared
// conflicts, two draws published with their results and one frozen (unpublished).
func InstallDemo(ctx context.Context, s *Service, district string, seed int64) (DemoSummary, error) {
	var sum DemoSummary
	r := rand.New(rand.NewPCG(uint64(seed), 0x5eed0007))
	bureau := Actor{P: access.NewPrincipal(0, "demo", "演示数据", access.Staff, district, 0, 0, 0,
		[]string{access.OrgRead, access.SupervisionRead, access.SupervisionWrite})}
	zs, err := zones(ctx, s.DB.Read(), district, 0)
	if err != nil {
		return sum, err
	}
	// Rules: the first zone is strict (each school twice a quarter), the last keeps the default
	// (each school once a month, more than its inspectors manage), the others the district's usual
	// rule of three visits a week per inspector and each school once a quarter.
	for i, z := range zs {
		rule := Rule{InspectorMin: 3, InspectorPeriod: Week, SchoolMin: 1, SchoolPeriod: Quarter}
		switch {
		case i == len(zs)-1 && i > 0:
			continue
		case i == 0:
			rule.SchoolMin = 2
		}
		if _, err := s.SetRule(ctx, bureau, z.ID, rule); err != nil {
			return sum, err
		}
	}
	today := Today()
	start := periodStart(Week, today.AddDate(-1, 0, 0))
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		for _, z := range zs {
			schools, err := zoneSchools(ctx, q, district, z.ID)
			if err != nil {
				return err
			}
			if len(schools) == 0 || len(z.Inspectors) == 0 {
				continue
			}
			// The last two schools of each zone (by code) are never visited.
			never := min(2, len(schools)-1)
			visitable := schools[:len(schools)-never]
			sum.NeverVisited += never
			count := map[int64]int{}
			for ii, insp := range z.Inspectors {
				// The second inspector of a zone misses more weeks than the others.
				miss := 0.04
				if ii == 1 {
					miss = 0.25
				}
				for wk := start; wk.Before(today); wk = wk.AddDate(0, 0, 7) {
					if r.Float64() < miss {
						continue
					}
					days := []int{0, 1, 2, 3, 4}
					r.Shuffle(len(days), func(i, j int) { days[i], days[j] = days[j], days[i] })
					for _, dd := range days[:3+r.IntN(2)] {
						day := wk.AddDate(0, 0, dd)
						if !day.Before(today) {
							continue
						}
						// The least visited school of the zone, ties broken at random.
						slices.SortStableFunc(visitable, func(a, b SchoolRef) int { return count[a.ID] - count[b.ID] })
						pick := visitable[r.IntN(min(3, len(visitable)))]
						count[pick.ID]++
						items := slices.Clone(Checklist)
						r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
						v := Visit{ID: db.NewID(), SchoolID: pick.ID, ZoneID: z.ID, InspectorID: insp.ID, InspectorName: insp.Name,
							Date: day.Format("2006-01-02"), Items: items[:3+r.IntN(3)], Notes: demoNote(r, pick.Name)}
						var fs []FindingInput
						if r.Float64() < 0.12 {
							for range 1 + r.IntN(2) {
								fs = append(fs, demoFindings[r.IntN(len(demoFindings))])
							}
						}
						if _, err := insertVisit(ctx, q, district, v, fs); err != nil {
							return err
						}
						sum.Visits++
						sum.Findings += len(fs)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	if err := demoHazards(ctx, s, district, today, &sum); err != nil {
		return sum, err
	}
	if err := demoDraws(ctx, s, bureau, district, r, today, &sum); err != nil {
		return sum, err
	}
	return sum, nil
}

// demoHazards turns the safety findings of the last three weeks into hazards, as their inspectors
// would (through the safety module, when it is mounted).
func demoHazards(ctx context.Context, s *Service, district string, today time.Time, sum *DemoSummary) error {
	if s.Hazards == nil {
		return nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(HazardCategories)), ", ")
	args := []any{district, today.AddDate(0, 0, -21).Format("2006-01-02")}
	for _, c := range HazardCategories {
		args = append(args, c)
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT f.id, v.inspector_id, u.display_name, u.zone_id FROM supervision_findings f
JOIN supervision_visits v ON v.district_code = f.district_code AND v.id = f.visit_id
JOIN users u ON u.district_code = v.district_code AND u.id = v.inspector_id
WHERE f.district_code = ? AND v.visit_date >= ? AND f.category IN (`+marks+`) ORDER BY v.visit_date, f.id`, args...)
	if err != nil {
		return err
	}
	type pick struct {
		finding, inspector, zone int64
		name                     string
	}
	var picks []pick
	for rows.Next() {
		var p pick
		var zone *int64
		if err := rows.Scan(&p.finding, &p.inspector, &p.name, &zone); err != nil {
			rows.Close()
			return err
		}
		if zone != nil {
			p.zone = *zone
		}
		picks = append(picks, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range picks {
		a := Actor{P: access.NewPrincipal(p.inspector, "demo-inspector", p.name, access.Inspector, district, 0, p.zone, 0, nil)}
		if _, err := s.FindingToHazard(ctx, a, p.finding); err != nil {
			return fmt.Errorf("督导发现的问题转为安全隐患: %w", err)
		}
		sum.Hazards++
	}
	return nil
}

func demoNote(r *rand.Rand, school string) string {
	notes := []string{"听课 1 节，查阅课表、作业记录和安全台账，与校长交流。", "随堂听课 2 节，检查食堂和校门口放学秩序。",
		"查阅课后服务记录，抽查学生作业本 20 本。", "检查校舍、消防设施和安全台账，召开师生座谈会。", "实地察看校园周边环境，走访家长 3 名。"}
	return school + "：" + notes[r.IntN(len(notes))]
}

func demoDraws(ctx context.Context, s *Service, bureau Actor, district string, r *rand.Rand, today time.Time, sum *DemoSummary) error {
	var pool []PoolMember
	for _, in := range demoPool {
		m, err := s.AddToPool(ctx, bureau, in)
		if err != nil {
			return err
		}
		pool = append(pool, m)
	}
	sum.Pool = len(pool)
	// Declared conflicts: a few inspectors with ties to schools and to training institutions.
	var codes []string
	if err := func() error {
		rows, err := s.DB.Read().Query(ctx, `SELECT code FROM schools WHERE district_code = ? AND status = 'open' AND type IN ('kindergarten', 'primary') ORDER BY code`, district)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			codes = append(codes, c)
		}
		return rows.Err()
	}(); err != nil {
		return err
	}
	reasons := []string{"配偶在该校任教", "子女在该校就读", "曾在该校任职未满三年", "近亲属为该机构举办者"}
	for i := 0; i < 8 && len(codes) > 0; i++ {
		c := ConflictInput{PoolID: pool[r.IntN(len(pool))].ID, TargetID: codes[r.IntN(len(codes))], Reason: reasons[r.IntN(3)]}
		if i >= 6 {
			c.TargetID, c.TargetName, c.Reason = fmt.Sprintf("PX%03d", 1+r.IntN(len(demoTraining))), "", reasons[3]
		}
		if _, err := s.DeclareConflict(ctx, bureau, c); err == nil {
			sum.Conflicts++
		}
	}
	var training strings.Builder
	training.WriteString("target_id,name\n")
	for i, n := range demoTraining {
		fmt.Fprintf(&training, "PX%03d,%s\n", i+1, n)
	}
	type plan struct {
		in        DrawInput
		stage     string
		monthsAgo int
		seed      string
	}
	plans := []plan{
		{DrawInput{Title: "春季学校食品安全双随机抽查", Population: PopulationSchools, SchoolTypes: []string{"kindergarten", "primary"}, N: 6, PerTarget: 2},
			DrawPublished, 8, "0427-3815-9062"},
		{DrawInput{Title: "校外培训机构双随机抽查", Population: PopulationUpload, TargetsCSV: training.String(), N: 5, PerTarget: 2},
			DrawPublished, 3, "0905-7741-2308"},
		{DrawInput{Title: "冬季校舍与消防安全双随机抽查", Population: PopulationSchools, SchoolTypes: []string{"junior", "nine_year", "complete_secondary", "senior"}, N: 4, PerTarget: 2},
			DrawFrozen, 0, ""},
	}
	results := []struct{ conclusion, text string }{{"合格", "各项检查内容符合要求"}, {"合格", "台账齐全，现场检查未发现问题"},
		{"限期整改", "消防通道堆放杂物，已责令 7 日内整改"}, {"限期整改", "从业人员健康证过期，已责令限期整改"}, {"不合格", "无证办学，已移交相关部门依法处理"}}
	for _, p := range plans {
		year := today.AddDate(0, -p.monthsAgo, 0).Year()
		p.in.Title = fmt.Sprintf("%d 年%s", year, p.in.Title)
		d, err := s.CreateDraw(ctx, bureau, p.in)
		if err != nil {
			return err
		}
		sum.Draws++
		if p.stage == DrawFrozen {
			continue
		}
		if _, err := s.AnnounceDraw(ctx, bureau, d.ID); err != nil {
			return err
		}
		d, err = s.EnterSeed(ctx, bureau, d.ID, p.seed)
		if err != nil {
			return err
		}
		when := today.AddDate(0, -p.monthsAgo, 0)
		for _, t := range d.Targets {
			res := results[r.IntN(len(results))]
			if p.in.Population == PopulationSchools && res.conclusion == "不合格" {
				res = results[2]
			}
			if _, err := s.RecordResult(ctx, bureau, d.ID, t.Order, ResultInput{Conclusion: res.conclusion, Result: res.text,
				InspectedOn: when.AddDate(0, 0, 7+r.IntN(14)).Format("2006-01-02")}); err != nil {
				return err
			}
		}
		if _, err := s.PublishResults(ctx, bureau, d.ID); err != nil {
			return err
		}
		// Date the stages as they happened.
		at := time.Date(when.Year(), when.Month(), when.Day(), 9, 30, 0, 0, beijing)
		if _, err := s.DB.Write().Exec(ctx, `UPDATE supervision_draws SET created_at = ?, announced_at = ?, drawn_at = ?, published_at = ?
WHERE district_code = ? AND id = ?`, at.AddDate(0, 0, -7).UnixMilli(), at.AddDate(0, 0, -5).UnixMilli(), at.UnixMilli(),
			at.AddDate(0, 0, 30).UnixMilli(), district, d.ID); err != nil {
			return err
		}
	}
	return nil
}
