package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/edubureau/edubureau/internal/platform/fileio"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/indicators"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

func init() {
	modules["indicators"] = module{
		usage: "indicators balance --in schools.csv --level primary|junior [--format json|csv]   优质均衡资源配置指标与差异系数",
		run:   indicatorsCommand,
	}
}

const indicatorsUsage = `用法：
  edubureau indicators balance --in schools.csv --level primary|junior [--format json|csv] [--out FILE]

按《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）计算资源配置 7 项指标：每校的指标值与
是否达标、每校达标项数与是否达到校际要求（至少 6 项达标，其余 1 项不低于标准的 85%）、每项指标的
全县值（Σ分子 ÷ Σ学生数 × 系数）和按学生数加权的校际差异系数（小学 ≤ 0.50，初中 ≤ 0.45），以及
全县结论（所有学校达到校际要求且所有差异系数不超过上限）。

输入 schools.csv（UTF-8，可带 BOM），表头恰好为以下各列（顺序不限）：
  school_id,school_name,students,teachers_above_degree,backbone_teachers,pe_art_teachers,
  teaching_area_m2,sports_area_m2,equipment_value_yuan,multimedia_rooms
每行一所学校（九年一贯制学校按所选学段填写该学段的数据）。students 须为正整数，其余为非负数。
不参评的学校（特殊教育学校、中职、不足 50 人的教学点）请勿列入。

输出（默认写到标准输出，--out 写到文件）：
  json  {"level","indicators":[{"id","name","threshold","district_value","cv","cv_limit","cv_pass",
         "schools":[{"school_id","value","met"}]}],"schools":[{"school_id","met_count","pass"}],"pass"}
        数值为完整的双精度值，不作舍入；cv 无法计算（全县均值为 0）时为 null。
  csv   每校每项指标一行，列为 level,indicator_id,indicator_name,threshold,school_id,school_name,
        value,met,gap,gap_unit,met_count,school_pass,district_value,cv,cv_limit,cv_pass,district_pass
        （gap 为达标尚缺的分子数量，向上取整到整人、整间、整平方米、整元；已达标为空）。
`

// indBalanceJSON is the JSON output of indicators balance, exactly as documented.
type indBalanceJSON struct {
	Level      string                 `json:"level"`
	Indicators []indBalanceIndicator  `json:"indicators"`
	Schools    []indBalanceSchoolPass `json:"schools"`
	Pass       bool                   `json:"pass"`
}

type indBalanceIndicator struct {
	ID            string                  `json:"id"`
	Name          string                  `json:"name"`
	Threshold     float64                 `json:"threshold"`
	DistrictValue float64                 `json:"district_value"`
	CV            *float64                `json:"cv"`
	CVLimit       float64                 `json:"cv_limit"`
	CVPass        bool                    `json:"cv_pass"`
	Schools       []indBalanceSchoolValue `json:"schools"`
}

type indBalanceSchoolValue struct {
	SchoolID string  `json:"school_id"`
	Value    float64 `json:"value"`
	Met      bool    `json:"met"`
}

type indBalanceSchoolPass struct {
	SchoolID string `json:"school_id"`
	MetCount int    `json:"met_count"`
	Pass     bool   `json:"pass"`
}

func indicatorsCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(indicatorsUsage)
	}
	switch args[0] {
	case "balance":
		return indicatorsBalance(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, indicatorsUsage)
		return nil
	}
	return fmt.Errorf("未知的 indicators 子命令 %q\n\n%s", args[0], indicatorsUsage)
}

func indicatorsBalance(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("indicators balance")
	fs.SetOutput(stderr)
	fs.Usage = func() {}
	var in, level, format, out string
	fs.StringVar(&in, "in", "", "学校资源配置 CSV")
	fs.StringVar(&level, "level", "", "学段：primary（小学）或 junior（初中）")
	fs.StringVar(&format, "format", "json", "输出格式：json 或 csv")
	fs.StringVar(&out, "out", "", "输出文件（默认标准输出）")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, indicatorsUsage)
			return nil
		}
		return fmt.Errorf("参数错误：%v\n\n%s", err, indicatorsUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("多余的参数 %q\n\n%s", fs.Args(), indicatorsUsage)
	}
	if in == "" {
		return fmt.Errorf("缺少 --in（学校资源配置 CSV）\n\n%s", indicatorsUsage)
	}
	lv := indicators.Level(level)
	if lv != indicators.LevelPrimary && lv != indicators.LevelJunior {
		return fmt.Errorf("--level 须为 primary（小学）或 junior（初中），而不是 %q", level)
	}
	if format != "json" && format != "csv" {
		return fmt.Errorf("--format 须为 json 或 csv，而不是 %q", format)
	}

	f, err := os.Open(in)
	if err != nil {
		return fmt.Errorf("无法打开输入文件 %s：%w", in, err)
	}
	schools, err := indicators.ReadBalanceCSV(f, lv)
	f.Close()
	if err != nil {
		return indicatorsCSVProblems(in, err)
	}
	set := indicators.BalanceSet()
	set.ExcludeSchools = false // the file has no school types: the caller lists the schools that take part
	rep := indicators.Evaluate(set, schools)

	var buf bytes.Buffer
	if format == "json" {
		err = writeBalanceJSON(&buf, lv, rep)
	} else {
		err = writeBalanceCSV(&buf, lv, rep)
	}
	if err != nil {
		return err
	}
	if out == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	return fileio.WriteAtomic(out, 0o644, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err })
}

// indicatorsCSVProblems lists every problem of the input file, one a line.
func indicatorsCSVProblems(file string, err error) error {
	e, ok := errs.As(err)
	if !ok || len(e.Fields) == 0 {
		return fmt.Errorf("%s：%w", file, err)
	}
	lines := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		lines = append(lines, "  "+f.Message)
	}
	return fmt.Errorf("%s 有 %d 处错误：\n%s", file, len(e.Fields), strings.Join(lines, "\n"))
}

func writeBalanceJSON(w io.Writer, level indicators.Level, rep indicators.Report) error {
	doc := indBalanceJSON{Level: string(level), Indicators: []indBalanceIndicator{}, Schools: []indBalanceSchoolPass{}, Pass: rep.Pass}
	for _, ir := range rep.Indicators {
		bi := indBalanceIndicator{ID: ir.Indicator.ID, Name: ir.Indicator.Name, Threshold: ir.Indicator.Threshold,
			DistrictValue: ir.DistrictValue, CVLimit: ir.Indicator.CVLimit, CVPass: ir.CVPass,
			Schools: make([]indBalanceSchoolValue, 0, len(ir.Schools))}
		if ir.CVDefined {
			cv := ir.CV
			bi.CV = &cv
		}
		for _, sv := range ir.Schools {
			bi.Schools = append(bi.Schools, indBalanceSchoolValue{SchoolID: sv.SchoolID, Value: sv.Value, Met: sv.Met})
		}
		doc.Indicators = append(doc.Indicators, bi)
	}
	for _, s := range rep.Schools {
		doc.Schools = append(doc.Schools, indBalanceSchoolPass{SchoolID: s.SchoolID, MetCount: s.MetCount, Pass: s.Pass})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func writeBalanceCSV(w io.Writer, level indicators.Level, rep indicators.Report) error {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	bySchool := make(map[string]indicators.SchoolResult, len(rep.Schools))
	for _, s := range rep.Schools {
		bySchool[s.SchoolID] = s
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"level", "indicator_id", "indicator_name", "threshold", "school_id", "school_name",
		"value", "met", "gap", "gap_unit", "met_count", "school_pass", "district_value", "cv", "cv_limit", "cv_pass", "district_pass"})
	for _, ir := range rep.Indicators {
		cv := ""
		if ir.CVDefined {
			cv = num(ir.CV)
		}
		for _, sv := range ir.Schools {
			gap, unit := "", ""
			if sv.Gap != nil {
				gap, unit = num(sv.Gap.Amount), sv.Gap.Unit
			}
			sr := bySchool[sv.SchoolID]
			cw.Write([]string{string(level), ir.Indicator.ID, ir.Indicator.Name, num(ir.Indicator.Threshold),
				sv.SchoolID, sv.SchoolName, num(sv.Value), strconv.FormatBool(sv.Met), gap, unit,
				strconv.Itoa(sr.MetCount), strconv.FormatBool(sr.Pass), num(ir.DistrictValue), cv,
				num(ir.Indicator.CVLimit), strconv.FormatBool(ir.CVPass), strconv.FormatBool(rep.Pass)})
		}
	}
	cw.Flush()
	return cw.Error()
}
