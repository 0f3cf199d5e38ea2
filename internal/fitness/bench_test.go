package fitness

import (
	"math"
	"math/rand/v2"
	"testing"
)

// benchStudents are n students spread over every grade and both sexes, each with every item
// their grade tests, at values across the whole range of the tables.
func benchStudents(n int) []Input {
	rng := rand.New(rand.NewPCG(2014, 5))
	span := func(lo, hi float64) Value { return Val(math.Round((lo+rng.Float64()*(hi-lo))*10) / 10) }
	count := func(hi int) Value { return Val(float64(rng.IntN(hi + 1))) }
	out := make([]Input, n)
	for i := range out {
		in := Input{Grade: MinGrade + i%MaxGrade, Sex: Male + Sex(i/MaxGrade%2), HeightCM: span(110, 190), WeightKG: span(18, 90)}
		in.Items[VitalCapacity] = Val(float64(500 + rng.IntN(5000)))
		in.Items[Run50m] = span(6.5, 15)
		in.Items[SitAndReach] = span(-10, 30)
		in.Items[RopeSkip] = count(220)
		in.Items[SitUp] = count(70)
		in.Items[Run50x8] = span(85, 170)
		in.Items[StandingLongJump] = span(100, 300)
		in.Items[PullUp] = count(30)
		in.Items[Run800m] = span(170, 360)
		in.Items[Run1000m] = span(170, 440)
		out[i] = in
	}
	return out
}

// BenchmarkScore scores one student per op (every item of the student's grade). The issue asks
// for ≥ 1,000,000 students per second on one core: see the students/s metric.
func BenchmarkScore(b *testing.B) {
	students := benchStudents(4096)
	std() // parse the tables outside the timing
	b.ReportAllocs()
	var sink Tenths
	n := 0
	for b.Loop() {
		r := Score(students[n&4095])
		sink += r.Total
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "students/s")
	if sink < 0 {
		b.Fatal("negative total")
	}
}

func TestBenchStudents_AreComplete(t *testing.T) {
	for _, in := range benchStudents(64) {
		if err := in.Validate(); err != nil {
			t.Fatal(err)
		}
		if r := Score(in); !r.Rating.Scored() {
			t.Fatalf("grade %d %s: %s", in.Grade, in.Sex, r.Rating)
		}
	}
}
