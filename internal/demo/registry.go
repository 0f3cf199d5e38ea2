package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// RegistrySchoolYear is the school year the demo registry describes: 2026
// is the 2026–2027学年, whose age cut-off is 31 August 2026.
const RegistrySchoolYear = 2026

// Stages (学段) of StaffMember.Stage. A 九年一贯制 school's staff belong to
// its primary or its junior part, so that the two parts can be evaluated
// separately, as 教育统计 reports them.
const (
	StageKindergarten = "kindergarten"
	StagePrimary      = "primary"
	StageJunior       = "junior"
	StageSenior       = "senior"
	StageVocational   = "vocational"
	StageSpecial      = "special"
)

// Registry is the demo district's people and facilities for one school year.
type Registry struct {
	SchoolYear int // e.g. 2026 for the 2026–2027学年
	Classes    []Class
	Students   []Student
	Staff      []StaffMember
	Facilities []Facility
}

// Class is a class (班级) of a school in the school year. Grade codes: -2 小班,
// -1 中班, 0 大班, 1–6 小学, 7–9 初中, 10–12 高中 and 中职.
type Class struct {
	SchoolCode    string
	Grade         int
	Number        int    // 1, 2, … within the grade
	Name          string // e.g. "三年级（2）班", "大班（1）班", "高一（3）班", "2026级电子商务1班"
	HeadTeacherNo string // 工号 of a 专任教师 of the school
	Size          int    // students on the roll (在读 and 休学); students who left (转出) are not counted
}

// Student is a student (or kindergarten child) of the district.
type Student struct {
	SchoolCode     string
	StudentNo      string // 全国学籍号: "G"+ID number for most, "J"+18 ID-like characters for some, "L"+area+birth+4 digits for a few
	Name           string
	Sex            string    // "男" or "女", as in the ID number
	IDNumber       string    // valid GB 11643 number, unique in the district together with the staff's
	Birth          time.Time // as in the ID number, 00:00 UTC
	Ethnicity      string    // GB/T 3304 code, see Ethnicities
	HukouLocal     bool      // 户籍 in the district
	Migrant        bool      // 随迁子女: 户籍 elsewhere, living here with parents working here
	Address        string
	Grade          int
	ClassNumber    int
	Status         string // "在读" mostly; a few "休学" and "转出"
	Poor           bool   // 建档立卡
	Dibao          bool   // 低保
	Tekun          bool   // 特困
	Disabled       bool
	LeftBehind     bool // 留守儿童
	Boarding       bool // 寄宿
	DisabilityType string
	Guardians      []Guardian
}

// Guardian is a student's guardian (监护人).
type Guardian struct {
	Name     string
	Relation string // 父亲, 母亲, 祖父, 祖母, 外祖父, 外祖母 or 其他
	Phone    string // 11-digit mobile; "" for a few grandparents
}

// StaffMember is a member of a school's staff (教职工).
type StaffMember struct {
	SchoolCode    string
	StaffNo       string // 工号: the school code's last three digits and a four-digit sequence
	Name          string
	Sex           string
	IDNumber      string
	Birth         time.Time
	Stage         string   // 学段 the member works in, one of the Stage constants
	Political     string   // 中共党员, 中共预备党员, 共青团员, 民主党派 or 群众
	Education     string   // highest 学历: 研究生, 本科, 专科 or 高中及以下
	Title         string   // 正高级, 高级, 一级, 二级, 三级 or 未定级
	Post          string   // 专任教师, 行政, 教辅 or 工勤
	Subjects      []string // for teachers (and teaching administrators)
	Backbone      string   // "" or 国家级, 省级, 市级, 县级 骨干教师
	OnPayroll     bool     // 在编
	TeacherCert   bool     // 教师资格证
	JoinedSchool  time.Time
	TrainingHours int // in the current five-year cycle (target 360)
}

// Facility is a school's 办学条件 in a year.
type Facility struct {
	SchoolCode      string
	Year            int
	TeachingArea    float64 // 教学及辅助用房, m²
	AdminArea       float64 // 行政办公用房, m²
	LivingArea      float64 // 生活用房, m²
	SportsArea      float64 // 体育运动场馆, m²
	EquipmentValue  float64 // 教学仪器设备值, 元
	Books           int
	Computers       int
	MultimediaRooms int // 网络多媒体教室
	MusicRooms      int
	ArtRooms        int
	Labs            int
}

// GenerateRegistry builds the classes, students, staff and facilities of
// d's schools for RegistrySchoolYear. It is pure and deterministic: the same
// district and seed always yield the same registry.
//
// The data is tuned for the 优质均衡 资源配置 indicators: most primary and
// junior schools (or parts of schools) meet all seven thresholds, about one
// in eight misses one or two (crowded urban schools short of sports ground,
// town and village schools short of 骨干教师, growing schools short of
// teachers …) and one to three miss enough to fail the school rule.
func GenerateRegistry(d District, seed int64) Registry {
	g := &regGen{
		r:      rand.New(rand.NewPCG(uint64(seed), 0x7265676973747279)),
		year:   RegistrySchoolYear,
		ids:    make(map[uint64]struct{}, 120_000),
		phones: make(map[uint64]struct{}, 250_000),
		lnos:   map[string]struct{}{},
	}
	g.names = NewNames(g.r)
	for _, a := range d.Accounts {
		g.reservePhone(a.Phone)
	}
	students, classes := 0, 0
	for i := range d.Schools {
		p := g.planSchool(&d.Schools[i])
		g.plans = append(g.plans, p)
		students += p.n
		classes += p.classes
	}
	g.planBalance()
	g.reg = Registry{
		SchoolYear: g.year,
		Classes:    make([]Class, 0, classes),
		Students:   make([]Student, 0, students+students/50),
		Staff:      make([]StaffMember, 0, students/13),
		Facilities: make([]Facility, 0, len(g.plans)),
	}
	for _, p := range g.plans {
		g.genStaff(p)
		g.genClasses(p)
		g.genFacility(p)
	}
	return g.reg
}

// regGen carries the state of one registry generation.
type regGen struct {
	r     *rand.Rand
	names *Names
	year  int
	plans []*regPlan
	reg   Registry

	ids    map[uint64]struct{} // first 17 digits of every ID number and J 学籍号 handed out
	phones map[uint64]struct{} // mobile numbers handed out
	lnos   map[string]struct{} // L 学籍号 handed out

	guardBuf   []Guardian // backing store for the students' guardians
	staffStart int        // index in Registry.Staff of the current school's first member
	ages       []int      // ages of the current school's staff on 31 August
}

// regPlan is a school's shape, decided before any person is generated.
type regPlan struct {
	s       *School
	profile string // see regProfile
	parts   []*regPart
	units   []*regUnit // parts evaluated for 优质均衡 (primary and junior)
	n       int        // students on the roll
	classes int
	migrant float64 // share of students whose 户籍 is elsewhere
	homes   []regHome
}

// regPart is one stage of a school: a kindergarten, the primary part of a
// 九年一贯制 school, a senior high school …
type regPart struct {
	stage    string
	first    int     // grade code of the first grade
	sizes    [][]int // class sizes, per grade
	n        int
	classes  int
	boarding float64 // share of boarders
	unit     *regUnit

	teachers int   // 专任教师
	below    int   // teachers without the 学历 above the level's requirement (evaluated parts)
	backbone int   // 县级 and above
	peArt    int   // 体育, 音乐 and 美术 teachers
	staff    []int // indexes into Registry.Staff of the part's 专任教师
}

// Profiles of schools: they decide sizes, staffing and facilities.
const (
	profPopular = "popular" // long-established urban school everyone wants: big, crowded
	profUrban   = "urban"
	profNew     = "new"     // urban school founded since 2008, still filling up
	profElite   = "elite"   // private school with high fees
	profMigrant = "migrant" // private school taking in 随迁子女
	profPrivate = "private" // other private kindergartens
	profTown    = "town"    // 镇区
	profRural   = "rural"   // 乡村
	profPoint   = "point"   // 教学点
)

var regPopularSchools = map[string]bool{
	"实验小学": true, "人民路小学": true, "解放路小学": true, "第一小学": true, "育才小学": true, "学府路小学": true,
	"实验初级中学": true, "实验学校": true, "第二中学": true, "第一中学": true, "实验幼儿园": true, "机关幼儿园": true,
}

var regEliteSchools = map[string]bool{"外国语学校": true, "博雅学校": true, "育才双语幼儿园": true}

func regProfile(s *School) string {
	switch {
	case s.Type == "teaching_point":
		return profPoint
	case s.Nature == "民办" && regEliteSchools[s.ShortName]:
		return profElite
	case s.Nature == "民办" && s.Type == "kindergarten":
		return profPrivate
	case s.Nature == "民办":
		return profMigrant
	case s.Urban == "乡村":
		return profRural
	case s.Urban == "镇区":
		return profTown
	case regPopularSchools[s.ShortName]:
		return profPopular
	case s.Founded >= 2008:
		return profNew
	}
	return profUrban
}

// regSizing says how many classes a part has per grade and how big they are.
type regSizing struct {
	k0, k1   int // classes per grade, drawn once in [k0, k1]
	grow     int // a filling-up school has this many more classes in its first grade than in its last
	lo, hi   int // usual class size
	over     float64
	oLo, oHi int // size of oversize classes, skewed towards oLo
}

func (g *regGen) planSchool(s *School) *regPlan {
	p := &regPlan{s: s, profile: regProfile(s)}
	switch s.Type {
	case "kindergarten":
		p.addPart(g, StageKindergarten, -2, 3)
	case "primary":
		p.addPart(g, StagePrimary, 1, 6)
	case "junior":
		p.addPart(g, StageJunior, 7, 3)
	case "nine_year":
		p.addPart(g, StagePrimary, 1, 6)
		p.addPart(g, StageJunior, 7, 3)
	case "complete_secondary":
		p.addPart(g, StageJunior, 7, 3)
		p.addPart(g, StageSenior, 10, 3)
	case "twelve_year":
		p.addPart(g, StagePrimary, 1, 6)
		p.addPart(g, StageJunior, 7, 3)
		p.addPart(g, StageSenior, 10, 3)
	case "senior":
		p.addPart(g, StageSenior, 10, 3)
	case "vocational":
		p.addPart(g, StageVocational, 10, 3)
	case "special":
		p.addPart(g, StageSpecial, 1, 9)
	case "teaching_point":
		p.addPart(g, StagePrimary, 1, 2+g.r.IntN(10)/3) // grades 1–2 or 1–3 (rarely 1–4)
	default:
		panic("demo: unknown school type " + s.Type)
	}
	for _, part := range p.parts {
		p.n += part.n
		p.classes += part.classes
		if part.stage == StagePrimary || part.stage == StageJunior {
			part.unit = &regUnit{plan: p, part: part, level: part.stage}
			p.units = append(p.units, part.unit)
		}
	}
	p.migrant = g.migrantShare(p)
	return p
}

func (p *regPlan) addPart(g *regGen, stage string, first, grades int) {
	part := &regPart{stage: stage, first: first, sizes: make([][]int, grades)}
	p.parts = append(p.parts, part)
	switch {
	case p.profile == profPoint:
		// One small class per grade: 20–80 pupils in all.
		total := min(20+g.r.IntN(61), 26*grades)
		for i := range grades {
			n := total / grades
			if i < total%grades {
				n++
			}
			part.sizes[i] = []int{n}
		}
	case stage == StageSpecial:
		for i := range grades {
			part.sizes[i] = []int{10 + g.r.IntN(6)}
		}
	default:
		z := regSizingFor(p, stage)
		k := z.k0 + g.r.IntN(z.k1-z.k0+1)
		for i := range grades {
			kg := k
			if z.grow > 0 && grades > 1 {
				kg = k + z.grow*(grades-1-i)/(grades-1)
			}
			sizes := make([]int, kg)
			for c := range sizes {
				lo, hi := z.lo, z.hi
				if stage == StageKindergarten {
					lo, hi = []int{21, 26, 30}[i], []int{25, 30, 35}[i]
					z.oLo, z.oHi = hi+1, hi+3
				}
				switch {
				case z.over > 0 && g.r.Float64() < z.over:
					w := z.oHi - z.oLo + 1
					sizes[c] = z.oLo + min(g.r.IntN(w), g.r.IntN(w))
				default:
					w := hi - lo + 1
					sizes[c] = lo + (g.r.IntN(w)+g.r.IntN(w)+1)/2
				}
			}
			part.sizes[i] = sizes
		}
	}
	for _, sizes := range part.sizes {
		part.classes += len(sizes)
		for _, n := range sizes {
			part.n += n
		}
	}
	part.boarding = g.boardingShare(p, stage)
}

// regSizingFor holds the district's class counts and sizes: popular urban
// schools run eight classes a grade with some oversize classes, village
// schools three small ones.
func regSizingFor(p *regPlan, stage string) regSizing {
	typ := p.s.Type
	multi := typ == "nine_year" || typ == "twelve_year" || typ == "complete_secondary"
	switch stage {
	case StageKindergarten:
		// Sizes by grade follow the standard (小班 25, 中班 30, 大班 35 at
		// most), a few classes over it.
		z := regSizing{k0: 3, k1: 3, over: 0.1}
		switch p.profile {
		case profPopular:
			z.k0, z.k1, z.over = 4, 4, 0.2
		case profNew:
			z.k0, z.k1, z.grow = 2, 3, 1
		case profRural:
			z.k0, z.k1 = 2, 2
		case profPrivate, profElite:
			z.k0, z.k1, z.over = 2, 3, 0.15
		}
		return z
	case StagePrimary:
		switch {
		case typ == "twelve_year":
			return regSizing{k0: 3, k1: 3, lo: 30, hi: 36}
		case multi && p.profile == profElite:
			return regSizing{k0: 5, k1: 6, lo: 36, hi: 42}
		case multi && p.profile == profRural:
			return regSizing{k0: 2, k1: 2, lo: 28, hi: 36}
		case multi && p.profile == profMigrant:
			return regSizing{k0: 4, k1: 4, lo: 40, hi: 45}
		case multi && p.profile == profNew:
			return regSizing{k0: 3, k1: 4, grow: 1, lo: 40, hi: 45}
		case multi:
			return regSizing{k0: 3, k1: 5, lo: 40, hi: 45}
		}
		switch p.profile {
		case profPopular:
			return regSizing{k0: 6, k1: 8, lo: 41, hi: 45, over: 0.25, oLo: 46, oHi: 55}
		case profNew:
			return regSizing{k0: 3, k1: 4, grow: 2, lo: 40, hi: 45}
		case profMigrant:
			return regSizing{k0: 4, k1: 5, lo: 40, hi: 45}
		case profTown:
			return regSizing{k0: 4, k1: 5, lo: 38, hi: 45}
		case profRural:
			return regSizing{k0: 3, k1: 3, lo: 28, hi: 37}
		}
		return regSizing{k0: 4, k1: 5, lo: 40, hi: 45}
	case StageJunior:
		switch {
		case typ == "twelve_year":
			return regSizing{k0: 3, k1: 3, lo: 32, hi: 38}
		case typ == "complete_secondary" && p.profile == profPopular:
			return regSizing{k0: 9, k1: 10, lo: 45, hi: 50, over: 0.1, oLo: 51, oHi: 54}
		case typ == "complete_secondary":
			return regSizing{k0: 8, k1: 9, lo: 44, hi: 50}
		case multi && p.profile == profElite:
			return regSizing{k0: 5, k1: 6, lo: 38, hi: 44}
		case multi && p.profile == profRural:
			return regSizing{k0: 2, k1: 2, lo: 30, hi: 40}
		case multi && p.profile == profMigrant:
			return regSizing{k0: 3, k1: 3, lo: 42, hi: 48}
		case multi:
			return regSizing{k0: 3, k1: 5, lo: 42, hi: 50}
		}
		switch p.profile {
		case profPopular:
			return regSizing{k0: 11, k1: 12, lo: 46, hi: 50, over: 0.25, oLo: 51, oHi: 56}
		case profNew:
			return regSizing{k0: 7, k1: 8, grow: 2, lo: 44, hi: 50}
		case profTown:
			return regSizing{k0: 5, k1: 6, lo: 40, hi: 48}
		}
		return regSizing{k0: 7, k1: 9, lo: 43, hi: 50}
	case StageSenior:
		switch {
		case typ == "twelve_year":
			return regSizing{k0: 3, k1: 3, lo: 30, hi: 38}
		case typ == "complete_secondary":
			return regSizing{k0: 8, k1: 9, lo: 44, hi: 50}
		case p.profile == profPopular:
			return regSizing{k0: 15, k1: 16, lo: 46, hi: 50, over: 0.08, oLo: 51, oHi: 54}
		case p.profile == profTown:
			return regSizing{k0: 10, k1: 12, lo: 44, hi: 50}
		}
		return regSizing{k0: 12, k1: 14, lo: 44, hi: 50}
	case StageVocational:
		return regSizing{k0: 10, k1: 13, lo: 38, hi: 48}
	}
	panic("demo: no sizing for stage " + stage)
}

// migrantShare is the share of a school's students whose 户籍 is not in the
// district: high in the industrial towns and in the private schools that
// take in 随迁子女, low in village schools and senior high schools.
func (g *regGen) migrantShare(p *regPlan) float64 {
	u := func(lo, hi float64) float64 { return regU(g.r, lo, hi) }
	switch {
	case p.s.Type == "senior":
		return u(0.04, 0.09)
	case p.s.Type == "vocational":
		return u(0.12, 0.2)
	case p.s.Type == "special":
		return u(0.03, 0.08)
	}
	switch p.profile {
	case profPopular:
		return u(0.1, 0.15)
	case profNew:
		return u(0.22, 0.3)
	case profElite:
		return u(0.15, 0.25)
	case profMigrant:
		return u(0.6, 0.8)
	case profPrivate:
		return u(0.3, 0.45)
	case profTown:
		return u(0.25, 0.35)
	case profRural:
		return u(0.04, 0.1)
	case profPoint:
		return u(0.02, 0.06)
	}
	return u(0.17, 0.26)
}

// boardingShare is the share of a part's students who board.
func (g *regGen) boardingShare(p *regPlan, stage string) float64 {
	u := func(lo, hi float64) float64 { return regU(g.r, lo, hi) }
	switch stage {
	case StageKindergarten:
		return 0
	case StageVocational:
		return u(0.5, 0.7)
	case StageSpecial:
		return u(0.3, 0.45)
	}
	switch p.profile {
	case profElite:
		return map[string]float64{StagePrimary: 0.3, StageJunior: 0.5, StageSenior: 0.6}[stage]
	case profRural:
		if stage == StageJunior {
			return u(0.45, 0.6)
		}
		return u(0.01, 0.04)
	case profTown:
		switch stage {
		case StageJunior:
			return u(0.3, 0.45)
		case StageSenior:
			return u(0.8, 0.9)
		}
		return 0
	case profPopular, profUrban, profNew:
		if stage == StageSenior {
			return u(0.15, 0.35)
		}
	}
	return 0
}

// regU draws uniformly from [lo, hi).
func regU(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// regRound rounds to the nearest integer.
func regRound(x float64) int { return int(math.Round(x)) }
