package demo

import "github.com/edubureau/edubureau/internal/platform/access"

// The division codes are deliberately not real. Zhejiang (330000) is real,
// but it has no prefecture numbered 99, so 江城市 339900 and 青溪区 339901
// are well-formed GB/T 2260 codes that can never collide with a real place.
var (
	province = Region{Code: "330000", Name: "浙江省", Level: 1}
	city     = Region{Code: "339900", Name: "江城市", Level: 2, ParentCode: "330000"}
	district = Region{Code: "339901", Name: "青溪区", Level: 3, ParentCode: "339900"}
)

var zones = []Zone{
	{Key: "z1", Name: "城东片区"},
	{Key: "z2", Name: "城西片区"},
	{Key: "z3", Name: "城南片区"},
	{Key: "z4", Name: "城北片区"},
	{Key: "z5", Name: "云湖片区"},
}

// street is a 街道 (town == false, all 城区) or a 镇, whose seat is 镇区 and
// whose villages are 乡村.
type street struct {
	name     string
	zone     string
	town     bool
	roads    []string
	villages []string
}

var streets = []street{
	{name: "青溪街道", zone: "z1", roads: []string{"人民路", "解放路", "青溪路", "中山路", "府前街", "鼓楼巷"}},
	{name: "东湖街道", zone: "z1", roads: []string{"东湖路", "迎宾大道", "凤凰路", "锦绣路", "东城路"}},
	{name: "文昌街道", zone: "z2", roads: []string{"文昌路", "学府路", "西山路", "育才路", "新华路"}},
	{name: "南湖街道", zone: "z3", roads: []string{"南湖路", "江南大道", "振兴路", "春晖路", "滨湖路"}},
	{name: "望江街道", zone: "z4", roads: []string{"望江路", "北环路", "滨江路", "江城大道", "北城路"}},
	{name: "枫林镇", zone: "z2", town: true, roads: []string{"枫林大道", "枫溪路"}, villages: []string{"上坞", "枫岭", "黄泥岭", "下洋"}},
	{name: "白沙镇", zone: "z3", town: true, roads: []string{"白沙大道", "沙洲路"}, villages: []string{"沙湾", "前溪", "庙前"}},
	{name: "桃源镇", zone: "z4", town: true, roads: []string{"桃源路", "桃花街"}, villages: []string{"桃坞", "柳塘", "后山"}},
	{name: "云湖镇", zone: "z5", town: true, roads: []string{"云湖大道", "湖滨路"}, villages: []string{"石门", "龙潭", "梅岙", "竹坑", "青岩"}},
}

func streetNames() []string {
	out := make([]string, len(streets))
	for i, s := range streets {
		out[i] = s.name
	}
	return out
}

func streetByName(name string) street {
	for _, s := range streets {
		if s.name == name {
			return s
		}
	}
	panic("demo: unknown street " + name)
}

func urbanStreets() []string {
	var out []string
	for _, s := range streets {
		if !s.town {
			out = append(out, s.name)
		}
	}
	return out
}

// sectionPermissions lists the 科室 in display order with the module permissions their staff
// hold, drawn from the platform's grantable permissions (audit.read belongs to the auditor alone).
// Sections whose modules are not built yet read the organisation and the registry.
var sectionPermissions = []struct {
	name  string
	perms []string
}{
	{"办公室", []string{access.OrgRead, access.ReportsRead, access.ReportsWrite}},
	{"党建办", []string{access.OrgRead, access.ReportsRead}},
	{"人事科", []string{access.OrgRead, access.RegistryRead, access.RegistryWrite}},
	{"计划财务科", []string{access.OrgRead, access.RegistryRead}},
	{"发展规划科", []string{access.OrgRead, access.IndicatorsRead, access.ReportsRead}},
	{"基础教育科", []string{access.OrgRead, access.OrgWrite, access.RegistryRead, access.RegistryWrite, access.PIIReveal}},
	{"民办教育科", []string{access.OrgRead, access.SafetyRead}},
	{"体卫艺科", []string{access.OrgRead, access.FitnessRead, access.FitnessWrite}},
	{"安全稳定科", []string{access.OrgRead, access.SafetyRead, access.SafetyWrite}},
	{"督导室", []string{access.OrgRead, access.IndicatorsRead, access.SupervisionRead, access.SupervisionWrite}},
	{"招生办公室", []string{access.OrgRead, access.RegistryRead, access.EnrollRead, access.EnrollWrite, access.PIIReveal}},
	{"学生资助管理中心", []string{access.OrgRead, access.RegistryRead, access.PIIReveal}},
	{"信访办", []string{access.OrgRead}},
}

func sections() []Section {
	out := make([]Section, len(sectionPermissions))
	for i, s := range sectionPermissions {
		out[i] = Section{Name: s.name, Sort: i + 1}
	}
	return out
}
