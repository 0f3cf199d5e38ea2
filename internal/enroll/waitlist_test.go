package enroll

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestWaitlist_Chain: X and Y have one seat each; three applicants list X
// then Y at the same tier, so the lottery decides: the first in key order gets
// X, the second Y, the third nothing. When the first declines, X goes to the
// second (who prefers X to Y); the seat the second leaves at Y goes to the
// third.
func TestWaitlist_Chain(t *testing.T) {
	in, err := NewInstance(
		[]School{{ID: "X", Capacity: 1}, {ID: "Y", Capacity: 1}},
		[]Applicant{
			{ID: "P", Choices: []string{"X", "Y"}, Tiers: []int{1, 1}},
			{ID: "Q", Choices: []string{"X", "Y"}, Tiers: []int{1, 1}},
			{ID: "R", Choices: []string{"X", "Y"}, Tiers: []int{1, 1}},
		})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Mechanism{DA, Boston} {
		r := mustAllocate(t, in, "seed", m)
		o := r.Order()
		id := func(k int) string { return in.ApplicantID(o[k]) }
		w := NewWaitlist(r)
		if s, c, ok := w.Placement(id(1)); !ok || s != "Y" || c != 2 {
			t.Fatalf("%s: second in line placed %v %v %v", m, s, c, ok)
		}
		if err := w.Decline(id(0)); err != nil {
			t.Fatal(err)
		}
		off, ok := w.Open()
		if want := (Offer{Applicant: id(1), School: "X", ChoiceRank: 1, Holds: "Y"}); !ok || off != want {
			t.Fatalf("%s: offer %+v, want %+v", m, off, want)
		}
		if err := w.Accept(); err != nil {
			t.Fatal(err)
		}
		off, ok = w.Open()
		if want := (Offer{Applicant: id(2), School: "Y", ChoiceRank: 2}); !ok || off != want {
			t.Fatalf("%s: chained offer %+v, want %+v", m, off, want)
		}
		if err := w.Refuse(); err != nil {
			t.Fatal(err)
		}
		if _, ok := w.Open(); ok {
			t.Fatal("offer open after the last candidate refused")
		}
		var log []string
		for _, e := range w.Events() {
			log = append(log, e.String())
		}
		want := []string{
			"1. " + id(0) + " 放弃 X 的学位",
			"2. X 的空位递补给 " + id(1) + "（第 1 志愿）",
			"3. " + id(1) + " 接受 X 的递补学位，空出 Y 的学位",
			"4. Y 的空位递补给 " + id(2) + "（第 2 志愿）",
			"5. " + id(2) + " 放弃 Y 的递补学位",
			"6. Y 的空位无人符合递补条件，空缺",
		}
		if !slices.Equal(log, want) {
			t.Fatalf("%s: record\n%s\nwant\n%s", m, strings.Join(log, "\n"), strings.Join(want, "\n"))
		}
		if err := w.Accept(); err != ErrNoOpenOffer {
			t.Fatalf("accept without offer: %v", err)
		}
		if err := w.Decline(id(0)); err == nil {
			t.Fatal("declined twice")
		}
		if err := w.Decline(id(2)); err == nil {
			t.Fatal("an unplaced applicant declined")
		}
	}
}

// TestWaitlist_TierBeforeKey: the order at the school is the draw's order,
// tier first.
func TestWaitlist_TierBeforeKey(t *testing.T) {
	apps := []Applicant{{ID: "H", Choices: []string{"X"}, Tiers: []int{0}}}
	for i := range 20 {
		apps = append(apps, Applicant{ID: fmt.Sprint("N", i), Choices: []string{"X"}, Tiers: []int{2}})
	}
	apps = append(apps, Applicant{ID: "T", Choices: []string{"X"}, Tiers: []int{1}})
	in, err := NewInstance([]School{{ID: "X", Capacity: 1}}, apps)
	if err != nil {
		t.Fatal(err)
	}
	r := mustAllocate(t, in, "s", DA)
	w := NewWaitlist(r)
	if err := w.Decline("H"); err != nil {
		t.Fatal(err)
	}
	if o, _ := w.Open(); o.Applicant != "T" {
		t.Fatalf("offer to %s, want T (tier 1 before tier 2)", o.Applicant)
	}
}

// TestWaitlist_Boston: under Boston the line at a school puts those who
// chose it first ahead, whatever their tier.
func TestWaitlist_Boston(t *testing.T) {
	in, err := NewInstance(
		[]School{{ID: "X", Capacity: 1}, {ID: "Y", Capacity: 5}},
		[]Applicant{
			{ID: "W", Choices: []string{"X"}, Tiers: []int{3}},
			{ID: "F", Choices: []string{"X"}, Tiers: []int{3}},
			{ID: "S", Choices: []string{"Y", "X"}, Tiers: []int{0, 0}},
		})
	if err != nil {
		t.Fatal(err)
	}
	r := mustAllocate(t, in, "s", Boston)
	winner := in.ApplicantID(r.Admitted(0)[0])
	other := map[string]string{"W": "F", "F": "W"}[winner]
	w := NewWaitlist(r)
	if err := w.Decline(winner); err != nil {
		t.Fatal(err)
	}
	if o, _ := w.Open(); o.Applicant != other {
		t.Fatalf("boston offer to %s, want %s (first choice before second)", o.Applicant, other)
	}
	// Under DA the tier decides instead, but S prefers Y, where it is: not eligible.
	rd := mustAllocate(t, in, "s", DA)
	wd := NewWaitlist(rd)
	if err := wd.Decline(in.ApplicantID(rd.Admitted(0)[0])); err != nil {
		t.Fatal(err)
	}
	if o, _ := wd.Open(); o.Applicant == "S" {
		t.Fatal("S holds its first choice and must not be offered X")
	}
}

// TestWaitlist_Property: on random draws and random answers, every offer is
// NextInLine's; for DA with every offer accepted, the placements stay stable
// among those who have not withdrawn.
func TestWaitlist_Property(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 300 {
		in, _, _ := randomInstance(rng, 30, 5, 4)
		m := []Mechanism{DA, Boston}[trial%2]
		acceptAll := trial%4 < 2
		r := mustAllocate(t, in, fmt.Sprint(trial), m)
		w := NewWaitlist(r)
		for range 10 {
			var placed []string
			for i := range in.NumApplicants() {
				if _, _, ok := w.Placement(in.ApplicantID(i)); ok {
					placed = append(placed, in.ApplicantID(i))
				}
			}
			if len(placed) == 0 {
				break
			}
			if err := w.Decline(placed[rng.IntN(len(placed))]); err != nil {
				t.Fatal(err)
			}
			for {
				o, ok := w.Open()
				if !ok {
					break
				}
				s, _ := in.SchoolIndex(o.School)
				want, ok := NextInLine(r, s, w.current, w.excluded)
				if !ok || in.ApplicantID(want) != o.Applicant {
					t.Fatalf("trial %d: offer to %s, NextInLine says %v", trial, o.Applicant, want)
				}
				if acceptAll || rng.IntN(2) == 0 {
					w.Accept()
				} else {
					w.Refuse()
				}
			}
			if m == DA && acceptAll {
				checkStableCurrent(t, r, w)
			}
		}
	}
}

// checkStableCurrent checks the waitlist's placements for blocking pairs
// among applicants who have not withdrawn.
func checkStableCurrent(t *testing.T, r *Result, w *Waitlist) {
	t.Helper()
	in := r.Instance()
	admitted := make([][]int, in.NumSchools())
	for i, c := range w.current {
		if c >= 0 {
			s, _ := in.Choice(i, c)
			admitted[s] = append(admitted[s], i)
		}
	}
	for s := range admitted {
		if len(admitted[s]) > in.Capacity(s) {
			t.Fatalf("school %s over capacity", in.SchoolID(s))
		}
	}
	for i, c := range w.current {
		if w.withdrawn[i] {
			continue
		}
		if c < 0 {
			c = in.NumChoices(i)
		}
		for j := range c {
			s, ti := in.Choice(i, j)
			if len(admitted[s]) < in.Capacity(s) {
				t.Fatalf("after 递补, %s prefers %s, which has a free seat", in.ApplicantID(i), in.SchoolID(s))
			}
			for _, o := range admitted[s] {
				to, _, _ := tierAt(in, o, s)
				if better(r, i, o, ti, to) {
					t.Fatalf("after 递补, %s prefers %s and outranks %s", in.ApplicantID(i), in.SchoolID(s), in.ApplicantID(o))
				}
			}
		}
	}
}
