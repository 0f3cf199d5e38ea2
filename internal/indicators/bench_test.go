package indicators

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// cityFacts is a city of 2,000 schools and 1,500,000 students: 600 kindergartens, 800 primary and
// 400 junior schools, 150 九年一贯制 schools (split into 300 level parts) and 50 教学点, with
// resources around the thresholds so that some schools fail.
func cityFacts(seed uint64) DistrictFacts {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	type plan struct {
		typ      string
		n        int
		min, max int
	}
	plans := []plan{
		{"kindergarten", 600, 60, 500}, {"primary", 800, 200, 2200}, {"junior", 400, 300, 2400},
		{"nine_year", 150, 600, 3000}, {"teaching_point", 50, 10, 120},
	}
	type school struct {
		typ  string
		size float64
	}
	var raw []school
	total := 0.0
	for _, p := range plans {
		for range p.n {
			s := float64(p.min + rng.IntN(p.max-p.min+1))
			raw = append(raw, school{p.typ, s})
			total += s
		}
	}
	// Scale to exactly 1,500,000 students.
	sizes := make([]int, len(raw))
	sum, largest := 0, 0
	for i, s := range raw {
		sizes[i] = max(1, int(math.Round(s.size*1_500_000/total)))
		sum += sizes[i]
		if sizes[i] > sizes[largest] {
			largest = i
		}
	}
	sizes[largest] += 1_500_000 - sum

	around := func(need float64) float64 { return need * (0.8 + 0.45*rng.Float64()) }
	persons := func(need float64) float64 { return math.Round(around(need)) }
	compulsory := func(level Level, students int) map[string]float64 {
		p := float64(students)
		j := level == LevelJunior
		pick := func(primary, junior float64) float64 {
			if j {
				return junior
			}
			return primary
		}
		return map[string]float64{
			"teachers_above_degree": persons(pick(4.2, 5.3) * p / 100),
			"backbone_teachers":     persons(p / 100),
			"pe_art_teachers":       persons(0.9 * p / 100),
			"teaching_area_m2":      around(pick(4.5, 5.8) * p),
			"sports_area_m2":        around(pick(7.5, 10.2) * p),
			"equipment_value_yuan":  around(pick(2000, 2500) * p),
			"multimedia_rooms":      persons(pick(2.3, 2.4) * p / 100),
			"full_time_teachers":    persons(p / pick(19, 13.5)),
		}
	}
	var d DistrictFacts
	inclusiveChildren := 0
	for i, s := range raw {
		id := fmt.Sprintf("S%04d", i+1)
		n := sizes[i]
		switch s.typ {
		case "kindergarten":
			kind := rng.IntN(10) // 0–4 public, 5–7 普惠性民办, 8–9 private
			agg := map[string]float64{
				"full_time_teachers": persons(float64(n) / 15), "classes": math.Ceil(float64(n) / 30),
				"principals_and_teachers": 0, "certified_principals_and_teachers": 0,
			}
			agg["compliant_classes"] = math.Floor(agg["classes"] * (0.75 + 0.25*rng.Float64()))
			agg["principals_and_teachers"] = agg["full_time_teachers"] + 1
			agg["certified_principals_and_teachers"] = agg["principals_and_teachers"] - float64(rng.IntN(2))
			if kind <= 7 {
				agg["inclusive_children"] = float64(n)
				inclusiveChildren += n
			}
			if kind <= 4 {
				agg["public_children"] = float64(n)
			}
			d.Schools = append(d.Schools, SchoolFacts{ID: id, Name: "幼儿园" + id, Type: s.typ, Level: LevelKindergarten, Students: n, Aggregates: agg})
		case "nine_year":
			primary := n * 2 / 3
			whole := SchoolFacts{ID: id, Name: "九年一贯制学校" + id, Type: s.typ, Students: n, Aggregates: map[string]float64{
				"teaching_area_m2": around(4.5*float64(primary) + 5.8*float64(n-primary)),
				"sports_area_m2":   around(7.5*float64(primary) + 10.2*float64(n-primary)),
			}}
			pa, ja := compulsory(LevelPrimary, primary), compulsory(LevelJunior, n-primary)
			for _, m := range []map[string]float64{pa, ja} {
				delete(m, "teaching_area_m2")
				delete(m, "sports_area_m2")
			}
			parts, err := SplitByLevel(whole, LevelPart{LevelPrimary, primary, pa}, LevelPart{LevelJunior, n - primary, ja})
			if err != nil {
				panic(err)
			}
			d.Schools = append(d.Schools, parts...)
		default:
			level := LevelPrimary
			if s.typ == "junior" {
				level = LevelJunior
			}
			d.Schools = append(d.Schools, SchoolFacts{ID: id, Name: "学校" + id, Type: s.typ, Level: level, Students: n, Aggregates: compulsory(level, n)})
		}
	}
	d.Aggregates = map[string]float64{"resident_children_3_5": float64(inclusiveChildren) * 1.4}
	return d
}

func TestCityFacts(t *testing.T) {
	d := cityFacts(1)
	students, ids := 0, map[string]bool{}
	for _, s := range d.Schools {
		students += s.Students
		ids[s.ID] = true
	}
	if students != 1_500_000 || len(ids) != 2000 || len(d.Schools) != 2150 {
		t.Fatalf("%d students, %d schools, %d parts", students, len(ids), len(d.Schools))
	}
	b := EvaluateDistrict(BalanceSet(), d)
	p := EvaluateDistrict(PreschoolSet(), d)
	if len(b.Indicators) != 14 || len(p.Indicators) != 6 || len(b.Excluded) == 0 {
		t.Fatalf("%d + %d indicators, %d excluded", len(b.Indicators), len(p.Indicators), len(b.Excluded))
	}
	if len(b.Schools)+len(b.Excluded) != 1550 {
		t.Errorf("%d school results + %d excluded", len(b.Schools), len(b.Excluded))
	}
}

// BenchmarkEvaluateCity evaluates every 优质均衡 and 普及普惠 indicator for every school and the
// district of a city of 2,000 schools and 1,500,000 students, from in-memory facts.
func BenchmarkEvaluateCity(b *testing.B) {
	d := cityFacts(1)
	balance, preschool := BalanceSet(), PreschoolSet()
	b.ReportAllocs()
	for b.Loop() {
		EvaluateDistrict(balance, d)
		EvaluateDistrict(preschool, d)
	}
}

// BenchmarkWhatIfCity is one what-if on the same city: copy, change, evaluate before and after.
func BenchmarkWhatIfCity(b *testing.B) {
	d := cityFacts(1)
	balance := BalanceSet()
	changes := []Change{
		{Kind: ChangeMove, From: SchoolRef{ID: "S0601"}, To: SchoolRef{ID: "S0602"}, Aggregate: "pe_art_teachers", Amount: 1},
		{Kind: ChangeAdd, To: SchoolRef{ID: "S0603"}, Aggregate: "sports_area_m2", Amount: 1200},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := WhatIf(balance, d, changes); err != nil {
			b.Fatal(err)
		}
	}
}
