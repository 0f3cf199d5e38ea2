// Package demo generates a realistic, entirely fictional district for
// demonstrations and tests: 江城市青溪区, with its 片区, 科室, schools and
// the accounts that work in them. Generation is pure and deterministic:
// the same seed always yields the same district.
package demo

import "math/rand/v2"

// Region is a GB/T 2260 division.
type Region struct {
	Code, Name string
	Level      int // 1 province, 2 city, 3 district
	ParentCode string
}

// Zone is a 片区, e.g. Key "z1", Name "城东片区".
type Zone struct{ Key, Name string }

// Section is a 科室 of the bureau.
type Section struct {
	Name string
	Sort int
}

// School is one school (or 教学点) of the district.
type School struct {
	Code      string // 学校标识码: 10 digits, unique, starting with "3"
	Name      string // full name, e.g. "江城市青溪区实验小学"
	ShortName string // e.g. "实验小学"
	Type      string // kindergarten, primary, junior, nine_year, complete_secondary, twelve_year, senior, vocational, special, teaching_point
	Nature    string // "公办" or "民办"
	Inclusive bool   // 普惠性: kindergartens only
	Urban     string // "城区", "镇区" or "乡村"
	ZoneKey   string
	Street    string // 街道/镇 name
	Address   string
	Founded   int
	Principal string
	GroupName string // 教育集团 name or ""
	GroupLead bool
}

// Account is a login of the platform.
type Account struct {
	Username, DisplayName, Role string   // Role: sysadmin, secadmin, auditor, leader, staff, school_admin, inspector, parent
	SchoolCode                  string   // school_admin only
	ZoneKey                     string   // inspector only
	SectionName                 string   // staff and leader
	Permissions                 []string // staff only
	Phone                       string   // 11-digit mobile, unique
}

// District is the whole generated district.
type District struct {
	Province, City, District Region
	Streets                  []string // 街道 and 镇
	Zones                    []Zone
	Sections                 []Section
	Schools                  []School
	Accounts                 []Account
}

// Generate builds the district for seed. It performs no I/O and returns
// identical output for identical seeds.
func Generate(seed int64) District {
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	p := newPeople(NewNames(r))
	d := District{
		Province: province,
		City:     city,
		District: district,
		Streets:  streetNames(),
		Zones:    append([]Zone(nil), zones...),
		Sections: sections(),
	}
	d.Schools = genSchools(r, p)
	d.Accounts = genAccounts(r, p, d.Schools)
	return d
}

// people hands out person names that are distinct within one district, so
// that a principal and a staff member are never confused in the demo.
type people struct {
	names *Names
	seen  map[string]bool
}

func newPeople(n *Names) *people { return &people{names: n, seen: map[string]bool{}} }

func (p *people) next() string {
	for {
		if n := p.names.Person(); !p.seen[n] {
			p.seen[n] = true
			return n
		}
	}
}
