package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// genStaff creates a school's staff: the principal, each part's 专任教师 in
// the numbers planned for the 优质均衡 indicators, the administrative,
// auxiliary and service staff, and which of them are 在编.
func (g *regGen) genStaff(p *regPlan) {
	g.staffStart = len(g.reg.Staff)
	g.ages = g.ages[:0]
	seq := 0
	next := func() string {
		seq++
		return p.s.Code[len(p.s.Code)-3:] + regPad(seq, 4)
	}
	g.addStaff(g.principal(p, next()))
	for _, part := range p.parts {
		g.planTeachers(p, part)
		part.staff = make([]int, 0, part.teachers)
		for _, subjects := range g.teacherSubjects(p, part) {
			part.staff = append(part.staff, len(g.reg.Staff))
			g.addStaff(g.teacher(p, part, next(), subjects))
		}
		g.settleEducation(part)
		g.pickBackbone(p, part)
	}
	for _, part := range p.parts {
		for _, post := range g.supportPosts(p, part) {
			g.addStaff(g.support(p, part, next(), post))
		}
	}
	g.payroll(p)
	for i := g.staffStart; i < len(g.reg.Staff); i++ {
		g.finishStaff(p, &g.reg.Staff[i], g.ages[i-g.staffStart], i == g.staffStart)
	}
}

func (g *regGen) addStaff(m StaffMember, age int) {
	g.reg.Staff = append(g.reg.Staff, m)
	g.ages = append(g.ages, age)
}

func (g *regGen) age(i int) int { return g.ages[i-g.staffStart] }

// planTeachers decides how many 专任教师 a part has, how many of them lack
// the 学历 above the level's requirement, are 骨干教师 and teach PE or art.
// Evaluated parts get the counts planBalance asked for, with a margin when
// the indicator is met; the others get the district's usual shares.
func (g *regGen) planTeachers(p *regPlan, part *regPart) {
	r := g.r
	t := max(part.classes, regRound(float64(part.classes)*g.teachersPerClass(p, part.stage)))
	if p.profile == profPoint {
		t = part.classes + 1 + r.IntN(2) // 包班: a teacher a class, and one or two more
	}
	u := part.unit
	if u == nil {
		part.teachers = t
		part.below = -1
		var bb, pa [2]float64
		switch part.stage {
		case StageKindergarten:
			bb = [2]float64{0.03, 0.08}
			if p.s.Nature == "民办" {
				bb = [2]float64{0, 0.02}
			}
		case StageSenior:
			bb, pa = [2]float64{0.12, 0.2}, [2]float64{0.08, 0.11}
			if p.profile == profPopular {
				bb = [2]float64{0.2, 0.28}
			}
		case StageVocational:
			bb, pa = [2]float64{0.08, 0.14}, [2]float64{0.06, 0.08}
		case StageSpecial:
			bb, pa = [2]float64{0.06, 0.12}, [2]float64{0.1, 0.14}
		}
		part.backbone = regRound(float64(t) * regU(r, bb[0], bb[1]))
		part.peArt = regRound(float64(t) * regU(r, pa[0], pa[1]))
		return
	}
	thr := regThresholds[u.level]
	n := part.n
	pe := regPassCount(r, n, thr[indPEArt], 1.02, 1.45)
	if u.miss[indPEArt] {
		pe = u.count[indPEArt]
	}
	bbLo, bbHi := 1.02, 1.3
	switch p.profile {
	case profPopular:
		bbLo, bbHi = 1.4, 2.2
	case profElite:
		bbLo, bbHi = 1.3, 2.0
	case profUrban:
		bbLo, bbHi = 1.1, 1.7
	case profNew, profTown:
		bbHi = 1.4
	case profMigrant:
		bbHi = 1.25
	}
	bb := regPassCount(r, n, thr[indBackbone], bbLo, bbHi)
	if u.miss[indBackbone] {
		bb = u.count[indBackbone]
	}
	// At most 45 % of teachers are 骨干 and 30 % teach PE or art.
	t = max(t, int(math.Ceil(float64(bb)/0.45)), int(math.Ceil(float64(pe)/0.3)))
	var below int
	if u.miss[indDegree] {
		// Too few teachers (缺编), and among them too many without the degree.
		qualified := u.count[indDegree]
		share := regU(r, 0.95, 0.99)
		if u.level == StageJunior {
			share = regU(r, 0.8, 0.9)
		}
		t = max(part.classes, qualified, regRound(float64(qualified)/share), int(math.Ceil(float64(bb)/0.45)), int(math.Ceil(float64(pe)/0.3)))
		below = t - qualified
	} else {
		below = regRound(float64(t) * g.belowShare(p, u.level))
		need := regMinCount(n, thr[indDegree], 1.01)
		if t-below < need {
			below = max(0, t-need)
			t = max(t, need)
		}
	}
	part.teachers, part.below, part.backbone, part.peArt = t, below, bb, pe
}

// teachersPerClass is the usual number of 专任教师 per class: 两教一保 in
// kindergartens, more in small village schools, fewer in crowded ones.
func (g *regGen) teachersPerClass(p *regPlan, stage string) float64 {
	u := func(lo, hi float64) float64 { return regU(g.r, lo, hi) }
	switch stage {
	case StageKindergarten:
		if p.profile == profPrivate {
			return u(1.5, 2.0)
		}
		return u(2.0, 2.25)
	case StagePrimary:
		switch p.profile {
		case profPopular:
			return u(1.95, 2.15)
		case profNew:
			return u(1.95, 2.2)
		case profMigrant:
			return u(1.7, 1.95)
		case profElite:
			return u(2.3, 2.7)
		case profTown:
			return u(2.0, 2.3)
		case profRural:
			return u(2.2, 2.6)
		}
		return u(1.85, 2.15)
	case StageJunior:
		switch p.profile {
		case profPopular, profNew:
			return u(3.0, 3.3)
		case profMigrant:
			return u(2.6, 3.0)
		case profElite:
			return u(3.4, 3.9)
		case profTown:
			return u(3.2, 3.6)
		case profRural:
			return u(3.6, 4.2)
		}
		return u(2.9, 3.3)
	case StageSenior:
		if p.profile == profElite {
			return u(3.8, 4.3)
		}
		return u(3.3, 3.9)
	case StageVocational:
		return u(3.0, 3.6)
	}
	return u(3.0, 3.5) // special
}

// belowShare is the usual share of teachers without the 学历 above the
// level's requirement: older 中师 graduates in primary schools, 专科
// graduates in junior schools, more of them in the villages.
func (g *regGen) belowShare(p *regPlan, level string) float64 {
	u := func(lo, hi float64) float64 { return regU(g.r, lo, hi) }
	if level == StagePrimary {
		switch p.profile {
		case profTown:
			return u(0.01, 0.03)
		case profRural, profPoint:
			return u(0.02, 0.05)
		case profMigrant:
			return u(0.03, 0.06)
		}
		return u(0, 0.015)
	}
	switch p.profile {
	case profPopular, profElite:
		return u(0.01, 0.04)
	case profTown:
		return u(0.07, 0.12)
	case profRural, profMigrant:
		return u(0.1, 0.15)
	}
	return u(0.03, 0.07)
}

type regW struct {
	v string
	w int
}

func regWeighted(r *rand.Rand, ws []regW) string {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	x := r.IntN(total)
	for _, w := range ws {
		if x -= w.w; x < 0 {
			return w.v
		}
	}
	return ws[0].v
}

var (
	regPEArtSubjects = []regW{{"体育", 45}, {"音乐", 28}, {"美术", 27}}
	regMainSubjects  = map[string][]regW{
		StagePrimary: {{"语文", 38}, {"数学", 30}, {"英语", 12}, {"科学", 8}, {"道德与法治", 5}, {"信息技术", 3},
			{"综合实践", 2}, {"心理健康", 1}, {"劳动", 1}},
		// Zhejiang teaches 科学 as one subject in 初中.
		StageJunior: {{"语文", 18}, {"数学", 18}, {"英语", 17}, {"科学", 20}, {"道德与法治", 8}, {"历史", 7},
			{"地理", 3}, {"信息技术", 4}, {"心理健康", 2}, {"劳动", 1}},
		StageSenior: {{"语文", 14}, {"数学", 14}, {"英语", 13}, {"物理", 10}, {"化学", 9}, {"生物", 8}, {"历史", 7},
			{"地理", 7}, {"信息技术", 5}, {"通用技术", 4}, {"心理健康", 2}},
		StageVocational:   {{"专业课", 50}, {"语文", 10}, {"数学", 10}, {"英语", 8}, {"信息技术", 7}, {"历史", 3}, {"心理健康", 2}},
		StageSpecial:      {{"特殊教育", 70}, {"语文", 10}, {"数学", 10}, {"劳动", 5}, {"信息技术", 5}},
		StageKindergarten: {{"学前教育", 1}},
	}
	regSecondSubjects = []regW{{"道德与法治", 3}, {"科学", 2}, {"综合实践", 2}, {"劳动", 1}, {"心理健康", 1}, {"信息技术", 1}}
	// regPointSubjects are what a 教学点 teacher teaches: everything, in pairs.
	regPointSubjects = [][]string{{"语文", "道德与法治"}, {"数学", "科学"}, {"语文", "数学"}, {"英语", "综合实践"}}
)

// teacherSubjects lists the subjects of each of a part's teachers: the
// planned number of PE and art teachers first, then the others, shuffled.
func (g *regGen) teacherSubjects(p *regPlan, part *regPart) [][]string {
	r := g.r
	out := make([][]string, part.teachers)
	for i := range out {
		switch {
		case i < part.peArt:
			out[i] = []string{regWeighted(r, regPEArtSubjects)}
		case p.profile == profPoint:
			out[i] = slices.Clone(regPointSubjects[r.IntN(len(regPointSubjects))])
		default:
			first := regWeighted(r, regMainSubjects[part.stage])
			out[i] = []string{first}
			second := 0.0
			switch part.stage {
			case StagePrimary:
				second = 0.15
			case StageJunior:
				second = 0.05
			}
			if r.Float64() < second {
				if s := regWeighted(r, regSecondSubjects); s != first {
					out[i] = append(out[i], s)
				}
			}
		}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// stageFemale is the share of women among a stage's teachers.
var stageFemale = map[string]float64{
	StageKindergarten: 0.97, StagePrimary: 0.8, StageJunior: 0.63, StageSenior: 0.52, StageVocational: 0.47, StageSpecial: 0.76,
}

// teacher creates a 专任教师 of a part.
func (g *regGen) teacher(p *regPlan, part *regPart, no string, subjects []string) (StaffMember, int) {
	r := g.r
	female := stageFemale[part.stage]
	switch subjects[0] {
	case "体育":
		female = 0.3
	case "音乐":
		female = 0.82
	case "美术":
		female = 0.62
	}
	m, age := g.adult(p, part.stage, no, r.Float64() < female, g.teacherAgeBands(p, part.stage))
	m.Post = "专任教师"
	m.Subjects = subjects
	m.Education = g.education(p, part.stage, age)
	m.Title = g.title(part.stage, age, m.Education)
	return m, age
}

// adult creates the common part of a staff member: name, sex, birth and ID number.
func (g *regGen) adult(p *regPlan, stage, no string, female bool, bands [4]int) (StaffMember, int) {
	r := g.r
	x, band := r.IntN(bands[0]+bands[1]+bands[2]+bands[3]), 0
	for band < 3 && x >= bands[band] {
		x -= bands[band]
		band++
	}
	age := []int{22, 30, 40, 50}[band] + r.IntN(10) // 22–59
	if female && age > 55 {
		age = 50 + r.IntN(6) // women retire at 55
	}
	birth := g.bornAged(age)
	o := &regLocal
	switch x := r.Float64(); {
	case x < 0.2:
		o = &regCity[r.IntN(len(regCity))]
	case x < 0.32:
		o = regFrom(r)
	}
	return StaffMember{
		SchoolCode: p.s.Code,
		StaffNo:    no,
		Name:       g.names.Adult(female),
		Sex:        regSex(female),
		IDNumber:   g.idNumber(o, birth, !female),
		Birth:      birth,
		Stage:      stage,
	}, age
}

func regSex(female bool) string {
	if female {
		return "女"
	}
	return "男"
}

// teacherAgeBands weighs the ages 22–29, 30–39, 40–49 and 50–59: young
// kindergartens and new schools, ageing village schools.
func (g *regGen) teacherAgeBands(p *regPlan, stage string) [4]int {
	switch {
	case stage == StageKindergarten && p.s.Nature == "民办":
		return [4]int{62, 28, 8, 2}
	case stage == StageKindergarten:
		return [4]int{40, 35, 18, 7}
	}
	switch p.profile {
	case profNew:
		return [4]int{36, 36, 20, 8}
	case profRural, profPoint:
		return [4]int{20, 18, 30, 32}
	case profTown:
		return [4]int{20, 25, 32, 23}
	case profMigrant:
		return [4]int{45, 25, 15, 15}
	case profElite:
		return [4]int{30, 35, 25, 10}
	}
	return [4]int{22, 30, 30, 18}
}

// education draws a teacher's highest 学历: more 研究生 among the young and
// in senior high schools, 专科 and 中师 among the older.
func (g *regGen) education(p *regPlan, stage string, age int) string {
	x := g.r.Float64()
	pick := func(grad, bachelor, college float64) string {
		switch {
		case x < grad:
			return "研究生"
		case x < grad+bachelor:
			return "本科"
		case x < grad+bachelor+college:
			return "专科"
		}
		return "高中及以下"
	}
	young, middle := age < 30, age < 45
	switch stage {
	case StageKindergarten:
		if young {
			return pick(0.01, 0.55, 0.42)
		}
		return pick(0, 0.45, 0.45)
	case StageJunior:
		switch {
		case young:
			return pick(0.1, 0.88, 0.02)
		case middle:
			return pick(0.05, 0.86, 0.09)
		}
		return pick(0.02, 0.78, 0.2)
	case StageSenior:
		grad := 0.35
		if p.profile == profPopular || p.profile == profElite {
			grad = 0.45
		}
		switch {
		case young:
			return pick(grad, 1-grad, 0)
		case middle:
			return pick(0.2, 0.79, 0.01)
		}
		return pick(0.06, 0.9, 0.04)
	case StageVocational:
		if young {
			return pick(0.15, 0.8, 0.05)
		}
		return pick(0.06, 0.84, 0.1)
	}
	grad := 0.06
	if p.profile == profRural || p.profile == profPoint || p.profile == profTown {
		grad = 0.02
	}
	switch {
	case young:
		return pick(grad, 0.9, 0.1-grad)
	case middle:
		return pick(0.04, 0.82, 0.13)
	}
	return pick(0, 0.62, 0.3)
}

// title draws a 职称 from the years of service: 二级 after a year, 一级
// after five or so, 高级 for a growing share of the experienced.
func (g *regGen) title(stage string, age int, education string) string {
	r := g.r
	years := age - 22
	switch {
	case years < 1:
		return "未定级"
	case years < 4:
		if (education == "专科" || education == "高中及以下") && r.IntN(10) < 3 {
			return "三级"
		}
		return "二级"
	case years < 8:
		if r.IntN(100) < 45 {
			return "二级"
		}
		return "一级"
	case years < 15:
		if r.IntN(100) < 15 {
			return "二级"
		}
		return "一级"
	}
	senior := 0.1 + 0.025*float64(years-15)
	switch stage {
	case StageSenior, StageVocational:
		senior += 0.15
	case StageKindergarten:
		senior -= 0.05
	case StagePrimary:
		senior -= 0.02
	}
	x := r.Float64()
	switch {
	case years >= 25 && x < 0.012:
		return "正高级"
	case x < min(senior, 0.7):
		return "高级"
	}
	return "一级"
}

// settleEducation makes the number of an evaluated part's teachers without
// the 学历 above the requirement what planTeachers decided: primary needs
// 专科 and above, junior 本科 and above.
func (g *regGen) settleEducation(part *regPart) {
	if part.unit == nil || part.below < 0 {
		return
	}
	up, down := "专科", "高中及以下"
	below := func(e string) bool { return e == "高中及以下" }
	if part.unit.level == StageJunior {
		up, down = "本科", "专科"
		below = func(e string) bool { return e == "专科" || e == "高中及以下" }
	}
	var lacking, holding []int
	for _, i := range part.staff {
		if below(g.reg.Staff[i].Education) {
			lacking = append(lacking, i)
		} else {
			holding = append(holding, i)
		}
	}
	g.r.Shuffle(len(lacking), func(i, j int) { lacking[i], lacking[j] = lacking[j], lacking[i] })
	for _, i := range lacking[min(part.below, len(lacking)):] {
		g.reg.Staff[i].Education = up // in-service degree
	}
	if extra := part.below - len(lacking); extra > 0 {
		// The ones without the newer degree hold the lowest one above the
		// requirement (专科 in primary, 本科 in junior) and are the oldest.
		g.r.Shuffle(len(holding), func(i, j int) { holding[i], holding[j] = holding[j], holding[i] })
		lowest := func(i int) int { return regRank(g.reg.Staff[i].Education != up) }
		slices.SortStableFunc(holding, func(a, b int) int {
			return cmp.Or(cmp.Compare(lowest(a), lowest(b)), cmp.Compare(g.age(b)/5, g.age(a)/5))
		})
		for _, i := range holding[:extra] {
			g.reg.Staff[i].Education = down
		}
	}
}

var regTitleRank = map[string]int{"正高级": 5, "高级": 4, "一级": 3, "二级": 1}

// pickBackbone names a part's 骨干教师: experienced teachers with a good
// title, most of them 县级, a few 市级 and 省级, national ones rare.
func (g *regGen) pickBackbone(p *regPlan, part *regPart) {
	r := g.r
	type cand struct {
		i     int
		score float64
	}
	cands := make([]cand, len(part.staff))
	for k, i := range part.staff {
		score := float64(regTitleRank[g.reg.Staff[i].Title]) + regU(r, 0, 2.5)
		if a := g.age(i); a >= 30 && a <= 55 {
			score++
		}
		cands[k] = cand{i, score}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.score, a.score) })
	top := p.profile == profPopular || p.profile == profElite || part.stage == StageSenior
	for _, c := range cands[:min(part.backbone, len(cands))] {
		m := &g.reg.Staff[c.i]
		x := r.Float64()
		switch {
		case top && x < 0.015 && regTitleRank[m.Title] >= 4:
			m.Backbone = "国家级"
		case top && x < 0.08 || x < 0.03:
			m.Backbone = "省级"
		case top && x < 0.35 || x < 0.22:
			m.Backbone = "市级"
		default:
			m.Backbone = "县级"
		}
	}
}

// supportPosts lists the posts of a part's staff other than teachers:
// 保育员 (教辅) and cooks in kindergartens, administrators, librarians and
// lab staff, and service staff elsewhere.
func (g *regGen) supportPosts(p *regPlan, part *regPart) []string {
	var out []string
	add := func(post string, n int) {
		for range n {
			out = append(out, post)
		}
	}
	switch part.stage {
	case StageKindergarten:
		add("教辅", part.classes)
		add("工勤", 1+part.classes/5)
		add("行政", part.classes/6)
		return out
	}
	if p.profile == profPoint {
		return nil
	}
	share := map[string][2]float64{
		StagePrimary: {0.06, 0.1}, StageJunior: {0.08, 0.12}, StageSenior: {0.1, 0.14},
		StageVocational: {0.15, 0.2}, StageSpecial: {0.2, 0.3},
	}[part.stage]
	n := regRound(float64(part.teachers) * regU(g.r, share[0], share[1]))
	for range n {
		out = append(out, regWeighted(g.r, []regW{{"行政", 40}, {"教辅", 35}, {"工勤", 25}}))
	}
	return out
}

// support creates a staff member who is not a 专任教师.
func (g *regGen) support(p *regPlan, part *regPart, no, post string) (StaffMember, int) {
	r := g.r
	var female float64
	var bands [4]int
	var m StaffMember
	var age int
	switch post {
	case "工勤":
		female, bands = 0.45, [4]int{5, 20, 40, 35}
	case "教辅":
		female, bands = 0.65, [4]int{25, 30, 30, 15}
		if part.stage == StageKindergarten {
			female = 0.98
		}
	default:
		female, bands = stageFemale[part.stage]-0.1, [4]int{8, 35, 37, 20}
	}
	m, age = g.adult(p, part.stage, no, r.Float64() < female, bands)
	m.Post = post
	switch post {
	case "工勤":
		m.Education = regWeighted(r, []regW{{"高中及以下", 70}, {"专科", 20}, {"本科", 10}})
		m.Title = "未定级"
	case "教辅":
		m.Education = regWeighted(r, []regW{{"本科", 45}, {"专科", 45}, {"高中及以下", 10}})
		m.Title = g.title(part.stage, age, m.Education)
		if part.stage == StageKindergarten || r.IntN(2) == 0 {
			m.Title = "未定级"
		}
	default:
		m.Education = regWeighted(r, []regW{{"本科", 80}, {"研究生", 10}, {"专科", 10}})
		m.Title = g.title(part.stage, age, m.Education)
		if r.IntN(2) == 0 {
			m.Subjects = []string{regWeighted(r, regMainSubjects[part.stage])}
		}
	}
	return m, age
}

// principal creates the school's principal (校长/园长), named as in the
// school list.
func (g *regGen) principal(p *regPlan, no string) (StaffMember, int) {
	r := g.r
	female := g.femaleName(p.s.Principal)
	age := 45 + r.IntN(13)
	if female {
		age = 45 + r.IntN(11)
	}
	birth := g.bornAged(age)
	stage := p.parts[0].stage
	m := StaffMember{
		SchoolCode: p.s.Code,
		StaffNo:    no,
		Name:       p.s.Principal,
		Sex:        regSex(female),
		IDNumber:   g.idNumber(&regLocal, birth, !female),
		Birth:      birth,
		Stage:      stage,
		Post:       "行政",
		Education:  regWeighted(r, []regW{{"本科", 75}, {"研究生", 25}}),
		Subjects:   []string{regWeighted(r, regMainSubjects[stage])},
	}
	x := r.Float64()
	switch {
	case x < 0.04 || (p.profile == profPopular || p.profile == profElite) && x < 0.15:
		m.Title = "正高级"
	case x < 0.8:
		m.Title = "高级"
	default:
		m.Title = "一级"
	}
	switch x := r.Float64(); {
	case x < 0.05:
		m.Backbone = "省级"
	case x < 0.3:
		m.Backbone = "市级"
	case x < 0.5:
		m.Backbone = "县级"
	}
	return m, age
}

// payroll marks who is 在编. Private schools have no 编制. A public school's
// 在编 staff are its 编制 quota (students at 1:19, 1:13.5 and 1:12.5)
// times a staffing factor: village schools are 超编 by the student ratio,
// growing urban schools 缺编 and fill the gap with contract teachers.
// Kindergartens have about half their staff on the payroll.
func (g *regGen) payroll(p *regPlan) {
	r := g.r
	staff := g.reg.Staff[g.staffStart:]
	total := len(staff)
	var onPayroll int
	switch {
	case p.s.Nature == "民办":
		return
	case p.profile == profPoint:
		onPayroll = total
	case p.s.Type == "kindergarten":
		onPayroll = regRound(float64(total) * regU(r, 0.4, 0.6))
	default:
		quota := 0.0
		for _, part := range p.parts {
			quota += float64(part.n) / regStaffRatio[part.stage]
		}
		var f [2]float64
		switch p.profile {
		case profPopular:
			f = [2]float64{0.86, 0.97}
		case profNew:
			f = [2]float64{0.75, 0.9}
		case profTown:
			f = [2]float64{0.98, 1.15}
		case profRural:
			f = [2]float64{1.15, 1.45}
		default:
			f = [2]float64{0.9, 1.05}
		}
		switch p.s.Type {
		case "senior":
			f = [2]float64{0.92, 1.05}
		case "vocational":
			f = [2]float64{0.85, 1.0}
		case "special":
			f = [2]float64{0.8, 0.95}
		}
		limit := 0.97
		if p.profile == profRural {
			limit = 1
		}
		onPayroll = min(regRound(quota*regU(r, f[0], f[1])), regRound(float64(total)*limit))
	}
	type cand struct {
		i     int
		score float64
	}
	cands := make([]cand, total)
	for i := range staff {
		score := float64(g.ages[i]) + regU(r, 0, 15)
		switch staff[i].Post {
		case "行政":
			score += 10
		case "专任教师":
			score += 5
		case "工勤":
			score -= 15
		}
		if i == 0 {
			score += 1000 // the principal
		}
		cands[i] = cand{i, score}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.score, a.score) })
	for _, c := range cands[:onPayroll] {
		staff[c.i].OnPayroll = true
	}
}

// regStaffRatio is students per 教职工 in the 编制 standard.
var regStaffRatio = map[string]float64{
	StagePrimary: 19, StageJunior: 13.5, StageSenior: 12.5, StageVocational: 12.5, StageSpecial: 3,
}

// finishStaff fills in what depends on the post and the payroll:
// 教师资格证, 政治面貌, the date of joining the school and training hours.
func (g *regGen) finishStaff(p *regPlan, m *StaffMember, age int, principal bool) {
	r := g.r
	x := r.Float64()
	switch m.Post {
	case "专任教师":
		switch {
		case p.s.Nature == "民办" && p.s.Type == "kindergarten":
			m.TeacherCert = x < 0.85
		case p.s.Nature == "民办":
			m.TeacherCert = x < 0.94
		case m.OnPayroll:
			m.TeacherCert = x < 0.997
		default:
			m.TeacherCert = x < 0.9
		}
	case "行政":
		m.TeacherCert = principal || len(m.Subjects) > 0 && x < 0.95 || x < 0.5
	case "教辅":
		m.TeacherCert = p.s.Type != "kindergarten" && x < 0.3
	}

	y := r.Float64()
	switch {
	case principal:
		m.Political = "中共党员"
		if p.s.Nature == "民办" && y < 0.3 {
			m.Political = "群众"
		}
	case age <= 28 && y < 0.12 || age > 28 && y < 0.4 || m.Post == "行政" && y < 0.65:
		m.Political = "中共党员"
	case age <= 30 && y < 0.16:
		m.Political = "中共预备党员"
	case age <= 28 && y < 0.7:
		m.Political = "共青团员"
	case y > 0.975:
		m.Political = "民主党派"
	default:
		m.Political = "群众"
	}

	// Joined the school: the principal a few years ago, contract staff
	// recently, the others at the start of their career or on a transfer.
	start := min(g.year, m.Birth.Year()+22+r.IntN(3))
	var joined int
	switch {
	case principal:
		joined = g.year - 1 - r.IntN(9)
	case !m.OnPayroll && p.s.Nature == "公办":
		joined = g.year - r.IntN(5)
	case r.IntN(100) < 35:
		joined = start
	default:
		joined = start + r.IntN(g.year-start+1)
	}
	joined = min(g.year, max(joined, start, p.s.Founded))
	m.JoinedSchool = time.Date(joined, 8, 15+r.IntN(18), 0, 0, 0, 0, time.UTC) // 15 August – 1 September

	// Training hours in the current five-year cycle (target 360).
	switch m.Post {
	case "专任教师", "行政":
		years := min(5, g.year-start+1)
		if r.IntN(100) < 78 {
			m.TrainingHours = 360 + r.IntN(150)
		} else {
			m.TrainingHours = 120 + r.IntN(240)
		}
		m.TrainingHours = m.TrainingHours * years / 5
	case "教辅":
		m.TrainingHours = 60 + r.IntN(240)
	default:
		m.TrainingHours = r.IntN(60)
	}
}
