package safety

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

const exampleSeed = "青溪区2025年第二批校外培训机构双随机抽查"

func exampleInput(t *testing.T) DrawInput {
	t.Helper()
	dir := filepath.Join("testdata", "example")
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	in := DrawInput{Seed: exampleSeed, N: 4, PerTarget: 2}
	var err error
	if in.Targets, err = ReadTargets(open("targets.csv"), "targets.csv"); err != nil {
		t.Fatal(err)
	}
	if in.Inspectors, err = ReadInspectors(open("inspectors.csv"), "inspectors.csv"); err != nil {
		t.Fatal(err)
	}
	if in.Conflicts, err = ReadConflicts(open("conflicts.csv"), "conflicts.csv"); err != nil {
		t.Fatal(err)
	}
	return in
}

// keys.txt was written with coreutils sha256sum, outside Go; the hash functions must agree.
func TestKeysMatchHandComputed(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "example", "keys.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checked := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		switch {
		case len(fs) == 3 && fs[0] == "target":
			if k := TargetKey(exampleSeed, fs[2]); hex.EncodeToString(k[:]) != fs[1] {
				t.Errorf("TargetKey(%s) = %x, sha256sum says %s", fs[2], k, fs[1])
			}
			checked++
		case len(fs) == 4 && fs[0] == "inspector":
			if k := InspectorKey(exampleSeed, fs[1], fs[3]); hex.EncodeToString(k[:]) != fs[2] {
				t.Errorf("InspectorKey(%s, %s) = %x, sha256sum says %s", fs[1], fs[3], k, fs[2])
			}
			checked++
		}
	}
	if checked != 8+4*5 {
		t.Fatalf("checked %d keys", checked)
	}
}

// The hand-verified golden file (see keys.txt for the reasoning, row by row).
func TestExampleGolden(t *testing.T) {
	d, err := RunDraw(exampleInput(t))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDrawCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "example", "draw.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(golden) {
		t.Fatalf("draw.csv:\n%s\nwant:\n%s", buf.String(), golden)
	}
	if d.LoadCap != 2 || d.PoolSize != 5 || d.Assignments[0].TargetName != "青溪区启明星艺术培训中心" {
		t.Fatalf("%+v", d)
	}
	if len(d.IgnoredConflicts) != 1 || d.IgnoredConflicts[0].Conflict.Line != 5 ||
		!strings.Contains(d.IgnoredConflicts[0].Reason, "PX99") {
		t.Fatalf("ignored conflicts %+v", d.IgnoredConflicts)
	}
}

func TestExampleUnstaffable(t *testing.T) {
	in := exampleInput(t)
	in.Conflicts = append(in.Conflicts, Conflict{InspectorID: "DX03", TargetID: "PX04"}, Conflict{InspectorID: "DX02", TargetID: "PX04"})
	_, err := RunDraw(in)
	var ue *UnstaffableError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v", err)
	}
	// PX04: DX03 and DX02 conflict, DX04 and DX01 at the cap of 2, only DX05 left.
	want := UnstaffableError{Order: 4, TargetID: "PX04", TargetName: "青溪区乐韵音乐培训学校", PerTarget: 2, Taken: 1, Conflicted: 2, AtCap: 2, LoadCap: 2}
	if *ue != want {
		t.Fatalf("%+v", *ue)
	}
	if !strings.Contains(err.Error(), "PX04（青溪区乐韵音乐培训学校）") || !strings.Contains(err.Error(), "无法配齐 2 名检查人员") {
		t.Fatalf("message %q", err)
	}
}

// refDraw is a second, deliberately plain implementation of the published algorithm: keys as
// hex strings from sha256.Sum256 over concatenated bytes, sorted as strings. It returns the
// assignments, or the id of the target that could not be staffed.
func refDraw(seed string, targets, inspectors []string, conflicts [][2]string, n, k int) ([][]string, string) {
	h := func(parts ...string) string {
		sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
		return hex.EncodeToString(sum[:])
	}
	tk := map[string]string{}
	ts := slices.Clone(targets)
	for _, t := range ts {
		tk[t] = h(seed, t)
	}
	sort.Slice(ts, func(a, b int) bool { return tk[ts[a]] < tk[ts[b]] })
	banned := map[string]bool{}
	for _, c := range conflicts {
		banned[c[0]+"\x00"+c[1]] = true
	}
	limit := (n*k + len(inspectors) - 1) / len(inspectors)
	load := map[string]int{}
	var out [][]string
	for _, t := range ts[:n] {
		is := slices.Clone(inspectors)
		ik := map[string]string{}
		for _, i := range is {
			ik[i] = h(seed, t, i)
		}
		sort.Slice(is, func(a, b int) bool { return ik[is[a]] < ik[is[b]] })
		row := []string{t}
		for _, i := range is {
			if len(row) == k+1 {
				break
			}
			if banned[i+"\x00"+t] || load[i] >= limit {
				continue
			}
			row = append(row, i)
		}
		if len(row) < k+1 {
			return nil, t
		}
		for _, i := range row[1:] {
			load[i]++
		}
		out = append(out, row)
	}
	return out, ""
}

type instance struct {
	in                     DrawInput
	targets, inspectors    []string
	conflicts              [][2]string
	conflictByPair         map[[2]string]bool
	unknownConflictsPassed int
}

func randomInstance(r *rand.Rand) instance {
	var x instance
	nt, ni := 1+r.IntN(30), 1+r.IntN(12)
	for i := range nt {
		id := fmt.Sprintf("T%03d", i)
		if r.IntN(5) == 0 {
			id = fmt.Sprintf("学校-%d", i) // non-ASCII ids too
		}
		x.targets = append(x.targets, id)
		x.in.Targets = append(x.in.Targets, Target{ID: id, Name: "对象" + id})
	}
	for i := range ni {
		id := fmt.Sprintf("I%02d", i)
		x.inspectors = append(x.inspectors, id)
		x.in.Inspectors = append(x.in.Inspectors, Inspector{ID: id})
	}
	x.conflictByPair = map[[2]string]bool{}
	for range r.IntN(nt*ni/2 + 1) {
		c := [2]string{x.inspectors[r.IntN(ni)], x.targets[r.IntN(nt)]}
		x.conflicts = append(x.conflicts, c)
		x.conflictByPair[c] = true
		x.in.Conflicts = append(x.in.Conflicts, Conflict{InspectorID: c[0], TargetID: c[1]})
	}
	// Conflicts naming ids outside the draw are ignored.
	for range r.IntN(3) {
		x.in.Conflicts = append(x.in.Conflicts, Conflict{InspectorID: "I99", TargetID: x.targets[0]})
		x.unknownConflictsPassed++
	}
	x.in.Seed = fmt.Sprintf("种子-%d", r.Uint64())
	x.in.N = 1 + r.IntN(nt)
	x.in.PerTarget = 1 + r.IntN(ni)
	return x
}

// RunDraw agrees with the reference implementation on random instances, successes and failures.
func TestMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(2025, 7))
	ok, failed := 0, 0
	for range 3000 {
		x := randomInstance(r)
		want, wantFail := refDraw(x.in.Seed, x.targets, x.inspectors, x.conflicts, x.in.N, x.in.PerTarget)
		d, err := RunDraw(x.in)
		if wantFail != "" {
			var ue *UnstaffableError
			if !errors.As(err, &ue) || ue.TargetID != wantFail || !strings.Contains(err.Error(), wantFail) {
				t.Fatalf("reference fails on %s, RunDraw: %v", wantFail, err)
			}
			if ue.Taken+ue.Conflicted+ue.AtCap != len(x.inspectors) || ue.Taken >= x.in.PerTarget {
				t.Fatalf("counts %+v", *ue)
			}
			failed++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Assignments) != len(want) {
			t.Fatalf("%d assignments, want %d", len(d.Assignments), len(want))
		}
		for i, a := range d.Assignments {
			if a.Order != i+1 || a.TargetID != want[i][0] || !slices.Equal(a.InspectorIDs, want[i][1:]) {
				t.Fatalf("row %d: %+v, want %v", i, a, want[i])
			}
		}
		if len(d.IgnoredConflicts) != x.unknownConflictsPassed {
			t.Fatalf("ignored %d, want %d", len(d.IgnoredConflicts), x.unknownConflictsPassed)
		}
		ok++
	}
	t.Logf("%d drawn, %d unstaffable", ok, failed)
	if ok < 500 || failed < 100 {
		t.Fatalf("instances too one-sided: %d drawn, %d unstaffable", ok, failed)
	}
}

// Invariants that hold whatever the implementation: no conflict drawn, the load cap, distinct
// inspectors, the drawn targets are the n smallest keys, and the input order does not matter.
func TestDrawProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		x := randomInstance(r)
		d, err := RunDraw(x.in)
		if err != nil {
			var ue *UnstaffableError
			if !errors.As(err, &ue) {
				t.Fatal(err)
			}
			continue
		}
		load := map[string]int{}
		for _, a := range d.Assignments {
			if len(a.InspectorIDs) != x.in.PerTarget {
				t.Fatalf("%s has %d inspectors", a.TargetID, len(a.InspectorIDs))
			}
			seen := map[string]bool{}
			for _, i := range a.InspectorIDs {
				if x.conflictByPair[[2]string{i, a.TargetID}] {
					t.Fatalf("conflicted inspector %s drawn for %s", i, a.TargetID)
				}
				if seen[i] {
					t.Fatalf("%s twice on %s", i, a.TargetID)
				}
				seen[i] = true
				load[i]++
			}
		}
		limit := LoadCap(x.in.N, x.in.PerTarget, len(x.inspectors))
		for i, l := range load {
			if l > limit {
				t.Fatalf("%s has %d targets, cap %d", i, l, limit)
			}
		}
		keys := make([]string, len(x.targets))
		for i, id := range x.targets {
			k := TargetKey(x.in.Seed, id)
			keys[i] = string(k[:])
		}
		slices.Sort(keys)
		for i, a := range d.Assignments {
			if k := TargetKey(x.in.Seed, a.TargetID); string(k[:]) != keys[i] {
				t.Fatalf("row %d is not the %d-th smallest key", i+1, i+1)
			}
		}
		shuffled := x.in
		shuffled.Targets = slices.Clone(x.in.Targets)
		shuffled.Inspectors = slices.Clone(x.in.Inspectors)
		shuffled.Conflicts = slices.Clone(x.in.Conflicts)
		r.Shuffle(len(shuffled.Targets), func(i, j int) { shuffled.Targets[i], shuffled.Targets[j] = shuffled.Targets[j], shuffled.Targets[i] })
		r.Shuffle(len(shuffled.Inspectors), func(i, j int) {
			shuffled.Inspectors[i], shuffled.Inspectors[j] = shuffled.Inspectors[j], shuffled.Inspectors[i]
		})
		r.Shuffle(len(shuffled.Conflicts), func(i, j int) {
			shuffled.Conflicts[i], shuffled.Conflicts[j] = shuffled.Conflicts[j], shuffled.Conflicts[i]
		})
		d2, err := RunDraw(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		var b1, b2 bytes.Buffer
		WriteDrawCSV(&b1, d)
		WriteDrawCSV(&b2, d2)
		if b1.String() != b2.String() {
			t.Fatalf("input order changed the draw:\n%s\n%s", b1.String(), b2.String())
		}
	}
}

func TestDrawEdges(t *testing.T) {
	in := DrawInput{Seed: "s", N: 3, PerTarget: 2,
		Targets:    []Target{{ID: "A"}, {ID: "B"}, {ID: "C"}},
		Inspectors: []Inspector{{ID: "x"}, {ID: "y"}},
	}
	// n = all targets and per_target = the whole pool: the cap is n, everyone goes everywhere.
	d, err := RunDraw(in)
	if err != nil {
		t.Fatal(err)
	}
	if d.LoadCap != 3 || len(d.Assignments) != 3 {
		t.Fatalf("%+v", d)
	}
	// A single conflict with a whole-pool draw makes that target unstaffable.
	in.Conflicts = []Conflict{{InspectorID: "y", TargetID: "B"}, {InspectorID: "y", TargetID: "B"}}
	if _, err := RunDraw(in); err == nil || !strings.Contains(err.Error(), " B ") {
		t.Fatalf("err = %v", err)
	}
	if LoadCap(4, 2, 5) != 2 || LoadCap(5, 2, 5) != 2 || LoadCap(6, 2, 5) != 3 || LoadCap(1, 1, 10) != 1 {
		t.Fatal("LoadCap")
	}
}

func TestDrawValidation(t *testing.T) {
	base := func() DrawInput {
		return DrawInput{Seed: "s", N: 1, PerTarget: 1,
			Targets:    []Target{{ID: "A"}, {ID: "B"}},
			Inspectors: []Inspector{{ID: "x"}, {ID: "y"}},
		}
	}
	cases := []struct {
		name   string
		change func(*DrawInput)
		want   string
	}{
		{"n = 0", func(in *DrawInput) { in.N = 0 }, "抽取数量 n 须在 1 到检查对象总数 2 之间，现为 0"},
		{"n too large", func(in *DrawInput) { in.N = 3 }, "现为 3"},
		{"per_target = 0", func(in *DrawInput) { in.PerTarget = 0 }, "per_target 须在 1 到检查人员总数 2 之间"},
		{"per_target too large", func(in *DrawInput) { in.PerTarget = 3 }, "现为 3"},
		{"duplicate target", func(in *DrawInput) { in.Targets = append(in.Targets, Target{ID: "A"}) }, "检查对象编号 A 重复"},
		{"duplicate inspector", func(in *DrawInput) { in.Inspectors = append(in.Inspectors, Inspector{ID: "y"}) }, "检查人员编号 y 重复"},
		{"empty seed", func(in *DrawInput) { in.Seed = "" }, "随机种子不能为空"},
		{"seed with trailing space", func(in *DrawInput) { in.Seed = "s " }, "首尾有空白"},
		{"seed with NUL", func(in *DrawInput) { in.Seed = "a\x00b" }, "NUL"},
		{"invalid UTF-8 id", func(in *DrawInput) { in.Targets[0].ID = "\xff" }, "UTF-8"},
		{"empty id", func(in *DrawInput) { in.Inspectors[0].ID = "" }, "检查人员编号为空"},
		{"semicolon", func(in *DrawInput) { in.Inspectors[0].ID = "x;z" }, "分号"},
		{"no inspectors", func(in *DrawInput) { in.Inspectors = nil }, "检查人员库为空"},
		{"no targets", func(in *DrawInput) { in.Targets = nil }, "没有可抽取的检查对象"},
	}
	for _, c := range cases {
		in := base()
		c.change(&in)
		if _, err := RunDraw(in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if _, err := RunDraw(base()); err != nil {
		t.Fatal(err)
	}
}
