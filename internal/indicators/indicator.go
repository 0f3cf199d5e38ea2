package indicators

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Level is a school stage (学段).
type Level string

// Levels. Indicators use the first three; LevelSenior serves 编制 only.
const (
	LevelKindergarten Level = "kindergarten"
	LevelPrimary      Level = "primary"
	LevelJunior       Level = "junior"
	LevelSenior       Level = "senior"
)

// Name is the Chinese name of the level ("" when unknown).
func (l Level) Name() string {
	switch l {
	case LevelKindergarten:
		return "幼儿园"
	case LevelPrimary:
		return "小学"
	case LevelJunior:
		return "初中"
	case LevelSenior:
		return "高中"
	}
	return ""
}

// IndicatorLevels are the levels an indicator may have.
var IndicatorLevels = []Level{LevelKindergarten, LevelPrimary, LevelJunior}

// Comparators.
const (
	AtLeast = ">="
	AtMost  = "<="
)

// Scope says where an indicator is judged.
type Scope string

// Scopes.
const (
	// ScopeSchool: each school must meet it (under the set's school rule); the CV applies here.
	ScopeSchool Scope = "school"
	// ScopeDistrict: the district value must meet it; per-school values are reported for drill-down.
	ScopeDistrict Scope = "district"
	// ScopeDistrictOnly: only the district value exists (e.g. 毛入园率, whose denominator is the
	// district's resident population).
	ScopeDistrictOnly Scope = "district_only"
)

// Indicator is one supervision indicator, as data.
type Indicator struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Level       Level   `json:"level"`
	Numerator   string  `json:"numerator"`   // aggregate name (Catalog)
	Denominator string  `json:"denominator"` // aggregate name (Catalog), usually "students"
	Factor      float64 `json:"factor"`      // 100 per 100 students, 1 per student
	Comparator  string  `json:"comparator"`  // ">=" or "<="
	Threshold   float64 `json:"threshold"`
	Unit        string  `json:"unit"` // unit of the value, e.g. "人/百名学生", "m²/生", "%"
	Policy      string  `json:"policy"`
	Version     string  `json:"version"`
	Scope       Scope   `json:"scope"`
	// CVLimit > 0 requires the between-school weighted CV to be at most this (ScopeSchool only).
	CVLimit float64 `json:"cv_limit,omitempty"`
}

// SchoolRule is how many school-scope indicators a school may miss, and by how much.
type SchoolRule struct {
	MaxUnmet   int     `json:"max_unmet"`   // 优质均衡: 1 (≥ 6 of 7 met)
	UnmetFloor float64 `json:"unmet_floor"` // 优质均衡: 0.85 (the 7th ≥ 85% of its threshold)
}

// IndicatorSet is a named, versioned group of indicators with its school rule.
type IndicatorSet struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Policy     string      `json:"policy"`
	Version    string      `json:"version"`
	Indicators []Indicator `json:"indicators"`
	Rule       *SchoolRule `json:"school_rule,omitempty"`
	// ExcludeSchools applies the 优质均衡 exclusions (ExcludedFromBalance) before evaluating.
	ExcludeSchools bool `json:"exclude_schools"`
}

// Indicator finds an indicator of the set by id and level (nil when absent).
func (s IndicatorSet) Indicator(id string, level Level) *Indicator {
	for i := range s.Indicators {
		if s.Indicators[i].ID == id && s.Indicators[i].Level == level {
			return &s.Indicators[i]
		}
	}
	return nil
}

// Aggregate is a registry figure indicators can name.
type Aggregate struct {
	Name   string  `json:"name"`
	Label  string  `json:"label"` // short Chinese label used in gap texts
	Unit   string  `json:"unit"`  // 人, m², 元, 间, 班
	Whole  bool    `json:"whole"` // counted in whole units (persons, rooms, classes)
	Levels []Level `json:"levels"`
	// DistrictOnly aggregates exist only as a district total (DistrictFacts.Aggregates).
	DistrictOnly bool `json:"district_only,omitempty"`
}

// Students is the aggregate name that SchoolFacts.Students answers.
const Students = "students"

var compulsory = []Level{LevelPrimary, LevelJunior}
var allLevels = []Level{LevelKindergarten, LevelPrimary, LevelJunior}
var kindergarten = []Level{LevelKindergarten}

// Catalog lists the aggregates indicators may use. The registry computes them per school and year.
var Catalog = []Aggregate{
	{Students, "学生", "人", true, allLevels, false},
	{"teachers_above_degree", "高于规定学历教师", "人", true, compulsory, false},
	{"backbone_teachers", "县级以上骨干教师", "人", true, compulsory, false},
	{"pe_art_teachers", "体艺专任教师", "人", true, compulsory, false},
	{"teaching_area_m2", "教学及辅助用房面积", "m²", false, compulsory, false},
	{"sports_area_m2", "体育运动场馆面积", "m²", false, compulsory, false},
	{"equipment_value_yuan", "教学仪器设备值", "元", false, compulsory, false},
	{"multimedia_rooms", "网络多媒体教室", "间", true, compulsory, false},
	{"full_time_teachers", "专任教师", "人", true, allLevels, false},
	{"classes", "班级", "班", true, allLevels, false},
	{"compliant_classes", "班额达标班级", "班", true, allLevels, false},
	{"inclusive_children", "普惠性在园幼儿", "人", true, kindergarten, false},
	{"public_children", "公办园在园幼儿", "人", true, kindergarten, false},
	{"principals_and_teachers", "园长和专任教师", "人", true, kindergarten, false},
	{"certified_principals_and_teachers", "持证园长和专任教师", "人", true, kindergarten, false},
	{"resident_children_3_5", "3至5岁常住儿童", "人", true, kindergarten, true},
	{"music_rooms", "音乐专用教室", "间", true, compulsory, false},
	{"art_rooms", "美术专用教室", "间", true, compulsory, false},
	{"certified_teachers", "持教师资格证专任教师", "人", true, allLevels, false},
	{"trained_teachers", "完成360学时培训专任教师", "人", true, allLevels, false},
	{"books", "图书", "册", true, allLevels, false},
}

var catalogIndex = func() map[string]int {
	m := make(map[string]int, len(Catalog))
	for i, a := range Catalog {
		m[a.Name] = i
	}
	return m
}()

// LookupAggregate finds an aggregate of the Catalog.
func LookupAggregate(name string) (Aggregate, bool) {
	i, ok := catalogIndex[name]
	if !ok {
		return Aggregate{}, false
	}
	return Catalog[i], true
}

// aggregateLabel is the label of an aggregate at a level ("在园幼儿" for kindergarten students).
func aggregateLabel(name string, level Level) string {
	if name == Students && level == LevelKindergarten {
		return "在园幼儿"
	}
	if a, ok := LookupAggregate(name); ok {
		return a.Label
	}
	return name
}

func (a Aggregate) appliesTo(l Level) bool {
	for _, x := range a.Levels {
		if x == l {
			return true
		}
	}
	return false
}

const (
	balancePolicy  = "县域义务教育优质均衡发展督导评估办法（教督〔2017〕6号）"
	balanceVersion = "2017"
	preschoolPol   = "县域学前教育普及普惠督导评估办法（教育部，2020年）"
	preschoolVer   = "2020"
)

// BalanceIndicatorIDs are the ids of the 7 资源配置 indicators, in the order of the standard.
var BalanceIndicatorIDs = []string{
	"teachers_above_degree_per100",
	"backbone_per100",
	"pe_art_per100",
	"teaching_area_per_student",
	"sports_area_per_student",
	"equipment_per_student",
	"multimedia_rooms_per100",
}

// BalanceCVLimits are the national CV limits per level.
var BalanceCVLimits = map[Level]float64{LevelPrimary: 0.50, LevelJunior: 0.45}

// BalanceSet is the national 优质均衡 资源配置 set: 7 indicators for primary and 7 for junior, the
// school rule (≥ 6 of 7 met, the 7th ≥ 85%), the CV limits 0.50 / 0.45 and the exclusions.
func BalanceSet() IndicatorSet {
	type spec struct {
		name, numerator string
		factor          float64
		unit            string
		primary, junior float64
	}
	specs := []spec{
		{"每百名学生拥有高于规定学历教师数", "teachers_above_degree", 100, "人/百名学生", 4.2, 5.3},
		{"每百名学生拥有县级以上骨干教师数", "backbone_teachers", 100, "人/百名学生", 1.0, 1.0},
		{"每百名学生拥有体育、艺术（美术、音乐）专任教师数", "pe_art_teachers", 100, "人/百名学生", 0.9, 0.9},
		{"生均教学及辅助用房面积", "teaching_area_m2", 1, "m²/生", 4.5, 5.8},
		{"生均体育运动场馆面积", "sports_area_m2", 1, "m²/生", 7.5, 10.2},
		{"生均教学仪器设备值", "equipment_value_yuan", 1, "元/生", 2000, 2500},
		{"每百名学生拥有网络多媒体教室数", "multimedia_rooms", 100, "间/百名学生", 2.3, 2.4},
	}
	var list []Indicator
	for _, level := range compulsory {
		for i, s := range specs {
			t := s.primary
			if level == LevelJunior {
				t = s.junior
			}
			list = append(list, Indicator{
				ID: BalanceIndicatorIDs[i], Name: s.name, Level: level,
				Numerator: s.numerator, Denominator: Students, Factor: s.factor,
				Comparator: AtLeast, Threshold: t, Unit: s.unit,
				Policy: balancePolicy, Version: balanceVersion,
				Scope: ScopeSchool, CVLimit: BalanceCVLimits[level],
			})
		}
	}
	return IndicatorSet{
		ID: "balance_resources", Name: "义务教育优质均衡·资源配置",
		Policy: balancePolicy, Version: balanceVersion, Indicators: list,
		Rule:           &SchoolRule{MaxUnmet: 1, UnmetFloor: 0.85},
		ExcludeSchools: true,
	}
}

// PreschoolSet is the national 学前教育普及普惠 set, judged on district values.
func PreschoolSet() IndicatorSet {
	k := func(id, name, num, den string, factor float64, cmp string, t float64, unit string, scope Scope) Indicator {
		return Indicator{ID: id, Name: name, Level: LevelKindergarten, Numerator: num, Denominator: den,
			Factor: factor, Comparator: cmp, Threshold: t, Unit: unit,
			Policy: preschoolPol, Version: preschoolVer, Scope: scope}
	}
	return IndicatorSet{
		ID: "preschool_universal", Name: "学前教育普及普惠", Policy: preschoolPol, Version: preschoolVer,
		Indicators: []Indicator{
			k("kg_gross_enrollment", "学前三年毛入园率", Students, "resident_children_3_5", 100, AtLeast, 85, "%", ScopeDistrictOnly),
			k("kg_inclusive_coverage", "普惠性幼儿园覆盖率", "inclusive_children", Students, 100, AtLeast, 80, "%", ScopeDistrictOnly),
			k("kg_public_share", "公办园在园幼儿占比", "public_children", Students, 100, AtLeast, 50, "%", ScopeDistrictOnly),
			k("kg_children_per_teacher", "幼儿与专任教师比（每名专任教师对应幼儿数）", Students, "full_time_teachers", 1, AtMost, 15, "名幼儿/专任教师", ScopeDistrict),
			k("kg_class_size_rate", "班额达标率", "compliant_classes", "classes", 100, AtLeast, 85, "%", ScopeDistrict),
			k("kg_certified_rate", "园长和专任教师持证上岗率", "certified_principals_and_teachers", "principals_and_teachers", 100, AtLeast, 100, "%", ScopeDistrict),
		},
	}
}

// GuaranteeSet holds the quantitative 优质均衡 政府保障程度 items the registry answers per school:
// 班额 (≤ 45 primary, ≤ 50 junior: every class), 音乐 and 美术 专用教室 (one each per 12 classes),
// 教师资格证 (100%) and 5-year 360-学时 training (100%). Every school must meet every item (no school
// rule); 规模 (≤ 2000, 一贯制 ≤ 2500) is checked beside it (SchoolSize) because its limit depends on
// the school type, not on a ratio.
func GuaranteeSet() IndicatorSet {
	g := func(id, name, num, den string, factor, t float64, unit string, level Level) Indicator {
		return Indicator{ID: id, Name: name, Level: level, Numerator: num, Denominator: den, Factor: factor,
			Comparator: AtLeast, Threshold: t, Unit: unit, Policy: balancePolicy, Version: balanceVersion, Scope: ScopeSchool}
	}
	var list []Indicator
	for _, l := range compulsory {
		limit := "45"
		if l == LevelJunior {
			limit = "50"
		}
		list = append(list,
			g("class_size_compliance", "班额达标率（不超过 "+limit+" 人）", "compliant_classes", "classes", 100, 100, "%", l),
			g("music_rooms_per12", "每12个教学班音乐专用教室", "music_rooms", "classes", 12, 1, "间/12班", l),
			g("art_rooms_per12", "每12个教学班美术专用教室", "art_rooms", "classes", 12, 1, "间/12班", l),
			g("teacher_cert_rate", "专任教师持有教师资格证比例", "certified_teachers", "full_time_teachers", 100, 100, "%", l),
			g("training_360_rate", "专任教师5年360学时培训完成率", "trained_teachers", "full_time_teachers", 100, 100, "%", l),
		)
	}
	return IndicatorSet{ID: "balance_guarantee", Name: "义务教育优质均衡·政府保障程度（可量化项）",
		Policy: balancePolicy, Version: balanceVersion, Indicators: list, ExcludeSchools: true}
}

// SchoolSizeLimit is the largest school of a type under 优质均衡: 2000 students, 2500 for
// 九年一贯制 and 十二年一贯制 schools.
func SchoolSizeLimit(schoolType string) int {
	if schoolType == "nine_year" || schoolType == "twelve_year" {
		return 2500
	}
	return 2000
}

// NationalSets are the default sets.
func NationalSets() []IndicatorSet {
	return []IndicatorSet{BalanceSet(), GuaranteeSet(), PreschoolSet()}
}

// NationalSet returns a national set by id.
func NationalSet(id string) (IndicatorSet, bool) {
	for _, s := range NationalSets() {
		if s.ID == id {
			return s, true
		}
	}
	return IndicatorSet{}, false
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// ValidateIndicator checks a user-defined indicator. The error is an errs.Invalid listing every
// field at fault with a Chinese message.
func ValidateIndicator(ind Indicator) error {
	var f errs.Fields
	validateIndicator(&f, "", "", ind)
	return f.Err()
}

// validateIndicator adds the problems of ind to f, with prefix before field names and label before
// messages (both empty for a lone indicator).
func validateIndicator(f *errs.Fields, prefix, label string, ind Indicator) {
	add := func(field, format string, args ...any) {
		f.Add(prefix+field, label+fmt.Sprintf(format, args...))
	}
	if !idPattern.MatchString(ind.ID) {
		add("id", "指标代码须以小写字母开头，只含小写字母、数字和下划线，最长 64 个字符")
	}
	if strings.TrimSpace(ind.Name) == "" {
		add("name", "指标名称不能为空")
	} else if utf8.RuneCountInString(ind.Name) > 100 {
		add("name", "指标名称不能超过 100 个字")
	}
	levelOK := false
	for _, l := range IndicatorLevels {
		levelOK = levelOK || ind.Level == l
	}
	if !levelOK {
		add("level", "学段须为 kindergarten（幼儿园）、primary（小学）或 junior（初中）")
	}
	scopeOK := ind.Scope == ScopeSchool || ind.Scope == ScopeDistrict || ind.Scope == ScopeDistrictOnly
	if !scopeOK {
		add("scope", "评估范围须为 school（逐校）、district（全县，附逐校参考值）或 district_only（仅全县）")
	}
	for _, side := range []struct{ field, what, name string }{
		{"numerator", "分子", ind.Numerator}, {"denominator", "分母", ind.Denominator},
	} {
		a, ok := LookupAggregate(side.name)
		switch {
		case strings.TrimSpace(side.name) == "":
			add(side.field, "%s统计量不能为空", side.what)
		case !ok:
			add(side.field, "%s统计量 %q 未定义（可用的统计量见统计量目录）", side.what, side.name)
		case levelOK && !a.appliesTo(ind.Level):
			add(side.field, "%s统计量“%s”不适用于%s", side.what, a.Label, ind.Level.Name())
		case a.DistrictOnly && scopeOK && ind.Scope != ScopeDistrictOnly:
			add(side.field, "%s统计量“%s”只有全县数据，指标的评估范围须为 district_only", side.what, a.Label)
		}
	}
	if ind.Numerator != "" && ind.Numerator == ind.Denominator {
		add("denominator", "分子和分母不能是同一个统计量")
	}
	if !finite(ind.Factor) || ind.Factor <= 0 {
		add("factor", "系数须大于 0（每百名学生为 100，生均为 1）")
	}
	if ind.Comparator != AtLeast && ind.Comparator != AtMost {
		add("comparator", "比较方式须为 >=（不低于）或 <=（不高于）")
	}
	if !finite(ind.Threshold) || ind.Threshold <= 0 {
		add("threshold", "标准值须为大于 0 的数")
	}
	if strings.TrimSpace(ind.Unit) == "" {
		add("unit", "单位不能为空")
	}
	if strings.TrimSpace(ind.Policy) == "" {
		add("policy", "政策依据不能为空（请写明文件名称和文号）")
	}
	if strings.TrimSpace(ind.Version) == "" {
		add("version", "版本不能为空")
	}
	switch {
	case !finite(ind.CVLimit) || ind.CVLimit < 0:
		add("cv_limit", "差异系数上限不能为负数")
	case ind.CVLimit > 0 && scopeOK && ind.Scope != ScopeSchool:
		add("cv_limit", "差异系数只适用于逐校评估（scope 为 school）的指标")
	}
}

// ValidateSet checks a user-defined indicator set: its own fields, every indicator, no two
// indicators with the same id and level, and the school rule.
func ValidateSet(set IndicatorSet) error {
	var f errs.Fields
	if !idPattern.MatchString(set.ID) {
		f.Add("id", "指标体系代码须以小写字母开头，只含小写字母、数字和下划线，最长 64 个字符")
	}
	if strings.TrimSpace(set.Name) == "" {
		f.Add("name", "指标体系名称不能为空")
	}
	if strings.TrimSpace(set.Policy) == "" {
		f.Add("policy", "指标体系的政策依据不能为空")
	}
	if strings.TrimSpace(set.Version) == "" {
		f.Add("version", "指标体系的版本不能为空")
	}
	if len(set.Indicators) == 0 {
		f.Add("indicators", "指标体系至少要有一项指标")
	}
	seen := map[[2]string]int{}
	for i, ind := range set.Indicators {
		prefix := fmt.Sprintf("indicators[%d].", i+1)
		validateIndicator(&f, prefix, fmt.Sprintf("第 %d 项指标：", i+1), ind)
		key := [2]string{ind.ID, string(ind.Level)}
		if j, dup := seen[key]; dup {
			f.Add(prefix+"id", fmt.Sprintf("第 %d 项指标：代码 %q 在%s学段与第 %d 项重复", i+1, ind.ID, ind.Level.Name(), j))
		} else {
			seen[key] = i + 1
		}
	}
	if r := set.Rule; r != nil {
		if r.MaxUnmet < 0 {
			f.Add("school_rule.max_unmet", "允许未达标的指标数不能为负数")
		}
		if !finite(r.UnmetFloor) || r.UnmetFloor <= 0 || r.UnmetFloor > 1 {
			f.Add("school_rule.unmet_floor", "未达标指标的最低达成比例须大于 0 且不超过 1（如 0.85）")
		}
	}
	return f.Err()
}

// Merge returns base with the indicators of extra added (省级加码): an indicator of extra with the
// same id and level as one of base replaces it (e.g. a raised threshold), others are appended.
// The school rule of extra, when set, replaces base's. The result is validated.
func Merge(base, extra IndicatorSet) (IndicatorSet, error) {
	out := base
	out.Indicators = append([]Indicator(nil), base.Indicators...)
	if extra.ID != "" {
		out.ID = extra.ID
	}
	if extra.Name != "" {
		out.Name = extra.Name
	}
	if extra.Policy != "" {
		out.Policy = base.Policy + "；" + extra.Policy
	}
	if extra.Version != "" {
		out.Version = extra.Version
	}
	if extra.Rule != nil {
		r := *extra.Rule
		out.Rule = &r
	} else if base.Rule != nil {
		r := *base.Rule
		out.Rule = &r
	}
	out.ExcludeSchools = base.ExcludeSchools || extra.ExcludeSchools
	for _, ind := range extra.Indicators {
		replaced := false
		for i, b := range out.Indicators {
			if b.ID == ind.ID && b.Level == ind.Level {
				out.Indicators[i] = ind
				replaced = true
				break
			}
		}
		if !replaced {
			out.Indicators = append(out.Indicators, ind)
		}
	}
	if err := ValidateSet(out); err != nil {
		return IndicatorSet{}, err
	}
	return out, nil
}
