package excel

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// TemplateOptions describes the rows above the header of a template.
type TemplateOptions struct {
	Title string   // row 1, e.g. "学生信息导入模板"
	Notes []string // extra 填写说明 lines, after the standard ones
	Sheet string   // worksheet name; default Spec.Sheet, else "导入数据"
}

// ChoicesSheet is the hidden worksheet holding the dropdown lists too long for a data validation
// formula.
const ChoicesSheet = "下拉选项"

// Template layout: title, notes, header; data from row 4.
const (
	templateTitleRow  = 1
	templateNoteRow   = 2
	templateHeaderRow = 3
	// TemplateFirstDataRow is the first row clerks fill in a template.
	TemplateFirstDataRow = 4
)

// maxInlineList is Excel's limit on a data validation list typed into the formula, in characters
// including the separating commas.
const maxInlineList = 255

// SaveTemplate writes the template of spec to path.
func SaveTemplate(path string, spec Spec, opt TemplateOptions) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteTemplate(fh, spec, opt); err != nil {
		_ = fh.Close()
		return err
	}
	return fh.Close()
}

// WriteTemplate writes the downloadable import template of spec:
//   - row 1: the title; row 2: 填写说明 (the standard notes, then opt.Notes); row 3: the header, a
//     "*" before the title of each required column (Open ignores it); the panes are frozen under
//     the header and data start at row 4;
//   - a comment on each header cell with the column's Note (and its choices), shown on hover;
//   - a dropdown (data validation, "stop" style) on every column with Choices, from row 4 to the
//     end of the sheet: the list is written into the formula when it fits in Excel's 255
//     characters and contains no comma or quote, else on the hidden worksheet "下拉选项" and
//     referenced from there;
//   - the text number format "@" on every Text column, so that Excel keeps an 18-digit 身份证号 or
//     a 学校标识码 with its leading zeros as typed instead of turning it into a number.
func WriteTemplate(w io.Writer, spec Spec, opt TemplateOptions) error {
	if len(spec.Columns) == 0 {
		return fmt.Errorf("excel: template without columns")
	}
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sheet := opt.Sheet
	if sheet == "" {
		sheet = spec.Sheet
	}
	if sheet == "" {
		sheet = "导入数据"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	ncol := len(spec.Columns)
	lastCol := letter(ncol - 1)

	textFmt := "@"
	textStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt})
	if err != nil {
		return err
	}
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	noteStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "595959", Size: 10},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "9BC2E6", Style: 1}, {Type: "right", Color: "9BC2E6", Style: 1},
		{Type: "top", Color: "9BC2E6", Style: 1}, {Type: "bottom", Color: "9BC2E6", Style: 1}}
	headStyle := func(required, text bool) (int, error) {
		s := &excelize.Style{Font: &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Border:    border}
		if required {
			s.Font.Color = "C00000"
		}
		if text {
			s.CustomNumFmt = &textFmt
		}
		return f.NewStyle(s)
	}

	// Column formats and widths first: SetColStyle also restyles cells already in the column.
	for i, c := range spec.Columns {
		col := letter(i)
		if c.Text {
			if err := f.SetColStyle(sheet, col, textStyle); err != nil {
				return err
			}
		}
		width := c.Width
		if width == 0 {
			width = float64(max(10, displayWidth(c.Title)+6))
			if c.Text {
				width = max(width, 22)
			}
		}
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}

	title := opt.Title
	if title == "" {
		title = sheet
	}
	if err := f.SetCellStr(sheet, "A1", title); err != nil {
		return err
	}
	notes := []string{
		"填写说明：",
		fmt.Sprintf("1. 请从第 %d 行开始填写，每行一条记录；不要修改、删除或调换表头（第 %d 行），也不要合并单元格。", TemplateFirstDataRow, templateHeaderRow),
		"2. 列标题前带“*”（红色）的列为必填；鼠标移到列标题上可查看该列的填写说明。",
		"3. 有下拉箭头的列请从下拉列表中选择。",
		"4. 身份证号、学籍号等编码列已设为文本格式，请直接输入；从其他表格粘贴时请用“选择性粘贴 → 值/文本”，以免号码被转成科学计数法。",
		"5. 日期请写成 2015-09-01 的形式。",
	}
	for _, n := range opt.Notes {
		notes = append(notes, fmt.Sprintf("%d. %s", len(notes), n))
	}
	if err := f.SetCellStr(sheet, "A2", strings.Join(notes, "\n")); err != nil {
		return err
	}
	for _, r := range []int{templateTitleRow, templateNoteRow} {
		if ncol > 1 {
			if err := f.MergeCell(sheet, fmt.Sprintf("A%d", r), fmt.Sprintf("%s%d", lastCol, r)); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(sheet, "A1", lastCol+"1", titleStyle); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A2", lastCol+"2", noteStyle); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, templateTitleRow, 30); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, templateNoteRow, float64(len(notes))*15+8); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, templateHeaderRow, 30); err != nil {
		return err
	}

	listCol := 0
	for i, c := range spec.Columns {
		cell := fmt.Sprintf("%s%d", letter(i), templateHeaderRow)
		text := c.Title
		if c.Required {
			text = "*" + text
		}
		if err := f.SetCellStr(sheet, cell, text); err != nil {
			return err
		}
		st, err := headStyle(c.Required, c.Text)
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, st); err != nil {
			return err
		}
		if comment := headerComment(c); comment != "" {
			if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "填写说明",
				Paragraph: []excelize.RichTextRun{{Text: comment}}}); err != nil {
				return err
			}
		}
		if len(c.Choices) > 0 {
			if err := addDropdown(f, sheet, i, c, &listCol); err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: templateHeaderRow,
		TopLeftCell: fmt.Sprintf("A%d", TemplateFirstDataRow), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if idx, err := f.GetSheetIndex(sheet); err == nil {
		f.SetActiveSheet(idx)
	}
	return f.Write(w)
}

func headerComment(c ColumnSpec) string {
	var parts []string
	if c.Required {
		parts = append(parts, "必填。")
	}
	if c.Note != "" {
		parts = append(parts, c.Note)
	}
	if len(c.Choices) > 0 {
		shown := c.Choices
		more := ""
		if len(shown) > 20 {
			shown, more = shown[:20], fmt.Sprintf(" 等 %d 项", len(c.Choices))
		}
		parts = append(parts, "请从下拉列表中选择："+strings.Join(shown, "、")+more+"。")
	}
	return strings.Join(parts, "\n")
}

// addDropdown adds the list validation of column i, inline or from the hidden list sheet.
func addDropdown(f *excelize.File, sheet string, i int, c ColumnSpec, listCol *int) error {
	col := letter(i)
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s%d:%s%d", col, TemplateFirstDataRow, col, excelize.TotalRows)
	inline := true
	total := 0
	for _, v := range c.Choices {
		total += len([]rune(v)) + 1
		if strings.ContainsAny(v, `,"`) {
			inline = false
		}
	}
	if inline && total-1 <= maxInlineList {
		if err := dv.SetDropList(c.Choices); err != nil {
			inline = false
		}
	} else {
		inline = false
	}
	if !inline {
		if *listCol == 0 {
			if _, err := f.NewSheet(ChoicesSheet); err != nil {
				return err
			}
			if err := f.SetSheetVisible(ChoicesSheet, false); err != nil {
				return err
			}
		}
		lc := letter(*listCol)
		*listCol++
		if err := f.SetCellStr(ChoicesSheet, lc+"1", c.Title); err != nil {
			return err
		}
		for j, v := range c.Choices {
			if err := f.SetCellStr(ChoicesSheet, fmt.Sprintf("%s%d", lc, j+2), v); err != nil {
				return err
			}
		}
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", ChoicesSheet, lc, lc, len(c.Choices)+1))
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", "请从下拉列表中选择“"+c.Title+"”的值")
	return f.AddDataValidation(sheet, dv)
}
