package supervision

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/safety"
)

func TestFreezeIsCanonical(t *testing.T) {
	p := Population{
		Targets:    []safety.Target{{ID: "T2", Name: "乙 机构"}, {ID: "T1", Name: "甲,机构"}, {ID: "T3", Name: "丙\n机构"}},
		Inspectors: []safety.Inspector{{ID: "I2", Name: "李四"}, {ID: "I1", Name: "张三"}},
		Conflicts: []safety.Conflict{{InspectorID: "I2", TargetID: "T1"}, {InspectorID: "I1", TargetID: "T9"}, {InspectorID: "I2", TargetID: "T1"},
			{InspectorID: "I1", TargetID: "T3"}},
	}
	f, err := Freeze(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(f.Targets); got != "target_id,name\nT1,\"甲,机构\"\nT2,乙 机构\nT3,丙 机构\n" {
		t.Errorf("targets.csv = %q", got)
	}
	if got := string(f.Conflicts); got != "inspector_id,target_id\nI1,T3\nI2,T1\n" {
		t.Errorf("conflicts.csv = %q (the conflict outside the population and the repeat must go)", got)
	}
	// Reversed input gives the same files and hash.
	r := Population{Targets: []safety.Target{p.Targets[2], p.Targets[0], p.Targets[1]}, Inspectors: []safety.Inspector{p.Inspectors[1], p.Inspectors[0]},
		Conflicts: []safety.Conflict{p.Conflicts[3], p.Conflicts[0]}}
	g, _ := Freeze(r)
	if g.Hash != f.Hash {
		t.Error("the hash depends on the order of the population")
	}
	// The hash is `sha256sum targets.csv inspectors.csv conflicts.csv | sha256sum`.
	sum := func(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }
	listing := fmt.Sprintf("%s  targets.csv\n%s  inspectors.csv\n%s  conflicts.csv\n", sum(f.Targets), sum(f.Inspectors), sum(f.Conflicts))
	if f.Sums != listing || f.Hash != sum([]byte(listing)) {
		t.Errorf("sums %q hash %s", f.Sums, f.Hash)
	}
	// The files read back as the CLI reads them, and the draw over them is the CLI's.
	d, out, err := RunFrozen(f, "种子", 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range d.Assignments {
		if (a.TargetID == "T1" && a.InspectorIDs[0] == "I2") || (a.TargetID == "T3" && a.InspectorIDs[0] == "I1") {
			t.Errorf("conflicted inspector drawn: %+v", a)
		}
	}
	if !strings.HasPrefix(string(out), "order,target_id,inspector_ids\n1,") {
		t.Errorf("draw.csv %q", out)
	}
	if _, err := Freeze(Population{Targets: []safety.Target{{ID: " T1"}}, Inspectors: p.Inspectors}); err == nil {
		t.Error("an id with a leading space was frozen")
	}
}
