package fitness

import (
	"math"
	"testing"
)

// FuzzScore holds the invariants of Score on arbitrary input: it never panics; a better raw value
// never gives a lower item score, bonus or 学年总分; 标准分 ≤ 100, 附加分 ≤ 20, 学年总分 ≤ 120 and
// = 标准分 + 附加分; the rating agrees with the total; every item score is a level of the tables.
func FuzzScore(f *testing.F) {
	f.Add(uint8(1), false, 120.0, 23.04, 1350.0, 10.5, 12.5, 120.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, uint8(3), 1.0)
	f.Add(uint8(8), false, 165.0, 55.0, 3500.0, 8.1, 10.0, 0.0, 0.0, 0.0, 200.0, 8.0, 0.0, 240.0, uint8(9), 30.0)
	f.Add(uint8(11), true, 160.0, 52.5, 2800.0, 9.4, 18.3, 0.0, 40.0, 0.0, 170.0, 0.0, 230.0, 0.0, uint8(8), 10.0)
	f.Add(uint8(5), true, 140.0, 33.3, 1900.0, 9.9, -2.0, 150.0, 35.0, 105.0, 0.0, 0.0, 0.0, 0.0, uint8(5), 0.1)
	f.Add(uint8(14), false, 175.0, math.NaN(), math.Inf(1), -1.0, 1e300, -1e300, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, uint8(0), math.Inf(-1))
	levels := map[int]bool{0: true}
	for _, l := range []int{100, 95, 90, 85, 80, 78, 76, 74, 72, 70, 68, 66, 64, 62, 60, 50, 40, 30, 20, 10} {
		levels[l] = true
	}
	f.Fuzz(func(t *testing.T, grade uint8, female bool, h, wt, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10 float64, pick uint8, delta float64) {
		in := Input{Grade: int(grade % 16), Sex: Male, HeightCM: Val(h), WeightKG: Val(wt)}
		if female {
			in.Sex = Female
		}
		for i, v := range []float64{v1, v2, v3, v4, v5, v6, v7, v8, v9, v10} {
			in.Set(VitalCapacity+Item(i), v)
		}
		r := Score(in)
		check := func(r Result) {
			t.Helper()
			if r.Standard < 0 || r.Standard > 1000 || r.Bonus < 0 || r.Bonus > 20 || r.Total > 1200 ||
				r.Total != r.Standard+Tenths(10*r.Bonus) {
				t.Fatalf("standard %s bonus %d total %s", r.Standard, r.Bonus, r.Total)
			}
			if r.Rating.Scored() && r.Rating != std().rating(r.Total) {
				t.Fatalf("total %s rated %s", r.Total, r.Rating)
			}
			for it, ir := range r.Items {
				if !levels[ir.Score] || ir.Bonus < 0 || ir.Bonus > 20 || ir.Tested && !ir.Required {
					t.Fatalf("%s: %+v", Item(it), ir)
				}
			}
		}
		check(r)

		it := VitalCapacity + Item(pick%(NumItems-1))
		if math.IsNaN(delta) || math.IsNaN(in.Items[it].V) {
			return
		}
		improved := in
		if it.HigherIsBetter() {
			improved.Items[it].V += math.Abs(delta)
		} else {
			improved.Items[it].V -= math.Abs(delta)
		}
		if math.IsNaN(improved.Items[it].V) { // Inf − Inf
			return
		}
		r2 := Score(improved)
		check(r2)
		a, b := r.Items[it], r2.Items[it]
		if b.Score < a.Score || b.Bonus < a.Bonus {
			t.Fatalf("%s improved from %v to %v: score %d → %d, bonus %d → %d", it,
				in.Items[it].V, improved.Items[it].V, a.Score, b.Score, a.Bonus, b.Bonus)
		}
		if r.Rating.Scored() && r2.Rating.Scored() && r2.Total < r.Total {
			t.Fatalf("%s improved: 学年总分 %s → %s", it, r.Total, r2.Total)
		}
	})
}
