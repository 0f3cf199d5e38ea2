package fitness

import (
	"context"
	"hash/fnv"
	"math"
	"math/rand/v2"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// DemoValue is the raw value that earns a continuous score cs on an item for a grade and sex:
// between two table levels it interpolates their thresholds; above 100 it extends the last
// step (which earns bonus points); below 10 it extends the first. Counts are whole, times and
// distances one decimal, vital capacity whole millilitres. It is for generating demo data.
func DemoValue(it Item, grade int, sex Sex, cs float64) float64 {
	gs := std().of(grade, sex)
	if gs == nil || it == BMI || int(it) >= NumItems || gs.table[it].n < 2 {
		return math.NaN()
	}
	t := &gs.table[it]
	// t.key descends with t.score (index 0 is the 100-point threshold).
	var key float64
	switch {
	case cs >= float64(t.score[0]):
		step := float64(t.key[0]-t.key[1]) / float64(int(t.score[0])-int(t.score[1]))
		key = float64(t.key[0]) + step*(cs-float64(t.score[0]))
	case cs <= float64(t.score[t.n-1]):
		last := t.n - 1
		step := float64(t.key[last-1]-t.key[last]) / float64(int(t.score[last-1])-int(t.score[last]))
		key = float64(t.key[last]) - step*(float64(t.score[last])-cs)
	default:
		i := 0
		for i+1 < t.n && float64(t.score[i+1]) >= cs {
			i++
		}
		hi, lo := t.score[i], t.score[i+1]
		frac := (cs - float64(lo)) / float64(int(hi)-int(lo))
		key = float64(t.key[i+1]) + frac*float64(t.key[i]-t.key[i+1])
	}
	info := &items[it]
	v := key / 1000
	if !info.higher {
		v = -v
	}
	switch {
	case info.count:
		v = math.Max(0, math.Round(v))
	case it == VitalCapacity:
		v = math.Max(100, math.Round(v))
	default:
		v = math.Round(v*10) / 10
	}
	lo, hi := float64(info.lo)/1000, float64(info.hi)/1000
	return math.Min(math.Max(v, lo), hi)
}

// DemoStudent is a registry student the demo generates results for.
type DemoStudent struct {
	ID       int64
	SchoolID int64
	ClassID  int64
	Grade    int    // in the latest school year
	Sex      string // 男/女
	// SchoolAt gives the school where the student was in an earlier grade: their own school if it
	// teaches the grade, else one of the zone that does (0: none, no result that year).
	SchoolAt func(grade int) (schoolID int64, key string)
	// SchoolKey names the school (its code); the school's level follows from it.
	SchoolKey string
}

// DemoSummary counts what the demo generated.
type DemoSummary struct {
	Results, Exempt, Incomplete, Retests int
}

var exemptReasons = []string{"先天性心脏病（医院诊断证明）", "下肢骨折术后康复期（医院证明）", "哮喘（医院诊断证明）", "肢体残疾（残疾证）",
	"癫痫病史（医院诊断证明）"}

// schoolQuality is a school's fitness offset in standard deviations, fixed by its key.
func schoolQuality(key string) float64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	r := rand.New(rand.NewPCG(h.Sum64(), 7))
	return r.NormFloat64() * 0.45
}

// GenerateDemo writes results for the demo students over three school years (latestYear and the
// two before): plausible heights, weights and item results drawn around each school's own level
// (schools differ by about half a standard deviation), a district improving a little each year,
// a few 免测 (with a reason), 缺测 and 补测 students. Written with the batch Writer inside q.
func GenerateDemo(ctx context.Context, q db.Querier, keys *pii.Keyring, district string, latestYear int, students []DemoStudent,
	seed int64) (DemoSummary, error) {
	var sum DemoSummary
	r := rand.New(rand.NewPCG(uint64(seed), 0xf17))
	w := NewWriter(q, keys, district, 0)
	w.b = db.NewBatch(q, "fitness_results", resultColumns(), "", 2000) // fresh rows: no upsert clause needed
	quality := map[string]float64{}
	for _, st := range students {
		qual := func(key string) float64 {
			qv, ok := quality[key]
			if !ok {
				qv = schoolQuality(key)
				quality[key] = qv
			}
			return qv
		}
		sex := sexOf(st.Sex)
		own := r.NormFloat64() * 0.8 // the student's own level, around their school's
		bmiZ := r.NormFloat64()
		exempt := r.IntN(400) == 0
		reason := exemptReasons[r.IntN(len(exemptReasons))]
		for k := 2; k >= 0; k-- {
			year, grade := latestYear-k, st.Grade-k
			if grade < MinGrade || grade > 12 {
				continue
			}
			school, key := st.SchoolID, st.SchoolKey
			if k > 0 && st.SchoolAt != nil {
				if school, key = st.SchoolAt(grade); school == 0 {
					continue
				}
			}
			ability := own + qual(key)
			in := Input{Grade: grade, Sex: sex}
			if exempt {
				in.Exempt, in.ExemptReason = true, reason
				sum.Exempt++
			} else {
				demoMeasures(r, &in, ability+0.08*float64(2-k), bmiZ)
				if r.IntN(120) == 0 { // absent on the day of one item
					req := Required(grade, sex)
					in.Items[req[1+r.IntN(len(req)-1)]] = Value{}
					sum.Incomplete++
				}
			}
			e := Entry{StudentID: st.ID, SchoolYear: year, Attempt: 1, SchoolID: school, TestedOn: demoDate(year)}
			if k == 0 {
				e.ClassID = st.ClassID
			}
			e.Input = in
			res, err := w.Add(ctx, e)
			if err != nil {
				return sum, err
			}
			sum.Results++
			if res.Rating == RatingFail && r.IntN(3) == 0 {
				re := e
				re.Attempt = 2
				re.Input = Input{Grade: grade, Sex: sex}
				demoMeasures(r, &re.Input, ability+0.9, bmiZ)
				if _, err := w.Add(ctx, re); err != nil {
					return sum, err
				}
				sum.Retests++
			}
		}
	}
	return sum, w.Close(ctx)
}

func demoDate(year int) string { return itoa(year) + "-10-20" }

// demoMeasures fills plausible measures for a student of a given ability (in standard
// deviations) and BMI position.
func demoMeasures(r *rand.Rand, in *Input, ability, bmiZ float64) {
	g := float64(in.Grade)
	var h float64
	if in.Sex == Male {
		h = 119 + 5.6*math.Min(g-1, 9) + 1.5*math.Max(0, g-10)
	} else {
		h = 118 + 5.5*math.Min(g-1, 7) + 1.2*math.Max(0, g-8)
	}
	h += r.NormFloat64() * 5.5
	// BMI: a right-skewed spread around the grade's median, so that 超重 and 肥胖 appear at
	// realistic shares (roughly 12% and 8%).
	median := 15.4 + 0.42*(g-1)
	bmi := median * math.Exp(0.15*bmiZ+0.02*r.NormFloat64())
	in.HeightCM = Val(math.Round(h*10) / 10)
	in.WeightKG = Val(math.Round(bmi*h*h/1000) / 10)
	heavy := math.Max(0, bmiZ-1) * 0.5 // heavier students run and jump a little worse
	for _, it := range Required(in.Grade, in.Sex) {
		if it == BMI {
			continue
		}
		z := 0.75*ability + 0.65*r.NormFloat64()
		if it == Run800m || it == Run1000m || it == Run50x8 || it == PullUp || it == StandingLongJump {
			z -= heavy
		}
		cs := 76 + 13*z
		if it == PullUp && in.Sex == Male {
			cs -= 18 // 引体向上 is the item boys fail most
		}
		cs = math.Max(0, math.Min(cs, 112))
		in.Items[it] = Val(DemoValue(it, in.Grade, in.Sex, cs))
	}
}
