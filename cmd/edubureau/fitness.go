package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"github.com/edubureau/edubureau/internal/platform/fileio"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/fitness"
)

func init() {
	modules["fitness"] = module{usage: "fitness score --in raw.csv --out scored.csv   按国家学生体质健康标准（2014）评分", run: fitnessCommand}
}

const fitnessUsage = `用法：edubureau fitness score --in raw.csv --out scored.csv [--minsec 列名,…]

按《国家学生体质健康标准（2014年修订）》为每名学生评分。

输入 CSV（UTF-8，表头须与下列完全一致，未测项目留空）：
  ` + "student_id,grade,sex,height_cm,weight_kg,vital_capacity_ml,run_50m_s,sit_and_reach_cm,rope_skip_1min,sit_up_1min,run_50x8_s,standing_long_jump_cm,pull_up,run_800m_s,run_1000m_s" + `
  grade 为 1–12，sex 为 M 或 F；时间以秒填写（215 或 215.5），50米×8、800米、1000米 也可写作 3'35" 或 3:35。
  --minsec 列出的列（run_50x8_s、run_800m_s、run_1000m_s）中的纯数字按“分.秒”读：3.35 即 3分35秒。

输出 CSV：
  ` + "student_id,bmi,bmi_score,vital_capacity_score,run_50m_score,sit_and_reach_score,rope_skip_1min_score,sit_up_1min_score,run_50x8_score,standing_long_jump_score,pull_up_score,run_800m_score,run_1000m_score,bonus,standard_score,total_score,rating" + `
  BMI、标准分、学年总分保留一位小数（四舍五入），单项得分为整数；该年级不测的项目留空；
  缺测必测项目的学生：附加分、标准分、学年总分留空，等级为“缺测”（已测项目仍给出得分）；
  该年级、性别不测的项目即使填写也不计分（在标准错误输出中提示）。
出错时报告行号（文件中的行，表头为第 1 行）与列名，不留下输出文件。
`

// fitnessInputColumns is the input header of the CLI contract (issue 5), in order.
var fitnessInputColumns = []string{"student_id", "grade", "sex", "height_cm", "weight_kg",
	"vital_capacity_ml", "run_50m_s", "sit_and_reach_cm", "rope_skip_1min", "sit_up_1min", "run_50x8_s",
	"standing_long_jump_cm", "pull_up", "run_800m_s", "run_1000m_s"}

// fitnessOutputColumns is the output header; the item score columns follow fitness.Item order.
var fitnessOutputColumns = []string{"student_id", "bmi", "bmi_score", "vital_capacity_score", "run_50m_score",
	"sit_and_reach_score", "rope_skip_1min_score", "sit_up_1min_score", "run_50x8_score", "standing_long_jump_score",
	"pull_up_score", "run_800m_score", "run_1000m_score", "bonus", "standard_score", "total_score", "rating"}

// fitnessItemColumns maps the raw-value columns (index in fitnessInputColumns) to items.
var fitnessItemColumns = map[int]fitness.Item{5: fitness.VitalCapacity, 6: fitness.Run50m, 7: fitness.SitAndReach,
	8: fitness.RopeSkip, 9: fitness.SitUp, 10: fitness.Run50x8, 11: fitness.StandingLongJump, 12: fitness.PullUp,
	13: fitness.Run800m, 14: fitness.Run1000m}

// fitnessMinSecColumns are the time columns that --minsec may declare as 分.秒.
var fitnessMinSecColumns = []string{"run_50x8_s", "run_800m_s", "run_1000m_s"}

func fitnessCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "score" {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
			fmt.Fprint(stdout, fitnessUsage)
			return nil
		}
		if len(args) > 0 {
			return fmt.Errorf("未知的 fitness 子命令 %q\n\n%s", args[0], fitnessUsage)
		}
		return errors.New(fitnessUsage)
	}
	fs := newFlags("fitness score")
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, fitnessUsage) }
	in := fs.String("in", "", "输入 CSV 文件")
	out := fs.String("out", "", "输出 CSV 文件")
	minsec := fs.String("minsec", "", "按“分.秒”书写的时间列，逗号分隔")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("多余的参数：%s\n\n%s", strings.Join(fs.Args(), " "), fitnessUsage)
	}
	if *in == "" || *out == "" {
		return fmt.Errorf("须指定 --in 与 --out\n\n%s", fitnessUsage)
	}
	forms := make([]fitness.TimeForm, len(fitnessInputColumns))
	if *minsec != "" {
		for c := range strings.SplitSeq(*minsec, ",") {
			c = strings.TrimSpace(c)
			i := slices.Index(fitnessInputColumns, c)
			if i < 0 || slices.Index(fitnessMinSecColumns, c) < 0 {
				return fmt.Errorf("--minsec 只适用于 %s，不能用于“%s”", strings.Join(fitnessMinSecColumns, "、"), c)
			}
			forms[i] = fitness.MinuteDotSecond
		}
	}
	sum, err := fitnessScoreFile(ctx, *in, *out, forms, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已评分 %d 名学生（缺测 %d 名），结果已写入 %s\n", sum.students, sum.incomplete, *out)
	return nil
}

type fitnessSummary struct{ students, incomplete, ignored int }

// fitnessScoreFile streams the input CSV row by row into a temporary file beside the output and
// renames it into place only when every row scored: on any error nothing is left behind (an
// existing output file is kept as it was). The output is created with mode 0600: it holds
// students' results.
func fitnessScoreFile(ctx context.Context, inPath, outPath string, forms []fitness.TimeForm, warn io.Writer) (sum fitnessSummary, err error) {
	src, err := os.Open(inPath)
	if err != nil {
		return sum, fmt.Errorf("无法打开输入文件：%w", err)
	}
	defer src.Close()
	err = fileio.WriteAtomic(outPath, 0o600, func(w io.Writer) error {
		var werr error
		sum, werr = fitnessScoreCSV(ctx, src, w, forms, warn)
		return werr
	})
	return sum, err
}

func fitnessScoreCSV(ctx context.Context, src io.Reader, dst io.Writer, forms []fitness.TimeForm, warn io.Writer) (fitnessSummary, error) {
	var sum fitnessSummary
	r := csv.NewReader(bufio.NewReaderSize(src, 1<<16))
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return sum, errors.New("输入文件为空（缺少表头）")
	}
	if err != nil {
		return sum, fitnessCSVError(err)
	}
	if err := fitnessCheckHeader(header); err != nil {
		return sum, err
	}
	r.FieldsPerRecord = len(fitnessInputColumns)
	w := csv.NewWriter(dst)
	if err := w.Write(fitnessOutputColumns); err != nil {
		return sum, fmt.Errorf("无法写入输出文件：%w", err)
	}
	out := make([]string, len(fitnessOutputColumns))
	firstIgnored := ""
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return sum, fitnessCSVError(err)
		}
		line, _ := r.FieldPos(0)
		if sum.students%4096 == 0 && ctx.Err() != nil {
			return sum, fmt.Errorf("评分已中断：%w", ctx.Err())
		}
		in, err := fitnessParseRow(rec, forms)
		if err != nil {
			return sum, fmt.Errorf("第 %d 行%w", line, err)
		}
		res := fitness.Score(in)
		for it := fitness.VitalCapacity; it < fitness.NumItems; it++ {
			if in.Items[it].Set && !res.Items[it].Required {
				if sum.ignored == 0 {
					firstIgnored = fmt.Sprintf("第 %d 行“%s”列（%s%s生）", line, fitnessInputColumns[fitnessColumnOf(it)],
						fitness.GradeName(in.Grade), in.Sex)
				}
				sum.ignored++
			}
		}
		fitnessFormat(out, strings.TrimSpace(rec[0]), res)
		if err := w.Write(out); err != nil {
			return sum, fmt.Errorf("无法写入输出文件：%w", err)
		}
		sum.students++
		if res.Rating == fitness.RatingIncomplete {
			sum.incomplete++
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return sum, fmt.Errorf("无法写入输出文件：%w", err)
	}
	if sum.ignored > 0 {
		fmt.Fprintf(warn, "注意：%d 个单元格填写了该年级、性别不测的项目，已忽略，首个在%s\n", sum.ignored, firstIgnored)
	}
	return sum, nil
}

// fitnessCheckHeader requires the input header of the contract exactly, naming what differs.
func fitnessCheckHeader(header []string) error {
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // a spreadsheet's UTF-8 byte-order mark
	}
	seen := map[string]bool{}
	var unknown, dup, missing []string
	for _, h := range header {
		switch {
		case slices.Index(fitnessInputColumns, h) < 0:
			unknown = append(unknown, "“"+h+"”")
		case seen[h]:
			dup = append(dup, "“"+h+"”")
		}
		seen[h] = true
	}
	for _, c := range fitnessInputColumns {
		if !seen[c] {
			missing = append(missing, "“"+c+"”")
		}
	}
	var problems []string
	if len(missing) > 0 {
		problems = append(problems, "缺少列"+strings.Join(missing, "、"))
	}
	if len(unknown) > 0 {
		problems = append(problems, "有未知列"+strings.Join(unknown, "、"))
	}
	if len(dup) > 0 {
		problems = append(problems, "有重复列"+strings.Join(dup, "、"))
	}
	if len(problems) > 0 {
		return fmt.Errorf("第 1 行表头%s；表头须为：%s", strings.Join(problems, "，"), strings.Join(fitnessInputColumns, ","))
	}
	for i, c := range fitnessInputColumns {
		if header[i] != c {
			return fmt.Errorf("第 1 行表头第 %d 列应为“%s”，实为“%s”；表头须为：%s", i+1, c, header[i], strings.Join(fitnessInputColumns, ","))
		}
	}
	return nil
}

func fitnessCSVError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return fmt.Errorf("第 %d 行：列数与表头（%d 列）不一致", pe.StartLine, len(fitnessInputColumns))
		}
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return fmt.Errorf("第 %d 行：CSV 格式错误：未加引号的单元格中含有英文双引号（整个单元格须用双引号括起，其中的双引号写两次）", pe.StartLine)
		case errors.Is(pe.Err, csv.ErrQuote):
			return fmt.Errorf("第 %d 行：CSV 格式错误：引号不成对", pe.StartLine)
		}
		return fmt.Errorf("第 %d 行：CSV 格式错误（%v）", pe.StartLine, pe.Err)
	}
	return fmt.Errorf("无法读取输入文件：%w", err)
}

// fitnessParseRow reads one record; an error starts with the column, for "第 N 行" to precede it.
func fitnessParseRow(rec []string, forms []fitness.TimeForm) (fitness.Input, error) {
	var in fitness.Input
	cellErr := func(col int, reason string) error {
		return fmt.Errorf("“%s”列：%s", fitnessInputColumns[col], reason)
	}
	if strings.TrimSpace(rec[0]) == "" {
		return in, cellErr(0, "学生编号为空")
	}
	g, err := strconv.Atoi(strings.TrimSpace(rec[1]))
	if err != nil || g < 1 || g > 12 {
		return in, cellErr(1, "年级须为 1～12 的整数："+rec[1])
	}
	in.Grade = g
	switch strings.TrimSpace(rec[2]) {
	case "M":
		in.Sex = fitness.Male
	case "F":
		in.Sex = fitness.Female
	default:
		return in, cellErr(2, "性别须为 M 或 F："+rec[2])
	}
	number := func(col int) (fitness.Value, error) {
		s := strings.TrimSpace(rec[col])
		if s == "" {
			return fitness.Value{}, nil
		}
		var v float64
		var err error
		if strings.HasSuffix(fitnessInputColumns[col], "_s") && fitnessInputColumns[col] != "run_50m_s" {
			v, err = fitness.ParseTimeForm(s, forms[col])
		} else {
			v, err = fitness.ParseNumber(s)
		}
		if err != nil {
			return fitness.Value{}, cellErr(col, err.Error())
		}
		return fitness.Val(v), nil
	}
	if in.HeightCM, err = number(3); err != nil {
		return in, err
	}
	if in.WeightKG, err = number(4); err != nil {
		return in, err
	}
	for col := 5; col < len(fitnessInputColumns); col++ {
		if in.Items[fitnessItemColumns[col]], err = number(col); err != nil {
			return in, err
		}
	}
	if err := in.Validate(); err != nil {
		var fe *fitness.Error
		col := -1
		if errors.As(err, &fe) {
			switch fe.Field {
			case "height_cm":
				col = 3
			case "weight_kg":
				col = 4
			default:
				if it, ok := fitness.ItemByCode(fe.Field); ok {
					col = fitnessColumnOf(it)
				}
			}
		}
		if col < 0 {
			return in, fmt.Errorf("：%w", err)
		}
		reason := err.Error()
		if it := fitnessItemColumns[col]; forms[col] == fitness.Seconds && slices.Contains(fitnessMinSecColumns, fitnessInputColumns[col]) &&
			in.Items[it].V < 60 {
			reason += fmt.Sprintf("（若为“分.秒”写法，请写作 3'35\" 或使用 --minsec %s）", fitnessInputColumns[col])
		}
		return in, cellErr(col, reason)
	}
	return in, nil
}

func fitnessColumnOf(it fitness.Item) int {
	for col, x := range fitnessItemColumns {
		if x == it {
			return col
		}
	}
	return -1
}

// fitnessFormat fills an output record: BMI, 标准分 and 学年总分 with one decimal, item scores as
// integers, blank for items the grade does not test or that were not tested; bonus, 标准分 and
// 学年总分 blank unless the student has a rating of the standard (缺测 leaves them blank).
func fitnessFormat(out []string, id string, r fitness.Result) {
	clear(out)
	out[0] = id
	if r.Items[fitness.BMI].Tested {
		out[1] = r.BMI.String()
	}
	for it := range fitness.Item(fitness.NumItems) {
		if ir := r.Items[it]; ir.Tested {
			out[2+int(it)] = strconv.Itoa(ir.Score)
		}
	}
	if r.Rating.Scored() {
		out[13] = strconv.Itoa(r.Bonus)
		out[14] = r.Standard.String()
		out[15] = r.Total.String()
	}
	out[16] = string(r.Rating)
}
