// This file is the 双随机一公开 draw: inspection targets drawn from a population and inspectors
// drawn from a pool, avoiding declared conflicts of interest, reproducible by anyone from the
// seed announced at the draw. The algorithm, exactly:
//
//   - target key = SHA-256(seed ‖ 0x00 ‖ target_id); the n targets with the smallest keys are
//     drawn, in key order;
//   - for each drawn target in that order, the inspectors are ranked by
//     SHA-256(seed ‖ 0x00 ‖ target_id ‖ 0x00 ‖ inspector_id), and the first per_target are taken,
//     skipping an inspector who has a conflict with that target or has already reached the load
//     cap ceil(n × per_target ÷ pool size);
//   - if a target cannot be staffed, the draw fails naming it (UnstaffableError).
//
// Seed and ids are hashed as their UTF-8 bytes, exactly as given (no trimming, no Unicode
// normalisation); keys are compared as bytes, lexicographically. The pool size is the number of
// inspectors in the pool, conflicts or not. The result does not depend on the order in which
// targets, inspectors or conflicts are listed.
//
// Decided rules beyond the algorithm:
//   - the seed must be non-empty and ids non-empty; neither may start or end with white space
//     (invisible in an announcement, yet it changes every hash) nor contain a NUL byte (the
//     separator) or invalid UTF-8; an inspector id may not contain ';' (the separator of the
//     published inspector list);
//   - a repeated target id or inspector id is an error; a repeated conflict is harmless and
//     counted once;
//   - a conflict naming an inspector not in the pool or a target not in the population is a
//     warning, not an error (Draw.IgnoredConflicts): declarations are kept for the whole
//     register while each draw uses a filtered population or pool, so such a line is expected;
//     it cannot affect the draw, and it is reported so that a mistyped id is noticed.

package safety

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Target is one member of the population (a school, a kindergarten, a training institution).
type Target struct {
	ID   string
	Name string
	Line int // line in the source file, for messages; 0 when not read from a file
}

// Inspector is one member of the inspector pool.
type Inspector struct {
	ID   string
	Name string
	Line int
}

// Conflict is a declared conflict of interest: the inspector may not inspect the target.
type Conflict struct {
	InspectorID string
	TargetID    string
	Line        int
}

// DrawInput is everything a draw depends on.
type DrawInput struct {
	Seed       string
	N          int // targets to draw
	PerTarget  int // inspectors per target
	Targets    []Target
	Inspectors []Inspector
	Conflicts  []Conflict
}

// Assignment is one drawn target and its inspectors.
type Assignment struct {
	Order        int // 1-based, in target-key order
	TargetID     string
	TargetName   string
	InspectorIDs []string // in rank order
}

// IgnoredConflict is a declared conflict that names an id outside this draw.
type IgnoredConflict struct {
	Conflict Conflict
	Reason   string
}

// Draw is the result of a draw.
type Draw struct {
	Seed             string
	N, PerTarget     int
	PoolSize         int
	LoadCap          int // the most targets one inspector may take
	Assignments      []Assignment
	IgnoredConflicts []IgnoredConflict
}

// UnstaffableError is a draw that failed because a drawn target could not be given per_target
// inspectors.
type UnstaffableError struct {
	Order      int
	TargetID   string
	TargetName string
	PerTarget  int
	Taken      int // inspectors found before the pool ran out
	Conflicted int // inspectors skipped for a conflict with the target
	AtCap      int // inspectors skipped for having reached the load cap
	LoadCap    int
}

func (e *UnstaffableError) Error() string {
	name := e.TargetID + " "
	if e.TargetName != "" {
		name = e.TargetID + "（" + e.TargetName + "）"
	}
	return fmt.Sprintf("抽取失败：第 %d 个抽中的检查对象 %s无法配齐 %d 名检查人员——仅找到 %d 名，"+
		"另有 %d 名与其存在利益冲突须回避、%d 名已达每人 %d 个检查对象的上限；请扩大检查人员库或减少抽取数量",
		e.Order, name, e.PerTarget, e.Taken, e.Conflicted, e.AtCap, e.LoadCap)
}

// TargetKey is SHA-256(seed ‖ 0x00 ‖ target_id).
func TargetKey(seed, targetID string) [32]byte {
	h := sha256.New()
	h.Write([]byte(seed))
	h.Write([]byte{0})
	h.Write([]byte(targetID))
	return [32]byte(h.Sum(nil))
}

// InspectorKey is SHA-256(seed ‖ 0x00 ‖ target_id ‖ 0x00 ‖ inspector_id).
func InspectorKey(seed, targetID, inspectorID string) [32]byte {
	h := sha256.New()
	h.Write([]byte(seed))
	h.Write([]byte{0})
	h.Write([]byte(targetID))
	h.Write([]byte{0})
	h.Write([]byte(inspectorID))
	return [32]byte(h.Sum(nil))
}

// LoadCap is ceil(n × perTarget ÷ poolSize), the most targets one inspector may be given.
func LoadCap(n, perTarget, poolSize int) int {
	if poolSize <= 0 {
		return 0
	}
	return (n*perTarget + poolSize - 1) / poolSize
}

// CheckSeed reports what is wrong with a seed, or "" when it is acceptable.
func CheckSeed(seed string) string {
	if seed == "" {
		return "随机种子不能为空"
	}
	return checkText(seed, "随机种子")
}

// CheckID reports what is wrong with a target or inspector id, or "" when it is acceptable.
func CheckID(id string, inspector bool) string {
	what := "检查对象编号"
	if inspector {
		what = "检查人员编号"
	}
	if id == "" {
		return what + "为空"
	}
	if inspector && strings.Contains(id, ";") {
		return fmt.Sprintf("%s“%s”含有分号（分号用于分隔结果中的检查人员）", what, id)
	}
	return checkText(id, what)
}

func checkText(s, what string) string {
	if !utf8.ValidString(s) {
		return what + "不是有效的 UTF-8 文本"
	}
	if strings.ContainsRune(s, 0) {
		return what + "含有 NUL 字符"
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return fmt.Sprintf("%s“%s”首尾有空白字符", what, s)
	}
	return ""
}

// RunDraw performs the draw. Errors are in Chinese; an unstaffable target is an
// *UnstaffableError.
func RunDraw(in DrawInput) (*Draw, error) {
	if msg := CheckSeed(in.Seed); msg != "" {
		return nil, fmt.Errorf("%s", msg)
	}
	targetByID := make(map[string]Target, len(in.Targets))
	for _, t := range in.Targets {
		if msg := CheckID(t.ID, false); msg != "" {
			return nil, fmt.Errorf("%s", msg)
		}
		if _, dup := targetByID[t.ID]; dup {
			return nil, fmt.Errorf("检查对象编号 %s 重复", t.ID)
		}
		targetByID[t.ID] = t
	}
	inspectorSet := make(map[string]bool, len(in.Inspectors))
	for _, i := range in.Inspectors {
		if msg := CheckID(i.ID, true); msg != "" {
			return nil, fmt.Errorf("%s", msg)
		}
		if inspectorSet[i.ID] {
			return nil, fmt.Errorf("检查人员编号 %s 重复", i.ID)
		}
		inspectorSet[i.ID] = true
	}
	if len(in.Targets) == 0 {
		return nil, fmt.Errorf("没有可抽取的检查对象")
	}
	if len(in.Inspectors) == 0 {
		return nil, fmt.Errorf("检查人员库为空")
	}
	if in.N < 1 || in.N > len(in.Targets) {
		return nil, fmt.Errorf("抽取数量 n 须在 1 到检查对象总数 %d 之间，现为 %d", len(in.Targets), in.N)
	}
	if in.PerTarget < 1 || in.PerTarget > len(in.Inspectors) {
		return nil, fmt.Errorf("每个检查对象的检查人员数 per_target 须在 1 到检查人员总数 %d 之间，现为 %d", len(in.Inspectors), in.PerTarget)
	}

	d := &Draw{
		Seed: in.Seed, N: in.N, PerTarget: in.PerTarget, PoolSize: len(in.Inspectors),
		LoadCap: LoadCap(in.N, in.PerTarget, len(in.Inspectors)),
	}
	type pair struct{ inspector, target string }
	conflict := map[pair]bool{}
	for _, c := range in.Conflicts {
		_, knownTarget := targetByID[c.TargetID]
		switch {
		case !inspectorSet[c.InspectorID] && !knownTarget:
			d.IgnoredConflicts = append(d.IgnoredConflicts, IgnoredConflict{c,
				fmt.Sprintf("检查人员 %s 不在检查人员库中，检查对象 %s 也不在抽取范围内", c.InspectorID, c.TargetID)})
		case !inspectorSet[c.InspectorID]:
			d.IgnoredConflicts = append(d.IgnoredConflicts, IgnoredConflict{c,
				fmt.Sprintf("检查人员 %s 不在检查人员库中", c.InspectorID)})
		case !knownTarget:
			d.IgnoredConflicts = append(d.IgnoredConflicts, IgnoredConflict{c,
				fmt.Sprintf("检查对象 %s 不在抽取范围内", c.TargetID)})
		default:
			conflict[pair{c.InspectorID, c.TargetID}] = true
		}
	}

	type keyed struct {
		key [32]byte
		id  string
	}
	byKey := func(a, b keyed) int {
		if c := bytes.Compare(a.key[:], b.key[:]); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id) // unreachable without a SHA-256 collision
	}
	targets := make([]keyed, len(in.Targets))
	for i, t := range in.Targets {
		targets[i] = keyed{TargetKey(in.Seed, t.ID), t.ID}
	}
	slices.SortFunc(targets, byKey)

	load := map[string]int{}
	ranked := make([]keyed, len(in.Inspectors))
	for order, t := range targets[:in.N] {
		for i, insp := range in.Inspectors {
			ranked[i] = keyed{InspectorKey(in.Seed, t.id, insp.ID), insp.ID}
		}
		slices.SortFunc(ranked, byKey)
		a := Assignment{Order: order + 1, TargetID: t.id, TargetName: targetByID[t.id].Name}
		conflicted, atCap := 0, 0
		for _, r := range ranked {
			if len(a.InspectorIDs) == in.PerTarget {
				break
			}
			switch {
			case conflict[pair{r.id, t.id}]:
				conflicted++
			case load[r.id] >= d.LoadCap:
				atCap++
			default:
				a.InspectorIDs = append(a.InspectorIDs, r.id)
			}
		}
		if len(a.InspectorIDs) < in.PerTarget {
			return nil, &UnstaffableError{
				Order: a.Order, TargetID: t.id, TargetName: a.TargetName, PerTarget: in.PerTarget,
				Taken: len(a.InspectorIDs), Conflicted: conflicted, AtCap: atCap, LoadCap: d.LoadCap,
			}
		}
		for _, id := range a.InspectorIDs {
			load[id]++
		}
		d.Assignments = append(d.Assignments, a)
	}
	return d, nil
}
