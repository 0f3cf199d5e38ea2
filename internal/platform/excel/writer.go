// Package excel reads and writes .xlsx workbooks for imports and exports, streaming rows so that a
// sheet of hundreds of thousands of rows never sits in memory at once.
package excel

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Writer streams rows into a one-sheet workbook.
type Writer struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	path string
	row  int
}

// Column is a header with its display width in characters.
type Column struct {
	Title string
	Width float64
}

// Create starts a workbook at path with a bold, frozen header row.
func Create(path, sheet string, cols []Column) (*Writer, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		if c.Width > 0 {
			if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
				return nil, err
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{Value: c.Title, StyleID: bold}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	return &Writer{f: f, sw: sw, path: path, row: 1}, nil
}

// Row appends a row of values.
func (w *Writer) Row(values ...any) error {
	w.row++
	cell, err := excelize.CoordinatesToCellName(1, w.row)
	if err != nil {
		return err
	}
	return w.sw.SetRow(cell, values)
}

// Rows is the number of data rows written.
func (w *Writer) Rows() int { return w.row - 1 }

// Close finishes and saves the workbook.
func (w *Writer) Close() error {
	if err := w.sw.Flush(); err != nil {
		return err
	}
	if err := w.f.SaveAs(w.path); err != nil {
		return fmt.Errorf("保存 Excel 文件失败: %w", err)
	}
	return w.f.Close()
}

// Col is a column with a title and a width in characters.
func Col(title string, width float64) Column { return Column{Title: title, Width: width} }
