package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"github.com/edubureau/edubureau/internal/platform/fileio"
	"io"
	"os"
	"strings"

	"github.com/edubureau/edubureau/internal/enroll"
)

func init() {
	modules["enroll"] = module{usage: "enroll allocate|verify …   招生电脑派位（可复核）", run: enrollCommand}
}

const enrollUsage = `用法：
  edubureau enroll allocate --schools schools.csv --applicants applicants.csv --seed SEED
                            [--mechanism da|boston] --out result.csv
  edubureau enroll verify   --schools schools.csv --applicants applicants.csv --seed SEED
                            [--mechanism da|boston] --result result.csv [--list-hash HEX] [--result-hash HEX]

文件格式（UTF-8 CSV，首行为表头）：
  schools.csv     school_id,capacity            capacity 为非负整数
  applicants.csv  applicant_id,choices,tiers    choices 为按志愿顺序、以“;”分隔的学校编号；
                                                tiers 为对应志愿的优先级整数（越小越优先），同样以“;”分隔
  result.csv      applicant_id,school_id,choice_rank,lottery
                  未录取者 school_id、choice_rank 为空；choice_rank 从 1 起；lottery 为摇号码（小写十六进制），
                  按 applicant_id 字节序排列

摇号码 = SHA-256(种子 ‖ 0x00 ‖ applicant_id)，按字节比较，小者优先；各校按（优先级，摇号码）从小到大排序。
派位方式：da（默认，学生提议的延迟接受）；boston（志愿优先：按志愿轮次录取，录取即确定）。
申请名单哈希（list_hash）是规范化申请名单的 SHA-256，须在确定种子之前公布；结果哈希（result_hash）是结果文件的 SHA-256。
`

// enrollCommand runs "edubureau enroll allocate|verify".
func enrollCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("缺少子命令\n\n" + enrollUsage)
	}
	switch args[0] {
	case "allocate":
		return enrollAllocate(ctx, args[1:], stdout, stderr)
	case "verify":
		return enrollVerify(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, enrollUsage)
		return nil
	}
	return fmt.Errorf("未知子命令 %q\n\n%s", args[0], enrollUsage)
}

// drawFlags are the flags allocate and verify share.
type drawFlags struct {
	schools, applicants, seed, mechanism string
}

func (d *drawFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.schools, "schools", "", "学校学位文件（school_id,capacity）")
	fs.StringVar(&d.applicants, "applicants", "", "申请名单文件（applicant_id,choices,tiers）")
	fs.StringVar(&d.seed, "seed", "", "随机种子（按输入的字节原样使用）")
	fs.StringVar(&d.mechanism, "mechanism", string(enroll.DA), "派位方式：da 或 boston")
}

// parseFlags parses args and checks that every flag in required was given.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer, required ...string) error {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("参数有误：%w\n\n%s", err, enrollUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("多余的参数 %q\n\n%s", fs.Args(), enrollUsage)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var missing []string
	for _, name := range required {
		if !set[name] {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("缺少参数 %s\n\n%s", strings.Join(missing, "、"), enrollUsage)
	}
	return nil
}

// load reads both input files and runs the draw.
func (d *drawFlags) load(ctx context.Context) (*enroll.Result, error) {
	m, err := enroll.ParseMechanism(d.mechanism)
	if err != nil {
		return nil, err
	}
	if err := enroll.CheckSeed(d.seed); err != nil {
		return nil, err
	}
	sf, err := os.Open(d.schools)
	if err != nil {
		return nil, fmt.Errorf("无法打开学校学位文件：%w", err)
	}
	defer sf.Close()
	af, err := os.Open(d.applicants)
	if err != nil {
		return nil, fmt.Errorf("无法打开申请名单文件：%w", err)
	}
	defer af.Close()
	in, err := enroll.ReadInstance(d.schools, sf, d.applicants, af)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return enroll.Allocate(in, d.seed, m)
}

func enrollAllocate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("enroll allocate")
	var d drawFlags
	d.register(fs)
	out := fs.String("out", "", "结果文件（applicant_id,school_id,choice_rank,lottery）")
	if err := parseFlags(fs, args, stderr, "schools", "applicants", "seed", "out"); err != nil {
		return err
	}
	r, err := d.load(ctx)
	if err != nil {
		return err
	}
	resultHash, err := writeResultFile(*out, r)
	if err != nil {
		return err
	}
	rec := enroll.DrawRecord{ListHash: r.Instance().ListHash(), Seed: r.Seed(), Mechanism: r.Mechanism(), ResultHash: resultHash}
	admitted := 0
	in := r.Instance()
	for i := range in.NumApplicants() {
		if _, _, ok := r.Assignment(i); ok {
			admitted++
		}
	}
	fmt.Fprint(stdout, "派位记录：\n"+rec.String())
	fmt.Fprintf(stdout, "plan_hash=%s\n", in.PlanHash())
	fmt.Fprintf(stdout, "共 %d 名申请人：录取 %d 名，未录取 %d 名；结果已写入 %s\n", in.NumApplicants(), admitted, in.NumApplicants()-admitted, *out)
	return nil
}

// writeResultFile writes the result CSV to a temporary file next to path,
// syncs it and renames it into place, so that path never holds a partial
// result. It returns the result hash of the bytes written.
func writeResultFile(path string, r *enroll.Result) (string, error) {
	h := sha256.New()
	err := fileio.WriteAtomic(path, 0o644, func(w io.Writer) error {
		bw := bufio.NewWriterSize(io.MultiWriter(w, h), 1<<20)
		if err := r.WriteCSV(bw); err != nil {
			return fmt.Errorf("写入结果文件失败：%w", err)
		}
		return bw.Flush()
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func enrollVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("enroll verify")
	var d drawFlags
	d.register(fs)
	result := fs.String("result", "", "待复核的结果文件")
	listHash := fs.String("list-hash", "", "开奖前公布的申请名单哈希（可选）")
	resultHash := fs.String("result-hash", "", "公布的结果哈希（可选）")
	if err := parseFlags(fs, args, stderr, "schools", "applicants", "seed", "result"); err != nil {
		return err
	}
	published, err := os.ReadFile(*result)
	if err != nil {
		return fmt.Errorf("无法读取结果文件：%w", err)
	}
	r, err := d.load(ctx)
	if err != nil {
		return err
	}
	rec := r.Record()
	fmt.Fprint(stdout, "重新计算的派位记录：\n"+rec.String())
	var problems []string
	for _, diff := range enroll.Verify(r, published) {
		problems = append(problems, diff.String())
	}
	if *listHash != "" && !strings.EqualFold(strings.TrimSpace(*listHash), rec.ListHash) {
		problems = append(problems, fmt.Sprintf("申请名单哈希不一致：公布的为 %s，按申请名单文件计算为 %s", *listHash, rec.ListHash))
	}
	if *resultHash != "" {
		sum := sha256.Sum256(published)
		if got := hex.EncodeToString(sum[:]); !strings.EqualFold(strings.TrimSpace(*resultHash), got) {
			problems = append(problems, fmt.Sprintf("结果文件的哈希为 %s，与公布的结果哈希 %s 不一致", got, *resultHash))
		}
		if !strings.EqualFold(strings.TrimSpace(*resultHash), rec.ResultHash) {
			problems = append(problems, fmt.Sprintf("公布的结果哈希 %s 与重新计算的 %s 不一致", *resultHash, rec.ResultHash))
		}
	}
	if len(problems) == 0 {
		fmt.Fprintf(stdout, "复核通过：%s 与重新计算的结果逐字节一致（%d 名申请人）\n", *result, r.Instance().NumApplicants())
		return nil
	}
	fmt.Fprintf(stdout, "复核发现 %d 处差异：\n", len(problems))
	for _, p := range problems {
		fmt.Fprintln(stdout, "  "+p)
	}
	return fmt.Errorf("复核未通过：%s 与重新计算的结果有 %d 处差异", *result, len(problems))
}
