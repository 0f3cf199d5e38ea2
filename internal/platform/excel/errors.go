package excel

import (
	"errors"
	"fmt"
	"strings"
)

// CellError is one problem in an uploaded workbook, located by its Excel row number and column
// letter. Title is the column's title; Message is Chinese and reads after the location.
type CellError struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"` // letter, "" for a problem with the whole row
	Title   string `json:"title,omitempty"`
	Message string `json:"message"`
}

// Error formats the problem as "第 12 行 D 列（身份证号）：…"; without a title
// "第 12 行 D 列：…"; without a column "第 12 行：…".
func (e CellError) Error() string {
	switch {
	case e.Column == "":
		return fmt.Sprintf("第 %d 行：%s", e.Row, e.Message)
	case e.Title == "":
		return fmt.Sprintf("第 %d 行 %s 列：%s", e.Row, e.Column, e.Message)
	}
	return fmt.Sprintf("第 %d 行 %s 列（%s）：%s", e.Row, e.Column, e.Title, e.Message)
}

// Ref is the cell reference, such as "D12", or the row number alone for a row problem.
func (e CellError) Ref() string {
	if e.Column == "" {
		return fmt.Sprint(e.Row)
	}
	return fmt.Sprintf("%s%d", e.Column, e.Row)
}

// Reason is the Chinese reason carried by err: the Reason of a *ValueError, else err's text.
func Reason(err error) string {
	var ve *ValueError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return err.Error()
}

// Errors collects the problems of an import. It keeps the first Max of them and only counts the
// rest, so that a file with an error in every one of 300,000 rows does not hold 300,000 messages.
// The zero value keeps DefaultMaxErrors.
type Errors struct {
	Max   int
	list  []CellError
	total int
	rows  map[int]struct{}
}

// DefaultMaxErrors is the number of problems an Errors keeps when Max is 0.
const DefaultMaxErrors = 1000

// NewErrors returns a collector keeping at most max problems.
func NewErrors(max int) *Errors { return &Errors{Max: max} }

// Add records problems.
func (c *Errors) Add(errs ...CellError) {
	limit := c.Max
	if limit <= 0 {
		limit = DefaultMaxErrors
	}
	if c.rows == nil {
		c.rows = make(map[int]struct{})
	}
	for _, e := range errs {
		c.total++
		c.rows[e.Row] = struct{}{}
		if len(c.list) < limit {
			c.list = append(c.list, e)
		}
	}
}

// Total is the number of problems added, kept or not.
func (c *Errors) Total() int { return c.total }

// Rows is the number of distinct rows with at least one problem.
func (c *Errors) Rows() int { return len(c.rows) }

// Omitted is the number of problems counted but not kept.
func (c *Errors) Omitted() int { return c.total - len(c.list) }

// List returns the kept problems in the order they were added.
func (c *Errors) List() []CellError { return c.list }

// Messages returns the kept problems formatted by CellError.Error.
func (c *Errors) Messages() []string {
	out := make([]string, len(c.list))
	for i, e := range c.list {
		out[i] = e.Error()
	}
	return out
}

// Summary is a one-line Chinese account: "共 3 处错误（涉及 2 行）" and, when some were not kept,
// "，以下仅列出前 1000 处".
func (c *Errors) Summary() string {
	if c.total == 0 {
		return "没有发现错误"
	}
	s := fmt.Sprintf("共 %d 处错误（涉及 %d 行）", c.total, len(c.rows))
	if c.Omitted() > 0 {
		s += fmt.Sprintf("，以下仅列出前 %d 处", len(c.list))
	}
	return s
}

// Err returns nil when nothing was added, else an error whose text is the summary followed by the
// kept problems, one per line.
func (c *Errors) Err() error {
	if c.total == 0 {
		return nil
	}
	return &ImportError{Summary: c.Summary(), Problems: c.list, Total: c.total}
}

// ImportError is the error of an import that found problems in the file.
type ImportError struct {
	Summary  string
	Problems []CellError
	Total    int
}

func (e *ImportError) Error() string {
	var b strings.Builder
	b.WriteString(e.Summary)
	for _, p := range e.Problems {
		b.WriteString("\n")
		b.WriteString(p.Error())
	}
	return b.String()
}

// FileError is a workbook that cannot be read at all: not an .xlsx file, damaged, encrypted,
// empty, without the expected sheet. Message is Chinese and says what to do.
type FileError struct {
	Kind    string
	Message string
}

func (e *FileError) Error() string { return e.Message }

// FileError kinds.
const (
	KindEmptyFile     = "empty_file" // 0 bytes
	KindXLS           = "xls"        // Excel 97–2003 (OLE2) workbook
	KindEncrypted     = "encrypted"  // password to open
	KindCSV           = "csv"        // CSV or other text renamed .xlsx
	KindHTML          = "html"       // a web page saved as .xls by another system
	KindXML2003       = "xml2003"    // XML Spreadsheet 2003
	KindXLSB          = "xlsb"       // Excel binary workbook
	KindODS           = "ods"        // OpenDocument spreadsheet
	KindNotExcel      = "not_excel"  // some other file (Word, image, archive …)
	KindCorrupt       = "corrupt"    // truncated or damaged .xlsx
	KindTooLarge      = "too_large"  // over the unzip size limit
	KindNoSheet       = "no_sheet"   // the workbook has no (visible) worksheet
	KindSheetNotFound = "sheet_not_found"
	KindEmptySheet    = "empty_sheet"
	KindNoHeader      = "no_header"
)

func fileErr(kind, format string, args ...any) *FileError {
	return &FileError{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// HeaderError lists the problems of the header row: unexpected, missing and duplicated columns.
// Nothing of a file with a bad header is read.
type HeaderError struct {
	Sheet    string
	Problems []CellError
}

func (e *HeaderError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "工作表“%s”的表头有 %d 处问题，请按模板修改表头后再上传", e.Sheet, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n")
		b.WriteString(p.Error())
	}
	return b.String()
}
