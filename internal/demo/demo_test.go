package demo

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var seeds = []int64{1, 2, 3, 42, 2024, -7}

func TestDeterministic(t *testing.T) {
	for _, seed := range seeds {
		if a, b := Generate(seed), Generate(seed); !reflect.DeepEqual(a, b) {
			t.Fatalf("seed %d: two runs differ", seed)
		}
	}
	if reflect.DeepEqual(Generate(1).Schools, Generate(2).Schools) {
		t.Fatal("seeds 1 and 2 produce the same schools")
	}
}

func TestRegions(t *testing.T) {
	d := Generate(1)
	if d.Province.Code != "330000" || d.City.ParentCode != d.Province.Code || d.District.ParentCode != d.City.Code {
		t.Fatalf("region chain broken: %+v %+v %+v", d.Province, d.City, d.District)
	}
	if d.Province.Level != 1 || d.City.Level != 2 || d.District.Level != 3 {
		t.Fatal("region levels wrong")
	}
}

func TestGeography(t *testing.T) {
	d := Generate(1)
	if n := len(d.Zones); n < 4 || n > 6 {
		t.Errorf("zones = %d, want 4–6", n)
	}
	if n := len(d.Streets); n < 6 || n > 9 {
		t.Errorf("streets = %d, want 6–9", n)
	}
	for i, s := range d.Sections {
		if s.Sort != i+1 {
			t.Errorf("section %s sort = %d, want %d", s.Name, s.Sort, i+1)
		}
	}
	for _, name := range []string{"办公室", "基础教育科", "人事科", "计划财务科", "安全稳定科", "督导室", "学生资助管理中心",
		"招生办公室", "信访办", "党建办", "体卫艺科", "民办教育科", "发展规划科"} {
		if !slices.ContainsFunc(d.Sections, func(s Section) bool { return s.Name == name }) {
			t.Errorf("section %s missing", name)
		}
	}
}

var typeRanges = map[string][2]int{
	"kindergarten":       {43, 47},
	"primary":            {36, 40},
	"junior":             {13, 15},
	"nine_year":          {7, 9},
	"complete_secondary": {2, 2},
	"twelve_year":        {1, 1},
	"senior":             {4, 4},
	"vocational":         {2, 2},
	"special":            {1, 1},
	"teaching_point":     {4, 6},
}

func TestSchoolCounts(t *testing.T) {
	for _, seed := range seeds {
		d := Generate(seed)
		if n := len(d.Schools); n < 115 || n > 125 {
			t.Errorf("seed %d: %d schools, want 115–125", seed, n)
		}
		count := map[string]int{}
		privateNine, privateKG, inclusivePrivateKG := 0, 0, 0
		for _, s := range d.Schools {
			count[s.Type]++
			if s.Nature == "民办" && s.Type == "nine_year" {
				privateNine++
			}
			if s.Nature == "民办" && s.Type == "kindergarten" {
				privateKG++
				if s.Inclusive {
					inclusivePrivateKG++
				}
			}
		}
		for typ, rg := range typeRanges {
			if count[typ] < rg[0] || count[typ] > rg[1] {
				t.Errorf("seed %d: %d %s, want %d–%d", seed, count[typ], typ, rg[0], rg[1])
			}
		}
		if len(count) != len(typeRanges) {
			t.Errorf("seed %d: unexpected types %v", seed, count)
		}
		if privateNine == 0 {
			t.Errorf("seed %d: no private nine-year school", seed)
		}
		if privateKG < 5 || inclusivePrivateKG == 0 || inclusivePrivateKG == privateKG {
			t.Errorf("seed %d: private kindergartens %d, inclusive %d", seed, privateKG, inclusivePrivateKG)
		}
	}
}

var codeRE = regexp.MustCompile(`^3\d{9}$`)

func TestSchoolFields(t *testing.T) {
	for _, seed := range seeds {
		d := Generate(seed)
		zones := map[string]bool{}
		for _, z := range d.Zones {
			zones[z.Key] = true
		}
		codes, names, shorts := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, s := range d.Schools {
			if !codeRE.MatchString(s.Code) || codes[s.Code] {
				t.Errorf("seed %d: bad or duplicate code %q", seed, s.Code)
			}
			if names[s.Name] || shorts[s.ShortName] {
				t.Errorf("seed %d: duplicate name %s / %s", seed, s.Name, s.ShortName)
			}
			codes[s.Code], names[s.Name], shorts[s.ShortName] = true, true, true
			if !zones[s.ZoneKey] {
				t.Errorf("seed %d: %s in unknown zone %q", seed, s.Name, s.ZoneKey)
			}
			if !slices.Contains(d.Streets, s.Street) {
				t.Errorf("seed %d: %s in unknown street %q", seed, s.Name, s.Street)
			}
			if s.Nature != "公办" && s.Nature != "民办" {
				t.Errorf("seed %d: %s nature %q", seed, s.Name, s.Nature)
			}
			if s.Inclusive && s.Type != "kindergarten" || s.Type == "kindergarten" && s.Nature == "公办" && !s.Inclusive {
				t.Errorf("seed %d: %s inclusive = %v", seed, s.Name, s.Inclusive)
			}
			town := strings.HasSuffix(s.Street, "镇")
			if town == (s.Urban == "城区") {
				t.Errorf("seed %d: %s in %s is %s", seed, s.Name, s.Street, s.Urban)
			}
			if s.Type == "teaching_point" && s.Urban != "乡村" {
				t.Errorf("seed %d: teaching point %s is %s", seed, s.Name, s.Urban)
			}
			if s.Principal == "" || s.Address == "" || s.Founded < 1900 || s.Founded > 2024 {
				t.Errorf("seed %d: incomplete %+v", seed, s)
			}
		}
	}
}

func TestGroups(t *testing.T) {
	for _, seed := range seeds {
		leads, members := map[string]int{}, map[string]int{}
		for _, s := range Generate(seed).Schools {
			switch {
			case s.GroupLead:
				leads[s.GroupName]++
			case s.GroupName != "":
				members[s.GroupName]++
				if s.Nature != "公办" || s.Type == "teaching_point" {
					t.Errorf("seed %d: %s should not be a group member", seed, s.Name)
				}
			}
		}
		if len(leads) < 3 || len(leads) > 5 {
			t.Errorf("seed %d: %d groups, want 3–5", seed, len(leads))
		}
		for g, n := range leads {
			if n != 1 {
				t.Errorf("seed %d: group %s has %d leads", seed, g, n)
			}
			if members[g] < 2 || members[g] > 4 {
				t.Errorf("seed %d: group %s has %d members", seed, g, members[g])
			}
		}
		for g := range members {
			if leads[g] == 0 {
				t.Errorf("seed %d: group %s has no lead", seed, g)
			}
		}
	}
}

var phoneRE = regexp.MustCompile(`^1(3\d|5[0-35-9]|8\d|9[1358-9])\d{8}$`)

func TestAccounts(t *testing.T) {
	for _, seed := range seeds {
		d := Generate(seed)
		schools := map[string]bool{}
		for _, s := range d.Schools {
			schools[s.Code] = true
		}
		roles, users, phones := map[string]int{}, map[string]bool{}, map[string]bool{}
		perZone := map[string]int{}
		admins := map[string]int{}
		for _, a := range d.Accounts {
			roles[a.Role]++
			if users[a.Username] || a.Username == "" {
				t.Errorf("seed %d: duplicate username %q", seed, a.Username)
			}
			if phones[a.Phone] || !phoneRE.MatchString(a.Phone) {
				t.Errorf("seed %d: bad or duplicate phone %q", seed, a.Phone)
			}
			users[a.Username], phones[a.Phone] = true, true
			if a.DisplayName == "" {
				t.Errorf("seed %d: %s has no display name", seed, a.Username)
			}
			hasSection := slices.ContainsFunc(d.Sections, func(s Section) bool { return s.Name == a.SectionName })
			switch a.Role {
			case "school_admin":
				admins[a.SchoolCode]++
				if !schools[a.SchoolCode] || a.Username != "sa"+a.SchoolCode {
					t.Errorf("seed %d: school admin %s for unknown school %q", seed, a.Username, a.SchoolCode)
				}
			case "inspector":
				perZone[a.ZoneKey]++
			case "staff":
				if !hasSection {
					t.Errorf("seed %d: staff %s in unknown section %q", seed, a.Username, a.SectionName)
				}
				if !slices.Contains(a.Permissions, "org.read") || slices.Contains(a.Permissions, "audit.read") {
					t.Errorf("seed %d: staff %s permissions %v", seed, a.Username, a.Permissions)
				}
			case "leader":
				if !hasSection {
					t.Errorf("seed %d: leader %s in unknown section %q", seed, a.Username, a.SectionName)
				}
			}
			if a.Role != "staff" && len(a.Permissions) > 0 {
				t.Errorf("seed %d: %s (%s) has permissions", seed, a.Username, a.Role)
			}
		}
		for _, role := range []string{"sysadmin", "secadmin", "auditor"} {
			if roles[role] != 1 || !users[role] {
				t.Errorf("seed %d: want exactly one %s", seed, role)
			}
		}
		if roles["leader"] != 2 || roles["parent"] != 3 {
			t.Errorf("seed %d: roles %v", seed, roles)
		}
		if n := roles["staff"]; n < 2*len(d.Sections) || n > 3*len(d.Sections) {
			t.Errorf("seed %d: %d staff for %d sections", seed, n, len(d.Sections))
		}
		if len(admins) != len(d.Schools) || roles["school_admin"] != len(d.Schools) {
			t.Errorf("seed %d: %d school admins for %d schools", seed, roles["school_admin"], len(d.Schools))
		}
		for _, z := range d.Zones {
			if n := perZone[z.Key]; n < 1 || n > 2 {
				t.Errorf("seed %d: zone %s has %d inspectors", seed, z.Key, n)
			}
		}
		if len(perZone) != len(d.Zones) {
			t.Errorf("seed %d: inspectors in unknown zones: %v", seed, perZone)
		}
	}
}
