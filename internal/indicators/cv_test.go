package indicators

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The published worked example: books per student in five schools.
var (
	exampleStudents = []float64{45, 37, 89, 76, 55}
	exampleBooks    = []float64{279, 137, 935, 160, 402}
)

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func TestWeightedCV_WorkedExample(t *testing.T) {
	d := WeightedCV(exampleBooks, exampleStudents)
	if !d.Defined {
		t.Fatal("CV undefined")
	}
	if got := round(d.Mean, 2); got != 6.33 {
		t.Errorf("X̄ = %v, want 6.33", d.Mean)
	}
	if got := round(d.SD, 2); got != 3.26 {
		t.Errorf("S = %v, want 3.26", d.SD)
	}
	if got := round(d.CV, 3); got != 0.515 {
		t.Errorf("CV = %v, want 0.515", d.CV)
	}

	// Unweighted (each school counts once, population SD over the plain mean) gives 0.489: the
	// figure the standard does NOT use.
	var mean float64
	ratios := make([]float64, len(exampleBooks))
	for i := range exampleBooks {
		ratios[i] = exampleBooks[i] / exampleStudents[i]
		mean += ratios[i] / float64(len(ratios))
	}
	var ss float64
	for _, r := range ratios {
		ss += (r - mean) * (r - mean)
	}
	unweighted := math.Sqrt(ss/float64(len(ratios))) / mean
	if got := round(unweighted, 3); got != 0.489 {
		t.Errorf("unweighted CV = %v, want 0.489", unweighted)
	}
	if round(unweighted, 3) == round(d.CV, 3) {
		t.Error("weighted and unweighted CV should differ")
	}
}

// The worked example through Evaluate: a user-defined "books per student" indicator.
func TestEvaluate_WorkedExampleIndicator(t *testing.T) {
	// Evaluate takes any aggregate name; only user-defined sets are held to the Catalog (ValidateSet).
	set := IndicatorSet{ID: "books", Name: "图书", Policy: "示例", Version: "1", Indicators: []Indicator{{
		ID: "books_per_student", Name: "生均图书", Level: LevelPrimary, Numerator: "books",
		Denominator: Students, Factor: 1, Comparator: AtLeast, Threshold: 5, Unit: "册/生",
		Policy: "示例", Version: "1", Scope: ScopeSchool, CVLimit: 0.5,
	}}}
	var schools []SchoolFacts
	for i := range exampleBooks {
		schools = append(schools, SchoolFacts{ID: string(rune('A' + i)), Level: LevelPrimary,
			Students: int(exampleStudents[i]), Aggregates: map[string]float64{"books": exampleBooks[i]}})
	}
	r := Evaluate(set, schools)
	ir := r.Indicator("books_per_student", LevelPrimary)
	if ir == nil || round(ir.CV, 3) != 0.515 || ir.CVPass {
		t.Fatalf("indicator result %+v", ir)
	}
	if round(ir.DistrictValue, 2) != 6.33 {
		t.Errorf("district value %v", ir.DistrictValue)
	}
	if r.Pass {
		t.Error("a CV of 0.515 > 0.50 must fail the district")
	}
}

func randomSchools(rng *rand.Rand, n int) (x, p []float64) {
	for range n {
		students := float64(20 + rng.IntN(3000))
		p = append(p, students)
		x = append(x, students*(rng.Float64()*10+0.1))
	}
	return x, p
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestWeightedCV_Properties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := 1 + rng.IntN(60)
		x, p := randomSchools(rng, n)
		base := WeightedCV(x, p)
		if !base.Defined {
			t.Fatalf("trial %d: undefined", trial)
		}

		// Identical schools: CV 0.
		same := WeightedCV(repeat(x[0], n), repeat(p[0], n))
		if !same.Defined || math.Abs(same.CV) > 1e-12 {
			t.Fatalf("trial %d: identical schools CV %v", trial, same.CV)
		}

		// x and P scaled alike: unchanged.
		k := 0.5 + rng.Float64()*20
		if got := WeightedCV(scale(x, k), scale(p, k)); !near(got.CV, base.CV) {
			t.Fatalf("trial %d: scaling x and P by %v: %v vs %v", trial, k, got.CV, base.CV)
		}
		// x scaled by a constant (a unit change, or the factor 100): unchanged.
		if got := WeightedCV(scale(x, k), p); !near(got.CV, base.CV) || !near(got.Mean, base.Mean*k) {
			t.Fatalf("trial %d: scaling x by %v: %v vs %v", trial, k, got.CV, base.CV)
		}
		// Permutation: unchanged.
		perm := rng.Perm(n)
		px, pp := make([]float64, n), make([]float64, n)
		for i, j := range perm {
			px[i], pp[i] = x[j], p[j]
		}
		if got := WeightedCV(px, pp); !near(got.CV, base.CV) {
			t.Fatalf("trial %d: permutation: %v vs %v", trial, got.CV, base.CV)
		}
		// Whole schools with the same ratio merged or split: unchanged (weights by students).
		split := WeightedCV(append(append([]float64{}, x...), x[0]), append(append([]float64{}, p...), p[0]))
		merged := WeightedCV(append([]float64{2 * x[0]}, x[1:]...), append([]float64{2 * p[0]}, p[1:]...))
		if !near(split.CV, merged.CV) {
			t.Fatalf("trial %d: split %v vs merged %v", trial, split.CV, merged.CV)
		}
	}
}

func TestWeightedCV_Undefined(t *testing.T) {
	if d := WeightedCV(nil, nil); d.Defined {
		t.Error("no schools")
	}
	if d := WeightedCV([]float64{0, 0}, []float64{10, 20}); d.Defined {
		t.Error("mean 0")
	}
	// Schools without students weigh nothing.
	a := WeightedCV([]float64{279, 137, 5}, []float64{45, 37, 0})
	b := WeightedCV([]float64{279, 137}, []float64{45, 37})
	if !near(a.CV, b.CV) {
		t.Errorf("zero-weight school changed the CV: %v vs %v", a.CV, b.CV)
	}
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func scale(v []float64, k float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		out[i] = v[i] * k
	}
	return out
}
