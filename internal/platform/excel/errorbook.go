package excel

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ErrorBook writes the error workbook of a failed import: the uploaded sheet as read, at the same
// row numbers and column letters, so that "第 12 行 D 列" in a message is cell D12 of the error
// workbook too, plus a last column "错误说明" naming each error of the row by column and reason.
// Cells with an error are filled red.
//
// All rows are meant to be written, valid ones with an empty 错误说明: imports are
// all-or-nothing, so the clerk corrects this workbook and uploads it again whole; a workbook of the
// bad rows only would have to be merged back by hand. (A caller wanting only the bad rows simply
// adds only those.) The 错误说明 column is skipped when the workbook is read again.
//
// Rows are streamed (excelize's StreamWriter), so an error workbook of 300,000 rows is not held
// in memory. Every cell is written as text with the text number format "@", so that codes stay
// exactly as uploaded and edits in Excel do not turn them into numbers. It uses excelize directly
// rather than Writer, which starts at row 1 and cannot style single cells.
type ErrorBook struct {
	f       *excelize.File
	sw      *excelize.StreamWriter
	path    string
	r       *Reader
	errCol  int // 0-based index of the 错误说明 column
	last    int // last row number written
	display map[int]func(string) string

	text, bad, note int // style IDs

	rows, badRows int
}

// NewErrorBook starts an error workbook at path for the sheet read by r: its rows above the
// header and its header row(s) are written at once.
func NewErrorBook(path string, r *Reader) (*ErrorBook, error) {
	f := excelize.NewFile()
	sheet := r.Sheet()
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			_ = f.Close()
			return nil, err
		}
	}
	b := &ErrorBook{f: f, path: path, r: r, errCol: r.width, display: make(map[int]func(string) string)}
	if err := b.start(); err != nil {
		_ = f.Close()
		return nil, err
	}
	return b, nil
}

// displayWidth counts a Chinese character as two columns.
func displayWidth(s string) int {
	w := 0
	for _, c := range s {
		if c < 0x2e80 {
			w++
		} else {
			w += 2
		}
	}
	return w
}

func (b *ErrorBook) start() error {
	f := b.f
	var err error
	textFmt := "@"
	if b.text, err = f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt}); err != nil {
		return err
	}
	if b.bad, err = f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt,
		Font: &excelize.Font{Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}); err != nil {
		return err
	}
	if b.note, err = f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt,
		Font:      &excelize.Font{Color: "C00000"},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt, Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	headErr, err := f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt, Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}}})
	if err != nil {
		return err
	}
	if b.sw, err = f.NewStreamWriter(b.r.Sheet()); err != nil {
		return err
	}
	sw := b.sw
	// Column widths from the header texts, then the 错误说明 column.
	for i := 0; i < b.errCol; i++ {
		w := 10
		for _, h := range b.r.header {
			if i < len(h) {
				w = max(w, min(40, displayWidth(textOf(h[i]))+4))
			}
		}
		if err := sw.SetColWidth(i+1, i+1, float64(w)); err != nil {
			return err
		}
	}
	if err := sw.SetColWidth(b.errCol+1, b.errCol+1, 60); err != nil {
		return err
	}
	if err := sw.SetColStyle(1, b.errCol+1, b.text); err != nil {
		return err
	}
	first, last := b.r.HeaderRows()
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: last,
		TopLeftCell: fmt.Sprintf("A%d", last+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for _, p := range b.r.preamble {
		if err := b.setRow(p.Number, cellsOf(p.Raw, b.text), excelize.RowOpts{}); err != nil {
			return err
		}
	}
	for i, h := range b.r.header {
		cells := cellsOf(h, head)
		if first+i == last {
			for len(cells) < b.errCol {
				cells = append(cells, nil)
			}
			cells = append(cells, excelize.Cell{StyleID: headErr, Value: ErrorColumnTitle})
		}
		if err := b.setRow(first+i, cells, excelize.RowOpts{}); err != nil {
			return err
		}
	}
	return nil
}

func cellsOf(raw []string, style int) []any {
	out := make([]any, len(raw))
	for i, v := range raw {
		if v != "" {
			out[i] = excelize.Cell{StyleID: style, Value: v}
		}
	}
	return out
}

func (b *ErrorBook) setRow(n int, cells []any, opts excelize.RowOpts) error {
	if n <= b.last {
		return fmt.Errorf("excel: error workbook rows must be added in order (row %d after row %d)", n, b.last)
	}
	b.last = n
	if len(cells) == 0 {
		return nil
	}
	if opts.Height > 0 {
		return b.sw.SetRow(fmt.Sprintf("A%d", n), cells, opts)
	}
	return b.sw.SetRow(fmt.Sprintf("A%d", n), cells)
}

// Display sets how a column's cells are shown in the error workbook, e.g. a date column with
// DateText so that a date cell does not appear as its serial number. Call it before Add.
func (b *ErrorBook) Display(key string, fn func(string) string) {
	if j, ok := b.r.byKey[key]; ok {
		b.display[b.r.cols[j].Index] = fn
	}
}

// Dates shows the given columns' date cells as 2006-01-02 (see DateText).
func (b *ErrorBook) Dates(keys ...string) {
	for _, k := range keys {
		b.Display(k, func(s string) string { return DateText(s, b.r.Date1904()) })
	}
}

// Add writes a row with its errors (none for a valid row). Rows must come in increasing row
// order, as Reader.Next yields them. Cells beyond the header's last column, which the import
// ignores, are kept but moved one column right, after 错误说明.
func (b *ErrorBook) Add(row Row, errs []CellError) error {
	badCols := make(map[int]bool, len(errs))
	var notes []string
	for _, e := range errs {
		if e.Column != "" {
			if n, err := excelize.ColumnNameToNumber(e.Column); err == nil {
				badCols[n-1] = true
			}
			title := e.Title
			if title == "" {
				notes = append(notes, fmt.Sprintf("%s 列：%s", e.Column, e.Message))
			} else {
				notes = append(notes, fmt.Sprintf("%s 列（%s）：%s", e.Column, title, e.Message))
			}
		} else {
			notes = append(notes, e.Message)
		}
	}
	width := max(len(row.Raw), b.errCol)
	if len(row.Raw) > b.errCol {
		width++
	}
	cells := make([]any, width)
	for i, v := range row.Raw {
		pos := i
		if i >= b.errCol {
			pos++
		}
		if fn := b.display[i]; fn != nil {
			v = fn(v)
		}
		switch {
		case badCols[i]:
			cells[pos] = excelize.Cell{StyleID: b.bad, Value: v}
		case v != "":
			cells[pos] = excelize.Cell{StyleID: b.text, Value: v}
		}
	}
	for i := range badCols {
		if i < b.errCol && i >= len(row.Raw) {
			cells[i] = excelize.Cell{StyleID: b.bad, Value: ""}
		}
	}
	var opts excelize.RowOpts
	if len(notes) > 0 {
		if len(cells) <= b.errCol {
			cells = append(cells, make([]any, b.errCol+1-len(cells))...)
		}
		text := strings.Join(notes, "\n")
		cells[b.errCol] = excelize.Cell{StyleID: b.note, Value: text}
		lines := 0
		for _, n := range notes {
			lines += 1 + displayWidth(n)/110
		}
		if lines > 1 {
			opts.Height = min(409, float64(lines)*15)
		}
		b.badRows++
	}
	b.rows++
	return b.setRow(row.Number, cells, opts)
}

// Rows is the number of data rows written; BadRows the number of them with errors.
func (b *ErrorBook) Rows() int { return b.rows }

// BadRows is the number of rows written with at least one error.
func (b *ErrorBook) BadRows() int { return b.badRows }

// Close finishes and saves the workbook.
func (b *ErrorBook) Close() error {
	if err := b.sw.Flush(); err != nil {
		_ = b.f.Close()
		return err
	}
	if err := b.f.SaveAs(b.path); err != nil {
		_ = b.f.Close()
		return fmt.Errorf("保存错误说明文件失败: %w", err)
	}
	return b.f.Close()
}
