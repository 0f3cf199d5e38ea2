package safety

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/edubureau/edubureau/internal/platform/fileio"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The CSV files of the draw. Each starts with a header row naming the columns in this order;
// further columns (a type, a district, a reason…) may follow and are ignored. A UTF-8 byte order
// mark, as Excel writes it, is skipped; any other encoding is refused. Blank lines are skipped.
// Ids are taken exactly as written (see CheckID); names may be empty.
var (
	TargetsHeader    = []string{"target_id", "name"}
	InspectorsHeader = []string{"inspector_id", "name"}
	ConflictsHeader  = []string{"inspector_id", "target_id"}
	DrawHeader       = []string{"order", "target_id", "inspector_ids"}
)

// CSVError is bad input in a CSV file, named by file, line and (when known) column.
type CSVError struct {
	File    string
	Line    int    // 1-based; the header is line 1; 0 for the whole file
	Column  string // column name, or "" when the line as a whole is at fault
	Index   int    // 1-based column number, 0 when Column is ""
	Message string
}

func (e *CSVError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " 第 %d 行", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, " %s 列（第 %d 列）", e.Column, e.Index)
	}
	b.WriteString("：")
	b.WriteString(e.Message)
	return b.String()
}

// row is one data row of a table with the line it starts on.
type row struct {
	line   int
	fields []string
}

// readTable reads a CSV file with the given leading header columns.
func readTable(r io.Reader, file string, header []string) ([]row, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &CSVError{File: file, Message: "读取失败：" + err.Error()}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidUTF8At(data)], []byte("\n"))
		return nil, &CSVError{File: file, Line: line, Message: "不是 UTF-8 编码（可能是 GBK），请在 Excel 中另存为“CSV UTF-8”格式"}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	want := strings.Join(header, ",")
	first, err := cr.Read()
	if err == io.EOF {
		return nil, &CSVError{File: file, Line: 1, Message: "文件为空，第 1 行应为表头 " + want}
	}
	if err != nil {
		return nil, parseError(file, err)
	}
	for i, h := range header {
		if i >= len(first) || strings.TrimSpace(first[i]) != h {
			got := ""
			if i < len(first) {
				got = first[i]
			}
			return nil, &CSVError{File: file, Line: 1, Column: h, Index: i + 1,
				Message: fmt.Sprintf("表头应为 %s，第 %d 列应为 %s，实为“%s”", want, i+1, h, got)}
		}
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, parseError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(first) {
			return nil, &CSVError{File: file, Line: line,
				Message: fmt.Sprintf("有 %d 列，与表头的 %d 列不符", len(rec), len(first))}
		}
		rows = append(rows, row{line, rec})
	}
	return rows, nil
}

// invalidUTF8At is the offset of the first invalid UTF-8 sequence in data.
func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

func parseError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			msg = "引号不成对"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			msg = "未加引号的字段中出现了引号"
		}
		return &CSVError{File: file, Line: pe.Line, Message: fmt.Sprintf("CSV 格式错误（第 %d 个字符处）：%s", pe.Column, msg)}
	}
	return &CSVError{File: file, Message: "读取失败：" + err.Error()}
}

// readIDs reads a two-column register whose first column is a unique id.
func readIDs(r io.Reader, file string, header []string, inspector bool) ([]row, error) {
	rows, err := readTable(r, file, header)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	for _, rw := range rows {
		id := rw.fields[0]
		if msg := CheckID(id, inspector); msg != "" {
			return nil, &CSVError{File: file, Line: rw.line, Column: header[0], Index: 1, Message: msg}
		}
		if prev, dup := seen[id]; dup {
			return nil, &CSVError{File: file, Line: rw.line, Column: header[0], Index: 1,
				Message: fmt.Sprintf("编号 %s 与第 %d 行重复", id, prev)}
		}
		seen[id] = rw.line
	}
	if len(rows) == 0 {
		return nil, &CSVError{File: file, Message: "除表头外没有任何数据行"}
	}
	return rows, nil
}

// ReadTargets reads targets.csv (target_id,name). file names the file in messages.
func ReadTargets(r io.Reader, file string) ([]Target, error) {
	rows, err := readIDs(r, file, TargetsHeader, false)
	if err != nil {
		return nil, err
	}
	ts := make([]Target, len(rows))
	for i, rw := range rows {
		ts[i] = Target{ID: rw.fields[0], Name: rw.fields[1], Line: rw.line}
	}
	return ts, nil
}

// ReadInspectors reads inspectors.csv (inspector_id,name).
func ReadInspectors(r io.Reader, file string) ([]Inspector, error) {
	rows, err := readIDs(r, file, InspectorsHeader, true)
	if err != nil {
		return nil, err
	}
	is := make([]Inspector, len(rows))
	for i, rw := range rows {
		is[i] = Inspector{ID: rw.fields[0], Name: rw.fields[1], Line: rw.line}
	}
	return is, nil
}

// ReadConflicts reads conflicts.csv (inspector_id,target_id); a file with only the header
// declares no conflicts.
func ReadConflicts(r io.Reader, file string) ([]Conflict, error) {
	rows, err := readTable(r, file, ConflictsHeader)
	if err != nil {
		return nil, err
	}
	cs := make([]Conflict, len(rows))
	for i, rw := range rows {
		if msg := CheckID(rw.fields[0], true); msg != "" {
			return nil, &CSVError{File: file, Line: rw.line, Column: ConflictsHeader[0], Index: 1, Message: msg}
		}
		if msg := CheckID(rw.fields[1], false); msg != "" {
			return nil, &CSVError{File: file, Line: rw.line, Column: ConflictsHeader[1], Index: 2, Message: msg}
		}
		cs[i] = Conflict{InspectorID: rw.fields[0], TargetID: rw.fields[1], Line: rw.line}
	}
	return cs, nil
}

// WriteDrawCSV writes draw.csv: order,target_id,inspector_ids with the inspector ids joined by
// ';' in rank order, "\n" line endings, fields quoted only when CSV needs it.
func WriteDrawCSV(w io.Writer, d *Draw) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(DrawHeader); err != nil {
		return err
	}
	for _, a := range d.Assignments {
		if err := cw.Write([]string{strconv.Itoa(a.Order), a.TargetID, strings.Join(a.InspectorIDs, ";")}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteFileAtomic writes a file atomically, readable by all (a draw is published).
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	return fileio.WriteAtomic(path, 0o644, write)
}
