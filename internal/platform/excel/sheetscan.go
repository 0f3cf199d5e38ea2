package excel

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// This file holds the worksheet scanner behind Reader: a streaming reader of worksheet XML that
// yields, row by row, exactly what excelize's Rows().Columns(Options{RawCellValue: true}) yields,
// about ten times faster and with a few allocations per row instead of ~25 per cell.
//
// Exactness comes from structure rather than from approximation:
//
//   - xmlTok is a byte scanner over a refillable buffer that produces the token stream of
//     encoding/xml's Decoder.Token in strict mode (the decoder excelize uses): the same checks
//     of names, attributes, entity and character references, characters outside the XML range,
//     "]]>", comments, CDATA, processing instructions, directives and end tags, the same name
//     space translation, and an <?xml encoding="…"?> declaration honoured through excelize's own
//     File.CharsetReader. excelize stops silently where the decoder reports an error; so does the
//     scanner, at the same token.
//   - sheetScan.Next and sheetScan.Columns are excelize's Rows.Next, Rows.Columns, rowXMLHandler
//     and cellXMLHandler transcribed onto that token stream, with their quirks: row numbers
//     taken from r or counted, cells placed by r or after the previous cell, empty cells without
//     a formula dropped, gaps filled with "".
//   - The decoding of <v>, <f> and <is> (and of <si> in the shared strings) follows what
//     encoding/xml's DecodeElement does with excelize's types, including attributes typed as
//     numbers or booleans, whose bad values end the decoding part-way.
//   - The shared strings are read the way excelize reads them: a part of up to 16 MB as a whole
//     document whose errors fail every row, a larger one (which excelize keeps in a temporary
//     file) item by item, ignoring errors. They are held as one string with end offsets.
//
// excelize still opens the workbook (zip checks, size limit, sheet list, workbook properties):
// only the row iterator is replaced. sheetscan_test.go compares the two on generated and
// hand-written workbooks, FuzzSheetScan on arbitrary worksheet XML and shared strings, and
// FuzzXMLTokens the tokenizer with encoding/xml.

// rowSource is a worksheet row iterator with the semantics of excelize's *Rows: Next moves to
// the next row number, Columns reads its cells, Error reports a row number beyond Excel's limit.
// Columns must be called once after every Next that returned true.
type rowSource interface {
	Next() bool
	Columns() ([]string, error)
	Error() error
	Close() error
}

// excelizeRows is excelize's own iterator, used when the scanner cannot open the sheet.
type excelizeRows struct{ *excelize.Rows }

func (r excelizeRows) Columns() ([]string, error) { return r.Rows.Columns(rawCells) }

// newRowSource returns the scanner for the sheet of f read from path, or excelize's iterator
// rows when the scanner cannot be opened. rows must come from f.Rows(sheet); it is closed when
// the scanner is used.
func newRowSource(f *excelize.File, path, sheet string, rows *excelize.Rows) rowSource {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return excelizeRows{rows}
	}
	sc, err := openSheetScan(f, &zr.Reader, sheet)
	if err != nil {
		_ = zr.Close()
		return excelizeRows{rows}
	}
	sc.closer = zr
	_ = rows.Close()
	return sc
}

// ---------------------------------------------------------------------------------------------
// Parts of the package

// streamChunkSize is excelize's UnzipXMLSizeLimit default: the shared strings and worksheets
// larger than this are unpacked to temporary files instead of memory.
const streamChunkSize = excelize.StreamChunkSize

const (
	pathContentTypes  = "[Content_Types].xml"
	pathSharedStrings = "xl/sharedStrings.xml"
)

// xlsxPkg finds the parts of the package the way excelize's ReadZipReader files them: names
// with "\" turned into "/", the content types and shared strings parts under their canonical
// names, the last of duplicate entries winning, and the shared strings and worksheets over
// 16 MB kept apart, as excelize keeps them in temporary files.
type xlsxPkg struct {
	mem  map[string]*zip.File // excelize's File.Pkg
	temp map[string]*zip.File // excelize's temporary files
}

func newPkg(zr *zip.Reader) *xlsxPkg {
	p := &xlsxPkg{mem: make(map[string]*zip.File), temp: make(map[string]*zip.File)}
	for _, zf := range zr.File {
		name := strings.ReplaceAll(zf.Name, "\\", "/")
		switch strings.ToLower(name) {
		case "[content_types].xml":
			name = pathContentTypes
		case "xl/sharedstrings.xml":
			name = pathSharedStrings
		}
		size := zf.FileInfo().Size()
		large := size > streamChunkSize
		switch {
		case strings.EqualFold(name, pathSharedStrings) && large:
			p.temp[name] = zf
		case strings.HasPrefix(strings.ToLower(name), "xl/worksheets/sheet") && large && !zf.FileInfo().IsDir():
			p.temp[name] = zf
		default:
			p.mem[name] = zf
		}
	}
	return p
}

func (p *xlsxPkg) exists(name string) bool {
	return p.mem[name] != nil || p.temp[name] != nil
}

// memPart is the part as excelize's readXML has it: the in-memory content only; nil when absent
// or empty.
func (p *xlsxPkg) memPart(name string) *zip.File {
	if zf := p.mem[name]; zf != nil && zf.UncompressedSize64 > 0 {
		return zf
	}
	return nil
}

// streamPart is the part as excelize's xmlDecoder reads it: the in-memory content when not
// empty, else the temporary file; nil for neither (excelize then reads nothing).
func (p *xlsxPkg) streamPart(name string) *zip.File {
	if zf := p.memPart(name); zf != nil {
		return zf
	}
	return p.temp[name]
}

func readPart(zf *zip.File) ([]byte, error) {
	if zf == nil {
		return nil, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer func() { _ = rc.Close() }()
	return io.ReadAll(rc)
}

// strictToTransitional are the replacements of excelize's namespaceStrictToTransitional, which
// it applies to a part before decoding it as a whole (longer names first, so that the result
// does not depend on the order).
var strictToTransitional = []struct{ strict, transitional string }{
	{excelize.StrictSourceRelationshipExtendProperties, excelize.SourceRelationshipExtendProperties},
	{excelize.StrictSourceRelationshipOfficeDocument, excelize.SourceRelationshipOfficeDocument},
	{excelize.StrictSourceRelationshipComments, excelize.SourceRelationshipComments},
	{excelize.StrictSourceRelationshipChart, excelize.SourceRelationshipChart},
	{excelize.StrictSourceRelationshipImage, excelize.SourceRelationshipImage},
	{excelize.StrictSourceRelationship, excelize.SourceRelationship.Value},
	{excelize.StrictNameSpaceDocumentPropertiesVariantTypes, excelize.NameSpaceDocumentPropertiesVariantTypes.Value},
	{excelize.StrictNameSpaceExtendedProperties, excelize.NameSpaceExtendedProperties},
	{excelize.StrictNameSpaceSpreadSheet, excelize.NameSpaceSpreadSheet.Value},
	{excelize.StrictNameSpaceDrawingMLMain, excelize.NameSpaceDrawingMLMain},
}

func toTransitional(b []byte) []byte {
	if !bytes.Contains(b, []byte("purl.oclc.org")) {
		return b
	}
	for _, r := range strictToTransitional {
		b = bytes.ReplaceAll(b, []byte(r.strict), []byte(r.transitional))
	}
	return b
}

type relsXML struct {
	XMLName xml.Name `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
	Rels    []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:",attr"`
		Type   string `xml:",attr"`
	} `xml:"Relationship"`
}

func (p *xlsxPkg) rels(name string, charset charsetFunc) *relsXML {
	zf := p.mem[name]
	if zf == nil {
		return nil
	}
	b, err := readPart(zf)
	if err != nil {
		return nil
	}
	var rels relsXML
	d := xml.NewDecoder(bytes.NewReader(toTransitional(b)))
	d.CharsetReader = charset
	if err := d.Decode(&rels); err != nil && err != io.EOF {
		return nil
	}
	return &rels
}

// sheetPath is the worksheet part of the named sheet, found as excelize's getSheetMap finds it
// (getWorkbookPath, getWorkbookRelsPath, getWorksheetPath); "" when there is none.
func (p *xlsxPkg) sheetPath(f *excelize.File, sheet string) string {
	wbPath := ""
	if rels := p.rels("_rels/.rels", f.CharsetReader); rels != nil {
		for _, rel := range rels.Rels {
			if rel.Type == excelize.SourceRelationshipOfficeDocument {
				wbPath = strings.TrimPrefix(rel.Target, "/")
				break
			}
		}
	}
	relsPath := "_rels/" + filepath.Base(wbPath) + ".rels"
	if dir := filepath.Dir(wbPath); dir != "." {
		relsPath = strings.TrimPrefix(dir+"/_rels/"+filepath.Base(wbPath)+".rels", "/")
	}
	rels := p.rels(relsPath, f.CharsetReader)
	if rels == nil || f.WorkBook == nil {
		return ""
	}
	found := ""
	for _, sh := range f.WorkBook.Sheets.Sheet {
		if sh.Name != sheet {
			continue
		}
		for _, rel := range rels.Rels {
			if rel.ID != sh.ID {
				continue
			}
			path := filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(fmt.Sprintf("%s/%s", filepath.Dir(wbPath), rel.Target)), "\\", "/"), "/"))
			if strings.HasPrefix(rel.Target, "/") {
				path = filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(rel.Target), "\\", "/"), "/"))
			}
			if p.exists(path) {
				found = path
			}
		}
	}
	return found
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

type charsetFunc = func(charset string, input io.Reader) (io.Reader, error)

type tokKind uint8

const (
	tokDone  tokKind = iota // end of input or an error; every later call returns tokDone too
	tokStart                // start tag (a self-closing tag gives tokStart then tokEnd)
	tokEnd                  // end tag
	tokText                 // character data or a CDATA section
	tokOther                // comment, processing instruction or directive
)

// maxUnmarshalDepth is encoding/xml's limit of element nesting for DecodeElement.
const maxUnmarshalDepth = 10000

var (
	errXML             = errors.New("excel: worksheet XML ended or is malformed")
	errSyntax          = errors.New("excel: XML syntax error")
	errNoSheetPart     = errors.New("excel: worksheet part not found")
	errReadAheadClosed = errors.New("excel: worksheet read after Close")
)

type xattr struct {
	prefix, local, value []byte
}

// attrFix is an attribute whose value was decoded into scratch[s:e].
type attrFix struct{ attr, s, e int }

type frame struct {
	name  int // start of the element's raw name in names
	colon int // its prefix's colon, from name, or -1
	nns   int // name space bindings pushed by the element
}

type nsBinding struct{ prefix, url string }

// xmlTok produces the token stream of encoding/xml's (*Decoder).Token with Strict set. Token
// data (names, attribute values, text) point into internal buffers and are valid until the next
// call of next.
type xmlTok struct {
	src     io.Reader
	charset charsetFunc
	buf     []byte
	pos     int
	end     int
	rdErr   error // the first error from src, io.EOF at its end

	err       error // why the stream ended: io.EOF, errSyntax or a read error
	needClose bool  // the last start tag was self-closing: its end tag comes next
	popNext   bool  // the last token was an end tag: pop its element before the next one

	names  []byte // raw names of the open elements
	frames []frame
	ns     []nsBinding
	nsGen  int // changes whenever ns does

	kind    tokKind
	prefix  []byte // start and end tags: the name as split by encoding/xml's nsname
	local   []byte
	attrs   []xattr
	text    []byte
	depth   int // open elements, including a start tag just read
	scratch []byte
	fixes   []attrFix
}

const tokBufSize = 128 << 10

func newTok(src io.Reader, charset charsetFunc) *xmlTok {
	return &xmlTok{src: src, charset: charset, buf: make([]byte, tokBufSize)}
}

// fill keeps buf[pos:end], the start of the token being read, moved to the front, and reads
// input after it until the buffer is full. A token that does not fit doubles the buffer, so
// that reading it again from its start after each fill costs linear time in all.
func (t *xmlTok) fill() {
	if t.pos > 0 {
		t.end = copy(t.buf, t.buf[t.pos:t.end])
		t.pos = 0
	}
	if t.end == len(t.buf) {
		nb := make([]byte, 2*len(t.buf))
		copy(nb, t.buf[:t.end])
		t.buf = nb
	}
	for t.end < len(t.buf) {
		n, err := t.src.Read(t.buf[t.end:])
		t.end += n
		if err != nil {
			t.rdErr = err
			return
		}
	}
}

func (t *xmlTok) stop(err error) tokKind {
	t.err = err
	t.kind = tokDone
	return tokDone
}

// next reads the next token.
func (t *xmlTok) next() tokKind {
	if t.popNext {
		t.popNext = false
		t.pop()
	}
	if t.err != nil {
		return tokDone
	}
	if t.needClose {
		t.needClose = false
		t.endOfTop()
		return tokEnd
	}
	for {
		if t.pos >= t.end {
			if t.rdErr != nil {
				switch {
				case t.rdErr != io.EOF:
					return t.stop(t.rdErr)
				case len(t.frames) > 0:
					return t.stop(errSyntax) // unexpected EOF
				}
				return t.stop(io.EOF)
			}
			t.fill()
			continue
		}
		atEOF := t.rdErr != nil
		var r int
		b := t.buf[:t.end]
		switch {
		case b[t.pos] != '<':
			r = t.parseText(atEOF)
		case t.pos+1 >= len(b):
			r = pMore
		case b[t.pos+1] == '/':
			r = t.parseEnd()
		case b[t.pos+1] == '?':
			r = t.parsePI()
		case b[t.pos+1] == '!':
			r = t.parseBang()
		default:
			r = t.parseStart()
		}
		switch r {
		case pOK:
			return t.kind
		case pMore:
			if atEOF {
				if t.rdErr != io.EOF {
					return t.stop(t.rdErr)
				}
				return t.stop(errSyntax)
			}
			t.fill()
		default:
			return t.stop(errSyntax)
		}
	}
}

const (
	pOK = iota
	pMore
	pBad
)

// nameByte are the bytes encoding/xml's readName takes into a name.
var nameByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '_' || c == ':' || c == '.' || c == '-' || c >= utf8.RuneSelf
	}
	return
}()

// plainText are the bytes of character data that need neither decoding nor checking.
var plainText = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != ']' && c != '<' || c == '\t' || c == '\n'
	}
	return
}()

func isSpace(c byte) bool { return c == ' ' || c == '\r' || c == '\n' || c == '\t' }

// validName reports whether a run of name bytes with a byte beyond ASCII is a name for
// encoding/xml's isName. This is rare: let encoding/xml judge. ":" and "_" are in the same
// character classes, and a name without a colon passes nsname.
func validName(b []byte) bool {
	probe := append(append([]byte("<"), bytes.ReplaceAll(b, []byte(":"), []byte("_"))...), "/>"...)
	_, err := xml.NewDecoder(bytes.NewReader(probe)).RawToken()
	return err == nil
}

// validChars reports whether character data is valid UTF-8 made of XML characters.
func validChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		if 0xE1 <= c && c <= 0xEC && i+2 < len(b) && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80 {
			i += 3 // U+1000–U+CFFF (CJK among them): no surrogates, no U+FFFE/U+FFFF
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size
	}
	return true
}

var cdataEnd = []byte("]]>")

// decodeText turns raw character data (attr: an attribute value) into its value as
// encoding/xml's text does: references replaced, "\r\n" and "\r" made "\n", then checked. The
// value is raw itself, or scratch[s:e] when it had to be rewritten.
func (t *xmlTok) decodeText(raw []byte, attr bool) (s, e int, inScratch, ok bool) {
	if !attr && bytes.IndexByte(raw, ']') >= 0 && bytes.Contains(raw, cdataEnd) {
		return 0, 0, false, false
	}
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return 0, len(raw), false, validChars(raw)
	}
	s = len(t.scratch)
	out := t.scratch
	var prev byte
	for i := 0; i < len(raw); {
		c := raw[i]
		if c == '&' {
			var j int
			if out, j, ok = appendReference(out, raw, i); !ok {
				t.scratch = out[:s]
				return 0, 0, false, false
			}
			prev = 0
			i = j
			continue
		}
		switch {
		case c == '\r':
			out = append(out, '\n')
		case prev == '\r' && c == '\n':
		default:
			out = append(out, c)
		}
		prev = c
		i++
	}
	t.scratch = out
	return s, len(out), true, validChars(out[s:])
}

// appendReference decodes the entity or character reference at raw[i] ("&") as encoding/xml
// does in strict mode: the five predefined entities and decimal or hexadecimal ("&#x", lower
// case x) references to code points up to U+10FFFF, surrogates becoming U+FFFD.
func appendReference(out, raw []byte, i int) ([]byte, int, bool) {
	j := i + 1
	if j >= len(raw) {
		return out, 0, false
	}
	if raw[j] == '#' {
		j++
		base := uint64(10)
		if j < len(raw) && raw[j] == 'x' {
			base = 16
			j++
		}
		ds := j
		var n uint64
		for ; j < len(raw); j++ {
			d, ok := digitValue(raw[j], base)
			if !ok {
				break
			}
			if n <= unicode.MaxRune { // beyond, n stays too large
				n = n*base + d
			}
		}
		if j >= len(raw) || raw[j] != ';' || j == ds || n > unicode.MaxRune {
			return out, 0, false
		}
		return utf8.AppendRune(out, rune(n)), j + 1, true
	}
	ns := j
	for j < len(raw) && nameByte[raw[j]] {
		j++
	}
	if j >= len(raw) || raw[j] != ';' {
		return out, 0, false
	}
	var c byte
	switch string(raw[ns:j]) {
	case "lt":
		c = '<'
	case "gt":
		c = '>'
	case "amp":
		c = '&'
	case "apos":
		c = '\''
	case "quot":
		c = '"'
	default:
		return out, 0, false
	}
	return append(out, c), j + 1, true
}

func digitValue(c byte, base uint64) (uint64, bool) {
	switch {
	case '0' <= c && c <= '9':
		return uint64(c - '0'), true
	case base == 16 && 'a' <= c && c <= 'f':
		return uint64(c-'a') + 10, true
	case base == 16 && 'A' <= c && c <= 'F':
		return uint64(c-'A') + 10, true
	}
	return 0, false
}

func (t *xmlTok) parseText(atEOF bool) int {
	b := t.buf[:t.end]
	stop := t.end
	if k := bytes.IndexByte(b[t.pos:], '<'); k >= 0 {
		stop = t.pos + k
	} else if !atEOF {
		return pMore
	}
	raw := b[t.pos:stop]
	i := 0
	for i < len(raw) && plainText[raw[i]] {
		i++
	}
	if i == len(raw) {
		t.text = raw
	} else {
		t.scratch = t.scratch[:0]
		s, e, inScratch, ok := t.decodeText(raw, false)
		if !ok {
			return pBad
		}
		if inScratch {
			t.text = t.scratch[s:e]
		} else {
			t.text = raw
		}
	}
	t.pos = stop
	t.kind = tokText
	return pOK
}

// scanName reads a name starting at b[i]: its end and, for nsname, the index of its prefix's
// colon (-1 when the name has no prefix); pBad also for more than one colon when ns is set.
func scanName(b []byte, i int, ns bool) (end, colon, res int) {
	s := i
	colon = -1
	colons := 0
	ascii := true
	for ; i < len(b); i++ {
		c := b[i]
		if !nameByte[c] {
			break
		}
		if c == ':' {
			colons++
			colon = i
		} else if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	if i == len(b) {
		return i, -1, pMore
	}
	if i == s || ns && colons > 1 {
		return i, -1, pBad
	}
	if ascii {
		// Name bytes are letters or encoding/xml's "second" characters; the first must be a
		// letter, "_" or ":".
		if c := b[s]; !(c == ':' || c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return i, -1, pBad
		}
	} else if !validName(b[s:i]) {
		return i, -1, pBad
	}
	if colon == s || colon == i-1 {
		colon = -1 // nsname keeps ":a" and "a:" whole
	}
	return i, colon, pOK
}

// nameParts splits name[s:e] at the colon found by scanName.
func nameParts(b []byte, s, e, colon int) (prefix, local []byte) {
	if colon < 0 {
		return nil, b[s:e]
	}
	return b[s:colon], b[colon+1 : e]
}

func (t *xmlTok) parseStart() int {
	b := t.buf[:t.end]
	ns := t.pos + 1
	i, colon, r := scanName(b, ns, true)
	if r != pOK {
		return r
	}
	ne := i
	t.attrs = t.attrs[:0]
	t.fixes = t.fixes[:0]
	t.scratch = t.scratch[:0]
	self, xmlns := false, false
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return pMore
		}
		c := b[i]
		if c == '>' {
			i++
			break
		}
		if c == '/' {
			if i+1 == len(b) {
				return pMore
			}
			if b[i+1] != '>' {
				return pBad
			}
			i += 2
			self = true
			break
		}
		as := i
		var acolon int
		if i, acolon, r = scanName(b, i, true); r != pOK {
			return r
		}
		ae := i
		if ae-as >= 5 && b[as] == 'x' && string(b[as:as+5]) == "xmlns" {
			xmlns = true
		}
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return pMore
		}
		if b[i] != '=' {
			return pBad
		}
		i++
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return pMore
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return pBad
		}
		i++
		vs, plain := i, true
		for ; i < len(b) && b[i] != q; i++ {
			if !plainText[b[i]] {
				plain = false
			}
		}
		if i == len(b) {
			return pMore
		}
		raw := b[vs:i]
		i++
		p, l := nameParts(b, as, ae, acolon)
		t.attrs = append(t.attrs, xattr{prefix: p, local: l, value: raw})
		if !plain {
			if bytes.IndexByte(raw, '<') >= 0 {
				return pBad
			}
			s, e, inScratch, ok := t.decodeText(raw, true)
			if !ok {
				return pBad
			}
			if inScratch {
				t.fixes = append(t.fixes, attrFix{len(t.attrs) - 1, s, e})
			}
		}
	}
	// The tag is complete: take it.
	for _, fx := range t.fixes {
		t.attrs[fx.attr].value = t.scratch[fx.s:fx.e]
	}
	nns := 0
	if xmlns {
		for _, a := range t.attrs {
			switch {
			case string(a.prefix) == "xmlns":
				t.ns = append(t.ns, nsBinding{prefix: string(a.local), url: string(a.value)})
				nns++
			case len(a.prefix) == 0 && string(a.local) == "xmlns":
				t.ns = append(t.ns, nsBinding{url: string(a.value)})
				nns++
			}
		}
		if nns > 0 {
			t.nsGen++
		}
	}
	fcolon := -1
	if colon >= 0 {
		fcolon = colon - ns
	}
	t.frames = append(t.frames, frame{name: len(t.names), colon: fcolon, nns: nns})
	t.names = append(t.names, b[ns:ne]...)
	t.prefix, t.local = nameParts(b, ns, ne, colon)
	t.depth = len(t.frames)
	t.needClose = self
	t.pos = i
	t.kind = tokStart
	return pOK
}

// endOfTop makes the current token the end tag of the innermost open element.
func (t *xmlTok) endOfTop() {
	top := t.frames[len(t.frames)-1]
	n := t.names[top.name:]
	if top.colon < 0 {
		t.prefix, t.local = nil, n
	} else {
		t.prefix, t.local = n[:top.colon], n[top.colon+1:]
	}
	t.depth = len(t.frames)
	t.popNext = true
	t.kind = tokEnd
}

func (t *xmlTok) pop() {
	top := t.frames[len(t.frames)-1]
	t.frames = t.frames[:len(t.frames)-1]
	t.names = t.names[:top.name]
	if top.nns > 0 {
		t.ns = t.ns[:len(t.ns)-top.nns]
		t.nsGen++
	}
}

func (t *xmlTok) parseEnd() int {
	b := t.buf[:t.end]
	ns := t.pos + 2
	if len(t.frames) == 0 {
		return pBad
	}
	top := t.names[t.frames[len(t.frames)-1].name:]
	i := ns + len(top)
	if i < len(b) && !nameByte[b[i]] {
		for k, c := range top {
			if b[ns+k] != c {
				i = 0
				break
			}
		}
	} else {
		i = 0
	}
	if i == 0 { // not simply the name of the open element (a valid name, matching)
		var r int
		if i, _, r = scanName(b, ns, true); r != pOK {
			return r
		}
		if !bytes.Equal(b[ns:i], top) {
			return pBad
		}
	}
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i == len(b) {
		return pMore
	}
	if b[i] != '>' {
		return pBad
	}
	t.pos = i + 1
	t.endOfTop()
	return pOK
}

func (t *xmlTok) parsePI() int {
	b := t.buf[:t.end]
	ns := t.pos + 2
	i, _, r := scanName(b, ns, false)
	if r != pOK {
		return r
	}
	target := b[ns:i]
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i == len(b) {
		return pMore
	}
	k := bytes.Index(b[i:], []byte("?>"))
	if k < 0 {
		return pMore
	}
	content := string(b[i : i+k])
	t.pos = i + k + 2
	t.kind = tokOther
	if string(target) != "xml" {
		return pOK
	}
	if ver := procInst("version", content); ver != "" && ver != "1.0" {
		return pBad
	}
	if enc := procInst("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
		if t.charset == nil {
			return pBad
		}
		var src io.Reader = bytes.NewReader(bytes.Clone(t.buf[t.pos:t.end]))
		switch t.rdErr {
		case nil:
			src = io.MultiReader(src, t.src)
		case io.EOF:
		default:
			src = io.MultiReader(src, failedReader{t.rdErr})
		}
		nr, err := t.charset(enc, src)
		if err != nil || nr == nil {
			return pBad
		}
		t.src, t.rdErr = nr, nil
		t.pos, t.end = 0, 0
	}
	return pOK
}

// failedReader keeps a read error for after the input read before it.
type failedReader struct{ err error }

func (r failedReader) Read([]byte) (int, error) { return 0, r.err }

// procInst is encoding/xml's procInst.
func procInst(param, s string) string {
	param = param + "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

func (t *xmlTok) parseBang() int {
	b := t.buf[:t.end]
	i := t.pos + 2
	if i >= len(b) {
		return pMore
	}
	switch b[i] {
	case '-': // comment
		if i+1 >= len(b) {
			return pMore
		}
		if b[i+1] != '-' {
			return pBad
		}
		body := i + 2
		k := bytes.Index(b[body:], []byte("--"))
		if k < 0 || body+k+2 >= len(b) {
			return pMore
		}
		if b[body+k+2] != '>' {
			return pBad
		}
		t.pos = body + k + 3
		t.kind = tokOther
		return pOK
	case '[': // CDATA section
		for j := 0; j < 6; j++ {
			if i+1+j >= len(b) {
				return pMore
			}
			if b[i+1+j] != "CDATA["[j] {
				return pBad
			}
		}
		body := i + 7
		k := bytes.Index(b[body:], cdataEnd)
		if k < 0 {
			return pMore
		}
		raw := b[body : body+k]
		t.text = raw
		if bytes.IndexByte(raw, '\r') >= 0 {
			t.scratch = t.scratch[:0]
			var prev byte
			for _, c := range raw {
				switch {
				case c == '\r':
					t.scratch = append(t.scratch, '\n')
				case prev == '\r' && c == '\n':
				default:
					t.scratch = append(t.scratch, c)
				}
				prev = c
			}
			t.text = t.scratch
		}
		if !validChars(t.text) {
			return pBad
		}
		t.pos = body + k + 3
		t.kind = tokText
		return pOK
	}
	return t.parseDirective(i)
}

// parseDirective follows encoding/xml's reading of <!DOCTYPE …> and other directives: quotes,
// nested angle brackets and comments, up to the closing ">". b[i] is the byte after "<!".
func (t *xmlTok) parseDirective(i int) int {
	b := t.buf[:t.end]
	var inquote byte
	depth := 0
	i++ // the first byte is taken as is
	for {
		if i >= len(b) {
			return pMore
		}
		c := b[i]
		i++
		if inquote == 0 && c == '>' && depth == 0 {
			break
		}
	handle:
		switch {
		case c == inquote:
			inquote = 0
		case inquote != 0:
		case c == '\'' || c == '"':
			inquote = c
		case c == '>':
			depth--
		case c == '<':
			const s = "!--"
			for k := 0; k < len(s); k++ {
				if i >= len(b) {
					return pMore
				}
				c = b[i]
				i++
				if c != s[k] {
					depth++
					goto handle
				}
			}
			var b0, b1 byte
			for {
				if i >= len(b) {
					return pMore
				}
				c = b[i]
				i++
				if b0 == '-' && b1 == '-' && c == '>' {
					break
				}
				b0, b1 = b1, c
			}
		}
	}
	t.pos = i
	t.kind = tokOther
	return pOK
}

const xmlURL = "http://www.w3.org/XML/1998/namespace"

// space is the name space of an element name as encoding/xml's translate gives it, under the
// current bindings.
func (t *xmlTok) space(prefix, local []byte) string {
	switch {
	case string(prefix) == "xmlns":
		return "xmlns"
	case string(prefix) == "xml":
		return xmlURL
	case len(prefix) == 0 && string(local) == "xmlns":
		return ""
	}
	for i := len(t.ns) - 1; i >= 0; i-- {
		if t.ns[i].prefix == string(prefix) {
			return t.ns[i].url
		}
	}
	return string(prefix)
}

// skip consumes the rest of the current element, as (*xml.Decoder).Skip.
func (t *xmlTok) skip() error {
	depth := 0
	for {
		switch t.next() {
		case tokDone:
			return errXML
		case tokStart:
			depth++
		case tokEnd:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// tooDeep is DecodeElement's refusal of deeply nested elements.
func (t *xmlTok) tooDeep() bool { return t.depth > maxUnmarshalDepth }

// ---------------------------------------------------------------------------------------------
// Element decoding, as DecodeElement with excelize's types

// decodeString decodes the current element into a string (or the chardata of a struct) and
// appends it to dst: dst[s:e]. On error dst is left as it was: the string is not assigned.
func (t *xmlTok) decodeString(dst *[]byte) (s, e int, err error) {
	if t.tooDeep() {
		return 0, 0, errXML
	}
	s = len(*dst)
	for {
		switch t.next() {
		case tokDone:
			*dst = (*dst)[:s]
			return 0, 0, errXML
		case tokStart:
			if err := t.skip(); err != nil {
				*dst = (*dst)[:s]
				return 0, 0, err
			}
		case tokEnd:
			return s, len(*dst), nil
		case tokText:
			*dst = append(*dst, t.text...)
		}
	}
}

type attrType uint8

const (
	atBool attrType = iota
	atInt
	atUint32
	atFloat
)

type attrRule struct {
	name string
	typ  attrType
}

// The attributes of excelize's cell types that encoding/xml parses as numbers or booleans.
var (
	fAttrs      = []attrRule{{"aca", atBool}, {"dt2D", atBool}, {"dtr", atBool}, {"del1", atBool}, {"del2", atBool}, {"ca", atBool}, {"si", atInt}}
	valBool     = []attrRule{{"val", atBool}}
	valInt      = []attrRule{{"val", atInt}}
	valFloat    = []attrRule{{"val", atFloat}}
	colorAttrs  = []attrRule{{"auto", atBool}, {"indexed", atInt}, {"theme", atInt}, {"tint", atFloat}}
	rPhAttrs    = []attrRule{{"sb", atUint32}, {"eb", atUint32}}
	phPrAttrs   = []attrRule{{"fontId", atInt}}
	rPrChildren = map[string][]attrRule{
		"rFont": nil, "u": nil, "vertAlign": nil, "scheme": nil,
		"charset": valInt, "family": valInt, "sz": valFloat, "color": colorAttrs,
		"b": valBool, "i": valBool, "strike": valBool, "outline": valBool, "shadow": valBool, "condense": valBool, "extend": valBool,
	}
)

// checkAttrs converts the typed attributes of the current start tag as encoding/xml's copyValue.
func (t *xmlTok) checkAttrs(rules []attrRule) error {
	for _, a := range t.attrs {
		for _, r := range rules {
			if string(a.local) != r.name || len(a.value) == 0 {
				continue
			}
			if r.typ == atInt && digitsOnly(a.value) {
				continue
			}
			v := strings.TrimSpace(string(a.value))
			var err error
			switch r.typ {
			case atBool:
				_, err = strconv.ParseBool(v)
			case atInt:
				_, err = strconv.ParseInt(v, 10, 64)
			case atUint32:
				_, err = strconv.ParseUint(v, 10, 32)
			case atFloat:
				_, err = strconv.ParseFloat(v, 64)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// decodeLeaf decodes an element of a struct type without element fields: its typed attributes,
// then its content skipped.
func (t *xmlTok) decodeLeaf(rules []attrRule) error {
	if t.tooDeep() {
		return errXML
	}
	if err := t.checkAttrs(rules); err != nil {
		return err
	}
	return t.skip()
}

type span struct{ s, e int }

// siState is an excelize xlsxSI being decoded: the text of its <t> and of the <t> of each <r>.
type siState struct {
	t    span
	runs []span
}

func (si *siState) reset() {
	si.t = span{}
	si.runs = si.runs[:0]
}

// decodeSI decodes the current <is> or <si> element into si, as DecodeElement into an excelize
// xlsxSI. Text goes to dst.
func (t *xmlTok) decodeSI(si *siState, dst *[]byte) error {
	for {
		switch t.next() {
		case tokDone:
			return errXML
		case tokStart:
			var err error
			switch string(t.local) {
			case "t":
				var s, e int
				if s, e, err = t.decodeString(dst); err == nil {
					si.t = span{s, e}
				}
			case "r":
				if t.tooDeep() {
					return errXML
				}
				si.runs = append(si.runs, span{})
				if err = t.decodeRun(&si.runs[len(si.runs)-1], dst); err != nil {
					si.runs = si.runs[:len(si.runs)-1]
				}
			case "rPh":
				err = t.decodePhoneticRun()
			case "phoneticPr":
				err = t.decodeLeaf(phPrAttrs)
			default:
				err = t.skip()
			}
			if err != nil {
				return err
			}
		case tokEnd:
			return nil
		}
	}
}

// decodeRun decodes an <r> (xlsxR): its <rPr> and <t>.
func (t *xmlTok) decodeRun(run *span, dst *[]byte) error {
	if t.tooDeep() {
		return errXML
	}
	for {
		switch t.next() {
		case tokDone:
			return errXML
		case tokStart:
			var err error
			switch string(t.local) {
			case "rPr":
				err = t.decodeRunProps()
			case "t":
				var s, e int
				if s, e, err = t.decodeString(dst); err == nil {
					*run = span{s, e}
				}
			default:
				err = t.skip()
			}
			if err != nil {
				return err
			}
		case tokEnd:
			return nil
		}
	}
}

// decodeRunProps decodes an <rPr> (xlsxRPr), whose children have typed val attributes.
func (t *xmlTok) decodeRunProps() error {
	if t.tooDeep() {
		return errXML
	}
	for {
		switch t.next() {
		case tokDone:
			return errXML
		case tokStart:
			var err error
			if rules, ok := rPrChildren[string(t.local)]; ok {
				err = t.decodeLeaf(rules)
			} else {
				err = t.skip()
			}
			if err != nil {
				return err
			}
		case tokEnd:
			return nil
		}
	}
}

// decodePhoneticRun decodes an <rPh> (xlsxPhoneticRun): sb and eb, and a <t> string.
func (t *xmlTok) decodePhoneticRun() error {
	if t.tooDeep() {
		return errXML
	}
	if err := t.checkAttrs(rPhAttrs); err != nil {
		return err
	}
	for {
		switch t.next() {
		case tokDone:
			return errXML
		case tokStart:
			if string(t.local) == "t" && t.tooDeep() {
				return errXML
			}
			if err := t.skip(); err != nil {
				return err
			}
		case tokEnd:
			return nil
		}
	}
}

// siValue is the text of si, decoded into buf, as excelize's xlsxSI.String: buf[s:e].
func siValue(si *siState, buf *[]byte) (s, e int) {
	if len(si.runs) == 0 && !bytes.Contains((*buf)[si.t.s:si.t.e], []byte("_x")) {
		return si.t.s, si.t.e
	}
	s = len(*buf)
	*buf = appendSI(si, *buf, *buf)
	return s, len(*buf)
}

// appendSI appends the text of si to dst as excelize's xlsxSI.String: the <t> and the runs, with
// _xHHHH_ escapes decoded.
func appendSI(si *siState, src []byte, dst []byte) []byte {
	s := len(dst)
	dst = append(dst, src[si.t.s:si.t.e]...)
	for _, r := range si.runs {
		dst = append(dst, src[r.s:r.e]...)
	}
	if bytes.Contains(dst[s:], []byte("_x")) {
		v := bstrUnmarshal(string(dst[s:]))
		dst = append(dst[:s], v...)
	}
	return dst
}

var bstrExp = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrUnmarshal is excelize's bstrUnmarshal, which decodes the _xHHHH_ escapes of strings.
func bstrUnmarshal(s string) (result string) {
	if !strings.Contains(s, "_x") {
		return s
	}
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			result += "_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			v, _ := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`)
			result += v
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}

// ---------------------------------------------------------------------------------------------
// Shared strings

// sstTable holds shared strings compactly: one string and the end offset of each item.
type sstTable struct {
	data string
	ends []uint32
}

func (t *sstTable) at(i int) (string, bool) {
	if t == nil || i < 0 || i >= len(t.ends) {
		return "", false
	}
	s := uint32(0)
	if i > 0 {
		s = t.ends[i-1]
	}
	return t.data[s:t.ends[i]], true
}

type sstBuilder struct {
	data    []byte
	ends    []uint32
	scratch []byte
	si      siState
}

func (b *sstBuilder) add(si *siState) {
	b.data = appendSI(si, b.scratch, b.data)
	b.ends = append(b.ends, uint32(len(b.data)))
}

func (b *sstBuilder) table() (*sstTable, error) {
	if uint64(len(b.data)) > 1<<32-1 {
		return nil, errors.New("excel: shared strings too large")
	}
	return &sstTable{data: string(b.data), ends: b.ends}, nil
}

// loadSSTStrict reads the shared strings as excelize's sharedStringsReader does from memory:
// the whole document decoded into xlsxSST, any error failing it.
func loadSSTStrict(content []byte, charset charsetFunc) (*sstTable, error) {
	var b sstBuilder
	if len(content) == 0 {
		return b.table()
	}
	t := newTok(bytes.NewReader(toTransitional(content)), charset)
	for {
		k := t.next()
		if k == tokDone {
			if t.err == io.EOF {
				return b.table()
			}
			return nil, t.err
		}
		if k == tokStart {
			break
		}
	}
	if string(t.local) != "sst" || t.space(t.prefix, t.local) != excelize.NameSpaceSpreadSheet.Value {
		return nil, errors.New("excel: shared strings: unexpected root element")
	}
	if err := t.checkAttrs([]attrRule{{"count", atInt}, {"uniqueCount", atInt}}); err != nil {
		return nil, err
	}
	for {
		switch t.next() {
		case tokDone:
			return nil, errXML
		case tokStart:
			if string(t.local) != "si" {
				if err := t.skip(); err != nil {
					return nil, err
				}
				continue
			}
			if t.tooDeep() {
				return nil, errXML
			}
			b.si.reset()
			b.scratch = b.scratch[:0]
			if err := t.decodeSI(&b.si, &b.scratch); err != nil {
				return nil, err
			}
			b.add(&b.si)
		case tokEnd:
			return b.table()
		}
	}
}

// loadSSTLenient reads the shared strings as excelize's getFromStringItem does from its
// temporary file: every <si> anywhere, kept even when its decoding fails, up to the first error
// of the XML.
func loadSSTLenient(r io.Reader, charset charsetFunc) (*sstTable, error) {
	var b sstBuilder
	t := newTok(r, charset)
	for {
		switch t.next() {
		case tokDone:
			return b.table()
		case tokStart:
			if string(t.local) != "si" {
				continue
			}
			b.si.reset()
			b.scratch = b.scratch[:0]
			if !t.tooDeep() {
				_ = t.decodeSI(&b.si, &b.scratch)
			}
			b.add(&b.si)
		}
	}
}

type contentTypesXML struct {
	XMLName xml.Name `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
}

// ---------------------------------------------------------------------------------------------
// Rows

type cellType uint8

const (
	cellOther cellType = iota
	cellShared
	cellInline
)

// cellRef is a cell value of the row being read: a shared string, or rowBuf[s:e].
type cellRef struct {
	str   string
	s, e  int
	inBuf bool
}

// sheetScan reads the rows of a worksheet with the semantics of excelize's *Rows.
type sheetScan struct {
	tok    *xmlTok
	part   io.ReadCloser
	ahead  *readAhead // reading part, when not nil
	closer io.Closer
	pkg    *xlsxPkg
	f      *excelize.File

	// excelize's Rows state
	curRow, seekRow int
	pending         bool // a <row> start tag read by Next, not yet by Columns (Rows.token)
	pendNum         int
	pendErr         error
	err             error

	// shared strings, loaded by the first Columns as excelize's sharedStringsReader
	sstLoaded bool
	sstErr    error
	ctChecked bool
	sst       *sstTable
	sstTemp   bool      // excelize reads the shared strings from a temporary file, item by item
	tempRead  bool      // tempTable has been read
	tempTable *sstTable // the shared strings as read that way

	// the row being read
	rowBuf  []byte
	refs    []cellRef
	cellCol int
	is      siState
	spaceOf []byte // the prefix of the last cell start tag
	space   string // its name space, translated
	spGen   int    // the name space generation space was translated under
	spaceOK bool
}

// openSheetScan opens the worksheet of the named sheet of f, whose package zr is.
func openSheetScan(f *excelize.File, zr *zip.Reader, sheet string) (*sheetScan, error) {
	pkg := newPkg(zr)
	path := pkg.sheetPath(f, sheet)
	if path == "" {
		return nil, errNoSheetPart
	}
	s := &sheetScan{pkg: pkg, f: f}
	var src io.Reader = bytes.NewReader(nil)
	if zf := pkg.streamPart(path); zf != nil {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		s.part, src = rc, rc
		if runtime.GOMAXPROCS(0) > 1 {
			s.ahead = newReadAhead(rc, aheadChunks, aheadChunkSize)
			src = s.ahead
		}
	}
	s.tok = newTok(src, f.CharsetReader)
	return s, nil
}

// The worksheet is inflated this far ahead of the scanner.
const (
	aheadChunks    = 4
	aheadChunkSize = 64 << 10
)

// readAhead reads src on its own goroutine, a few chunks ahead of its reader, so that
// decompressing the worksheet and scanning it use two processors.
type readAhead struct {
	full chan aheadChunk
	free chan []byte
	quit chan struct{}
	done chan struct{} // closed when the goroutine has returned
	buf  []byte        // the chunk being read, returned to free when consumed
	cur  []byte        // its unread part
	err  error
}

type aheadChunk struct {
	b   []byte
	err error
}

func newReadAhead(src io.Reader, chunks, size int) *readAhead {
	r := &readAhead{
		full: make(chan aheadChunk, chunks),
		free: make(chan []byte, chunks+2),
		quit: make(chan struct{}),
		done: make(chan struct{}),
	}
	for range chunks + 2 {
		r.free <- make([]byte, size)
	}
	go r.run(src)
	return r
}

func (r *readAhead) run(src io.Reader) {
	defer close(r.done)
	for {
		var b []byte
		select {
		case b = <-r.free:
		case <-r.quit:
			return
		}
		n := 0
		var err error
		for n < len(b) && err == nil {
			var k int
			k, err = src.Read(b[n:])
			n += k
		}
		select {
		case r.full <- aheadChunk{b[:n], err}:
		case <-r.quit:
			return
		}
		if err != nil {
			return
		}
	}
}

func (r *readAhead) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.buf != nil {
			r.free <- r.buf[:cap(r.buf)]
			r.buf = nil
		}
		var c aheadChunk
		select {
		case c = <-r.full:
		case <-r.done: // the goroutine has sent its last chunk, if any
			select {
			case c = <-r.full:
			default:
				c.err = errReadAheadClosed
			}
		}
		r.buf, r.cur, r.err = c.b, c.b, c.err
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// Close stops the goroutine and waits for it: src is then no longer in use.
func (r *readAhead) Close() {
	close(r.quit)
	<-r.done
}

// Next is excelize's (*Rows).Next.
func (s *sheetScan) Next() bool {
	if s.err != nil {
		return false
	}
	s.seekRow++
	if s.curRow >= s.seekRow {
		return true
	}
	t := s.tok
	for {
		switch t.next() {
		case tokDone:
			return false
		case tokStart:
			if string(t.local) == "row" {
				s.curRow++
				num, err := s.rowNumber()
				if num > excelize.TotalRows {
					s.err = excelize.ErrMaxRows
					return false
				}
				if num != 0 {
					s.curRow = num
				}
				s.pending, s.pendNum, s.pendErr = true, num, err
				return true
			}
		case tokEnd:
			if string(t.local) == "sheetData" {
				return false
			}
		}
	}
}

// rowNumber is excelize's attrValToInt("r", …) on the current start tag.
func (s *sheetScan) rowNumber() (int, error) {
	val := 0
	for _, a := range s.tok.attrs {
		if string(a.local) == "r" {
			v, err := atoiBytes(a.value)
			if err != nil {
				return v, err
			}
			val = v
		}
	}
	return val, nil
}

// Error is excelize's (*Rows).Error, or the error reading the worksheet part.
func (s *sheetScan) Error() error {
	if s.err != nil {
		return s.err
	}
	if t := s.tok; t.err != nil && t.err != io.EOF && t.err != errSyntax {
		return t.err
	}
	return nil
}

// Close closes the worksheet part and the package.
func (s *sheetScan) Close() error {
	var err error
	if s.ahead != nil {
		s.ahead.Close()
		s.ahead = nil
	}
	if s.part != nil {
		err = s.part.Close()
		s.part = nil
	}
	if s.closer != nil {
		if cerr := s.closer.Close(); err == nil {
			err = cerr
		}
		s.closer = nil
	}
	return err
}

// loadSharedStrings is what Columns needs from excelize's sharedStringsReader: the shared
// strings decoded from memory (an error fails every call), then once the content types.
func (s *sheetScan) loadSharedStrings() error {
	if !s.sstLoaded {
		if s.sstErr != nil {
			return s.sstErr
		}
		content, err := readPart(s.pkg.memPart(pathSharedStrings))
		if err == nil {
			s.sst, err = loadSSTStrict(content, s.f.CharsetReader)
		}
		if err != nil {
			s.sstErr = err
			return err
		}
		s.sstLoaded = true
		s.sstTemp = s.pkg.temp[pathSharedStrings] != nil
	}
	if !s.ctChecked {
		s.ctChecked = true
		content, err := readPart(s.pkg.memPart(pathContentTypes))
		if err != nil {
			return err
		}
		var ct contentTypesXML
		d := xml.NewDecoder(bytes.NewReader(toTransitional(content)))
		d.CharsetReader = s.f.CharsetReader
		if err := d.Decode(&ct); err != nil && err != io.EOF {
			return err
		}
	}
	return nil
}

// sharedString is the shared string at index i as getValueFrom finds it; ok is false when
// excelize reports an error (and the cell reads as empty).
func (s *sheetScan) sharedString(i int) (string, bool) {
	if !s.sstTemp {
		return s.sst.at(i)
	}
	if !s.tempRead {
		s.tempRead = true
		if zf := s.pkg.streamPart(pathSharedStrings); zf != nil {
			if rc, err := zf.Open(); err == nil {
				s.tempTable, _ = loadSSTLenient(rc, s.f.CharsetReader)
				_ = rc.Close()
			}
		}
	}
	return s.tempTable.at(i)
}

// Columns is excelize's (*Rows).Columns with RawCellValue.
func (s *sheetScan) Columns() ([]string, error) {
	if s.curRow > s.seekRow {
		return nil, nil
	}
	if err := s.loadSharedStrings(); err != nil {
		return nil, err
	}
	s.rowBuf = s.rowBuf[:0]
	s.refs = s.refs[:0]
	s.cellCol = 0
	t := s.tok
	for {
		isRow, isCell := s.pending, false
		if !s.pending {
			switch t.next() {
			case tokDone:
				return s.cells(), nil
			case tokStart:
				isRow = string(t.local) == "row"
				isCell = string(t.local) == "c"
			case tokEnd:
				if string(t.local) == "sheetData" {
					return s.cells(), nil
				}
				continue
			default:
				continue
			}
		}
		switch {
		case isRow:
			num, err := s.pendNum, s.pendErr
			if !s.pending {
				num, err = s.rowNumber()
			}
			switch {
			case num > excelize.TotalRows:
				s.err, s.pending = excelize.ErrMaxRows, false
				return s.cells(), s.err
			case num != 0:
				s.curRow = num
			case !s.pending:
				s.curRow++
			}
			s.pending = false
			if s.curRow > s.seekRow || err != nil {
				return s.cells(), err
			}
		case isCell:
			if err := s.cell(); err != nil {
				return s.cells(), err
			}
		}
	}
}

// cells is the row read, with the values of rowBuf in one string.
func (s *sheetScan) cells() []string {
	if len(s.refs) == 0 {
		return nil
	}
	out := make([]string, len(s.refs))
	var buf string
	if len(s.rowBuf) > 0 {
		buf = string(s.rowBuf)
	}
	for i, r := range s.refs {
		if r.inBuf {
			out[i] = buf[r.s:r.e]
		} else {
			out[i] = r.str
		}
	}
	return out
}

// cell reads the <c> element that is the current token, as excelize's rowXMLHandler,
// cellXMLHandler and getValueFrom.
func (s *sheetScan) cell() error {
	t := s.tok
	s.cellCol++
	var (
		ref     []byte
		typ     = cellOther
		attrsOK = true
	)
	for _, a := range t.attrs {
		switch string(a.local) {
		case "r":
			ref = a.value
		case "s":
			attrsOK = validInt64(a.value)
		case "t":
			switch string(a.value) {
			case "s":
				typ = cellShared
			case "inlineStr":
				typ = cellInline
			default:
				typ = cellOther
			}
		}
		if !attrsOK {
			break
		}
	}
	col, colErr := 0, error(nil)
	if len(ref) > 0 {
		col, colErr = cellColumn(ref)
	}
	var (
		v           = span{-1, -1}
		hasF, hasIS bool
	)
	if attrsOK {
		gen := t.nsGen
		if !s.spaceOK || s.spGen != gen || !bytes.Equal(s.spaceOf, t.prefix) {
			s.space = t.space(t.prefix, t.local)
			s.spaceOf = append(s.spaceOf[:0], t.prefix...)
			s.spGen, s.spaceOK = gen, true
		}
		s.is.reset()
	children:
		for {
			switch t.next() {
			case tokDone:
				break children
			case tokStart:
				var err error
				switch string(t.local) {
				case "v":
					var a, b int
					if a, b, err = t.decodeString(&s.rowBuf); err == nil {
						v = span{a, b}
					}
				case "f":
					if t.tooDeep() {
						err = errXML
					} else {
						hasF = true
						err = t.decodeLeaf(fAttrs)
					}
				case "is":
					if t.tooDeep() {
						err = errXML
					} else {
						hasIS = true
						err = t.decodeSI(&s.is, &s.rowBuf)
					}
				}
				if err != nil {
					break children
				}
			case tokEnd:
				if string(t.local) == "c" && s.cellEnd(gen) {
					break children
				}
			}
		}
	}
	if len(ref) > 0 {
		if colErr != nil {
			return colErr
		}
		s.cellCol = col
	}
	var val cellRef
	switch {
	case typ == cellShared && v.e > v.s:
		idx := atoiTrim(s.rowBuf[v.s:v.e])
		if v.e == len(s.rowBuf) {
			s.rowBuf = s.rowBuf[:v.s]
		}
		val.str, _ = s.sharedString(idx)
	case typ == cellInline && hasIS:
		a, b := siValue(&s.is, &s.rowBuf)
		val = cellRef{s: a, e: b, inBuf: true}
	case v.e > v.s:
		val = cellRef{s: v.s, e: v.e, inBuf: true}
	}
	if val.e > val.s || val.str != "" || hasF {
		for i := len(s.refs) + 1; i < s.cellCol; i++ {
			s.refs = append(s.refs, cellRef{})
		}
		s.refs = append(s.refs, val)
	}
	return nil
}

// cellEnd reports whether the current end tag, named c, ends the cell: whether its name,
// translated, is the cell's (cellXMLHandler's el == start.End()). The start tag had the prefix
// s.spaceOf, translated to s.space, under the name space generation gen; an end tag with the same
// prefix under the same bindings translates the same.
func (s *sheetScan) cellEnd(gen int) bool {
	t := s.tok
	if t.nsGen == gen && bytes.Equal(t.prefix, s.spaceOf) {
		return true
	}
	return t.space(t.prefix, t.local) == s.space
}

// ---------------------------------------------------------------------------------------------
// Small parsers

func digitsOnly(b []byte) bool {
	if len(b) == 0 || len(b) > 18 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// atoiBytes is strconv.Atoi on bytes, without allocating for plain numbers.
func atoiBytes(b []byte) (int, error) {
	if digitsOnly(b) {
		v := 0
		for _, c := range b {
			v = v*10 + int(c-'0')
		}
		return v, nil
	}
	return strconv.Atoi(string(b))
}

// atoiTrim is excelize's index of a shared string cell: strconv.Atoi(strings.TrimSpace(v)),
// errors ignored.
func atoiTrim(b []byte) int {
	if digitsOnly(b) {
		v, _ := atoiBytes(b)
		return v
	}
	v, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return v
}

// validInt64 reports whether strconv.ParseInt(v, 10, 64) accepts v.
func validInt64(b []byte) bool {
	if digitsOnly(b) {
		return true
	}
	_, err := strconv.ParseInt(string(b), 10, 64)
	return err == nil
}

// cellColumn is the column of a cell reference, as excelize.CellNameToCoordinates.
func cellColumn(ref []byte) (int, error) {
	col, i := 0, 0
	for i < len(ref) && i < 3 && 'A' <= ref[i] && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A') + 1
		i++
	}
	if i > 0 && i < len(ref) && len(ref)-i <= 7 && col <= excelize.MaxColumns {
		row, j := 0, i
		for j < len(ref) && '0' <= ref[j] && ref[j] <= '9' {
			row = row*10 + int(ref[j]-'0')
			j++
		}
		if j == len(ref) && row > 0 && row <= excelize.TotalRows {
			return col, nil
		}
	}
	c, _, err := excelize.CellNameToCoordinates(string(ref))
	return c, err
}
