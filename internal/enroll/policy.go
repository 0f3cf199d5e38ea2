package enroll

import (
	"fmt"
	"slices"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Stages of a campaign (学段).
var Stages = []struct{ Code, Name string }{
	{"kindergarten", "幼儿园小班"}, {"primary", "小学一年级"}, {"junior", "初中七年级"},
}

// StageName is the Chinese name of a stage code.
func StageName(code string) string {
	for _, s := range Stages {
		if s.Code == code {
			return s.Name
		}
	}
	return code
}

// Priority category codes (入学类别), in the usual order of a 招生方案.
const (
	CatHouseHukou = "house_hukou" // 房户一致：父母名下住房在片区内，户籍在该住房
	CatHukou      = "hukou"       // 户籍在片区内，无片区内住房
	CatHouse      = "house"       // 片区内有房产，户籍不在该处
	CatMigrant    = "migrant"     // 随迁子女：居住证与社保满规定月数
	CatOther      = "other"       // 其他：统筹安排
)

// CategoryNames names every category.
var CategoryNames = map[string]string{
	CatHouseHukou: "房户一致", CatHukou: "户籍在片区", CatHouse: "房产在片区", CatMigrant: "随迁子女", CatOther: "统筹安排",
}

// Schedule holds the dates of a campaign (YYYY-MM-DD, Beijing time, inclusive).
type Schedule struct {
	RegOpen         string `json:"reg_open"`         // 报名开始
	RegClose        string `json:"reg_close"`        // 报名截止（此后不能修改）
	ReviewClose     string `json:"review_close"`     // 审核截止
	CorrectionClose string `json:"correction_close"` // 补正截止
	Draw            string `json:"draw"`             // 派位
	Publish         string `json:"publish"`          // 公示结果
	WaitlistClose   string `json:"waitlist_close"`   // 递补截止
}

// Plan is one school's enrollment plan in a campaign (招生计划).
type Plan struct {
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	Classes    int    `json:"classes"`
	ClassSize  int    `json:"class_size"`
}

// Seats is the number of places the plan offers.
func (p Plan) Seats() int { return p.Classes * p.ClassSize }

// Policy is the published content of a campaign (招生方案): everything a parent reads on the policy
// page and everything the rules below use.
type Policy struct {
	Year                   int       `json:"year"`
	Stage                  string    `json:"stage"`
	Title                  string    `json:"title"`
	Dates                  Schedule  `json:"dates"`
	AgeCutoff              string    `json:"age_cutoff"` // 年龄计算截止日, e.g. 2027-08-31
	MinAge                 int       `json:"min_age"`    // full years on the cut-off date
	MaxAge                 int       `json:"max_age"`
	Categories             []string  `json:"categories"`               // priority order, best first
	MigrantPermitMonths    int       `json:"migrant_permit_months"`    // 居住证 at least
	MigrantInsuranceMonths int       `json:"migrant_insurance_months"` // 社保 at least
	LockYears              int       `json:"lock_years"`               // 一个房产 N 年一个学位
	Mechanism              Mechanism `json:"mechanism"`
	MaxChoices             int       `json:"max_choices"`
	Plans                  []Plan    `json:"plans"`
	Zones                  []Zone    `json:"zones"` // 多校划片
	Notes                  string    `json:"notes"`
}

// Zone is a 多校划片 zone: an address in the catchment of any of its schools counts as in the
// catchment of all of them, and the draw decides among them.
type Zone struct {
	Name    string  `json:"name"`
	Schools []int64 `json:"schools"`
}

// DefaultPolicy is a starting 招生方案 for a year and stage, with the usual rules of the seeds: six
// years' housing lock for primary school and three for junior, 居住证 six months.
func DefaultPolicy(year int, stage string) Policy {
	p := Policy{Year: year, Stage: stage, Title: fmt.Sprintf("%d年%s招生方案", year, StageName(stage)),
		AgeCutoff: fmt.Sprintf("%d-08-31", year), Categories: []string{CatHouseHukou, CatHukou, CatHouse, CatMigrant, CatOther},
		MigrantPermitMonths: 6, MigrantInsuranceMonths: 12, Mechanism: DA, MaxChoices: 3,
		Dates: Schedule{RegOpen: fmt.Sprintf("%d-05-10", year), RegClose: fmt.Sprintf("%d-05-31", year),
			ReviewClose: fmt.Sprintf("%d-06-15", year), CorrectionClose: fmt.Sprintf("%d-06-20", year),
			Draw: fmt.Sprintf("%d-07-05", year), Publish: fmt.Sprintf("%d-07-08", year), WaitlistClose: fmt.Sprintf("%d-08-20", year)}}
	switch stage {
	case "kindergarten":
		p.MinAge, p.MaxAge, p.LockYears = 3, 4, 3
	case "junior":
		p.MinAge, p.MaxAge, p.LockYears = 11, 14, 3
	default:
		p.MinAge, p.MaxAge, p.LockYears = 6, 7, 6
	}
	return p
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// Validate checks a policy and names every field at fault in Chinese.
func (p *Policy) Validate() error {
	var f errs.Fields
	if p.Year < 2000 || p.Year > 2100 {
		f.Add("year", "年份应在 2000—2100 之间")
	}
	if StageName(p.Stage) == p.Stage {
		f.Add("stage", "学段应为幼儿园小班、小学一年级或初中七年级")
	}
	if p.Title == "" {
		f.Add("title", "请填写方案名称")
	}
	d := p.Dates
	order := []struct{ field, name, v string }{{"reg_open", "报名开始", d.RegOpen}, {"reg_close", "报名截止", d.RegClose},
		{"review_close", "审核截止", d.ReviewClose}, {"correction_close", "补正截止", d.CorrectionClose}, {"draw", "派位日期", d.Draw},
		{"publish", "公示日期", d.Publish}, {"waitlist_close", "递补截止", d.WaitlistClose}}
	prev := ""
	for _, o := range order {
		switch {
		case !validDate(o.v):
			f.Add("dates."+o.field, o.name+"应为 YYYY-MM-DD 格式的日期")
		case prev != "" && o.v < prev:
			f.Add("dates."+o.field, o.name+"不能早于前一环节的日期")
		}
		if validDate(o.v) {
			prev = o.v
		}
	}
	if !validDate(p.AgeCutoff) {
		f.Add("age_cutoff", "年龄截止日应为 YYYY-MM-DD 格式的日期")
	}
	if p.MinAge < 2 || p.MaxAge < p.MinAge || p.MaxAge > 16 {
		f.Add("min_age", "入学年龄范围不合理")
	}
	seen := map[string]bool{}
	for _, c := range p.Categories {
		if _, ok := CategoryNames[c]; !ok || seen[c] {
			f.Add("categories", "入学类别重复或未知："+c)
		}
		seen[c] = true
	}
	if len(p.Categories) == 0 || p.Categories[len(p.Categories)-1] != CatOther {
		f.Add("categories", "入学类别的最后一类应为“统筹安排”")
	}
	if p.MigrantPermitMonths < 0 || p.MigrantInsuranceMonths < 0 {
		f.Add("migrant_permit_months", "月数不能为负")
	}
	if p.LockYears < 0 || p.LockYears > 12 {
		f.Add("lock_years", "学位锁定年限应在 0—12 年之间")
	}
	if p.Mechanism != DA && p.Mechanism != Boston {
		f.Add("mechanism", "录取方式应为 da（平行志愿）或 boston（志愿优先）")
	}
	if p.MaxChoices < 1 || p.MaxChoices > 10 {
		f.Add("max_choices", "可填志愿数应在 1—10 之间")
	}
	schools := map[int64]bool{}
	for i, pl := range p.Plans {
		if pl.SchoolID == 0 || schools[pl.SchoolID] {
			f.Add(fmt.Sprintf("plans[%d].school_id", i), "招生计划的学校重复或为空")
		}
		schools[pl.SchoolID] = true
		if pl.Classes < 0 || pl.Classes > 40 || pl.ClassSize < 0 || pl.ClassSize > 60 {
			f.Add(fmt.Sprintf("plans[%d].classes", i), "班数应在 0—40、班额应在 0—60 之间")
		}
	}
	for i, z := range p.Zones {
		if z.Name == "" || len(z.Schools) < 2 {
			f.Add(fmt.Sprintf("zones[%d].name", i), "多校划片片区须有名称并包含至少两所学校")
		}
		for _, sc := range z.Schools {
			if !schools[sc] {
				f.Add(fmt.Sprintf("zones[%d].schools", i), "多校划片的学校须在招生计划中")
				break
			}
		}
	}
	return f.Err()
}

// PlanFor returns the plan of a school, if the campaign has one.
func (p *Policy) PlanFor(school int64) (Plan, bool) {
	i := slices.IndexFunc(p.Plans, func(pl Plan) bool { return pl.SchoolID == school })
	if i < 0 {
		return Plan{}, false
	}
	return p.Plans[i], true
}

// TierOf is the priority tier of a category (1 is best); categories the policy does not list, and
// 统筹安排, come last (the tier of 统筹安排, always the last category).
func (p *Policy) TierOf(category string) int {
	if i := slices.Index(p.Categories, category); i >= 0 && category != CatOther {
		return i + 1
	}
	return len(p.Categories)
}

// Tier is an applicant's priority tier at a school: their category's tier when the school is one of
// their catchment schools, otherwise the last tier (统筹).
func (p *Policy) Tier(category string, catchment []int64, school int64) int {
	if slices.Contains(catchment, school) {
		return p.TierOf(category)
	}
	return len(p.Categories)
}

// planned keeps the schools that have a plan in this campaign (a catchment match may name schools
// of other stages).
// A school of a 多校划片 zone brings in the zone's other schools.
func (p *Policy) planned(schools []int64) []int64 {
	var out []int64
	add := func(s int64) {
		if _, ok := p.PlanFor(s); ok && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, s := range schools {
		add(s)
		for _, z := range p.Zones {
			if slices.Contains(z.Schools, s) {
				for _, o := range z.Schools {
					add(o)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
