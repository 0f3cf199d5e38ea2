package enroll

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// genSpec describes a synthetic instance.
type genSpec struct {
	applicants, schools, choices int
	seatsPerApplicant            float64 // total capacity ÷ applicants
	skew                         float64 // popularity exponent: weight of the j-th most popular school ∝ 1/(j+10)^skew
	seed                         uint64
}

// genInstance builds a synthetic instance deterministically from spec:
// schools have random capacities around the mean and Zipf-like popularity;
// every applicant lists `choices` distinct schools drawn by popularity, with
// tier 0 at their home school (房户一致), 1–3 elsewhere. Applicant ids are
// "A" followed by 7 digits, so index order is id order.
func genInstance(spec genSpec) *Instance {
	rng := rand.New(rand.NewPCG(spec.seed, 0x9e3779b97f4a7c15))
	ns, n, k := spec.schools, spec.applicants, min(spec.choices, spec.schools)
	in := &Instance{
		schoolIDs:    make([]string, ns),
		capacity:     make([]int32, ns),
		applicantIDs: make([]string, n),
		start:        make([]int32, n+1),
		prop:         make([]uint64, 0, n*k),
		maxChoices:   k,
		schoolIndex:  make(map[string]int32, ns),
	}
	mean := spec.seatsPerApplicant * float64(n) / float64(ns)
	for s := range ns {
		in.schoolIDs[s] = fmt.Sprintf("S%04d", s)
		in.schoolIndex[in.schoolIDs[s]] = int32(s)
		in.capacity[s] = int32(mean * (0.5 + rng.Float64()))
	}
	// Popularity: a random permutation of schools gets Zipf-like weights;
	// cumulative table for sampling.
	perm := rng.Perm(ns)
	cum := make([]float64, ns)
	total := 0.0
	for j, s := range perm {
		_ = s
		total += 1 / math.Pow(float64(j+10), spec.skew)
		cum[j] = total
	}
	pick := func() int32 {
		x := rng.Float64() * total
		j, _ := slices.BinarySearch(cum, x)
		return int32(perm[min(j, ns-1)])
	}

	var ids strings.Builder
	ids.Grow(8 * n)
	for i := range n {
		fmt.Fprintf(&ids, "A%07d", i)
	}
	all := ids.String()
	for i := range n {
		in.applicantIDs[i] = all[8*i : 8*i+8]
		in.start[i] = int32(len(in.prop))
		home := pick()
	choose:
		for len(in.prop)-int(in.start[i]) < k {
			s := pick()
			for _, c := range in.prop[in.start[i]:] {
				if choiceSchool(c) == s {
					continue choose
				}
			}
			t := int32(1 + rng.IntN(3))
			if s == home {
				t = 0
			}
			in.prop = append(in.prop, packChoice(s, t))
		}
	}
	in.start[n] = int32(len(in.prop))
	return in
}

// randomInstance is a small random instance for property tests: few schools,
// small capacities (often oversubscribed), 0..maxChoices choices, tiers 0..2.
func randomInstance(rng *rand.Rand, maxApplicants, maxSchools, maxChoices int) (*Instance, []School, []Applicant) {
	ns := 1 + rng.IntN(maxSchools)
	n := rng.IntN(maxApplicants + 1)
	schools := make([]School, ns)
	for s := range schools {
		schools[s] = School{ID: fmt.Sprintf("S%d", s), Capacity: rng.IntN(4)}
	}
	applicants := make([]Applicant, n)
	for i := range applicants {
		a := Applicant{ID: fmt.Sprintf("P%d", rng.IntN(1_000_000)*1000+i)}
		for _, s := range rng.Perm(ns)[:rng.IntN(min(ns, maxChoices)+1)] {
			a.Choices = append(a.Choices, schools[s].ID)
			a.Tiers = append(a.Tiers, rng.IntN(3))
		}
		applicants[i] = a
	}
	in, err := NewInstance(schools, applicants)
	if err != nil {
		panic(err)
	}
	return in, schools, applicants
}
