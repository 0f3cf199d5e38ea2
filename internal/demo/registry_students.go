package demo

import (
	"strings"

	"github.com/edubureau/edubureau/internal/platform/identity"
)

// genClasses creates a school's classes and their students.
func (g *regGen) genClasses(p *regPlan) {
	g.buildHomes(p)
	for _, part := range p.parts {
		heads := g.headTeachers(part)
		h := 0
		leave := 0.2 // a student a class every five classes has left (转出)
		if part.stage != StagePrimary && part.stage != StageJunior {
			leave = 0.08
		}
		for gi, sizes := range part.sizes {
			grade := part.first + gi
			for ci, n := range sizes {
				c := Class{SchoolCode: p.s.Code, Grade: grade, Number: ci + 1, Name: g.className(p, part, grade, ci+1), Size: n}
				if len(heads) > 0 {
					c.HeadTeacherNo = g.reg.Staff[heads[h%len(heads)]].StaffNo
					h++
				}
				g.reg.Classes = append(g.reg.Classes, c)
				for range n {
					g.student(p, part, grade, ci+1, false)
				}
				if g.r.Float64() < leave {
					g.student(p, part, grade, ci+1, true)
				}
			}
		}
	}
}

// headTeachers orders a part's teachers for 班主任 duty: teachers of the
// main subjects first, PE and art teachers only when they run out.
func (g *regGen) headTeachers(part *regPart) []int {
	var main, other []int
	for _, i := range part.staff {
		switch g.reg.Staff[i].Subjects[0] {
		case "体育", "音乐", "美术":
			other = append(other, i)
		default:
			main = append(main, i)
		}
	}
	g.r.Shuffle(len(main), func(i, j int) { main[i], main[j] = main[j], main[i] })
	g.r.Shuffle(len(other), func(i, j int) { other[i], other[j] = other[j], other[i] })
	return append(main, other...)
}

var regGradeNames = map[int]string{-2: "小班", -1: "中班", 0: "大班", 1: "一年级", 2: "二年级", 3: "三年级", 4: "四年级",
	5: "五年级", 6: "六年级", 7: "七年级", 8: "八年级", 9: "九年级", 10: "高一", 11: "高二", 12: "高三"}

var (
	regMajors        = []string{"机电技术应用", "计算机应用", "电子商务", "会计事务", "汽车运用与维修", "数控技术应用"}
	regTourismMajors = []string{"旅游服务与管理", "高星级饭店运营与管理", "中餐烹饪", "会展服务与管理", "计算机应用"}
)

// className is the class's name: "三年级（2）班", "大班（1）班", "高一（3）班",
// "培智二年级（1）班", or for 中职 the intake year and major, "2026级电子商务1班".
func (g *regGen) className(p *regPlan, part *regPart, grade, number int) string {
	switch part.stage {
	case StageVocational:
		majors := regMajors
		if strings.Contains(p.s.ShortName, "旅游") {
			majors = regTourismMajors
		}
		major := majors[(number-1)%len(majors)]
		return regItoa(g.year-(grade-10)) + "级" + major + regItoa((number-1)/len(majors)+1) + "班"
	case StageSpecial:
		return "培智" + regGradeNames[grade] + "（" + regItoa(number) + "）班"
	}
	return regGradeNames[grade] + "（" + regItoa(number) + "）班"
}

var (
	regDisabilities        = []regW{{"智力", 35}, {"肢体", 20}, {"言语", 10}, {"听力", 10}, {"视力", 10}, {"精神", 10}, {"多重", 5}}
	regSpecialDisabilities = []regW{{"智力", 55}, {"精神", 20}, {"多重", 12}, {"听力", 6}, {"言语", 4}, {"视力", 3}}
)

// student creates a student of a class; gone makes one who has left (转出).
func (g *regGen) student(p *regPlan, part *regPart, grade, class int, gone bool) {
	r := g.r
	st := Student{SchoolCode: p.s.Code, Grade: grade, ClassNumber: class, Status: "在读"}
	male := 0.53
	switch part.stage {
	case StageSpecial:
		male = 0.66
	case StageVocational:
		male = 0.6
	}
	female := r.Float64() >= male
	st.Sex = regSex(female)

	// 户籍: local families, the odd one with an ID number from elsewhere in
	// the city, and families from elsewhere, most of them 随迁子女.
	migrant := p.migrant
	if part.stage == StageSenior && p.s.Type != "senior" {
		migrant *= 0.35
	}
	local := r.Float64() >= migrant
	o := &regLocal
	switch {
	case !local:
		o = regFrom(r)
	case (p.profile == profRural || p.profile == profPoint) && p.s.Street == "云湖镇":
		o = &regShe
	case r.IntN(100) < 12:
		o = &regCity[r.IntN(len(regCity))]
	}
	st.HukouLocal = local
	st.Migrant = !local && r.IntN(100) < 92

	// Age for the grade: on 31 August a first grader is six. A few started
	// late or repeated a year, fewer started early; special schools vary more.
	age := grade + 5
	older, younger := 0.025, 0.004
	switch {
	case part.stage == StageKindergarten:
		older = 0.01
	case part.stage == StageVocational:
		older = 0.08
	case p.profile == profRural || p.profile == profPoint:
		older = 0.05
	}
	if !local {
		older += 0.03
	}
	switch x := r.Float64(); {
	case part.stage == StageSpecial:
		age += min(2, int(x*3.2))
	case x < older:
		age++
	case x < older+younger:
		age--
	}
	st.Birth = g.bornAged(age)
	st.IDNumber = g.idNumber(o, st.Birth, !female)
	temporary := 0.003
	if !local {
		temporary = 0.013
	}
	switch x := r.Float64(); {
	case x < temporary:
		st.StudentNo = g.temporaryNo(o, st)
	case x < temporary+0.025:
		// Registered before the child had an ID card: an ID-like number of its own.
		st.StudentNo = "J" + identity.MakeIDNumber(o.area, st.Birth, g.freeSeq(o, st.Birth, !female))
	default:
		st.StudentNo = "G" + st.IDNumber
	}

	fatherSurname, motherSurname := g.names.Surname(), g.names.Surname()
	surname := fatherSurname
	if r.IntN(100) < 6 {
		surname = motherSurname
	}
	pool := childMale
	if female {
		pool = childFemale
	}
	st.Name = surname + pool.given(r)
	st.Ethnicity = o.ethnicity(r)
	if p.profile == profElite && r.IntN(1000) < 3 {
		st.Ethnicity = "98"
	}
	st.Address = g.address(p)

	poor, dibao, tekun, left := 0.002, 0.005, 0.0008, 0.005
	switch p.profile {
	case profRural, profPoint:
		poor, dibao, tekun, left = 0.012, 0.02, 0.003, 0.07
	case profTown:
		poor, dibao, tekun, left = 0.006, 0.012, 0.0015, 0.03
	}
	if !local && o.poor {
		poor += 0.02 // registered 建档立卡 at home
	}
	st.Poor = r.Float64() < poor
	st.Dibao = r.Float64() < dibao || st.Poor && r.IntN(100) < 45
	st.Tekun = r.Float64() < tekun
	st.LeftBehind = local && grade <= 9 && !st.Tekun && r.Float64() < left
	switch {
	case part.stage == StageSpecial:
		st.Disabled, st.DisabilityType = true, regWeighted(r, regSpecialDisabilities)
	case r.IntN(10000) < 25: // 随班就读
		st.Disabled, st.DisabilityType = true, regWeighted(r, regDisabilities)
	}
	st.Boarding = part.boarding > 0 && (part.stage != StagePrimary || grade >= 3) && r.Float64() < part.boarding

	switch {
	case gone:
		st.Status = "转出"
	case grade >= 1 && r.IntN(10000) < 15, grade >= 10 && r.IntN(10000) < 25:
		st.Status = "休学"
	}
	st.Guardians = g.guardians(&st, fatherSurname, motherSurname, surname != fatherSurname)
	g.reg.Students = append(g.reg.Students, st)
}

// temporaryNo hands out an unused temporary 学籍号: L, the address code,
// the birth date and four random digits.
func (g *regGen) temporaryNo(o *regOrigin, st Student) string {
	for {
		no := "L" + o.area + st.Birth.Format("20060102") + regPad(g.r.IntN(10000), 4)
		if _, used := g.lnos[no]; !used {
			g.lnos[no] = struct{}{}
			return no
		}
	}
}

// guardians lists a student's guardians: both parents for most, one parent
// for some, grandparents and a parent working away for 留守儿童, relatives
// for 特困 children.
func (g *regGen) guardians(st *Student, fatherSurname, motherSurname string, mothers bool) []Guardian {
	r := g.r
	if len(g.guardBuf) < 2 {
		g.guardBuf = make([]Guardian, 8192)
	}
	out := g.guardBuf[:0:2]
	g.guardBuf = g.guardBuf[2:]
	father := func() Guardian { return Guardian{fatherSurname + adultMale.given(r), "父亲", g.mobile()} }
	mother := func() Guardian { return Guardian{motherSurname + adultFemale.given(r), "母亲", g.mobile()} }
	parent := func() Guardian {
		if r.IntN(2) == 0 {
			return father()
		}
		return mother()
	}
	grand := func() Guardian {
		var gd Guardian
		switch r.IntN(4) {
		case 0:
			gd = Guardian{fatherSurname + adultMale.given(r), "祖父", ""}
		case 1:
			gd = Guardian{g.names.Adult(true), "祖母", ""}
		case 2:
			gd = Guardian{motherSurname + adultMale.given(r), "外祖父", ""}
		default:
			gd = Guardian{g.names.Adult(true), "外祖母", ""}
		}
		if r.IntN(100) < 85 {
			gd.Phone = g.mobile()
		}
		return gd
	}
	switch x := r.Float64(); {
	case st.Tekun:
		out = append(out, grand())
		if r.IntN(2) == 0 {
			out = append(out, Guardian{g.names.Person(), "其他", g.mobile()})
		}
	case st.LeftBehind:
		out = append(out, grand(), parent())
	case x < 0.45:
		out = append(out, mother(), father())
	case x < 0.83:
		out = append(out, father(), mother())
	case x < 0.92 || x < 0.96 && mothers: // a child with the mother's surname lives with her
		out = append(out, mother())
	case x < 0.96:
		out = append(out, father())
	default:
		out = append(out, parent(), grand())
	}
	return out
}

// regHome is a place students live: a block of flats (小区) or a village.
type regHome struct {
	base   string // "青溪区人民路128号阳光花园", "青溪区云湖镇龙潭村"
	blocks int    // 幢; 0 for village houses
	units  int
	floors int
	houses int
}

var regEstates = []string{"阳光花园", "锦绣华庭", "青溪苑", "和平新村", "幸福里", "桂花园", "丽都花园", "世纪花城", "金色家园",
	"翠苑", "紫荆苑", "香樟园", "望湖苑", "江景华府", "书香门第", "嘉和苑", "怡景园", "银杏苑", "玉兰苑", "湖畔花园",
	"清风苑", "锦江华庭", "明月新村", "朝阳小区", "滨湖名邸", "南苑新村", "北苑小区", "文苑小区", "学府苑", "天悦府",
	"康乐新村", "红枫苑", "春江花园", "碧水湾", "御景苑", "芙蓉新村", "梧桐苑", "金桂园", "东方名苑", "西湖苑"}

// buildHomes decides where a school's students live: around an urban
// school or kindergarten, in a town and its villages, in a village, or all
// over the district for senior, vocational, special and private schools.
func (g *regGen) buildHomes(p *regPlan) {
	r := g.r
	st := streetByName(p.s.Street)
	var urban []street
	var towns []street
	for _, s := range streets {
		if s.town {
			towns = append(towns, s)
		} else {
			urban = append(urban, s)
		}
	}
	p.homes = p.homes[:0]
	switch {
	case p.profile == profPoint || p.profile == profRural:
		own := regVillage(p.s, st)
		for range 3 {
			p.homes = append(p.homes, g.village(st, own))
		}
		for _, v := range st.villages {
			if v != own {
				p.homes = append(p.homes, g.village(st, v))
			}
		}
		if p.profile == profRural {
			p.homes = append(p.homes, g.estate(st))
		}
	case p.profile == profTown || p.profile == profPrivate && st.town:
		for range 5 + r.IntN(4) {
			p.homes = append(p.homes, g.estate(st))
		}
		for _, v := range st.villages {
			p.homes = append(p.homes, g.village(st, v))
		}
	case p.s.Type == "senior" || p.s.Type == "vocational" || p.s.Type == "special" ||
		p.profile == profElite || p.profile == profMigrant:
		for range 14 {
			p.homes = append(p.homes, g.estate(urban[r.IntN(len(urban))]))
		}
		for range 4 {
			t := towns[r.IntN(len(towns))]
			p.homes = append(p.homes, g.village(t, t.villages[r.IntN(len(t.villages))]))
		}
	default:
		for range 8 + r.IntN(7) {
			s := st
			if r.IntN(100) < 15 {
				s = urban[r.IntN(len(urban))]
			}
			p.homes = append(p.homes, g.estate(s))
		}
	}
}

// regVillage is the village a 乡村 school stands in, read from its address.
func regVillage(s *School, st street) string {
	rest := strings.TrimPrefix(s.Address, district.Name+st.name)
	if i := strings.Index(rest, "村"); i > 0 {
		return rest[:i]
	}
	return st.villages[0]
}

func (g *regGen) estate(st street) regHome {
	r := g.r
	prefix := district.Name
	if st.town {
		prefix += st.name
	}
	name := ""
	if r.IntN(10) < 7 {
		name = regEstates[r.IntN(len(regEstates))]
	}
	h := regHome{
		base:   prefix + st.roads[r.IntN(len(st.roads))] + regItoa(1+r.IntN(300)) + "号" + name,
		blocks: 4 + r.IntN(27),
		units:  1 + r.IntN(3),
		floors: 11 + r.IntN(23),
	}
	if r.IntN(10) < 3 {
		h.floors = 5 + r.IntN(3) // an older walk-up estate
	}
	return h
}

func (g *regGen) village(st street, v string) regHome {
	return regHome{base: district.Name + st.name + v + "村", houses: 30 + g.r.IntN(270)}
}

// address draws a home address among the school's homes:
// "青溪区人民路128号阳光花园3幢2单元1502室" or "青溪区云湖镇龙潭村57号".
func (g *regGen) address(p *regPlan) string {
	r := g.r
	h := &p.homes[r.IntN(len(p.homes))]
	if h.blocks == 0 {
		return h.base + regItoa(1+r.IntN(h.houses)) + "号"
	}
	room := (1+r.IntN(h.floors))*100 + 1 + r.IntN(4)
	return h.base + regItoa(1+r.IntN(h.blocks)) + "幢" + regItoa(1+r.IntN(h.units)) + "单元" + regItoa(room) + "室"
}
