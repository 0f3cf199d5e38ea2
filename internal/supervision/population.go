package supervision

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/edubureau/edubureau/internal/safety"
)

// The published files of a draw, in the formats `edubureau safety draw` reads and writes, so that
// anyone can recompute the draw:
//
//	sha256sum targets.csv inspectors.csv conflicts.csv            # = SHA256SUMS
//	sha256sum targets.csv inspectors.csv conflicts.csv | sha256sum  # = the population hash
//	edubureau safety draw --targets targets.csv --inspectors inspectors.csv --conflicts conflicts.csv \
//	    --n N --per-target K --seed SEED --out draw.csv               # = the published draw.csv
//
// The population files are written canonically (UTF-8 without BOM, "\n" line endings, rows sorted
// by id, fields quoted only when CSV needs it), so the same population always has the same hash.
const (
	TargetsFile    = "targets.csv"
	InspectorsFile = "inspectors.csv"
	ConflictsFile  = "conflicts.csv"
	SumsFile       = "SHA256SUMS"
	DrawFile       = "draw.csv"
	ResultsFile    = "results.csv"
)

// Population is what a draw is made from.
type Population struct {
	Targets    []safety.Target
	Inspectors []safety.Inspector
	Conflicts  []safety.Conflict
}

// Frozen is a population written out as its files, with their hash.
type Frozen struct {
	Targets, Inspectors, Conflicts []byte
	Sums                           string // sha256sum output over the three files
	Hash                           string // SHA-256 of Sums, hex
}

// Freeze writes the canonical files of a population and hashes them. Conflicts that name a target
// or an inspector outside the population are left out (they cannot affect the draw); repeated ones
// are written once. Ids are checked as the draw checks them.
func Freeze(p Population) (Frozen, error) {
	ts := slices.Clone(p.Targets)
	slices.SortFunc(ts, func(a, b safety.Target) int { return strings.Compare(a.ID, b.ID) })
	is := slices.Clone(p.Inspectors)
	slices.SortFunc(is, func(a, b safety.Inspector) int { return strings.Compare(a.ID, b.ID) })
	targetSet, inspSet := map[string]bool{}, map[string]bool{}
	var tr, ir, cr [][]string
	for _, t := range ts {
		if msg := safety.CheckID(t.ID, false); msg != "" {
			return Frozen{}, fmt.Errorf("%s", msg)
		}
		if targetSet[t.ID] {
			return Frozen{}, fmt.Errorf("检查对象编号 %s 重复", t.ID)
		}
		targetSet[t.ID] = true
		tr = append(tr, []string{t.ID, oneLine(t.Name)})
	}
	for _, i := range is {
		if msg := safety.CheckID(i.ID, true); msg != "" {
			return Frozen{}, fmt.Errorf("%s", msg)
		}
		if inspSet[i.ID] {
			return Frozen{}, fmt.Errorf("检查人员编号 %s 重复", i.ID)
		}
		inspSet[i.ID] = true
		ir = append(ir, []string{i.ID, oneLine(i.Name)})
	}
	seen := map[[2]string]bool{}
	for _, c := range p.Conflicts {
		k := [2]string{c.InspectorID, c.TargetID}
		if inspSet[c.InspectorID] && targetSet[c.TargetID] && !seen[k] {
			seen[k] = true
			cr = append(cr, []string{c.InspectorID, c.TargetID})
		}
	}
	slices.SortFunc(cr, func(a, b []string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	f := Frozen{
		Targets:    csvBytes(safety.TargetsHeader, tr),
		Inspectors: csvBytes(safety.InspectorsHeader, ir),
		Conflicts:  csvBytes(safety.ConflictsHeader, cr),
	}
	f.Sums, f.Hash = HashFiles(f.Targets, f.Inspectors, f.Conflicts)
	return f, nil
}

// HashFiles returns the sha256sum listing of the three population files and its SHA-256.
func HashFiles(targets, inspectors, conflicts []byte) (sums, hash string) {
	var b strings.Builder
	for _, f := range []struct {
		name string
		data []byte
	}{{TargetsFile, targets}, {InspectorsFile, inspectors}, {ConflictsFile, conflicts}} {
		fmt.Fprintf(&b, "%s  %s\n", Sha256Hex(f.data), f.name)
	}
	return b.String(), Sha256Hex([]byte(b.String()))
}

// Sha256Hex is the SHA-256 of data in lower-case hex.
func Sha256Hex(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// Thaw reads the frozen files back exactly as the CLI reads them.
func Thaw(targets, inspectors, conflicts []byte) (Population, error) {
	var p Population
	var err error
	if p.Targets, err = safety.ReadTargets(bytes.NewReader(targets), TargetsFile); err != nil {
		return p, err
	}
	if p.Inspectors, err = safety.ReadInspectors(bytes.NewReader(inspectors), InspectorsFile); err != nil {
		return p, err
	}
	p.Conflicts, err = safety.ReadConflicts(bytes.NewReader(conflicts), ConflictsFile)
	return p, err
}

// RunFrozen performs the draw over frozen files with the announced seed, returning the draw and its
// draw.csv.
func RunFrozen(f Frozen, seed string, n, perTarget int) (*safety.Draw, []byte, error) {
	p, err := Thaw(f.Targets, f.Inspectors, f.Conflicts)
	if err != nil {
		return nil, nil, err
	}
	d, err := safety.RunDraw(safety.DrawInput{Seed: seed, N: n, PerTarget: perTarget, Targets: p.Targets,
		Inspectors: p.Inspectors, Conflicts: p.Conflicts})
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	if err := safety.WriteDrawCSV(&b, d); err != nil {
		return nil, nil, err
	}
	return d, b.Bytes(), nil
}

func csvBytes(header []string, rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(header)
	_ = w.WriteAll(rows) // WriteAll flushes; a bytes.Buffer does not fail
	return b.Bytes()
}

// oneLine keeps a name on one line (a line break in a name would be legal CSV but confuses readers).
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
