package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// The seven 优质均衡 资源配置 indicators (教督〔2017〕6号), in the standard's order.
const (
	indDegree       = iota // 每百名学生拥有高于规定学历教师数
	indBackbone            // 每百名学生拥有县级以上骨干教师数
	indPEArt               // 每百名学生拥有体育、艺术专任教师数
	indTeachingArea        // 生均教学及辅助用房面积
	indSportsArea          // 生均体育运动场馆面积
	indEquipment           // 生均教学仪器设备值
	indMultimedia          // 每百名学生拥有网络多媒体教室数
	regIndicators
)

// regThresholds are the 资源配置 thresholds for primary and junior schools.
var regThresholds = map[string][regIndicators]float64{
	StagePrimary: {4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
	StageJunior:  {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4},
}

// regUnit is a part of a school evaluated for 优质均衡: a primary or junior
// school, or the primary or junior part of a 九年一贯制 or 完全中学.
// Facilities of a school with several parts are shared out by students.
type regUnit struct {
	plan  *regPlan
	part  *regPart
	level string // StagePrimary or StageJunior
	miss  [regIndicators]bool
	count [regIndicators]int     // planned count of a missed count indicator (teachers, rooms)
	ratio [regIndicators]float64 // planned value of a missed area or value indicator, as a share of the threshold
}

// Shares of the threshold a missed indicator reaches: a mild miss leaves
// the school rule (six of seven met, the seventh at 85 % or more) intact,
// a bad one breaks it.
var (
	regMild = [2]float64{0.87, 0.97}
	regBad  = [2]float64{0.6, 0.8}
)

// planBalance decides which evaluated units miss which thresholds: one to
// three fail the school rule, seven to ten more miss one indicator mildly,
// and every other unit meets all seven.
func (g *regGen) planBalance() {
	var units []*regUnit
	for _, p := range g.plans {
		units = append(units, p.units...)
	}
	for range 1 + g.r.IntN(3) {
		g.failBadly(units)
	}
	for range 7 + g.r.IntN(4) {
		g.failMildly(units)
	}
}

func (u *regUnit) touched() bool {
	for _, m := range u.miss {
		if m {
			return true
		}
	}
	return false
}

func (u *regUnit) single() bool { return len(u.plan.units) == 1 }

func (u *regUnit) is(profiles ...string) bool {
	for _, p := range profiles {
		if u.plan.profile == p {
			return true
		}
	}
	return false
}

// candidates returns the untouched units that pass keep, in random order;
// with preferRural, village schools come first two times out of three.
func (g *regGen) candidates(units []*regUnit, keep func(*regUnit) bool, preferRural bool) []*regUnit {
	var out []*regUnit
	for _, u := range units {
		if !u.touched() && keep(u) {
			out = append(out, u)
		}
	}
	g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	if preferRural && g.r.IntN(3) < 2 {
		slices.SortStableFunc(out, func(a, b *regUnit) int {
			return cmp.Compare(regRank(!a.is(profRural)), regRank(!b.is(profRural)))
		})
	}
	return out
}

func regRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// miss plans indicator k of u at a share of its threshold drawn from band.
// It reports false when the unit's size allows no count in the band.
func (g *regGen) miss(u *regUnit, k int, band [2]float64) bool {
	thr := regThresholds[u.level][k]
	switch k {
	case indDegree, indBackbone, indPEArt:
		c, ok := regBandCount(g.r, u.part.n, thr, band[0], band[1])
		if !ok {
			return false
		}
		u.count[k] = c
	case indMultimedia:
		c, ok := regBandCount(g.r, u.plan.n, thr, band[0], band[1])
		if !ok {
			return false
		}
		u.count[k] = c
	default:
		u.ratio[k] = regU(g.r, band[0], band[1])
	}
	u.miss[k] = true
	return true
}

// regArchetypes are the ways a unit fails the school rule.
var regArchetypes = []struct {
	keep  func(*regUnit) bool
	rural bool // prefer village schools
	plan  func(g *regGen, u *regUnit) bool
}{
	{ // a big, crowded school on an old campus: far too little sports ground, a little short of classrooms
		keep: func(u *regUnit) bool { return u.single() && u.is(profPopular, profUrban, profTown) && u.part.n >= 900 },
		plan: func(g *regGen, u *regUnit) bool {
			if !g.miss(u, indSportsArea, regBad) {
				return false
			}
			if g.r.IntN(2) == 0 {
				g.miss(u, indTeachingArea, regMild)
			}
			return true
		},
	},
	{ // a village or town school its 骨干教师 have left for the city
		keep:  func(u *regUnit) bool { return u.is(profTown, profRural) && u.part.n >= 300 },
		rural: true,
		plan: func(g *regGen, u *regUnit) bool {
			if !g.miss(u, indBackbone, regBad) {
				return false
			}
			if g.r.IntN(2) == 0 {
				g.miss(u, indPEArt, regMild)
			}
			return true
		},
	},
	{ // a growing urban school short of teachers (缺编): too few qualified and too few PE and art teachers
		keep: func(u *regUnit) bool { return u.is(profNew, profPopular) && u.part.n >= 500 },
		plan: func(g *regGen, u *regUnit) bool {
			return g.miss(u, indDegree, regMild) && g.miss(u, indPEArt, regMild)
		},
	},
}

func (g *regGen) failBadly(units []*regUnit) {
	first := g.r.IntN(len(regArchetypes))
	for i := range regArchetypes {
		a := regArchetypes[(first+i)%len(regArchetypes)]
		for _, u := range g.candidates(units, a.keep, a.rural) {
			if a.plan(g, u) {
				return
			}
			u.miss, u.count, u.ratio = [regIndicators]bool{}, [regIndicators]int{}, [regIndicators]float64{}
		}
	}
}

// regMildMisses are the single indicators a unit misses mildly, with the
// units they plausibly happen to and a weight.
var regMildMisses = []struct {
	k      int
	weight int
	keep   func(*regUnit) bool
}{
	{indDegree, 2, func(u *regUnit) bool {
		if u.level == StagePrimary {
			return u.is(profPopular, profNew) && u.part.n >= 500
		}
		return u.is(profTown, profRural, profNew, profMigrant) && u.part.n >= 300
	}},
	{indBackbone, 6, func(u *regUnit) bool { return u.is(profTown, profRural, profMigrant) && u.part.n >= 300 }},
	{indPEArt, 4, func(u *regUnit) bool { return !u.is(profElite) && u.part.n >= 300 }},
	{indTeachingArea, 2, func(u *regUnit) bool {
		return u.single() && u.is(profPopular, profUrban, profMigrant, profTown) && u.part.n >= 300
	}},
	{indSportsArea, 6, func(u *regUnit) bool {
		return u.single() && u.is(profPopular, profUrban, profNew, profMigrant, profTown)
	}},
	{indEquipment, 3, func(u *regUnit) bool { return u.single() && u.is(profTown, profRural, profMigrant) && u.part.n >= 300 }},
	{indMultimedia, 2, func(u *regUnit) bool { return u.single() && u.is(profTown, profRural, profPopular) && u.plan.n >= 600 }},
}

func (g *regGen) failMildly(units []*regUnit) {
	total := 0
	for _, m := range regMildMisses {
		total += m.weight
	}
	x := g.r.IntN(total)
	first := 0
	for i, m := range regMildMisses {
		if x -= m.weight; x < 0 {
			first = i
			break
		}
	}
	for i := range regMildMisses {
		m := regMildMisses[(first+i)%len(regMildMisses)]
		for _, u := range g.candidates(units, m.keep, m.k == indBackbone) {
			if g.miss(u, m.k, regMild) {
				return
			}
		}
	}
}

// regBandCount draws a count c for which c per 100 of n lies between lo and
// hi times thr. It reports false when no integer fits.
func regBandCount(r *rand.Rand, n int, thr, lo, hi float64) (int, bool) {
	unit := thr * float64(n) / 100
	cMin, cMax := int(math.Ceil(lo*unit)), int(math.Floor(hi*unit))
	if cMin > cMax || cMax <= 0 {
		return 0, false
	}
	return cMin + r.IntN(cMax-cMin+1), true
}

// regPassCount draws a count that meets thr per 100 of n with a margin: in
// [lo, hi] times the threshold when an integer fits, the least count at lo
// times the threshold otherwise (small schools).
func regPassCount(r *rand.Rand, n int, thr, lo, hi float64) int {
	if c, ok := regBandCount(r, n, thr, lo, hi); ok {
		return c
	}
	return regMinCount(n, thr, lo)
}

// regMinCount is the least count that reaches lo times thr per 100 of n.
func regMinCount(n int, thr, lo float64) int {
	return max(1, int(math.Ceil(lo*thr*float64(n)/100)))
}
