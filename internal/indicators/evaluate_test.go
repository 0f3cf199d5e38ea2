package indicators

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// exactPrimary is a primary school of 1,000 students meeting every 资源配置 threshold exactly.
func exactPrimary(id string) SchoolFacts {
	return SchoolFacts{ID: id, Name: "学校" + id, Type: "primary", Level: LevelPrimary, Students: 1000,
		Aggregates: map[string]float64{
			"teachers_above_degree": 42, "backbone_teachers": 10, "pe_art_teachers": 9,
			"teaching_area_m2": 4500, "sports_area_m2": 7500, "equipment_value_yuan": 2_000_000,
			"multimedia_rooms": 23,
		}}
}

func with(s SchoolFacts, kv ...any) SchoolFacts {
	agg := map[string]float64{}
	for k, v := range s.Aggregates {
		agg[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		name := kv[i].(string)
		var v float64
		switch x := kv[i+1].(type) {
		case int:
			v = float64(x)
		case float64:
			v = x
		}
		if name == Students {
			s.Students = int(v)
			continue
		}
		agg[name] = v
	}
	s.Aggregates = agg
	return s
}

func TestBalanceSet_IsValidAndComplete(t *testing.T) {
	set := BalanceSet()
	if err := ValidateSet(set); err != nil {
		t.Fatal(err)
	}
	if err := ValidateSet(PreschoolSet()); err != nil {
		t.Fatal(err)
	}
	want := map[Level][]float64{
		LevelPrimary: {4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
		LevelJunior:  {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4},
	}
	for level, thresholds := range want {
		var got []float64
		for _, ind := range set.Indicators {
			if ind.Level == level {
				got = append(got, ind.Threshold)
				if ind.CVLimit != BalanceCVLimits[level] || ind.Comparator != AtLeast || ind.Scope != ScopeSchool {
					t.Errorf("%s %s: %+v", level, ind.ID, ind)
				}
			}
		}
		if !slices.Equal(got, thresholds) {
			t.Errorf("%s thresholds %v, want %v", level, got, thresholds)
		}
	}
	if set.Rule == nil || set.Rule.MaxUnmet != 1 || set.Rule.UnmetFloor != 0.85 {
		t.Errorf("rule %+v", set.Rule)
	}
}

func TestSchoolRule_Edges(t *testing.T) {
	cases := []struct {
		name string
		s    SchoolFacts
		pass bool
		met  int
	}{
		{"all exactly at threshold", exactPrimary("A"), true, 7},
		{"one at exactly 85% (area)", with(exactPrimary("A"), "sports_area_m2", 0.85*7500), true, 6},
		{"one at exactly 85% (per 100)", with(exactPrimary("A"), "pe_art_teachers", 7.65), true, 6},
		{"one at 84.9%", with(exactPrimary("A"), "sports_area_m2", 0.849*7500), false, 6},
		{"one at 84.9% (per 100)", with(exactPrimary("A"), "multimedia_rooms", 0.849*23), false, 6},
		{"one at 0", with(exactPrimary("A"), "backbone_teachers", 0), false, 6},
		{"two at 99%", with(exactPrimary("A"), "sports_area_m2", 0.99*7500, "teaching_area_m2", 0.99*4500), false, 5},
		{"one just below, rest above", with(exactPrimary("A"), "pe_art_teachers", 8, "teachers_above_degree", 60), true, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Evaluate(BalanceSet(), []SchoolFacts{c.s})
			sr := r.School("A", LevelPrimary)
			if sr == nil {
				t.Fatal("no school result")
			}
			if sr.Pass != c.pass || sr.MetCount != c.met || sr.Evaluated != 7 {
				t.Fatalf("pass %v met %d/%d (%s), want pass %v met %d", sr.Pass, sr.MetCount, sr.Evaluated, sr.Reason, c.pass, c.met)
			}
			if !c.pass && sr.Reason == "" {
				t.Error("a failing school needs a reason")
			}
			if c.pass != r.Pass {
				t.Errorf("district pass %v with one school pass %v (%v)", r.Pass, c.pass, r.Failures)
			}
		})
	}
	r := Evaluate(BalanceSet(), []SchoolFacts{with(exactPrimary("A"), "sports_area_m2", 0.849*7500)})
	if got := r.School("A", LevelPrimary).Reason; !strings.Contains(got, "84.9%") || !strings.Contains(got, "85%") {
		t.Errorf("reason %q", got)
	}
}

func TestGaps(t *testing.T) {
	set := BalanceSet()
	cases := []struct {
		name, id string
		s        SchoolFacts
		amount   float64
		text     string
	}{
		{"persons rounded up", "pe_art_per100", with(exactPrimary("A"), Students, 450, "pe_art_teachers", 2), 3, "体艺专任教师缺 3 人"},
		{"whole persons not inflated", "pe_art_per100", with(exactPrimary("A"), "pe_art_teachers", 7), 2, "体艺专任教师缺 2 人"},
		{"4.2 per 100 of 1,300", "teachers_above_degree_per100", with(exactPrimary("A"), Students, 1300, "teachers_above_degree", 50), 5, "高于规定学历教师缺 5 人"},
		{"area in m²", "sports_area_per_student", with(exactPrimary("A"), "sports_area_m2", 6270), 1230, "体育运动场馆面积缺 1,230 m²"},
		{"area rounded up", "sports_area_per_student", with(exactPrimary("A"), "sports_area_m2", 6270.6), 1230, "体育运动场馆面积缺 1,230 m²"},
		{"money in 元", "equipment_per_student", with(exactPrimary("A"), "equipment_value_yuan", 1_234_567.5), 765433, "教学仪器设备值缺 765,433 元"},
		{"rooms", "multimedia_rooms_per100", with(exactPrimary("A"), "multimedia_rooms", 20), 3, "网络多媒体教室缺 3 间"},
		{"rooms, fraction of a room", "multimedia_rooms_per100", with(exactPrimary("A"), Students, 1010, "multimedia_rooms", 23), 1, "网络多媒体教室缺 1 间"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Evaluate(set, []SchoolFacts{c.s})
			sv := r.Indicator(c.id, LevelPrimary).Schools[0]
			if sv.Met || sv.Gap == nil {
				t.Fatalf("%+v", sv)
			}
			if sv.Gap.Amount != c.amount || sv.Gap.Text != c.text {
				t.Fatalf("gap %+v, want %v %q", *sv.Gap, c.amount, c.text)
			}
		})
	}
	// Met indicators have no gap.
	r := Evaluate(set, []SchoolFacts{exactPrimary("A")})
	for _, ir := range r.Indicators {
		if ir.Schools[0].Gap != nil || !ir.Schools[0].Met {
			t.Errorf("%s: %+v", ir.Indicator.ID, ir.Schools[0])
		}
	}
}

// Adding the gap (rounded up) always meets the indicator; one unit less never does.
func TestGaps_AddingTheGapMeetsTheIndicator(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	set := BalanceSet()
	for trial := range 300 {
		level := []Level{LevelPrimary, LevelJunior}[trial%2]
		s := SchoolFacts{ID: "S", Level: level, Students: 30 + rng.IntN(3000), Aggregates: map[string]float64{}}
		for _, ind := range set.Indicators {
			if ind.Level == level {
				need := ind.Threshold * float64(s.Students) / ind.Factor
				v := need * rng.Float64() * 1.2
				if a, _ := LookupAggregate(ind.Numerator); a.Whole {
					v = math.Floor(v)
				}
				s.Aggregates[ind.Numerator] = v
			}
		}
		r := Evaluate(set, []SchoolFacts{s})
		for _, ir := range r.Indicators {
			sv := ir.Schools[0]
			if sv.Met {
				continue
			}
			fixed := with(s, ir.Indicator.Numerator, s.Aggregates[ir.Indicator.Numerator]+sv.Gap.Amount)
			if after := Evaluate(set, []SchoolFacts{fixed}).Indicator(ir.Indicator.ID, level).Schools[0]; !after.Met {
				t.Fatalf("trial %d %s: adding %v did not meet (%v)", trial, ir.Indicator.ID, sv.Gap.Amount, after.Value)
			}
			short := with(s, ir.Indicator.Numerator, s.Aggregates[ir.Indicator.Numerator]+sv.Gap.Amount-1)
			if after := Evaluate(set, []SchoolFacts{short}).Indicator(ir.Indicator.ID, level).Schools[0]; after.Met {
				t.Fatalf("trial %d %s: adding %v − 1 already met: gap not minimal", trial, ir.Indicator.ID, sv.Gap.Amount)
			}
		}
	}
}

func TestEvaluate_CVAndDistrictVerdict(t *testing.T) {
	// Identical schools: every school passes, every CV is 0, the district passes.
	schools := []SchoolFacts{exactPrimary("A"), exactPrimary("B"), with(exactPrimary("C"), Students, 3000,
		"teachers_above_degree", 126, "backbone_teachers", 30, "pe_art_teachers", 27, "teaching_area_m2", 13500,
		"sports_area_m2", 22500, "equipment_value_yuan", 6_000_000, "multimedia_rooms", 69)}
	r := Evaluate(BalanceSet(), schools)
	if !r.Pass || len(r.Indicators) != 7 || len(r.Schools) != 3 {
		t.Fatalf("pass %v, %d indicators, %d schools: %v", r.Pass, len(r.Indicators), len(r.Schools), r.Failures)
	}
	for _, ir := range r.Indicators {
		if !ir.CVDefined || ir.CV > 1e-12 || !ir.CVPass || !near(ir.DistrictValue, ir.Indicator.Threshold) {
			t.Errorf("%s: cv %v value %v", ir.Indicator.ID, ir.CV, ir.DistrictValue)
		}
	}

	// Every school passes, but one resource is concentrated in one school: the CV fails the district.
	uneven := []SchoolFacts{
		with(exactPrimary("A"), "equipment_value_yuan", 9_000_000),
		with(exactPrimary("B"), "equipment_value_yuan", 2_000_000),
		with(exactPrimary("C"), "equipment_value_yuan", 2_000_000),
	}
	r = Evaluate(BalanceSet(), uneven)
	ir := r.Indicator("equipment_per_student", LevelPrimary)
	if ir.CVPass || ir.Pass || r.Pass {
		t.Fatalf("cv %v pass %v district %v", ir.CV, ir.CVPass, r.Pass)
	}
	for _, s := range r.Schools {
		if !s.Pass {
			t.Errorf("school %s fails: %s", s.SchoolID, s.Reason)
		}
	}
	if len(r.Failures) != 1 || !strings.Contains(r.Failures[0], "生均教学仪器设备值") || !strings.Contains(r.Failures[0], "0.5") {
		t.Errorf("failures %q", r.Failures)
	}
	// A junior set uses 0.45: the same dispersion in junior schools.
	d := WeightedCV([]float64{9, 2, 2}, []float64{1, 1, 1})
	if d.CV <= 0.5 {
		t.Fatalf("test data: cv %v", d.CV)
	}

	// One failing school fails the district even with every CV within its limit.
	r = Evaluate(BalanceSet(), []SchoolFacts{exactPrimary("A"), with(exactPrimary("B"), "pe_art_teachers", 0, "multimedia_rooms", 0)})
	if r.Pass || r.School("B", LevelPrimary).Pass || !strings.Contains(r.Failures[0], "1 所学校") {
		t.Fatalf("pass %v failures %v", r.Pass, r.Failures)
	}

	if r := Evaluate(BalanceSet(), nil); r.Pass || len(r.Failures) == 0 {
		t.Error("no schools cannot pass")
	}
}

func TestEvaluate_JuniorLimit(t *testing.T) {
	// CV between 0.45 and 0.50 passes primary and fails junior.
	x := []float64{1, 1, 2.5}
	d := WeightedCV(x, []float64{1, 1, 1})
	if d.CV <= 0.45 || d.CV > 0.5 {
		t.Fatalf("test data: cv %v", d.CV)
	}
	mk := func(level Level, want float64) []SchoolFacts {
		var out []SchoolFacts
		for i, k := range x {
			out = append(out, SchoolFacts{ID: string(rune('A' + i)), Level: level, Students: 1000,
				Aggregates: map[string]float64{"equipment_value_yuan": k * want * 1000}})
		}
		return out
	}
	p := Evaluate(BalanceSet(), mk(LevelPrimary, 2000)).Indicator("equipment_per_student", LevelPrimary)
	j := Evaluate(BalanceSet(), mk(LevelJunior, 2500)).Indicator("equipment_per_student", LevelJunior)
	if !p.CVPass || j.CVPass || !near(p.CV, j.CV) {
		t.Fatalf("primary %v %v, junior %v %v", p.CV, p.CVPass, j.CV, j.CVPass)
	}
}

func TestExclusions(t *testing.T) {
	cases := []struct {
		typ      string
		students int
		excluded bool
	}{
		{"special", 300, true}, {"vocational", 2000, true}, {"teaching_point", 49, true},
		{"teaching_point", 50, false}, {"teaching_point", 0, true}, {"primary", 10, false}, {"nine_year", 30, false},
	}
	for _, c := range cases {
		ex, why := ExcludedFromBalance(c.typ, c.students)
		if ex != c.excluded || (ex && why == "") {
			t.Errorf("%s %d: %v %q", c.typ, c.students, ex, why)
		}
	}
	small := with(exactPrimary("T"), Students, 30)
	small.Type = "teaching_point"
	r := Evaluate(BalanceSet(), []SchoolFacts{exactPrimary("A"), small})
	if len(r.Excluded) != 1 || r.Excluded[0].SchoolID != "T" || r.School("T", LevelPrimary) != nil || !r.Pass {
		t.Fatalf("excluded %+v, pass %v", r.Excluded, r.Pass)
	}
	if len(r.Indicator("backbone_per100", LevelPrimary).Schools) != 1 {
		t.Error("an excluded school must not count in the indicator")
	}
	// Sets without exclusions evaluate every school given.
	set := BalanceSet()
	set.ExcludeSchools = false
	if r := Evaluate(set, []SchoolFacts{exactPrimary("A"), small}); len(r.Excluded) != 0 || r.School("T", LevelPrimary) == nil {
		t.Error("exclusions applied without ExcludeSchools")
	}
}

func TestSplitByLevel_NineYearSchool(t *testing.T) {
	whole := SchoolFacts{ID: "N1", Name: "青溪九年一贯制学校", Type: "nine_year", Students: 1500,
		Aggregates: map[string]float64{"sports_area_m2": 15000, "teaching_area_m2": 7500, "equipment_value_yuan": 3_000_000}}
	parts, err := SplitByLevel(whole,
		LevelPart{Level: LevelPrimary, Students: 1000, Aggregates: map[string]float64{"pe_art_teachers": 9, "teachers_above_degree": 42}},
		LevelPart{Level: LevelJunior, Students: 500, Aggregates: map[string]float64{"pe_art_teachers": 5}},
	)
	if err != nil {
		t.Fatal(err)
	}
	p, j := parts[0], parts[1]
	if p.Level != LevelPrimary || j.Level != LevelJunior || p.ID != "N1" || j.Name != "青溪九年一贯制学校（初中部）" || p.Type != "nine_year" {
		t.Fatalf("%+v %+v", p, j)
	}
	if p.Aggregates["sports_area_m2"] != 10000 || j.Aggregates["sports_area_m2"] != 5000 {
		t.Errorf("shared area not apportioned by students: %v %v", p.Aggregates, j.Aggregates)
	}
	if p.Aggregates["pe_art_teachers"] != 9 || j.Aggregates["pe_art_teachers"] != 5 || j.Aggregates["teachers_above_degree"] != 0 {
		t.Errorf("per-level aggregates: %v %v", p.Aggregates, j.Aggregates)
	}
	// Each part counts at its own level.
	r := Evaluate(BalanceSet(), parts)
	if r.School("N1", LevelPrimary) == nil || r.School("N1", LevelJunior) == nil || len(r.Indicators) != 14 {
		t.Fatalf("schools %+v", r.Schools)
	}
	if _, err := SplitByLevel(whole, LevelPart{Level: LevelPrimary, Students: 1000}, LevelPart{Level: LevelJunior, Students: 400}); err == nil ||
		!strings.Contains(err.Error(), "不一致") {
		t.Errorf("students mismatch: %v", err)
	}
	if _, err := SplitByLevel(whole, LevelPart{Level: LevelPrimary, Students: 1000}, LevelPart{Level: LevelPrimary, Students: 500}); err == nil {
		t.Error("duplicate level accepted")
	}
}

func TestPreschool(t *testing.T) {
	kg := func(id string, children, inclusive, public, teachers, classes, compliant, staff, certified int) SchoolFacts {
		return SchoolFacts{ID: id, Name: "幼儿园" + id, Type: "kindergarten", Level: LevelKindergarten, Students: children,
			Aggregates: map[string]float64{
				"inclusive_children": float64(inclusive), "public_children": float64(public),
				"full_time_teachers": float64(teachers), "classes": float64(classes), "compliant_classes": float64(compliant),
				"principals_and_teachers": float64(staff), "certified_principals_and_teachers": float64(certified),
			}}
	}
	d := DistrictFacts{
		Schools: []SchoolFacts{
			kg("K1", 300, 300, 300, 20, 10, 10, 21, 21), // public
			kg("K2", 200, 200, 0, 10, 7, 5, 11, 11),     // 普惠性民办, 20 children per teacher
			kg("K3", 100, 0, 0, 8, 4, 4, 9, 9),          // private, not 普惠
		},
		Aggregates: map[string]float64{"resident_children_3_5": 700},
	}
	r := EvaluateDistrict(PreschoolSet(), d)
	get := func(id string) *IndicatorResult {
		ir := r.Indicator(id, LevelKindergarten)
		if ir == nil {
			t.Fatalf("no %s", id)
		}
		return ir
	}
	// 600 / 700 = 85.71% ≥ 85.
	if ir := get("kg_gross_enrollment"); !near(ir.DistrictValue, 600.0/700*100) || !ir.DistrictMet || ir.Schools != nil {
		t.Errorf("毛入园率 %+v", ir)
	}
	// (300 + 200) / 600 = 83.3% ≥ 80; public 300 / 600 = 50% ≥ 50.
	if ir := get("kg_inclusive_coverage"); !ir.DistrictMet || !near(ir.DistrictValue, 500.0/6) {
		t.Errorf("覆盖率 %+v", ir)
	}
	if ir := get("kg_public_share"); !ir.DistrictMet || !near(ir.DistrictValue, 50) {
		t.Errorf("公办占比 %+v", ir)
	}
	// 600 children / 38 teachers = 15.8 > 15: district fails; K2 needs 14 teachers (has 10).
	ir := get("kg_children_per_teacher")
	if ir.DistrictMet || ir.DistrictGap == nil || ir.DistrictGap.Text != "专任教师缺 2 人" {
		t.Errorf("生师比 %+v %+v", ir, ir.DistrictGap)
	}
	if k2 := ir.Schools[1]; k2.Met || k2.Gap == nil || k2.Gap.Text != "专任教师缺 4 人" || !near(k2.Value, 20) {
		t.Errorf("K2 %+v %+v", k2, k2.Gap)
	}
	// 19/21 classes = 90.5%; 41/41 certified = 100%.
	if !get("kg_class_size_rate").DistrictMet || !get("kg_certified_rate").DistrictMet {
		t.Error("班额 or 持证")
	}
	if r.Pass || len(r.Failures) != 1 || !strings.Contains(r.Failures[0], "专任教师缺 2 人") {
		t.Errorf("verdict %v %q", r.Pass, r.Failures)
	}
	if len(r.Schools) != 0 {
		t.Error("preschool indicators are judged on the district, not per kindergarten")
	}
	// Without the population the gross enrolment rate cannot be computed and fails.
	r = Evaluate(PreschoolSet(), d.Schools)
	if ir := r.Indicator("kg_gross_enrollment", LevelKindergarten); ir.DistrictDefined || ir.DistrictMet {
		t.Errorf("毛入园率 without population: %+v", ir)
	}
	// 持证上岗率 must be exactly 100%.
	d.Schools[2] = kg("K3", 100, 0, 0, 8, 4, 4, 9, 8)
	if ir := EvaluateDistrict(PreschoolSet(), d).Indicator("kg_certified_rate", LevelKindergarten); ir.DistrictMet || ir.DistrictGap.Amount != 1 {
		t.Errorf("持证 %+v", ir)
	}
}

func TestValidateIndicator_ChineseErrors(t *testing.T) {
	good := BalanceSet().Indicators[0]
	good.ID = "province_library"
	if err := ValidateIndicator(good); err != nil {
		t.Fatal(err)
	}
	bad := Indicator{ID: "9x", Level: "senior", Numerator: "swimming_pools", Denominator: "swimming_pools", Factor: 0,
		Comparator: ">", Threshold: -1, Scope: "city", CVLimit: -0.1}
	err := ValidateIndicator(bad)
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("%v", err)
	}
	fields := map[string]string{}
	for _, f := range e.Fields {
		fields[f.Field] = f.Message
	}
	for field, want := range map[string]string{
		"id": "指标代码", "name": "指标名称不能为空", "level": "学段", "numerator": "未定义", "denominator": "同一个统计量",
		"factor": "系数", "comparator": "比较方式", "threshold": "标准值", "unit": "单位", "policy": "政策依据",
		"version": "版本", "scope": "评估范围", "cv_limit": "差异系数",
	} {
		if !strings.Contains(fields[field], want) {
			t.Errorf("%s: %q, want %q", field, fields[field], want)
		}
	}
	// Aggregates must suit the level and the scope.
	k := good
	k.Level = LevelKindergarten
	if err := ValidateIndicator(k); err == nil || !strings.Contains(err.Error(), "不适用于幼儿园") {
		t.Errorf("kindergarten with teacher degrees: %v", err)
	}
	pop := PreschoolSet().Indicators[0]
	pop.Scope = ScopeSchool
	if err := ValidateIndicator(pop); err == nil || !strings.Contains(err.Error(), "只有全县数据") {
		t.Errorf("district-only aggregate per school: %v", err)
	}
	cv := PreschoolSet().Indicators[3]
	cv.CVLimit = 0.5
	if err := ValidateIndicator(cv); err == nil || !strings.Contains(err.Error(), "差异系数只适用于") {
		t.Errorf("cv on a district indicator: %v", err)
	}
}

func TestValidateSetAndMerge(t *testing.T) {
	set := BalanceSet()
	set.Indicators = append(set.Indicators, set.Indicators[0])
	err := ValidateSet(set)
	if err == nil || !strings.Contains(err.Error(), "重复") {
		t.Fatalf("duplicate: %v", err)
	}
	if err := ValidateSet(IndicatorSet{ID: "x", Name: "x", Policy: "x", Version: "1", Rule: &SchoolRule{MaxUnmet: -1, UnmetFloor: 1.5}}); err == nil {
		t.Error("empty set and bad rule accepted")
	} else if e, _ := errs.As(err); len(e.Fields) != 3 {
		t.Errorf("fields %+v", e.Fields)
	}

	// 省级加码: raise one threshold and add an indicator.
	raised := BalanceSet().Indicators[4] // primary sports area
	raised.Threshold, raised.Policy, raised.Version = 8, "某省优质均衡实施方案", "2024"
	extra := Indicator{ID: "pe_teachers_total_per100", Name: "每百名学生拥有专任教师数", Level: LevelPrimary,
		Numerator: "full_time_teachers", Denominator: Students, Factor: 100, Comparator: AtLeast, Threshold: 5,
		Unit: "人/百名学生", Policy: "某省优质均衡实施方案", Version: "2024", Scope: ScopeSchool, CVLimit: 0.5}
	merged, err := Merge(BalanceSet(), IndicatorSet{ID: "province_balance", Name: "某省优质均衡", Policy: "某省优质均衡实施方案",
		Version: "2024", Indicators: []Indicator{raised, extra}})
	if err != nil {
		t.Fatal(err)
	}
	if len(merged.Indicators) != 15 || merged.Indicators[4].Threshold != 8 || merged.Indicators[14].ID != extra.ID || merged.Rule.MaxUnmet != 1 {
		t.Fatalf("merged %+v", merged)
	}
	if BalanceSet().Indicators[4].Threshold != 7.5 {
		t.Error("Merge changed the national set")
	}
	bad := extra
	bad.Numerator = "nothing"
	if _, err := Merge(BalanceSet(), IndicatorSet{Indicators: []Indicator{bad}}); err == nil || !strings.Contains(err.Error(), "第 1 项指标") && !strings.Contains(err.Error(), "未定义") {
		t.Errorf("bad extra: %v", err)
	}
}

func TestReport_JSON(t *testing.T) {
	// Reports must encode (no NaN or Inf), even with undefined values.
	d := DistrictFacts{Schools: []SchoolFacts{
		{ID: "K", Level: LevelKindergarten, Students: 0},
		{ID: "P", Level: LevelPrimary, Students: 0},
		{ID: "Q", Level: LevelPrimary, Students: 10},
	}}
	for _, set := range NationalSets() {
		r := EvaluateDistrict(set, d)
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("%s: %v", set.ID, err)
		}
		if r.Pass {
			t.Errorf("%s passes on empty facts", set.ID)
		}
	}
}

// The same for a "<=" indicator, whose gap is in its denominator (幼儿与专任教师比: teachers).
func TestGaps_AtMostIndicator(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	set := PreschoolSet()
	for trial := range 300 {
		s := SchoolFacts{ID: "K", Level: LevelKindergarten, Students: 20 + rng.IntN(600),
			Aggregates: map[string]float64{"full_time_teachers": float64(rng.IntN(40))}}
		sv := Evaluate(set, []SchoolFacts{s}).Indicator("kg_children_per_teacher", LevelKindergarten).Schools[0]
		if sv.Met {
			continue
		}
		if sv.Gap == nil || sv.Gap.Aggregate != "full_time_teachers" || sv.Gap.Unit != "人" {
			t.Fatalf("trial %d: %+v", trial, sv)
		}
		have := s.Aggregates["full_time_teachers"]
		if after := Evaluate(set, []SchoolFacts{with(s, "full_time_teachers", have+sv.Gap.Amount)}).Indicator("kg_children_per_teacher", LevelKindergarten).Schools[0]; !after.Met {
			t.Fatalf("trial %d: adding %v teachers to %v for %d children did not meet", trial, sv.Gap.Amount, have, s.Students)
		}
		if after := Evaluate(set, []SchoolFacts{with(s, "full_time_teachers", have+sv.Gap.Amount-1)}).Indicator("kg_children_per_teacher", LevelKindergarten).Schools[0]; after.Met {
			t.Fatalf("trial %d: gap %v not minimal", trial, sv.Gap.Amount)
		}
	}
}
