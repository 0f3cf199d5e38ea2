package enroll

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/quick"
)

// better reports whether applicant a outranks applicant b at a school where
// their tiers are ta and tb: (tier, lottery key) ascending.
func better(r *Result, a, b, ta, tb int) bool {
	if ta != tb {
		return ta < tb
	}
	ka, kb := r.Key(a), r.Key(b)
	return bytes.Compare(ka[:], kb[:]) < 0
}

// tierAt returns applicant i's tier at school s and the rank of s in their
// list, or ok=false when they did not choose s.
func tierAt(in *Instance, i, s int) (tier, rank int, ok bool) {
	for j := range in.NumChoices(i) {
		if cs, t := in.Choice(i, j); cs == s {
			return t, j, true
		}
	}
	return 0, 0, false
}

// checkFeasible checks capacities, at most one school each, only chosen
// schools, and that the reported choice rank is right.
func checkFeasible(t *testing.T, r *Result) {
	t.Helper()
	in := r.Instance()
	count := make([]int, in.NumSchools())
	for i := range in.NumApplicants() {
		s, c, ok := r.Assignment(i)
		if !ok {
			continue
		}
		if c < 0 || c >= in.NumChoices(i) {
			t.Fatalf("applicant %s: choice rank %d out of range", in.ApplicantID(i), c)
		}
		if cs, _ := in.Choice(i, c); cs != s {
			t.Fatalf("applicant %s: placed at %s, which is not their choice %d", in.ApplicantID(i), in.SchoolID(s), c+1)
		}
		count[s]++
	}
	for s, c := range count {
		if c > in.Capacity(s) {
			t.Fatalf("school %s: %d admitted, capacity %d", in.SchoolID(s), c, in.Capacity(s))
		}
	}
}

// checkStable checks that no applicant and school would both rather be
// matched to each other: for every school an applicant prefers to their
// placement, the school is full and everyone it admitted outranks them.
func checkStable(t *testing.T, r *Result) {
	t.Helper()
	in := r.Instance()
	admitted := make([][]int, in.NumSchools())
	for i := range in.NumApplicants() {
		if s, _, ok := r.Assignment(i); ok {
			admitted[s] = append(admitted[s], i)
		}
	}
	for i := range in.NumApplicants() {
		_, c, ok := r.Assignment(i)
		if !ok {
			c = in.NumChoices(i)
		}
		for j := range c {
			s, ti := in.Choice(i, j)
			if len(admitted[s]) < in.Capacity(s) {
				t.Fatalf("blocking pair: %s prefers %s (choice %d), which has a free seat", in.ApplicantID(i), in.SchoolID(s), j+1)
			}
			for _, o := range admitted[s] {
				to, _, _ := tierAt(in, o, s)
				if better(r, i, o, ti, to) {
					t.Fatalf("blocking pair: %s prefers %s (choice %d) and outranks admitted %s", in.ApplicantID(i), in.SchoolID(s), j+1, in.ApplicantID(o))
				}
			}
		}
	}
}

// referenceDA is textbook student-proposing deferred acceptance: a queue of
// free applicants; each proposal is added to the school's list, which is
// re-sorted and cut to capacity. It returns the choice index per applicant.
func referenceDA(r *Result) []int {
	in := r.Instance()
	n := in.NumApplicants()
	next := make([]int, n)
	pick := make([]int, n)
	for i := range pick {
		pick[i] = -1
	}
	held := make([][]int, in.NumSchools())
	queue := make([]int, n)
	for i := range queue {
		queue[i] = i
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		if next[i] >= in.NumChoices(i) {
			continue
		}
		s, _ := in.Choice(i, next[i])
		pick[i] = next[i]
		next[i]++
		held[s] = append(held[s], i)
		slices.SortFunc(held[s], func(a, b int) int {
			ta, _, _ := tierAt(in, a, s)
			tb, _, _ := tierAt(in, b, s)
			if better(r, a, b, ta, tb) {
				return -1
			}
			return 1
		})
		for len(held[s]) > in.Capacity(s) {
			out := held[s][len(held[s])-1]
			held[s] = held[s][:len(held[s])-1]
			pick[out] = -1
			queue = append(queue, out)
		}
	}
	return pick
}

// referenceBoston follows the round semantics literally.
func referenceBoston(r *Result) []int {
	in := r.Instance()
	n := in.NumApplicants()
	pick := make([]int, n)
	for i := range pick {
		pick[i] = -1
	}
	left := make([]int, in.NumSchools())
	for s := range left {
		left[s] = in.Capacity(s)
	}
	for k := 0; ; k++ {
		applying := make([][]int, in.NumSchools())
		any := false
		for i := range n {
			if pick[i] < 0 && k < in.NumChoices(i) {
				s, _ := in.Choice(i, k)
				applying[s] = append(applying[s], i)
				any = true
			}
		}
		if !any {
			return pick
		}
		for s, as := range applying {
			slices.SortFunc(as, func(a, b int) int {
				_, ta := in.Choice(a, k)
				_, tb := in.Choice(b, k)
				if better(r, a, b, ta, tb) {
					return -1
				}
				return 1
			})
			for _, i := range as[:min(len(as), left[s])] {
				pick[i] = k
			}
			left[s] -= min(len(as), left[s])
		}
	}
}

func picks(r *Result) []int {
	out := make([]int, r.Instance().NumApplicants())
	for i := range out {
		_, c, ok := r.Assignment(i)
		if !ok {
			c = -1
		}
		out[i] = c
	}
	return out
}

func mustAllocate(t testing.TB, in *Instance, seed string, m Mechanism) *Result {
	t.Helper()
	r, err := Allocate(in, seed, m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDA_StableAndMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 400 {
		in, _, _ := randomInstance(rng, 40, 6, 4)
		seed := fmt.Sprint("seed-", trial)
		r := mustAllocate(t, in, seed, DA)
		checkFeasible(t, r)
		checkStable(t, r)
		if got, want := picks(r), referenceDA(r); !slices.Equal(got, want) {
			t.Fatalf("trial %d: DA %v, reference %v", trial, got, want)
		}
	}
}

func TestDA_Quick(t *testing.T) {
	// testing/quick drives the instance generator's seed.
	f := func(a, b uint64, seed string) bool {
		if CheckSeed(seed) != nil {
			seed = "x" + hex.EncodeToString([]byte(seed))
		}
		in, _, _ := randomInstance(rand.New(rand.NewPCG(a, b)), 30, 5, 5)
		r := mustAllocate(t, in, seed, DA)
		checkFeasible(t, r)
		checkStable(t, r)
		return slices.Equal(picks(r), referenceDA(r))
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 300, Rand: nil}); err != nil {
		t.Fatal(err)
	}
}

func TestBoston_FollowsRounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 400 {
		in, _, _ := randomInstance(rng, 40, 6, 4)
		r := mustAllocate(t, in, fmt.Sprint(trial), Boston)
		checkFeasible(t, r)
		if got, want := picks(r), referenceBoston(r); !slices.Equal(got, want) {
			t.Fatalf("trial %d: Boston %v, reference %v", trial, got, want)
		}
	}
}

// TestLarge_ParallelPaths runs instances big enough for the parallel key
// hashing, ranking and CSV formatting, against the references.
func TestLarge_ParallelPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("large instance")
	}
	// 40,000 applicants: above twice parallelMin, so two workers even here.
	in := genInstance(genSpec{applicants: 40_000, schools: 40, choices: 4, seatsPerApplicant: 0.9, skew: 1.2, seed: 7})
	for _, m := range []Mechanism{DA, Boston} {
		r := mustAllocate(t, in, "20250701", m)
		checkFeasible(t, r)
		var want []int
		if m == DA {
			want = referenceDA(r)
		} else {
			want = referenceBoston(r)
		}
		if !slices.Equal(picks(r), want) {
			t.Fatalf("%s differs from the reference", m)
		}
		// Keys are SHA-256(seed ‖ 0 ‖ id) and Order sorts them.
		order := r.Order()
		for k, i := range order {
			if r.Key(i) != sha256.Sum256([]byte("20250701\x00"+in.ApplicantID(i))) {
				t.Fatalf("key of %s", in.ApplicantID(i))
			}
			if k > 0 {
				a, b := r.Key(order[k-1]), r.Key(i)
				if bytes.Compare(a[:], b[:]) >= 0 {
					t.Fatalf("order not ascending at %d", k)
				}
			}
		}
		// The chunked, parallel CSV equals a plain serial rendering.
		var got bytes.Buffer
		if err := r.WriteCSV(&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), serialResultCSV(r)) {
			t.Fatal("parallel result CSV differs from the serial rendering")
		}
		if h := sha256.Sum256(got.Bytes()); hex.EncodeToString(h[:]) != r.Hash() {
			t.Fatal("result hash is not the SHA-256 of the CSV")
		}
	}
	checkStable(t, mustAllocate(t, genInstance(genSpec{applicants: 20_000, schools: 30, choices: 3, seatsPerApplicant: 0.8, skew: 1, seed: 8}), "s", DA))
}

// serialResultCSV renders a result with encoding/csv, row by row.
func serialResultCSV(r *Result) []byte {
	in := r.Instance()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(strings.Split(ResultHeader, ","))
	for i := range in.NumApplicants() {
		k := r.Key(i)
		row := []string{in.ApplicantID(i), "", "", hex.EncodeToString(k[:])}
		if s, c, ok := r.Assignment(i); ok {
			row[1], row[2] = in.SchoolID(s), fmt.Sprint(c+1)
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

func TestSameInputsSameBytes_DifferentSeedDiffers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50 {
		_, schools, applicants := randomInstance(rng, 40, 5, 3)
		// An oversubscribed instance: one seat at S0 that everyone wants first.
		schools[0].Capacity = 1
		for i := range applicants {
			applicants[i].Choices = append([]string{"S0"}, slices.DeleteFunc(applicants[i].Choices, func(s string) bool { return s == "S0" })...)
			applicants[i].Tiers = slices.Repeat([]int{1}, len(applicants[i].Choices))
		}
		applicants = append(applicants, Applicant{ID: "extra-1", Choices: []string{"S0"}, Tiers: []int{1}}, Applicant{ID: "extra-2", Choices: []string{"S0"}, Tiers: []int{1}})
		for _, m := range []Mechanism{DA, Boston} {
			in1, err := NewInstance(schools, applicants)
			if err != nil {
				t.Fatal(err)
			}
			// Registration order never matters: shuffle the applicants.
			shuffled := slices.Clone(applicants)
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			in2, err := NewInstance(schools, shuffled)
			if err != nil {
				t.Fatal(err)
			}
			a, b := csvBytes(t, mustAllocate(t, in1, "731", m)), csvBytes(t, mustAllocate(t, in2, "731", m))
			if !bytes.Equal(a, b) {
				t.Fatalf("%s: same inputs and seed gave different bytes", m)
			}
			if in1.ListHash() != in2.ListHash() {
				t.Fatal("list hash depends on registration order")
			}
			if c := csvBytes(t, mustAllocate(t, in1, "732", m)); bytes.Equal(a, c) {
				t.Fatalf("%s: a different seed gave the same result", m)
			}
			// Who wins the single seat must depend on the seed too.
			winners := map[int]bool{}
			for s := range 20 {
				r := mustAllocate(t, in1, fmt.Sprint("w", s), m)
				winners[r.Admitted(0)[0]] = true
			}
			if len(winners) < 2 {
				t.Fatalf("%s: the seed never changes who gets the oversubscribed seat", m)
			}
		}
	}
}

func csvBytes(t *testing.T, r *Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLotteryKey_KnownAnswer(t *testing.T) {
	// SHA-256 of "2025\x00A001", computed independently.
	want := sha256.Sum256([]byte{'2', '0', '2', '5', 0, 'A', '0', '0', '1'})
	if got := LotteryKey("2025", "A001"); got != want {
		t.Fatalf("LotteryKey = %x, want %x", got, want)
	}
	// UTF-8 bytes, not code points or GBK.
	if got, want := LotteryKey("种子", "张三"), sha256.Sum256([]byte("种子\x00张三")); got != want {
		t.Fatal("non-ASCII key")
	}
	// The separator keeps ("ab","c") and ("a","bc") apart.
	if LotteryKey("ab", "c") == LotteryKey("a", "bc") {
		t.Fatal("ambiguous concatenation")
	}
}

func TestAppendField_MatchesEncodingCSV(t *testing.T) {
	f := func(s string) bool {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{s, "x"})
		w.Flush()
		got := string(appendField(nil, s)) + ",x\n"
		return got == b.String()
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 5000}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", `\.`, " a", "\u3000a", "a,b", `a"b`, "a\nb", "a\rb", "张三"} {
		if !f(s) {
			t.Fatalf("%q quoted differently from encoding/csv", s)
		}
	}
}

func TestAllocate_RejectsBadSeedAndMechanism(t *testing.T) {
	in, err := NewInstance([]School{{ID: "S", Capacity: 1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []string{"", " 1", "1 ", "1\n", "\xff"} {
		if _, err := Allocate(in, seed, DA); err == nil {
			t.Errorf("seed %q accepted", seed)
		}
	}
	if _, err := Allocate(in, "1", "random"); err == nil || !strings.Contains(err.Error(), "派位方式") {
		t.Errorf("mechanism: %v", err)
	}
	r := mustAllocate(t, in, "1", DA)
	if got := string(csvBytes(t, r)); got != ResultHeader+"\n" {
		t.Fatalf("empty result %q", got)
	}
}

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestAppendHexKey(t *testing.T) {
	f := func(k [32]byte) bool {
		return string(appendHexKey([]byte("x"), &k)) == "x"+hex.EncodeToString(k[:])
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 10000}); err != nil {
		t.Fatal(err)
	}
	var all [32]byte
	for b := range 256 {
		all[b%32] = byte(b)
		if !f(all) {
			t.Fatalf("byte %#x", b)
		}
	}
}
