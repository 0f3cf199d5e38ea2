package reports

import (
	"context"
	"sync"

	"github.com/edubureau/edubureau/internal/registry"
)

// The register's metrics (registry.Service: HeadlineCounts, ListStudents, ListClasses, GetFacility).
func init() {
	sum := func(f func(schoolStat) float64) func(context.Context, *Sources, Scope, Period) (Value, error) {
		return func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			return src.sumStats(ctx, sc, p, f)
		}
	}
	fac := func(f func(registry.Facility) float64) func(context.Context, *Sources, Scope, Period) (Value, error) {
		return func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			return src.facilitySum(ctx, sc, p, f)
		}
	}
	const counts = "registry.Service.HeadlineCounts"
	register(Metric{Key: "students.total", Name: "在校生总数", Unit: "人", Scopes: allScopes, Period: Snapshot, Source: counts,
		Definition: "学籍状态为“在读”的学生数（含在园幼儿）", Compute: sum(func(s schoolStat) float64 { return float64(s.Students) })})
	register(Metric{Key: "students.migrant", Name: "随迁子女在校生数", Unit: "人", Scopes: allScopes, Period: Snapshot, Source: counts,
		Definition: "在读学生中标记为进城务工人员随迁子女的人数", Compute: sum(func(s schoolStat) float64 { return float64(s.Migrant) })})
	register(Metric{Key: "students.migrant_share", Name: "随迁子女占比", Unit: "%", Scopes: allScopes, Period: Snapshot, Source: counts,
		Definition: "随迁子女在校生数 ÷ 在校生总数 × 100", Compute: ratio("students.migrant", "students.total", 100)})
	register(Metric{Key: "staff.total", Name: "教职工总数", Unit: "人", Scopes: allScopes, Period: Snapshot, Source: counts,
		Definition: "状态为“在职”的教职工数", Compute: sum(func(s schoolStat) float64 { return float64(s.Staff) })})
	register(Metric{Key: "teachers.total", Name: "专任教师数", Unit: "人", Scopes: allScopes, Period: Snapshot, Source: counts,
		Definition: "在职教职工中岗位为“专任教师”的人数", Compute: sum(func(s schoolStat) float64 { return float64(s.Teachers) })})
	register(Metric{Key: "teachers.ratio", Name: "生师比", Unit: ":1", Scopes: allScopes, Period: Snapshot, Source: counts, Decimals: 1,
		LowerIsBetter: true, Definition: "在校生总数 ÷ 专任教师数", Compute: ratio("students.total", "teachers.total", 1)})
	register(Metric{Key: "students.by_stage", Name: "各学段在校生数", Unit: "人", Scopes: schoolScopes, Period: Snapshot, Breakdown: true,
		Source: "registry.Service.ListStudents", Definition: "在读学生按年级所属学段（学前、小学、初中、高中）分列",
		Compute: func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			return src.byStage(ctx, sc)
		}})
	for _, st := range stages {
		register(Metric{Key: "students." + st.code, Name: st.name + "在校生数", Unit: "人", Scopes: schoolScopes, Period: Snapshot,
			Source: "registry.Service.ListStudents", Definition: "在读学生中年级属于" + st.name + "的人数",
			Compute: func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
				v, err := src.byStage(ctx, sc)
				out := Value{AsOf: v.AsOf}
				for _, part := range v.Parts {
					if part.Label == st.name {
						out.Number = part.Number
					}
				}
				return out, err
			}})
	}
	register(Metric{Key: "classes.total", Name: "班级数", Unit: "个", Scopes: allScopes, Period: SchoolYearly, Source: "registry.Service.ListClasses",
		Definition: "期间所在学年编制的班级数（该学年没有班级记录时为暂无数据）", Compute: classSum(func(s schoolStat) float64 { return float64(s.Classes) })})
	register(Metric{Key: "classes.avg_size", Name: "平均班额", Unit: "人", Scopes: allScopes, Period: SchoolYearly, Decimals: 1, LowerIsBetter: true,
		Source: "registry.Service.ListClasses", Definition: "编入班级的学生数 ÷ 班级数",
		Compute: func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
			stats, err := src.statsIn(ctx, sc, p)
			n, c := 0, 0
			for _, s := range stats {
				n, c = n+s.ClassStudents, c+s.Classes
			}
			if c == 0 {
				return Value{None: true}, err
			}
			return Value{Number: float64(n) / float64(c), AsOf: src.Now}, err
		}})
	register(Metric{Key: "classes.large", Name: "大班额班级数", Unit: "个", Scopes: allScopes, Period: SchoolYearly, LowerIsBetter: true,
		Source: "registry.Service.ListClasses", Definition: "义务教育班级中小学超过45人、初中超过50人的班级数",
		Compute: classSum(func(s schoolStat) float64 { return float64(s.LargeClasses) })})
	problemRules = append(problemRules, problemRule{Metric: "classes.large", Op: ">", Threshold: 0,
		Wording: "大班额尚未全部消除，{范围}义务教育阶段仍有%s个班级超过规定班额，学位供给与生源分布不够匹配。"})
	const facility = "registry.Service.GetFacility"
	register(Metric{Key: "facilities.teaching_area", Name: "教学及辅助用房面积", Unit: "平方米", Scopes: allScopes, Period: SchoolYearly, Source: facility,
		Definition: "各校填报的当学年教学及辅助用房面积之和", Compute: fac(func(f registry.Facility) float64 { return f.TeachingArea })})
	register(Metric{Key: "facilities.sports_area", Name: "体育运动场馆面积", Unit: "平方米", Scopes: allScopes, Period: SchoolYearly, Source: facility,
		Definition: "各校填报的当学年体育运动场馆面积之和", Compute: fac(func(f registry.Facility) float64 { return f.SportsArea })})
	register(Metric{Key: "facilities.books", Name: "图书藏量", Unit: "册", Scopes: allScopes, Period: SchoolYearly, Source: facility,
		Definition: "各校填报的当学年纸质图书册数之和", Compute: fac(func(f registry.Facility) float64 { return float64(f.Books) })})
	register(Metric{Key: "facilities.computers", Name: "教学用计算机数", Unit: "台", Scopes: allScopes, Period: SchoolYearly, Source: facility,
		Definition: "各校填报的当学年教学用计算机台数之和", Compute: fac(func(f registry.Facility) float64 { return float64(f.Computers) })})
	register(Metric{Key: "facilities.equipment_value", Name: "教学仪器设备值", Unit: "万元", Scopes: allScopes, Period: SchoolYearly, Source: facility,
		Decimals: 1, Definition: "各校填报的当学年教学仪器设备资产值（元）之和，折合万元", Compute: fac(func(f registry.Facility) float64 { return f.EquipmentValue / 10000 })})
}

// classSum adds a class figure over a scope's schools; a school year without any class recorded
// in the scope has no value (the register was not kept then), rather than zero.
func classSum(f func(schoolStat) float64) func(context.Context, *Sources, Scope, Period) (Value, error) {
	return func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
		stats, err := src.statsIn(ctx, sc, p)
		v := Value{None: true, AsOf: src.Now}
		for _, s := range stats {
			if s.Classes > 0 {
				v.None = false
			}
			v.Number += f(s)
		}
		return v, err
	}
}

// ratio divides two metrics of the same scope and period (× scale); no value when the divisor is 0.
func ratio(num, den string, scale float64) func(context.Context, *Sources, Scope, Period) (Value, error) {
	return func(ctx context.Context, src *Sources, sc Scope, p Period) (Value, error) {
		a, err := src.Eval(ctx, catalog[num], sc, p)
		if err != nil {
			return Value{}, err
		}
		b, err := src.Eval(ctx, catalog[den], sc, p)
		if err != nil {
			return Value{}, err
		}
		if a.None || b.None || b.Number == 0 {
			return Value{None: true}, nil
		}
		return Value{Number: a.Number / b.Number * scale, AsOf: a.AsOf}, nil
	}
}

var stages = []struct {
	code, name string
	from, to   int
}{
	{"kindergarten", "学前", -2, 0}, {"primary", "小学", 1, 6}, {"junior", "初中", 7, 9}, {"senior", "高中", 10, 12},
}

// byStage counts enrolled students per stage by grade (registry.Service.ListStudents totals).
func (s *Sources) byStage(ctx context.Context, sc Scope) (Value, error) {
	v, err := s.once("stage|"+sc.String(), func() (any, error) {
		a := registry.Actor{P: s.reader()}
		if sc.Kind == ScopeSchool {
			if _, err := s.schoolsIn(ctx, sc); err != nil {
				return nil, err
			}
			a.P = s.schoolReader(sc.SchoolID)
		}
		// One count per grade, a few side by side.
		counts := map[int]int{}
		var mu sync.Mutex
		var firstErr error
		sem := make(chan struct{}, 3)
		var wg sync.WaitGroup
		for g := stages[0].from; g <= stages[len(stages)-1].to; g++ {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				_, total, err := s.Registry.ListStudents(ctx, a, registry.StudentFilter{Grade: &g, Status: "在读"}, "", 0, 0)
				mu.Lock()
				defer mu.Unlock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				counts[g] = total
			}()
		}
		wg.Wait()
		if firstErr != nil {
			return nil, firstErr
		}
		v := Value{AsOf: s.Now}
		for _, st := range stages {
			n := 0
			for g := st.from; g <= st.to; g++ {
				n += counts[g]
			}
			v.Number += float64(n)
			if n > 0 {
				v.Parts = append(v.Parts, Part{Label: st.name, Number: float64(n)})
			}
		}
		return v, nil
	})
	if err != nil {
		return Value{}, err
	}
	return v.(Value), nil
}
