package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/safety"
)

func init() {
	modules["safety"] = module{
		usage: "safety draw --targets … --inspectors … --conflicts … --n N --per-target K --seed SEED --out draw.csv   双随机一公开抽取",
		run:   safetyCommand,
	}
}

const safetyUsage = `用法：
  edubureau safety draw --targets targets.csv --inspectors inspectors.csv --conflicts conflicts.csv \
                        --n N --per-target K --seed SEED --out draw.csv

双随机一公开抽取：按公布的随机种子从检查对象中抽取 N 个，为每个对象抽取 K 名检查人员，
回避利益冲突，每名检查人员最多承担 ⌈N×K÷检查人员总数⌉ 个对象。同一输入与种子总得到同一结果。

  targets.csv     检查对象，表头 target_id,name
  inspectors.csv  检查人员库，表头 inspector_id,name
  conflicts.csv   回避声明，表头 inspector_id,target_id（无回避时只写表头）
  draw.csv        结果，表头 order,target_id,inspector_ids（检查人员按排序以 ; 分隔）
`

func safetyCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(safetyUsage)
	}
	switch args[0] {
	case "draw":
		return safetyDraw(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, safetyUsage)
		return nil
	}
	return fmt.Errorf("未知的 safety 子命令 %q\n\n%s", args[0], safetyUsage)
}

func safetyDraw(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("safety draw")
	fs.SetOutput(stderr)
	fs.Usage = func() {} // the errors below carry the usage text
	var targets, inspectors, conflicts, nText, kText, seed, out string
	fs.StringVar(&targets, "targets", "", "检查对象 CSV（target_id,name）")
	fs.StringVar(&inspectors, "inspectors", "", "检查人员 CSV（inspector_id,name）")
	fs.StringVar(&conflicts, "conflicts", "", "回避声明 CSV（inspector_id,target_id）")
	fs.StringVar(&nText, "n", "", "抽取的检查对象数")
	fs.StringVar(&kText, "per-target", "", "每个检查对象的检查人员数")
	fs.StringVar(&seed, "seed", "", "公布的随机种子")
	fs.StringVar(&out, "out", "", "结果文件 draw.csv")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, safetyUsage)
			return nil
		}
		return fmt.Errorf("参数错误：%v\n\n%s", err, safetyUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("多余的参数 %q\n\n%s", fs.Args(), safetyUsage)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var missing []string
	for _, name := range []string{"targets", "inspectors", "conflicts", "n", "per-target", "seed", "out"} {
		if !set[name] {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("缺少参数 %s\n\n%s", strings.Join(missing, " "), safetyUsage)
	}
	n, err := positiveInt("--n", nText)
	if err != nil {
		return err
	}
	k, err := positiveInt("--per-target", kText)
	if err != nil {
		return err
	}
	if msg := safety.CheckSeed(seed); msg != "" {
		return fmt.Errorf("--seed：%s", msg)
	}

	in := safety.DrawInput{Seed: seed, N: n, PerTarget: k}
	if err := readCSV(targets, func(r io.Reader) (err error) {
		in.Targets, err = safety.ReadTargets(r, targets)
		return err
	}); err != nil {
		return err
	}
	if err := readCSV(inspectors, func(r io.Reader) (err error) {
		in.Inspectors, err = safety.ReadInspectors(r, inspectors)
		return err
	}); err != nil {
		return err
	}
	if err := readCSV(conflicts, func(r io.Reader) (err error) {
		in.Conflicts, err = safety.ReadConflicts(r, conflicts)
		return err
	}); err != nil {
		return err
	}
	if n > len(in.Targets) {
		return fmt.Errorf("--n 为 %d，超过 %s 中检查对象的总数 %d", n, targets, len(in.Targets))
	}
	if k > len(in.Inspectors) {
		return fmt.Errorf("--per-target 为 %d，超过 %s 中检查人员的总数 %d", k, inspectors, len(in.Inspectors))
	}

	d, err := safety.RunDraw(in)
	if err != nil {
		return err
	}
	for _, ic := range d.IgnoredConflicts {
		fmt.Fprintf(stderr, "警告：%s 第 %d 行：%s，该回避声明与本次抽取无关，已忽略\n", conflicts, ic.Conflict.Line, ic.Reason)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := safety.WriteFileAtomic(out, func(w io.Writer) error { return safety.WriteDrawCSV(w, d) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "随机种子：%s\n", d.Seed)
	fmt.Fprintf(stdout, "从 %d 个检查对象中抽取 %d 个，每个对象 %d 名检查人员（检查人员库 %d 人，每人至多 %d 个对象）\n",
		len(in.Targets), d.N, d.PerTarget, d.PoolSize, d.LoadCap)
	fmt.Fprintf(stdout, "结果已写入 %s\n", out)
	return nil
}

func positiveInt(flagName, s string) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%s 应为正整数，实为 %q", flagName, s)
	}
	if v < 1 {
		return 0, fmt.Errorf("%s 至少为 1，实为 %d", flagName, v)
	}
	return v, nil
}

func readCSV(path string, read func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("找不到文件 %s", path)
		}
		return fmt.Errorf("无法读取 %s：%w", path, err)
	}
	defer f.Close()
	return read(f)
}
