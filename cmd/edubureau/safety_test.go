package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const drawExampleDir = "../../internal/safety/testdata/example"
const drawExampleSeed = "青溪区2025年第二批校外培训机构双随机抽查"

// refDraw is a tiny reference implementation of the published algorithm, written from the issue
// text alone, producing the expected draw.csv (or the id of the unstaffable target).
func refDraw(seed string, targets, inspectors []string, conflicts map[[2]string]bool, n, k int) (string, string) {
	key := func(parts ...string) string {
		var b []byte
		for i, p := range parts {
			if i > 0 {
				b = append(b, 0)
			}
			b = append(b, p...)
		}
		s := sha256.Sum256(b)
		return string(s[:])
	}
	ts := slices.Clone(targets)
	slices.SortFunc(ts, func(a, b string) int { return strings.Compare(key(seed, a), key(seed, b)) })
	limit := (n*k + len(inspectors) - 1) / len(inspectors)
	load := map[string]int{}
	out := "order,target_id,inspector_ids\n"
	for order, t := range ts[:n] {
		is := slices.Clone(inspectors)
		slices.SortFunc(is, func(a, b string) int { return strings.Compare(key(seed, t, a), key(seed, t, b)) })
		var took []string
		for _, i := range is {
			if len(took) < k && !conflicts[[2]string{i, t}] && load[i] < limit {
				took = append(took, i)
			}
		}
		if len(took) < k {
			return "", t
		}
		for _, i := range took {
			load[i]++
		}
		out += fmt.Sprintf("%d,%s,%s\n", order+1, t, strings.Join(took, ";"))
	}
	return out, ""
}

func drawArgs(dir, targets, inspectors, conflicts, n, k, seed, out string) []string {
	return []string{"safety", "draw",
		"--targets", filepath.Join(dir, targets), "--inspectors", filepath.Join(dir, inspectors),
		"--conflicts", filepath.Join(dir, conflicts), "--n", n, "--per-target", k, "--seed", seed, "--out", out}
}

func runDraw(t *testing.T, args []string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSafetyDraw_Example(t *testing.T) {
	out := filepath.Join(t.TempDir(), "draw.csv")
	stdout, stderr, err := runDraw(t, drawArgs(drawExampleDir, "targets.csv", "inspectors.csv", "conflicts.csv", "4", "2", drawExampleSeed, out))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	got := readFile(t, out)
	// The hand-verified golden file (internal/safety/testdata/example/keys.txt has the working).
	if golden := readFile(t, filepath.Join(drawExampleDir, "draw.csv")); got != golden {
		t.Fatalf("draw.csv:\n%s\ngolden:\n%s", got, golden)
	}
	// The reference implementation on the same data.
	want, fail := refDraw(drawExampleSeed,
		[]string{"PX01", "PX02", "PX03", "PX04", "PX05", "PX06", "PX07", "PX08"},
		[]string{"DX01", "DX02", "DX03", "DX04", "DX05"},
		map[[2]string]bool{{"DX05", "PX01"}: true, {"DX05", "PX06"}: true, {"DX02", "PX03"}: true}, 4, 2)
	if fail != "" || got != want {
		t.Fatalf("draw.csv:\n%s\nreference (%s):\n%s", got, fail, want)
	}
	if got != "order,target_id,inspector_ids\n1,PX01,DX04;DX01\n2,PX07,DX02;DX01\n3,PX06,DX04;DX03\n4,PX04,DX03;DX02\n" {
		t.Fatalf("draw.csv:\n%s", got)
	}
	for _, s := range []string{"随机种子：" + drawExampleSeed, "从 8 个检查对象中抽取 4 个，每个对象 2 名检查人员（检查人员库 5 人，每人至多 2 个对象）", "结果已写入 " + out} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, stdout)
		}
	}
	wantWarn := "警告：" + filepath.Join(drawExampleDir, "conflicts.csv") + " 第 5 行：检查对象 PX99 不在抽取范围内，该回避声明与本次抽取无关，已忽略\n"
	if stderr != wantWarn {
		t.Errorf("stderr %q, want %q", stderr, wantWarn)
	}
	if !strings.Contains(fullUsage(), "safety draw --targets") {
		t.Error("help text lacks the safety command")
	}
}

func TestSafetyDraw_SameSeedSameBytes(t *testing.T) {
	dir := t.TempDir()
	var outs []string
	for i, seed := range []string{drawExampleSeed, drawExampleSeed, "另一个种子"} {
		out := filepath.Join(dir, fmt.Sprintf("draw%d.csv", i))
		if _, stderr, err := runDraw(t, drawArgs(drawExampleDir, "targets.csv", "inspectors.csv", "conflicts.csv", "4", "2", seed, out)); err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		outs = append(outs, readFile(t, out))
	}
	if outs[0] != outs[1] {
		t.Fatalf("same seed, different output:\n%s\n%s", outs[0], outs[1])
	}
	if outs[0] == outs[2] {
		t.Fatal("a different seed gave the same draw")
	}
	// The row order of the input files does not matter either.
	targets := strings.Split(strings.TrimSuffix(readFile(t, filepath.Join(drawExampleDir, "targets.csv")), "\n"), "\n")
	slices.Reverse(targets[1:])
	os.WriteFile(filepath.Join(dir, "targets.csv"), []byte(strings.Join(targets, "\n")+"\n"), 0o644)
	for _, f := range []string{"inspectors.csv", "conflicts.csv"} {
		os.WriteFile(filepath.Join(dir, f), []byte(readFile(t, filepath.Join(drawExampleDir, f))), 0o644)
	}
	out := filepath.Join(dir, "reordered.csv")
	if _, _, err := runDraw(t, drawArgs(dir, "targets.csv", "inspectors.csv", "conflicts.csv", "4", "2", drawExampleSeed, out)); err != nil {
		t.Fatal(err)
	}
	if readFile(t, out) != outs[0] {
		t.Fatal("reordered targets.csv changed the draw")
	}
}

// Random instances through the CLI: conflicts are never drawn, the load cap holds, and the
// output is what the reference implementation says, or the error names the target it fails on.
func TestSafetyDraw_RandomInstances(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	dir := t.TempDir()
	drawn, failed := 0, 0
	for iter := range 150 {
		nt, ni := 2+r.IntN(15), 2+r.IntN(8)
		var targets, inspectors []string
		tcsv, icsv, ccsv := "target_id,name\n", "inspector_id,name\n", "inspector_id,target_id\n"
		for i := range nt {
			id := fmt.Sprintf("X%02d", i)
			targets = append(targets, id)
			tcsv += id + ",机构" + id + "\n"
		}
		for i := range ni {
			id := fmt.Sprintf("D%02d", i)
			inspectors = append(inspectors, id)
			icsv += id + ",督学" + id + "\n"
		}
		conflicts := map[[2]string]bool{}
		for range r.IntN(nt * ni / 2) {
			c := [2]string{inspectors[r.IntN(ni)], targets[r.IntN(nt)]}
			conflicts[c] = true
			ccsv += c[0] + "," + c[1] + "\n"
		}
		n, k := 1+r.IntN(nt), 1+r.IntN(ni)
		seed := "第" + strconv.Itoa(iter) + "批"
		for name, data := range map[string]string{"t.csv": tcsv, "i.csv": icsv, "c.csv": ccsv} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out := filepath.Join(dir, "draw.csv")
		os.Remove(out)
		_, _, err := runDraw(t, drawArgs(dir, "t.csv", "i.csv", "c.csv", strconv.Itoa(n), strconv.Itoa(k), seed, out))
		want, fail := refDraw(seed, targets, inspectors, conflicts, n, k)
		if fail != "" {
			if err == nil || !strings.Contains(err.Error(), "检查对象 "+fail+"（机构"+fail+"）无法配齐") {
				t.Fatalf("instance %d: reference fails on %s; got %v", iter, fail, err)
			}
			if _, statErr := os.Stat(out); statErr == nil {
				t.Fatalf("instance %d: output written for a failed draw", iter)
			}
			failed++
			continue
		}
		if err != nil {
			t.Fatalf("instance %d: %v", iter, err)
		}
		got := readFile(t, out)
		if got != want {
			t.Fatalf("instance %d:\n%s\nwant:\n%s", iter, got, want)
		}
		recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		load := map[string]int{}
		for _, rec := range recs[1:] {
			ids := strings.Split(rec[2], ";")
			if len(ids) != k {
				t.Fatalf("instance %d: %v", iter, rec)
			}
			for _, i := range ids {
				if conflicts[[2]string{i, rec[1]}] {
					t.Fatalf("instance %d: conflicted %s drawn for %s", iter, i, rec[1])
				}
				load[i]++
			}
		}
		for i, l := range load {
			if limit := (n*k + ni - 1) / ni; l > limit {
				t.Fatalf("instance %d: %s has %d targets, cap %d", iter, i, l, limit)
			}
		}
		drawn++
	}
	if drawn < 30 || failed < 10 {
		t.Fatalf("instances too one-sided: %d drawn, %d failed", drawn, failed)
	}
}

func TestSafetyDraw_Unstaffable(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"targets.csv", "inspectors.csv"} {
		os.WriteFile(filepath.Join(dir, f), []byte(readFile(t, filepath.Join(drawExampleDir, f))), 0o644)
	}
	conflicts := readFile(t, filepath.Join(drawExampleDir, "conflicts.csv")) + "DX03,PX04\nDX02,PX04\n"
	os.WriteFile(filepath.Join(dir, "conflicts.csv"), []byte(conflicts), 0o644)
	out := filepath.Join(dir, "draw.csv")
	os.WriteFile(out, []byte("previous draw\n"), 0o644)
	_, _, err := runDraw(t, drawArgs(dir, "targets.csv", "inspectors.csv", "conflicts.csv", "4", "2", drawExampleSeed, out))
	want := "抽取失败：第 4 个抽中的检查对象 PX04（青溪区乐韵音乐培训学校）无法配齐 2 名检查人员——仅找到 1 名，" +
		"另有 2 名与其存在利益冲突须回避、2 名已达每人 2 个检查对象的上限"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, out) != "previous draw\n" {
		t.Fatal("a failed draw touched the output file")
	}
	if es, _ := os.ReadDir(dir); len(es) != 4 {
		t.Fatalf("files left behind: %v", es)
	}
}

func TestSafetyDraw_BadInput(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"targets.csv":     readFile(t, filepath.Join(drawExampleDir, "targets.csv")),
		"inspectors.csv":  readFile(t, filepath.Join(drawExampleDir, "inspectors.csv")),
		"conflicts.csv":   readFile(t, filepath.Join(drawExampleDir, "conflicts.csv")),
		"dup.csv":         "target_id,name\nPX01,甲\nPX02,乙\nPX01,丙\n",
		"badheader.csv":   "inspector_id,姓名\nDX01,王\n",
		"shortrow.csv":    "inspector_id,target_id\nDX01,PX01\nDX02\n",
		"gbk.csv":         "target_id,name\nPX01,\xc7\xe0\xcf\xaa\n",
		"emptyid.csv":     "inspector_id,name\nDX01,王\n,李\n",
		"headeronly.csv":  "target_id,name\n",
		"conflictsid.csv": "inspector_id,target_id\nDX01, PX01\n",
	}
	for name, data := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644)
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	out := p("draw.csv")
	base := func() map[string]string {
		return map[string]string{"targets": p("targets.csv"), "inspectors": p("inspectors.csv"), "conflicts": p("conflicts.csv"),
			"n": "4", "per-target": "2", "seed": drawExampleSeed, "out": out}
	}
	cases := []struct {
		name  string
		flags map[string]string
		want  string
	}{
		{"duplicate target", map[string]string{"targets": p("dup.csv")}, p("dup.csv") + " 第 4 行 target_id 列（第 1 列）：编号 PX01 与第 2 行重复"},
		{"bad header", map[string]string{"inspectors": p("badheader.csv")}, p("badheader.csv") + " 第 1 行 name 列（第 2 列）：表头应为 inspector_id,name"},
		{"short row", map[string]string{"conflicts": p("shortrow.csv")}, p("shortrow.csv") + " 第 3 行：有 1 列，与表头的 2 列不符"},
		{"GBK", map[string]string{"targets": p("gbk.csv")}, p("gbk.csv") + " 第 2 行：不是 UTF-8 编码"},
		{"empty id", map[string]string{"inspectors": p("emptyid.csv")}, p("emptyid.csv") + " 第 3 行 inspector_id 列（第 1 列）：检查人员编号为空"},
		{"no targets", map[string]string{"targets": p("headeronly.csv")}, p("headeronly.csv") + "：除表头外没有任何数据行"},
		{"padded id in conflicts", map[string]string{"conflicts": p("conflictsid.csv")}, p("conflictsid.csv") + " 第 2 行 target_id 列（第 2 列）"},
		{"missing file", map[string]string{"targets": p("nope.csv")}, "找不到文件 " + p("nope.csv")},
		{"n too large", map[string]string{"n": "9"}, "--n 为 9，超过 " + p("targets.csv") + " 中检查对象的总数 8"},
		{"n zero", map[string]string{"n": "0"}, "--n 至少为 1，实为 0"},
		{"n not a number", map[string]string{"n": "四"}, "--n 应为正整数，实为 \"四\""},
		{"per-target too large", map[string]string{"per-target": "6"}, "--per-target 为 6，超过 " + p("inspectors.csv") + " 中检查人员的总数 5"},
		{"empty seed", map[string]string{"seed": ""}, "--seed：随机种子不能为空"},
		{"missing flags", map[string]string{"conflicts": "-", "seed": "-"}, "缺少参数 --conflicts --seed"},
		{"output directory missing", map[string]string{"out": p("no/such/dir/draw.csv")}, "无法写入 " + p("no/such/dir/draw.csv")},
	}
	for _, c := range cases {
		flags := base()
		for k, v := range c.flags {
			flags[k] = v
		}
		args := []string{"safety", "draw"}
		for _, name := range []string{"targets", "inspectors", "conflicts", "n", "per-target", "seed", "out"} {
			if flags[name] != "-" {
				args = append(args, "--"+name, flags[name])
			}
		}
		_, _, err := runDraw(t, args)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
		if _, statErr := os.Stat(out); statErr == nil {
			t.Fatalf("%s: output written despite the error", c.name)
		}
	}
	if es, _ := os.ReadDir(dir); len(es) != len(files) {
		t.Fatalf("files left behind: %v", es)
	}
	// Usage and unknown subcommands.
	if _, _, err := runDraw(t, []string{"safety"}); err == nil || !strings.Contains(err.Error(), "edubureau safety draw") {
		t.Errorf("no subcommand: %v", err)
	}
	if _, _, err := runDraw(t, []string{"safety", "publish"}); err == nil || !strings.Contains(err.Error(), "未知的 safety 子命令") {
		t.Errorf("unknown subcommand: %v", err)
	}
	if stdout, _, err := runDraw(t, []string{"safety", "draw", "-h"}); err != nil || !strings.Contains(stdout, "targets.csv") {
		t.Errorf("help: %v %q", err, stdout)
	}
	if _, _, err := runDraw(t, append(drawArgs(dir, "targets.csv", "inspectors.csv", "conflicts.csv", "4", "2", "s", out), "extra")); err == nil || !strings.Contains(err.Error(), "多余的参数") {
		t.Errorf("extra argument: %v", err)
	}
}
