package excel

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// ColumnSpec describes one column of an import template.
type ColumnSpec struct {
	Key      string   // the name the caller uses for the column
	Title    string   // the header text in the template
	Aliases  []string // other header texts accepted for the column (older templates, synonyms)
	Required bool     // the column must be present in the header

	// Used by WriteTemplate only.
	Note    string   // 填写说明, shown as a comment on the header cell
	Choices []string // dropdown values of a dictionary column (see Choices for a dictionary map)
	Text    bool     // a code column (身份证号, 学籍号 …): formatted as text so Excel keeps every digit
	Width   float64  // column width in characters; 0 picks one from the title
}

// Spec describes the sheet an import reads.
type Spec struct {
	Sheet        string       // worksheet name; empty means the first visible worksheet
	Columns      []ColumnSpec // in template order
	MaxHeaderRow int          // the header must end within this many rows; 0 means 10
	// Ignore lists header texts that may appear and are skipped. "序号" and "错误说明" (the column
	// ErrorBook adds) are always skipped unless a column of the spec claims them.
	Ignore []string
}

// DefaultMaxHeaderRow is the number of rows searched for the header when Spec.MaxHeaderRow is 0.
const DefaultMaxHeaderRow = 10

// ErrorColumnTitle is the title of the column ErrorBook appends.
const ErrorColumnTitle = "错误说明"

// MaxUnzipSize bounds the uncompressed size of an uploaded workbook (zip-bomb protection).
const MaxUnzipSize = 4 << 30

// Row is one non-empty data row.
type Row struct {
	Number int               // Excel row number
	Cells  map[string]string // by column key, the cell as stored (not normalised); a key is absent when its column is not in the file
	Raw    []string          // every cell of the row from column A, as stored
}

// HeaderColumn is a column of the spec found in the header.
type HeaderColumn struct {
	Key    string
	Title  string // the header text as found (two-row headers: the bottom cell)
	Index  int    // 0-based column index
	Letter string // column letter, "D"
}

// Reader streams the data rows of one worksheet. The header is found and checked by Open; Next
// then yields the rows after it, one at a time, from a streaming scan of the worksheet XML that
// gives exactly what excelize's row iterator gives (sheetscan.go): the sheet is never held in
// memory. Cells are read as stored (excelize's raw values), so a date cell arrives as its serial
// number and a number with its full precision, whatever the display format.
type Reader struct {
	f        *excelize.File
	path     string
	rows     rowSource
	spec     Spec
	sheet    string
	date1904 bool

	cols        []HeaderColumn
	byKey       map[string]int // key → index in cols
	titles      map[string]string
	headerFirst int
	headerLast  int
	header      [][]string // the header row(s) as read
	preamble    []Row      // non-empty rows above the header (title, notes)
	width       int        // cells in the widest header row

	pending []Row
	n       int // Excel row number of the last row taken from the iterator
	done    bool
	err     error
}

var rawCells = excelize.Options{RawCellValue: true}

// alwaysIgnored are header texts skipped unless the spec claims them.
var alwaysIgnored = []string{"序号", ErrorColumnTitle}

// Open opens the workbook at path and finds the header of the sheet. A file that is not a
// readable .xlsx gives a *FileError, a header with unexpected, missing or duplicated columns a
// *HeaderError; both have Chinese messages for the clerk.
//
// The header is the row, among the first MaxHeaderRow, that matches most column titles of the
// spec. Titles match after Text cleaning, ignoring spaces, line breaks, the case of Latin letters,
// a "*" marking a required column and a trailing remark in parentheses ("身份证号（必填）").
// A two-row header is recognised when two consecutive rows together match more titles than any
// single row. Merged cells keep their text in their top-left cell only, so the two rows are
// combined column by column: a cell whose bottom half is empty was merged vertically and the top
// text is its title; a top cell merged across several columns (e.g. "监护人" over "姓名", "电话")
// is carried right over the columns below it, and each of those matches either the combined title
// ("监护人电话") or its own bottom text ("电话"), in that order; merge ranges themselves are not
// read, since excelize only has them by loading the whole worksheet. Rows above the header are
// skipped; a header of more than two rows is not supported.
//
// A header text that matches no column is an error unless Spec.Ignore lists it (it usually is a
// renamed column, and its data would otherwise be dropped silently); the message suggests the
// closest missing title by edit distance. A header cell left empty is skipped with its column.
// A missing required column and a column present twice (also through an alias) are errors; a
// missing optional column is not — its key is then absent from Row.Cells.
//
// Damage inside the zip is caught here, as excelize unpacks the parts on opening. Like excelize's
// row iterator, the worksheet scanner stops silently at malformed worksheet XML, so a sheet whose
// XML (not its compression) is broken reads as if it ended there.
func Open(path string, spec Spec) (*Reader, error) {
	if len(spec.Columns) == 0 {
		return nil, errors.New("excel: spec without columns")
	}
	if err := sniff(path); err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true, UnzipSizeLimit: MaxUnzipSize})
	if err != nil {
		return nil, openErr(err)
	}
	r := &Reader{f: f, path: path, spec: spec}
	if err := r.open(); err != nil {
		if r.rows != nil {
			_ = r.rows.Close()
		}
		_ = f.Close()
		return nil, err
	}
	return r, nil
}

func openErr(err error) error {
	if strings.Contains(err.Error(), "unzip size") {
		return fileErr(KindTooLarge, "文件解压后超过 %d GB，无法导入：请分成几个文件分别上传", MaxUnzipSize>>30)
	}
	return corrupt()
}

func corrupt() *FileError {
	return fileErr(KindCorrupt, "文件已损坏或不完整（可能是上传中断或保存时出错），无法作为 .xlsx 读取：请确认文件能在 Excel/WPS 中正常打开，重新保存后再上传")
}

func (r *Reader) open() error {
	sheets := r.f.GetSheetList()
	if len(sheets) == 0 {
		return fileErr(KindNoSheet, "工作簿里没有工作表")
	}
	if r.spec.Sheet == "" {
		for _, s := range sheets {
			if v, err := r.f.GetSheetVisible(s); err == nil && v {
				r.sheet = s
				break
			}
		}
		if r.sheet == "" {
			return fileErr(KindNoSheet, "工作簿里的工作表都被隐藏了：请取消隐藏要导入的工作表后再上传")
		}
	} else {
		want := foldKey(r.spec.Sheet)
		for _, s := range sheets {
			if s == r.spec.Sheet {
				r.sheet = s
				break
			}
			if r.sheet == "" && foldKey(s) == want {
				r.sheet = s
			}
		}
		if r.sheet == "" {
			return fileErr(KindSheetNotFound, "工作簿中没有名为“%s”的工作表（现有：%s）：请使用模板中的工作表，或把工作表改名为“%s”", r.spec.Sheet, strings.Join(sheets, "、"), r.spec.Sheet)
		}
	}
	if props, err := r.f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	rows, err := r.f.Rows(r.sheet)
	if err != nil {
		return corrupt()
	}
	r.rows = newRowSource(r.f, r.path, r.sheet, rows)
	return r.findHeader()
}

// ---------------------------------------------------------------------------------------------
// Header

type hcell struct {
	col     int
	display string
	cands   []string // folded candidate titles, most specific first
	raw     []string // the candidates as written, for suggestions
}

type hmatch struct {
	cell    hcell
	key     string // "" when unmatched
	ignored bool
}

func stripRemark(k string) string {
	if strings.HasSuffix(k, ")") {
		if i := strings.LastIndex(k, "("); i > 0 {
			return k[:i]
		}
	}
	return k
}

// foldTitle is the comparison form of a header text.
func foldTitle(s string) string {
	return strings.Trim(foldKey(s), "*")
}

// titleIndex maps folded titles and aliases to keys; remark-stripped forms are added when they do
// not collide with another column.
func (r *Reader) titleIndex() (map[string]string, map[string]bool) {
	idx := make(map[string]string)
	for _, c := range r.spec.Columns {
		for _, t := range append([]string{c.Title}, c.Aliases...) {
			if k := foldTitle(t); k != "" {
				if _, dup := idx[k]; !dup {
					idx[k] = c.Key
				}
			}
		}
	}
	for _, c := range r.spec.Columns {
		for _, t := range append([]string{c.Title}, c.Aliases...) {
			if k := stripRemark(foldTitle(t)); k != "" {
				if _, dup := idx[k]; !dup {
					idx[k] = c.Key
				}
			}
		}
	}
	ign := make(map[string]bool)
	for _, t := range append(append([]string{}, alwaysIgnored...), r.spec.Ignore...) {
		if k := foldTitle(t); k != "" {
			if _, claimed := idx[k]; !claimed {
				ign[k] = true
			}
		}
	}
	return idx, ign
}

func textOf(s string) string {
	t, err := Text(s)
	if err != nil {
		return strings.TrimSpace(s)
	}
	return t
}

func singleCells(row []string) []hcell {
	var out []hcell
	for i, v := range row {
		if t := textOf(v); t != "" {
			out = append(out, hcell{col: i, display: t, raw: []string{t}})
		}
	}
	return out
}

func pairCells(top, bottom []string) []hcell {
	var out []hcell
	carry := ""
	for i := 0; i < max(len(top), len(bottom)); i++ {
		var tv, bv string
		if i < len(top) {
			tv = textOf(top[i])
		}
		if i < len(bottom) {
			bv = textOf(bottom[i])
		}
		switch {
		case tv != "" && bv == "":
			out = append(out, hcell{col: i, display: tv, raw: []string{tv}})
			carry = ""
		case tv != "":
			carry = tv
			out = append(out, hcell{col: i, display: bv, raw: []string{tv + bv, bv}})
		case bv != "" && carry != "":
			out = append(out, hcell{col: i, display: bv, raw: []string{carry + bv, bv}})
		case bv != "":
			out = append(out, hcell{col: i, display: bv, raw: []string{bv}})
		default:
			carry = ""
		}
	}
	return out
}

func matchCells(cells []hcell, idx map[string]string, ign map[string]bool) ([]hmatch, int) {
	out := make([]hmatch, len(cells))
	seen := make(map[string]bool)
	for i, c := range cells {
		for _, raw := range c.raw {
			c.cands = append(c.cands, foldTitle(raw))
		}
		out[i].cell = c
	cands:
		for _, k := range c.cands {
			for _, kk := range []string{k, stripRemark(k)} {
				if key, ok := idx[kk]; ok {
					out[i].key = key
					seen[key] = true
					break cands
				}
			}
		}
		if out[i].key == "" {
			for _, k := range c.cands {
				if ign[k] || ign[stripRemark(k)] {
					out[i].ignored = true
				}
			}
		}
	}
	return out, len(seen)
}

// findHeader reads the first MaxHeaderRow rows and picks the header.
func (r *Reader) findHeader() error {
	maxRow := r.spec.MaxHeaderRow
	if maxRow <= 0 {
		maxRow = DefaultMaxHeaderRow
	}
	var buf [][]string
	anything := false
	for len(buf) < maxRow && r.advance() {
		cols, err := r.rows.Columns()
		if err != nil {
			r.err = corrupt()
			return r.err
		}
		buf = append(buf, cols)
		anything = anything || !blankRow(cols)
	}
	if r.err != nil {
		return r.err
	}
	if !anything {
		if r.done {
			return fileErr(KindEmptySheet, "工作表“%s”是空的，没有任何数据", r.sheet)
		}
		return r.noHeader(maxRow)
	}
	idx, ign := r.titleIndex()
	var best []hmatch
	bestScore, bestFirst, bestLast := 0, 0, 0
	// Single rows first; a pair of rows must match strictly more titles than any single row (a
	// title or note row above the header adds nothing), and earlier rows win ties.
	for i := range buf {
		if m, score := matchCells(singleCells(buf[i]), idx, ign); score > bestScore {
			best, bestScore, bestFirst, bestLast = m, score, i+1, i+1
		}
	}
	for i := 0; i+1 < len(buf); i++ {
		if m, score := matchCells(pairCells(buf[i], buf[i+1]), idx, ign); score > bestScore {
			best, bestScore, bestFirst, bestLast = m, score, i+1, i+2
		}
	}
	if bestScore == 0 {
		return r.noHeader(maxRow)
	}
	r.headerFirst, r.headerLast = bestFirst, bestLast
	for i := 0; i < bestFirst-1; i++ {
		if !blankRow(buf[i]) {
			r.preamble = append(r.preamble, Row{Number: i + 1, Raw: buf[i]})
		}
	}
	for i := bestFirst - 1; i < bestLast; i++ {
		r.header = append(r.header, buf[i])
		r.width = max(r.width, len(buf[i]))
	}
	if err := r.checkHeader(best); err != nil {
		return err
	}
	for i := bestLast; i < len(buf); i++ {
		if !blankRow(buf[i]) {
			r.pending = append(r.pending, r.makeRow(i+1, buf[i]))
		}
	}
	return nil
}

func (r *Reader) noHeader(maxRow int) error {
	var titles []string
	for _, c := range r.spec.Columns {
		if c.Required {
			titles = append(titles, "“"+c.Title+"”")
		}
		if len(titles) == 4 {
			break
		}
	}
	if len(titles) == 0 {
		for _, c := range r.spec.Columns {
			titles = append(titles, "“"+c.Title+"”")
			if len(titles) == 4 {
				break
			}
		}
	}
	return fileErr(KindNoHeader, "在工作表“%s”的前 %d 行中没有找到表头（应有%s等列）：请使用下载的模板，不要删除或改动表头", r.sheet, maxRow, strings.Join(titles, ""))
}

func letter(i int) string {
	s, _ := excelize.ColumnNumberToName(i + 1)
	return s
}

func (r *Reader) checkHeader(ms []hmatch) error {
	r.byKey = make(map[string]int)
	r.titles = make(map[string]string)
	specByKey := make(map[string]ColumnSpec)
	for _, c := range r.spec.Columns {
		specByKey[c.Key] = c
		r.titles[c.Key] = c.Title
	}
	var problems []CellError
	var unexpected []hmatch
	for _, m := range ms {
		switch {
		case m.ignored:
		case m.key == "":
			unexpected = append(unexpected, m)
		default:
			if j, dup := r.byKey[m.key]; dup {
				first := r.cols[j]
				problems = append(problems, CellError{Row: r.headerLast, Column: letter(m.cell.col), Title: m.cell.display,
					Message: fmt.Sprintf("与 %s 列（%s）重复，都对应模板中的“%s”：同一列只能出现一次，请删除其中一列", first.Letter, first.Title, specByKey[m.key].Title)})
				continue
			}
			r.byKey[m.key] = len(r.cols)
			r.cols = append(r.cols, HeaderColumn{Key: m.key, Title: m.cell.display, Index: m.cell.col, Letter: letter(m.cell.col)})
		}
	}
	for _, m := range unexpected {
		msg := "“" + m.cell.display + "”不是模板中的列"
		if sug := r.suggest(m.cell); sug != "" {
			msg += "；是否应为“" + sug + "”？"
		} else {
			msg += "：请删除该列，或改回模板中的列名"
		}
		problems = append(problems, CellError{Row: r.headerLast, Column: letter(m.cell.col), Title: m.cell.display, Message: msg})
	}
	for i, c := range r.spec.Columns {
		if _, ok := r.byKey[c.Key]; !ok && c.Required {
			problems = append(problems, CellError{Row: r.headerLast, Title: c.Title,
				Message: fmt.Sprintf("缺少必填列“%s”（模板中是 %s 列）：请按模板补上该列", c.Title, letter(i))})
		}
	}
	if len(problems) > 0 {
		sortProblems(problems)
		return &HeaderError{Sheet: r.sheet, Problems: problems}
	}
	return nil
}

func sortProblems(p []CellError) {
	// Stable insertion sort by column position; row problems (missing columns) last.
	pos := func(e CellError) int {
		if e.Column == "" {
			return 1 << 30
		}
		n, _ := excelize.ColumnNameToNumber(e.Column)
		return n
	}
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && pos(p[j]) < pos(p[j-1]); j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

// suggest returns the title of a column not found in the header that is close to an unexpected
// header text, or "".
func (r *Reader) suggest(c hcell) string {
	best, bestD, bestN := "", 1<<30, 0
	for _, col := range r.spec.Columns {
		if _, found := r.byKey[col.Key]; found {
			continue
		}
		for _, t := range append([]string{col.Title}, col.Aliases...) {
			k := foldTitle(t)
			for _, cand := range c.cands {
				for _, cc := range []string{cand, stripRemark(cand)} {
					if d := editDistance(cc, k); d < bestD {
						best, bestD = col.Title, d
						bestN = max(utf8.RuneCountInString(cc), utf8.RuneCountInString(k))
					}
				}
			}
		}
	}
	if best == "" || bestD*2 > bestN {
		return ""
	}
	return best
}

// ---------------------------------------------------------------------------------------------
// Rows

// advance moves the iterator to the next Excel row number.
func (r *Reader) advance() bool {
	if r.done || r.err != nil {
		return false
	}
	if !r.rows.Next() {
		r.done = true
		if err := r.rows.Error(); err != nil {
			r.err = fileErr(KindCorrupt, "读到第 %d 行时出错：文件内容已损坏或超出 Excel 的行数上限", r.n+1)
		}
		return false
	}
	r.n++
	return true
}

func blankRow(cols []string) bool {
	for _, c := range cols {
		if c != "" && !Blank(c) {
			return false
		}
	}
	return true
}

func (r *Reader) makeRow(n int, raw []string) Row {
	cells := make(map[string]string, len(r.cols))
	for _, c := range r.cols {
		v := ""
		if c.Index < len(raw) {
			v = raw[c.Index]
		}
		cells[c.Key] = v
	}
	return Row{Number: n, Cells: cells, Raw: raw}
}

// Next returns the next data row, skipping rows whose cells are all blank. It returns false at
// the end of the sheet or on an error; see Err.
func (r *Reader) Next() (Row, bool) {
	if len(r.pending) > 0 {
		row := r.pending[0]
		r.pending = r.pending[1:]
		return row, true
	}
	for r.advance() {
		cols, err := r.rows.Columns()
		if err != nil {
			r.err = fileErr(KindCorrupt, "读到第 %d 行时出错：文件内容已损坏，请在 Excel/WPS 中重新保存后再上传", r.n)
			return Row{}, false
		}
		if blankRow(cols) {
			continue
		}
		return r.makeRow(r.n, cols), true
	}
	return Row{}, false
}

// Err is the error that stopped Next early, or nil at the normal end of the sheet.
func (r *Reader) Err() error { return r.err }

// Close releases the workbook and its temporary files.
func (r *Reader) Close() error {
	var err error
	if r.rows != nil {
		err = r.rows.Close()
	}
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Sheet is the name of the worksheet being read.
func (r *Reader) Sheet() string { return r.sheet }

// HeaderRows are the Excel row numbers of the first and last header rows (equal for a one-row
// header).
func (r *Reader) HeaderRows() (first, last int) { return r.headerFirst, r.headerLast }

// Columns are the spec's columns found in the header, in sheet order.
func (r *Reader) Columns() []HeaderColumn { return r.cols }

// Has reports whether the column key is present in the file.
func (r *Reader) Has(key string) bool { _, ok := r.byKey[key]; return ok }

// Date1904 reports whether the workbook uses the 1904 date system.
func (r *Reader) Date1904() bool { return r.date1904 }

// Date reads a date cell in the date system of the workbook (see Date and Date1904).
func (r *Reader) Date(s string) (time.Time, error) { return parseDate(s, r.date1904) }

// CellRef is the reference of a cell of a column in a row, such as "D12"; "" when the column is
// not in the file.
func (r *Reader) CellRef(row int, key string) string {
	j, ok := r.byKey[key]
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s%d", r.cols[j].Letter, row)
}

// ErrorAt builds the CellError for a column of a row from a normaliser's error (or any error,
// whose text is taken as the reason). The title is the spec's title of the column.
func (r *Reader) ErrorAt(row int, key string, err error) CellError {
	e := CellError{Row: row, Title: r.titles[key], Message: Reason(err)}
	if j, ok := r.byKey[key]; ok {
		e.Column = r.cols[j].Letter
	}
	if e.Title == "" {
		e.Title = key
	}
	return e
}

// ---------------------------------------------------------------------------------------------
// File type detection

var (
	oleSignature = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}
	utf8BOM      = []byte{0xef, 0xbb, 0xbf}
)

// sniff recognises files that are not .xlsx before excelize sees them, so that each gets a
// message saying what it is and what to do.
func sniff(path string) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("打开上传的文件失败: %w", err)
	}
	defer func() { _ = fh.Close() }()
	st, err := fh.Stat()
	if err != nil {
		return fmt.Errorf("打开上传的文件失败: %w", err)
	}
	if st.Size() == 0 {
		return fileErr(KindEmptyFile, "文件是空的（0 字节）：请重新选择文件上传")
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(fh, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("读取上传的文件失败: %w", err)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return sniffZip(path)
	case bytes.HasPrefix(head, oleSignature):
		return sniffOLE(fh)
	case bytes.HasPrefix(head, oleSignature[:4]):
		return fileErr(KindXLS, "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中“另存为” .xlsx 后再上传")
	}
	return sniffOther(head)
}

func sniffZip(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return corrupt()
	}
	defer func() { _ = zr.Close() }()
	var xl, xlsb, word, ppt, ods bool
	for _, f := range zr.File {
		switch {
		case f.Name == "xl/workbook.bin":
			xlsb = true
		case strings.HasPrefix(f.Name, "xl/"):
			xl = true
		case strings.HasPrefix(f.Name, "word/"):
			word = true
		case strings.HasPrefix(f.Name, "ppt/"):
			ppt = true
		case f.Name == "mimetype":
			if rc, err := f.Open(); err == nil {
				b := make([]byte, 64)
				n, _ := io.ReadFull(rc, b)
				_ = rc.Close()
				ods = strings.Contains(string(b[:n]), "opendocument.spreadsheet")
			}
		}
	}
	switch {
	case xlsb:
		return fileErr(KindXLSB, "这是 Excel 二进制工作簿（.xlsb），请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再上传")
	case xl:
		return nil
	case ods:
		return fileErr(KindODS, "这是 OpenDocument 表格（.ods），请在 WPS/Excel/LibreOffice 中“另存为” .xlsx 后再上传")
	case word:
		return fileErr(KindNotExcel, "这是 Word 文档，不是 Excel 表格：请上传按模板填写的 .xlsx 文件")
	case ppt:
		return fileErr(KindNotExcel, "这是 PowerPoint 演示文稿，不是 Excel 表格：请上传按模板填写的 .xlsx 文件")
	}
	return fileErr(KindNotExcel, "这是一个压缩包，不是 Excel 表格：请解压后上传其中按模板填写的 .xlsx 文件")
}

// sniffOLE tells an encrypted .xlsx (an OLE2 container with EncryptionInfo and EncryptedPackage
// streams) from an Excel 97–2003 workbook and other old Office documents.
func sniffOLE(fh *os.File) error {
	if doc, err := mscfb.New(fh); err == nil {
		for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
			switch entry.Name {
			case "EncryptedPackage", "EncryptionInfo":
				return fileErr(KindEncrypted, "文件设置了打开密码（已加密），系统无法读取：请在 Excel/WPS 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并保存后再上传")
			case "WordDocument":
				return fileErr(KindNotExcel, "这是旧版 Word 文档（.doc），不是 Excel 表格：请上传按模板填写的 .xlsx 文件")
			case "PowerPoint Document":
				return fileErr(KindNotExcel, "这是旧版 PowerPoint 演示文稿（.ppt），不是 Excel 表格：请上传按模板填写的 .xlsx 文件")
			}
		}
	}
	return fileErr(KindXLS, "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中“另存为” .xlsx 后再上传")
}

func sniffOther(head []byte) error {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		return fileErr(KindNotExcel, "这是 PDF 文件，不是 Excel 表格：请上传按模板填写的 .xlsx 文件")
	case bytes.HasPrefix(head, []byte("\x89PNG")), bytes.HasPrefix(head, []byte("\xff\xd8\xff")), bytes.HasPrefix(head, []byte("GIF8")):
		return fileErr(KindNotExcel, "这是图片，不是 Excel 表格：请上传按模板填写的 .xlsx 文件")
	case bytes.HasPrefix(head, []byte("Rar!")), bytes.HasPrefix(head, []byte("7z\xbc\xaf")):
		return fileErr(KindNotExcel, "这是一个压缩包，不是 Excel 表格：请解压后上传其中按模板填写的 .xlsx 文件")
	}
	utf16 := bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff})
	body := bytes.TrimPrefix(head, utf8BOM)
	if utf16 {
		body = fromUTF16(head[2:], head[0] == 0xff)
	}
	lower := strings.ToLower(strings.TrimSpace(string(body)))
	switch {
	case strings.HasPrefix(lower, "<?xml") && strings.Contains(lower, "urn:schemas-microsoft-com:office:spreadsheet"):
		return fileErr(KindXML2003, "这是“XML 电子表格 2003”格式，不是 .xlsx：请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传")
	case strings.HasPrefix(lower, "<") && (strings.Contains(lower, "<html") || strings.Contains(lower, "<table") || strings.Contains(lower, "<!doctype html")):
		return fileErr(KindHTML, "这是网页（HTML）格式的表格，只是扩展名为 Excel（常见于其他系统导出的文件）：请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传")
	}
	if !utf16 && binary(body) {
		return fileErr(KindNotExcel, "无法识别的文件格式，不是 Excel 工作簿（.xlsx）：请上传按模板填写的 .xlsx 文件")
	}
	if strings.ContainsAny(string(body), ",\t;，") {
		return fileErr(KindCSV, "这是 CSV（逗号分隔）或文本文件，只是扩展名改成了 .xlsx：请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传")
	}
	return fileErr(KindCSV, "这是纯文本文件，不是 Excel 工作簿（.xlsx）：请把数据填进下载的模板后再上传")
}

// binary reports bytes that do not occur in text in any of the encodings clerks use (UTF-8,
// GBK/GB18030): NUL and other control bytes.
func binary(b []byte) bool {
	ctl := 0
	for _, c := range b {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1a {
			ctl++
		}
	}
	return ctl*20 > len(b)
}

func fromUTF16(b []byte, little bool) []byte {
	var out []rune
	for i := 0; i+1 < len(b); i += 2 {
		if little {
			out = append(out, rune(b[i])|rune(b[i+1])<<8)
		} else {
			out = append(out, rune(b[i])<<8|rune(b[i+1]))
		}
	}
	return []byte(string(out))
}
