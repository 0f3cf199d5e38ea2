package indicators

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// BalanceColumns are the columns of the 优质均衡资源配置 CSV: exactly these, in any order.
var BalanceColumns = []string{
	"school_id", "school_name", "students",
	"teachers_above_degree", "backbone_teachers", "pe_art_teachers",
	"teaching_area_m2", "sports_area_m2", "equipment_value_yuan", "multimedia_rooms",
}

var balanceColumnLabels = map[string]string{
	"school_id": "学校代码", "school_name": "学校名称", "students": "学生数",
	"teachers_above_degree": "高于规定学历教师数", "backbone_teachers": "县级以上骨干教师数",
	"pe_art_teachers": "体育、艺术专任教师数", "teaching_area_m2": "教学及辅助用房面积",
	"sports_area_m2": "体育运动场馆面积", "equipment_value_yuan": "教学仪器设备值",
	"multimedia_rooms": "网络多媒体教室数",
}

// maxCSVProblems caps the problems reported for one file.
const maxCSVProblems = 50

// ReadBalanceCSV reads the 优质均衡资源配置 CSV (UTF-8, optional BOM, header row with exactly the
// BalanceColumns) into facts of the given level. Every problem names its row (the header is row 1,
// and rows are counted as lines of the file, as in a spreadsheet) and column, in Chinese; the error is an errs.Invalid whose fields are the
// spreadsheet cells (e.g. "C3"). Students must be a positive whole number; the other figures
// non-negative numbers; school_id unique and school_name not empty.
func ReadBalanceCSV(r io.Reader, level Level) ([]SchoolFacts, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1

	var f errs.Fields
	problem := func(cell, msg string) { f.Add(cell, msg) }

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errs.Field("file", "文件为空：缺少表头行（"+strings.Join(BalanceColumns, ",")+"）")
	}
	if err != nil {
		return nil, csvSyntax(err)
	}
	if strings.TrimSpace(strings.Join(header, "")) == "" {
		return nil, errs.Field("file", "文件为空：缺少表头行（"+strings.Join(BalanceColumns, ",")+"）")
	}
	hl, _ := cr.FieldPos(0)
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		switch {
		case balanceColumnLabels[h] == "":
			problem(cellName(i, hl), fmt.Sprintf("第 %d 行（表头）第 %d 列：未知的列 %q（只接受 %s）", hl, i+1, h, strings.Join(BalanceColumns, ",")))
		case col[h] != 0:
			problem(cellName(i, hl), fmt.Sprintf("第 %d 行（表头）第 %d 列：列 %s 重复", hl, i+1, h))
		default:
			col[h] = i + 1 // 1-based so that 0 means absent
		}
	}
	for _, c := range BalanceColumns {
		if col[c] == 0 {
			problem(fmt.Sprintf("%d:%d", hl, hl), fmt.Sprintf("第 %d 行（表头）：缺少列 %s（%s）", hl, c, balanceColumnLabels[c]))
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}

	var out []SchoolFacts
	firstRow := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f = append(f, errs.FieldError{Field: "file", Message: csvSyntax(err).Fields[0].Message})
			break
		}
		row, _ := cr.FieldPos(0) // the line in the file: blank lines count, as in a spreadsheet
		if len(f) >= maxCSVProblems {
			continue
		}
		if len(rec) != len(header) {
			problem(fmt.Sprintf("%d:%d", row, row), fmt.Sprintf("第 %d 行：有 %d 列，表头有 %d 列", row, len(rec), len(header)))
			continue
		}
		cell := func(name string) (string, string) {
			i := col[name] - 1
			return strings.TrimSpace(rec[i]), cellName(i, row)
		}
		where := func(name string) string {
			return fmt.Sprintf("第 %d 行 %s 列（%s）", row, name, balanceColumnLabels[name])
		}
		s := SchoolFacts{Level: level, Aggregates: make(map[string]float64, len(BalanceColumns)-3)}
		id, idCell := cell("school_id")
		if id == "" {
			problem(idCell, where("school_id")+"：不能为空")
		} else if first, dup := firstRow[id]; dup {
			problem(idCell, where("school_id")+fmt.Sprintf("：学校代码 %q 与第 %d 行重复", id, first))
		} else {
			firstRow[id] = row
		}
		s.ID = id
		name, nameCell := cell("school_name")
		if name == "" {
			problem(nameCell, where("school_name")+"：不能为空")
		}
		s.Name = name
		for _, c := range BalanceColumns[2:] {
			text, at := cell(c)
			v, msg := parseFigure(text)
			if msg == "" && c == Students {
				switch {
				case v == 0:
					msg = "学生数为 0，无法计算生均和每百名学生指标"
				case v != math.Trunc(v):
					msg = fmt.Sprintf("%q 不是整数，学生数须为正整数", text)
				case v > math.MaxInt32:
					msg = "学生数过大"
				}
			}
			if msg != "" {
				problem(at, where(c)+"："+msg)
				continue
			}
			if c == Students {
				s.Students = int(v)
			} else {
				s.Aggregates[c] = v
			}
		}
		out = append(out, s)
	}
	if len(f) >= maxCSVProblems {
		f = append(f[:maxCSVProblems], errs.FieldError{Field: "file", Message: fmt.Sprintf("错误过多，只列出前 %d 处", maxCSVProblems)})
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errs.Field("file", "没有学校数据：表头之后没有任何数据行")
	}
	return out, nil
}

// parseFigure reads a non-negative finite number; msg says what is wrong in Chinese.
func parseFigure(text string) (float64, string) {
	if text == "" {
		return 0, "不能为空"
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || !finite(v) {
		if strings.Contains(text, ",") {
			return 0, fmt.Sprintf("%q 不是数字（请去掉千分位逗号）", text)
		}
		return 0, fmt.Sprintf("%q 不是数字", text)
	}
	if v < 0 {
		return 0, fmt.Sprintf("不能为负数（%s）", text)
	}
	return v, ""
}

// csvSyntax turns an encoding/csv error into a Chinese one.
func csvSyntax(err error) *errs.Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		what := "格式错误"
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			what = "引号不配对或位置不对"
		}
		return errs.Field("file", fmt.Sprintf("文件第 %d 行第 %d 列：CSV %s", pe.Line, pe.Column, what))
	}
	return errs.Field("file", "无法读取 CSV："+err.Error())
}

// cellName is the spreadsheet address of a 0-based column and a 1-based row: (2, 3) → "C3".
func cellName(col, row int) string {
	name := ""
	for col++; col > 0; col = (col - 1) / 26 {
		name = string(rune('A'+(col-1)%26)) + name
	}
	return name + strconv.Itoa(row)
}
