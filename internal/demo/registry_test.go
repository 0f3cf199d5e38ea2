package demo

import (
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/platform/identity"
)

var (
	regOnce     sync.Once
	regDistrict District
	regSeed1    Registry
)

// registry1 is the registry of seed 1, generated once for the tests.
func registry1(t testing.TB) (District, Registry) {
	t.Helper()
	regOnce.Do(func() {
		regDistrict = Generate(1)
		regSeed1 = GenerateRegistry(regDistrict, 1)
	})
	return regDistrict, regSeed1
}

func regSchoolsByCode(d District) map[string]School {
	m := make(map[string]School, len(d.Schools))
	for _, s := range d.Schools {
		m[s.Code] = s
	}
	return m
}

func TestRegistryDeterministic(t *testing.T) {
	d, a := registry1(t)
	if b := GenerateRegistry(d, 1); !reflect.DeepEqual(a, b) {
		t.Fatal("seed 1: two runs differ")
	}
	c := GenerateRegistry(d, 2)
	if reflect.DeepEqual(a.Students[:100], c.Students[:100]) {
		t.Fatal("seeds 1 and 2 produce the same students")
	}
}

func TestRegistryCounts(t *testing.T) {
	d, reg := registry1(t)
	if reg.SchoolYear != RegistrySchoolYear {
		t.Errorf("school year %d", reg.SchoolYear)
	}
	schools := regSchoolsByCode(d)
	students := map[string]int{}
	stages := map[string]map[int]int{}
	onRoll := 0
	for _, s := range reg.Students {
		if _, ok := schools[s.SchoolCode]; !ok {
			t.Fatalf("student %s in unknown school %s", s.StudentNo, s.SchoolCode)
		}
		if s.Status == "转出" {
			continue
		}
		onRoll++
		students[s.SchoolCode]++
		if stages[s.SchoolCode] == nil {
			stages[s.SchoolCode] = map[int]int{}
		}
		stages[s.SchoolCode][regStageOf(s.Grade)]++
	}
	if onRoll < 95_000 || onRoll > 105_000 {
		t.Errorf("%d students on the roll, want about 100,000", onRoll)
	}
	if n := len(reg.Staff); n < 6_500 || n > 7_500 {
		t.Errorf("%d staff, want about 7,000", n)
	}
	ranges := map[string][2]int{
		"kindergarten": {150, 350}, "primary": {500, 2500}, "junior": {600, 1800}, "senior": {1200, 2600},
		"teaching_point": {20, 80}, "special": {100, 140}, "vocational": {1000, 2200},
	}
	for _, s := range d.Schools {
		n := students[s.Code]
		if rg, ok := ranges[s.Type]; ok && (n < rg[0] || n > rg[1]) {
			t.Errorf("%s (%s): %d students, want %d–%d", s.Name, s.Type, n, rg[0], rg[1])
		}
		switch s.Type {
		case "nine_year", "twelve_year":
			if stages[s.Code][1] == 0 || stages[s.Code][2] == 0 {
				t.Errorf("%s lacks a primary or junior part: %v", s.Name, stages[s.Code])
			}
		case "complete_secondary":
			if stages[s.Code][2] == 0 || stages[s.Code][3] == 0 {
				t.Errorf("%s lacks a junior or senior part: %v", s.Name, stages[s.Code])
			}
		}
	}
	facilities := map[string]int{}
	for _, f := range reg.Facilities {
		facilities[f.SchoolCode]++
		if f.Year != reg.SchoolYear || f.TeachingArea <= 0 || f.SportsArea <= 0 || f.EquipmentValue <= 0 || f.AdminArea <= 0 ||
			f.LivingArea <= 0 || f.Books <= 0 || f.Computers <= 0 || f.MultimediaRooms <= 0 || f.MusicRooms <= 0 || f.ArtRooms <= 0 {
			t.Errorf("implausible facility %+v", f)
		}
	}
	for _, s := range d.Schools {
		if facilities[s.Code] != 1 {
			t.Errorf("%s has %d facility records", s.Name, facilities[s.Code])
		}
	}
}

// regStageOf maps a grade to 0 kindergarten, 1 primary, 2 junior, 3 senior.
func regStageOf(grade int) int {
	switch {
	case grade <= 0:
		return 0
	case grade <= 6:
		return 1
	case grade <= 9:
		return 2
	}
	return 3
}

var (
	regMobileRE  = regexp.MustCompile(`^1[3-9]\d{9}$`)
	regStaffNoRE = regexp.MustCompile(`^\d{7}$`)
)

func TestRegistryIdentity(t *testing.T) {
	d, reg := registry1(t)
	today := time.Date(reg.SchoolYear, 9, 1, 0, 0, 0, 0, time.UTC)
	ids := map[string]bool{}
	nos := map[string]bool{}
	kinds := map[string]int{}
	for _, s := range reg.Students {
		id, err := identity.ParseIDNumber(s.IDNumber, today)
		if err != nil {
			t.Fatalf("student %s: %v", s.Name, err)
		}
		if !id.Birth.Equal(s.Birth) || id.Sex() != s.Sex || id.Number != s.IDNumber {
			t.Fatalf("student %s: ID %s says %s %s, record %s %s", s.Name, s.IDNumber, id.Birth, id.Sex(), s.Birth, s.Sex)
		}
		if ids[s.IDNumber] {
			t.Fatalf("duplicate ID number %s", s.IDNumber)
		}
		ids[s.IDNumber] = true
		no, err := identity.ParseStudentNo(s.StudentNo, today)
		if err != nil {
			t.Fatalf("student %s: 学籍号 %s: %v", s.Name, s.StudentNo, err)
		}
		if nos[s.StudentNo] {
			t.Fatalf("duplicate 学籍号 %s", s.StudentNo)
		}
		nos[s.StudentNo] = true
		kinds[no.Kind]++
		if !no.Birth.Equal(s.Birth) || no.Male != nil && *no.Male != (s.Sex == "男") {
			t.Fatalf("学籍号 %s disagrees with %s %s", s.StudentNo, s.Birth, s.Sex)
		}
		if no.Kind == identity.KindFormal && s.StudentNo[1:] != s.IDNumber {
			t.Fatalf("G 学籍号 %s is not G + ID %s", s.StudentNo, s.IDNumber)
		}
	}
	n := len(reg.Students)
	if kinds["G"] < n*95/100 || kinds["J"] < n/100 || kinds["J"] > n*4/100 || kinds["L"] == 0 || kinds["L"] > n/100 {
		t.Errorf("学籍号 kinds %v of %d", kinds, n)
	}

	staffNos := map[string]StaffMember{}
	for _, m := range reg.Staff {
		id, err := identity.ParseIDNumber(m.IDNumber, today)
		if err != nil {
			t.Fatalf("staff %s: %v", m.Name, err)
		}
		if !id.Birth.Equal(m.Birth) || id.Sex() != m.Sex {
			t.Fatalf("staff %s: ID %s disagrees with %s %s", m.Name, m.IDNumber, m.Birth, m.Sex)
		}
		if age := id.AgeOn(today); age < 21 || age > 60 {
			t.Errorf("staff %s is %d", m.Name, age)
		}
		if ids[m.IDNumber] {
			t.Fatalf("duplicate ID number %s (staff %s)", m.IDNumber, m.Name)
		}
		ids[m.IDNumber] = true
		if _, dup := staffNos[m.StaffNo]; dup || !regStaffNoRE.MatchString(m.StaffNo) {
			t.Fatalf("bad or duplicate 工号 %q", m.StaffNo)
		}
		staffNos[m.StaffNo] = m
	}

	// A J number is built like an ID number but must never be anyone's.
	for no := range nos {
		if no[0] == 'J' && ids[no[1:]] {
			t.Fatalf("J 学籍号 %s is an ID number", no)
		}
	}

	// The principal of every school is on its staff.
	principals := map[string]bool{}
	for _, m := range reg.Staff {
		principals[m.SchoolCode+m.Name] = principals[m.SchoolCode+m.Name] || m.Post == "行政"
	}
	for _, s := range d.Schools {
		if !principals[s.Code+s.Principal] {
			t.Errorf("principal %s of %s is not on the staff", s.Principal, s.Name)
		}
	}

	// Classes: unique, named, headed by a teacher of the school.
	seen := map[string]bool{}
	for _, c := range reg.Classes {
		key := c.SchoolCode + "/" + regItoa(c.Grade+2) + "/" + regItoa(c.Number)
		if seen[key] || c.Name == "" || !strings.HasSuffix(c.Name, "班") {
			t.Fatalf("bad or duplicate class %+v", c)
		}
		seen[key] = true
		m, ok := staffNos[c.HeadTeacherNo]
		if !ok || m.SchoolCode != c.SchoolCode || m.Post != "专任教师" {
			t.Fatalf("class %s %s: head teacher %q is not a teacher of the school", c.SchoolCode, c.Name, c.HeadTeacherNo)
		}
	}
	for _, s := range reg.Students {
		if !seen[s.SchoolCode+"/"+regItoa(s.Grade+2)+"/"+regItoa(s.ClassNumber)] {
			t.Fatalf("student %s in a class that does not exist", s.StudentNo)
		}
	}
}

func TestRegistryAgeForGrade(t *testing.T) {
	d, reg := registry1(t)
	schools := regSchoolsByCode(d)
	cutoff := time.Date(reg.SchoolYear, 8, 31, 0, 0, 0, 0, time.UTC)
	today := cutoff.AddDate(0, 0, 1)
	onTime := 0
	for _, s := range reg.Students {
		id, _ := identity.ParseIDNumber(s.IDNumber, today)
		age, want := id.AgeOn(cutoff), s.Grade+5
		lo, hi := want-1, want+1
		if schools[s.SchoolCode].Type == "special" {
			lo, hi = want, want+2
		}
		if age < lo || age > hi {
			t.Fatalf("%s in grade %d was %d on %s", s.Name, s.Grade, age, cutoff.Format("2006-01-02"))
		}
		if age == want {
			onTime++
		}
	}
	if share := float64(onTime) / float64(len(reg.Students)); share < 0.93 {
		t.Errorf("only %.1f%% of students have the usual age for their grade", share*100)
	}
}

func TestRegistryClassSizes(t *testing.T) {
	d, reg := registry1(t)
	schools := regSchoolsByCode(d)
	sizes := map[string]int{}
	for _, s := range reg.Students {
		if s.Status != "转出" {
			sizes[s.SchoolCode+"/"+regItoa(s.Grade+2)+"/"+regItoa(s.ClassNumber)]++
		}
	}
	var primary, primaryBig, junior, juniorBig, kgClasses, kgBig int
	for _, c := range reg.Classes {
		if n := sizes[c.SchoolCode+"/"+regItoa(c.Grade+2)+"/"+regItoa(c.Number)]; n != c.Size {
			t.Fatalf("class %s %s: size %d, %d students on the roll", c.SchoolCode, c.Name, c.Size, n)
		}
		s := schools[c.SchoolCode]
		switch {
		case s.Type == "special" || s.Type == "teaching_point":
			if c.Size < 5 || c.Size > 30 {
				t.Errorf("%s %s: %d students", s.Name, c.Name, c.Size)
			}
		case c.Grade <= 0:
			kgClasses++
			if c.Size < 20 || c.Size > 38 {
				t.Errorf("%s %s: %d children", s.Name, c.Name, c.Size)
			}
			if c.Size > []int{25, 30, 35}[c.Grade+2] {
				kgBig++
			}
		case c.Grade <= 6:
			primary++
			if c.Size > 45 {
				primaryBig++
				if s.Urban != "城区" || c.Size > 55 {
					t.Errorf("%s %s: %d pupils", s.Name, c.Name, c.Size)
				}
			}
		case c.Grade <= 9:
			junior++
			if c.Size > 50 {
				juniorBig++
				if s.Urban != "城区" || c.Size > 56 {
					t.Errorf("%s %s: %d pupils", s.Name, c.Name, c.Size)
				}
			}
		default:
			if c.Size < 30 || c.Size > 55 {
				t.Errorf("%s %s: %d students", s.Name, c.Name, c.Size)
			}
		}
	}
	// 班额达标率 of kindergartens (小班 25, 中班 30, 大班 35) above 85 %, below 100 %.
	if kgBig == 0 || kgBig*100 > kgClasses*15 {
		t.Errorf("%d of %d kindergarten classes over the standard size", kgBig, kgClasses)
	}
	if primaryBig == 0 || primaryBig*10 > primary || juniorBig == 0 || juniorBig*10 > junior {
		t.Errorf("oversize classes: primary %d of %d, junior %d of %d", primaryBig, primary, juniorBig, junior)
	}
}

func TestRegistryPeople(t *testing.T) {
	d, reg := registry1(t)
	schools := regSchoolsByCode(d)
	codes := map[string]bool{}
	for _, e := range Ethnicities {
		codes[e.Code] = true
	}
	relations := []string{"父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母", "其他"}
	disabilities := []string{"视力", "听力", "言语", "肢体", "智力", "精神", "多重"}
	var han, status, urbanCompulsory, urbanMigrant, fathers, sameSurname int
	flags := map[string][2]int{} // flag → rural, urban counts
	var rural, urban int
	phones := map[string]int{}
	for _, s := range reg.Students {
		school := schools[s.SchoolCode]
		if c := utf8.RuneCountInString(s.Name); c < 2 || c > 4 {
			t.Fatalf("implausible name %q", s.Name)
		}
		if !codes[s.Ethnicity] {
			t.Fatalf("ethnicity %q", s.Ethnicity)
		}
		if s.Ethnicity == "01" {
			han++
		}
		if s.Migrant && s.HukouLocal {
			t.Fatalf("%s: local 户籍 and 随迁子女", s.Name)
		}
		if !strings.HasPrefix(s.Address, district.Name) || utf8.RuneCountInString(s.Address) > 60 {
			t.Fatalf("address %q", s.Address)
		}
		if school.Urban == "城区" && school.Nature == "公办" && !strings.HasSuffix(s.Address, "室") &&
			(school.Type == "primary" || school.Type == "junior") {
			t.Fatalf("urban address without a flat: %q", s.Address)
		}
		switch s.Status {
		case "在读":
		case "休学", "转出":
			status++
		default:
			t.Fatalf("status %q", s.Status)
		}
		if s.Disabled != (s.DisabilityType != "") || s.Disabled && !slices.Contains(disabilities, s.DisabilityType) {
			t.Fatalf("disability %v %q", s.Disabled, s.DisabilityType)
		}
		if (school.Type == "special") != s.Disabled && school.Type == "special" {
			t.Fatalf("%s in the special school is not disabled", s.Name)
		}
		if len(s.Guardians) == 0 || len(s.Guardians) > 2 {
			t.Fatalf("%s has %d guardians", s.Name, len(s.Guardians))
		}
		for _, g := range s.Guardians {
			if !slices.Contains(relations, g.Relation) || g.Name == "" {
				t.Fatalf("guardian %+v", g)
			}
			if g.Phone != "" {
				if !regMobileRE.MatchString(g.Phone) {
					t.Fatalf("phone %q", g.Phone)
				}
				phones[g.Phone]++
			}
			switch g.Relation {
			case "父亲", "祖父":
				fathers++
				if regSurname(g.Name) == regSurname(s.Name) {
					sameSurname++
				}
			}
		}
		if s.LeftBehind && !slices.ContainsFunc(s.Guardians, func(g Guardian) bool { return strings.Contains(g.Relation, "祖") }) {
			t.Fatalf("留守儿童 %s lives with no grandparent: %+v", s.Name, s.Guardians)
		}
		if school.Type == "kindergarten" && s.Boarding {
			t.Fatalf("kindergarten boarder %s", s.Name)
		}
		isRural := school.Urban == "乡村"
		if isRural {
			rural++
		} else if school.Urban == "城区" {
			urban++
		}
		for name, on := range map[string]bool{"poor": s.Poor, "dibao": s.Dibao, "tekun": s.Tekun, "left": s.LeftBehind} {
			if !on {
				continue
			}
			c := flags[name]
			if isRural {
				c[0]++
			} else if school.Urban == "城区" {
				c[1]++
			}
			flags[name] = c
		}
		if school.Urban == "城区" && school.Nature == "公办" && (school.Type == "primary" || school.Type == "junior") && s.Status != "转出" {
			urbanCompulsory++
			if s.Migrant {
				urbanMigrant++
			}
		}
	}
	n := len(reg.Students)
	if share := float64(han) / float64(n); share < 0.94 || share > 0.99 {
		t.Errorf("汉族 %.1f%%", share*100)
	}
	if status == 0 || status > n/50 {
		t.Errorf("%d students 休学 or 转出", status)
	}
	if share := float64(urbanMigrant) / float64(urbanCompulsory); share < 0.15 || share > 0.25 {
		t.Errorf("随迁子女 in urban public primary and junior schools: %.1f%%", share*100)
	}
	for name, c := range flags {
		ruralShare, urbanShare := float64(c[0])/float64(rural), float64(c[1])/float64(urban)
		if ruralShare <= urbanShare || ruralShare > 0.1 || urbanShare == 0 && name != "tekun" {
			t.Errorf("%s: rural %.2f%%, urban %.2f%%", name, ruralShare*100, urbanShare*100)
		}
	}
	if sameSurname < fathers*9/10 || sameSurname == fathers {
		t.Errorf("%d of %d fathers and grandfathers share the child's surname", sameSurname, fathers)
	}
	dup := 0
	for _, c := range phones {
		if c > 1 {
			dup++
		}
	}
	if dup > 0 {
		t.Errorf("%d guardian phone numbers used twice", dup)
	}

	subjects := map[string]bool{}
	for _, s := range []string{"语文", "数学", "英语", "科学", "物理", "化学", "生物", "道德与法治", "历史", "地理", "体育",
		"音乐", "美术", "信息技术", "心理健康", "劳动", "综合实践", "学前教育", "特殊教育", "通用技术", "专业课"} {
		subjects[s] = true
	}
	posts := map[string]int{}
	var certified, teachers, eligible, trained int
	for _, m := range reg.Staff {
		posts[m.Post]++
		if !slices.Contains([]string{"中共党员", "中共预备党员", "共青团员", "民主党派", "群众"}, m.Political) ||
			!slices.Contains([]string{"研究生", "本科", "专科", "高中及以下"}, m.Education) ||
			!slices.Contains([]string{"正高级", "高级", "一级", "二级", "三级", "未定级"}, m.Title) ||
			!slices.Contains([]string{"", "国家级", "省级", "市级", "县级"}, m.Backbone) {
			t.Fatalf("staff dictionary values %+v", m)
		}
		for _, sub := range m.Subjects {
			if !subjects[sub] {
				t.Fatalf("subject %q", sub)
			}
		}
		if m.Post == "专任教师" {
			teachers++
			if len(m.Subjects) == 0 {
				t.Fatalf("teacher %s teaches nothing", m.Name)
			}
			if m.TeacherCert {
				certified++
			}
			if m.TrainingHours >= 360 {
				trained++
			}
		}
		s := schools[m.SchoolCode]
		if m.JoinedSchool.Year() < s.Founded || m.JoinedSchool.After(time.Date(reg.SchoolYear, 9, 1, 0, 0, 0, 0, time.UTC)) ||
			m.JoinedSchool.Before(m.Birth.AddDate(18, 0, 0)) {
			t.Fatalf("%s of %s (founded %d) joined on %s", m.Name, s.Name, s.Founded, m.JoinedSchool.Format("2006-01-02"))
		}
		if !m.JoinedSchool.After(time.Date(reg.SchoolYear-6, 9, 1, 0, 0, 0, 0, time.UTC)) {
			eligible++
		}
		if s.Nature == "民办" && m.OnPayroll {
			t.Fatalf("%s of private %s is 在编", m.Name, s.Name)
		}
	}
	if posts["专任教师"] < len(reg.Staff)*80/100 || posts["行政"] == 0 || posts["教辅"] == 0 || posts["工勤"] == 0 {
		t.Errorf("posts %v", posts)
	}
	if certified < teachers*95/100 || certified == teachers {
		t.Errorf("%d of %d teachers hold a 教师资格证", certified, teachers)
	}
	if trained < teachers/2 || trained == teachers {
		t.Errorf("%d of %d teachers reached 360 training hours", trained, teachers)
	}
	if eligible < len(reg.Staff)/3 || eligible > len(reg.Staff)*3/4 {
		t.Errorf("%d of %d staff have six years or more in their school", eligible, len(reg.Staff))
	}
}

// regSurname is the surname of a name, compound surnames included.
func regSurname(name string) string {
	for _, e := range surnameTable {
		if utf8.RuneCountInString(e.s) == 2 && strings.HasPrefix(name, e.s) {
			return e.s
		}
	}
	r, _ := utf8.DecodeRuneInString(name)
	return string(r)
}

// TestRegistryStaffing checks staff against the 编制 standards (students per
// staff member 19 primary, 13.5 junior, 12.5 senior): near them for the
// district, with 超编 and 缺编 public schools.
func TestRegistryStaffing(t *testing.T) {
	d, reg := registry1(t)
	students := map[string]map[int]int{}
	for _, s := range reg.Students {
		if s.Status == "转出" {
			continue
		}
		if students[s.SchoolCode] == nil {
			students[s.SchoolCode] = map[int]int{}
		}
		students[s.SchoolCode][regStageOf(s.Grade)]++
	}
	payroll := map[string]int{}
	stageStaff := map[string]int{}
	for _, m := range reg.Staff {
		stageStaff[m.Stage]++
		if m.OnPayroll {
			payroll[m.SchoolCode]++
		}
	}
	stageStudents := map[string]int{}
	over, under := 0, 0
	ratio := map[int]float64{1: 19, 2: 13.5, 3: 12.5}
	for _, s := range d.Schools {
		if s.Type == "vocational" || s.Type == "special" {
			continue
		}
		quota := 0.0
		for stage, n := range students[s.Code] {
			stageStudents[[]string{StageKindergarten, StagePrimary, StageJunior, StageSenior}[stage]] += n
			if stage > 0 {
				quota += float64(n) / ratio[stage]
			}
		}
		if s.Nature != "公办" || quota == 0 || s.Type == "teaching_point" {
			continue
		}
		switch gap := float64(payroll[s.Code]) - quota; {
		case gap >= 1:
			over++
		case gap <= -1:
			under++
		}
	}
	for stage, r := range map[string]float64{StagePrimary: 19, StageJunior: 13.5, StageSenior: 12.5} {
		got := float64(stageStudents[stage]) / float64(stageStaff[stage])
		if got < r*0.75 || got > r*1.25 {
			t.Errorf("%s: %.1f students per member of staff, standard %.1f", stage, got, r)
		}
	}
	if over < 5 || under < 5 {
		t.Errorf("%d public schools 超编, %d 缺编", over, under)
	}
}

// regBalanceRow is a school (or part of one) evaluated for 优质均衡.
type regBalanceRow struct {
	school   School
	level    string
	students float64
	values   [7]float64
	met      int
	pass     bool
}

var regBalanceThresholds = map[string][7]float64{
	StagePrimary: {4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
	StageJunior:  {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4},
}

// regBalance computes the seven 资源配置 indicators of every primary and
// junior school or part from the registry, as the 督导室 would: students on
// the roll; teachers are the part's 专任教师; facilities are shared out by
// students; special and vocational schools and 教学点 under 50 are left out.
func regBalance(d District, reg Registry) []regBalanceRow {
	type key struct{ code, level string }
	students := map[key]int{}
	total := map[string]int{}
	for _, s := range reg.Students {
		if s.Status == "转出" {
			continue
		}
		total[s.SchoolCode]++
		switch regStageOf(s.Grade) {
		case 1:
			students[key{s.SchoolCode, StagePrimary}]++
		case 2:
			students[key{s.SchoolCode, StageJunior}]++
		}
	}
	var degree, backbone, peArt = map[key]int{}, map[key]int{}, map[key]int{}
	for _, m := range reg.Staff {
		if m.Post != "专任教师" {
			continue
		}
		k := key{m.SchoolCode, m.Stage}
		switch {
		case m.Stage == StagePrimary && m.Education != "高中及以下",
			m.Stage == StageJunior && (m.Education == "本科" || m.Education == "研究生"):
			degree[k]++
		}
		if m.Backbone != "" {
			backbone[k]++
		}
		if slices.ContainsFunc(m.Subjects, func(s string) bool { return s == "体育" || s == "音乐" || s == "美术" }) {
			peArt[k]++
		}
	}
	facility := map[string]Facility{}
	for _, f := range reg.Facilities {
		if f.Year == reg.SchoolYear {
			facility[f.SchoolCode] = f
		}
	}
	var rows []regBalanceRow
	for _, s := range d.Schools {
		if s.Type == "special" || s.Type == "vocational" {
			continue
		}
		for _, level := range []string{StagePrimary, StageJunior} {
			k := key{s.Code, level}
			n := float64(students[k])
			if n == 0 || s.Type == "teaching_point" && n < 50 {
				continue
			}
			f := facility[s.Code]
			share := n / float64(total[s.Code])
			row := regBalanceRow{school: s, level: level, students: n, values: [7]float64{
				float64(degree[k]) * 100 / n,
				float64(backbone[k]) * 100 / n,
				float64(peArt[k]) * 100 / n,
				f.TeachingArea * share / n,
				f.SportsArea * share / n,
				f.EquipmentValue * share / n,
				float64(f.MultimediaRooms) * share * 100 / n,
			}}
			thr := regBalanceThresholds[level]
			worst := 1.0
			for i, v := range row.values {
				if v >= thr[i] {
					row.met++
				} else {
					worst = min(worst, v/thr[i])
				}
			}
			row.pass = row.met == 7 || row.met == 6 && worst >= 0.85
			rows = append(rows, row)
		}
	}
	return rows
}

// regCV is the student-weighted coefficient of variation of indicator i
// (校际差异系数): X̄ = Σx/ΣP, S = sqrt(Σ P_i/P (X_i − X̄)²), CV = S/X̄.
func regCV(rows []regBalanceRow, i int) float64 {
	var p, x float64
	for _, r := range rows {
		p += r.students
		x += r.values[i] * r.students
	}
	mean := x / p
	var ss float64
	for _, r := range rows {
		dv := r.values[i] - mean
		ss += r.students / p * dv * dv
	}
	return math.Sqrt(ss) / mean
}

func TestRegistryBalance(t *testing.T) {
	for _, seed := range seeds {
		var d District
		var reg Registry
		if seed == 1 {
			d, reg = registry1(t)
		} else {
			d = Generate(seed)
			reg = GenerateRegistry(d, seed)
		}
		rows := regBalance(d, reg)
		missing, failing := 0, 0
		var perIndicator [7]int
		for _, row := range rows {
			if row.met < 7 {
				missing++
			}
			if !row.pass {
				failing++
			}
			thr := regBalanceThresholds[row.level]
			for i, v := range row.values {
				if v < thr[i] {
					perIndicator[i]++
				}
			}
		}
		if len(rows) < 60 {
			t.Fatalf("seed %d: only %d primary and junior schools evaluated", seed, len(rows))
		}
		share := float64(missing) / float64(len(rows))
		if share < 0.05 || share > 0.25 {
			t.Errorf("seed %d: %d of %d schools miss a threshold (%.0f%%), want 5–25%%", seed, missing, len(rows), share*100)
		}
		if failing < 1 || failing > 3 {
			t.Errorf("seed %d: %d schools fail the school rule, want 1–3", seed, failing)
		}
		for i, n := range perIndicator {
			if n*10 > len(rows) {
				t.Errorf("seed %d: indicator %d missed by %d of %d schools", seed, i+1, n, len(rows))
			}
		}
		// The district is not failing across the board: every indicator's
		// between-school variation is within the limit of each level.
		for _, level := range []string{StagePrimary, StageJunior} {
			var lv []regBalanceRow
			for _, row := range rows {
				if row.level == level {
					lv = append(lv, row)
				}
			}
			limit := map[string]float64{StagePrimary: 0.5, StageJunior: 0.45}[level]
			for i := range 7 {
				if cv := regCV(lv, i); cv > limit || math.IsNaN(cv) {
					t.Errorf("seed %d: %s indicator %d CV %.3f over %.2f", seed, level, i+1, cv, limit)
				}
			}
		}
		if seed == 1 {
			t.Logf("seed 1: %d evaluated, %d miss at least one, %d fail the school rule; misses per indicator %v",
				len(rows), missing, failing, perIndicator)
		}
	}
}

func TestRegistryEthnicities(t *testing.T) {
	if len(Ethnicities) != 58 {
		t.Fatalf("%d entries, want 56 民族, 97 and 98", len(Ethnicities))
	}
	seen := map[string]bool{}
	for i, e := range Ethnicities {
		want := regPad(i+1, 2)
		if i >= 56 {
			want = []string{"97", "98"}[i-56]
		}
		if e.Code != want || seen[e.Name] || e.Name == "" {
			t.Errorf("entry %d: %+v", i, e)
		}
		seen[e.Name] = true
	}
	if Ethnicities[21].Name != "畲族" || Ethnicities[0].Name != "汉族" {
		t.Error("codes out of order")
	}
}

func BenchmarkGenerateRegistry(b *testing.B) {
	d := Generate(1)
	for b.Loop() {
		GenerateRegistry(d, 1)
	}
}
