package excel

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/xuri/excelize/v2"
)

// The worksheet scanner must give exactly what excelize's Rows().Columns(RawCellValue) gives.
// These tests read workbooks with both and compare every step of the iteration: which calls of
// Next succeed, what Columns returns, whether it fails, and Error at the end.

// rowStep is one Next/Columns step that returned cells or an error.
type rowStep struct {
	Seek  int // the number of the Next call
	Cells []string
	Err   bool
}

type rowTrace struct {
	Steps []rowStep
	Nexts int  // successful Next calls
	Error bool // Error() at the end
}

// maxTraceSteps bounds a trace; rows far down a sheet cost one cheap step per row number.
const maxTraceSteps = 1 << 21

func trace(src rowSource) rowTrace {
	var tr rowTrace
	for tr.Nexts < maxTraceSteps && src.Next() {
		tr.Nexts++
		cells, err := src.Columns()
		if cells != nil || err != nil {
			tr.Steps = append(tr.Steps, rowStep{Seek: tr.Nexts, Cells: cells, Err: err != nil})
		}
	}
	tr.Error = src.Error() != nil
	return tr
}

var readOpts = excelize.Options{RawCellValue: true, UnzipSizeLimit: MaxUnzipSize}

// traces reads a sheet with the scanner and with excelize's iterator, from one opening of the
// book (the scanner reads only the workbook and the charset function from it, and goes first).
// ok is false when excelize panics or cannot read the sheet.
func traces(t testing.TB, book []byte, sheet string) (got, want rowTrace, ok bool) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book), readOpts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := openSheetScan(f, zr, sheet)
	if err != nil {
		t.Fatalf("scanner for %q: %v", sheet, err)
	}
	got = trace(sc)
	_ = sc.Close()
	want, ok = excelizeTrace(f, sheet)
	return got, want, ok
}

func excelizeTrace(f *excelize.File, sheet string) (tr rowTrace, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	rows, err := f.Rows(sheet)
	if err != nil {
		return tr, false
	}
	defer func() { _ = rows.Close() }()
	return trace(excelizeRows{rows}), true
}

// sameRows compares the two readers on every sheet of a book.
func sameRows(t testing.TB, book []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book), readOpts)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	_ = f.Close()
	if len(sheets) == 0 {
		t.Fatal("no sheets")
	}
	for _, sheet := range sheets {
		got, want, ok := traces(t, book, sheet)
		if !ok {
			t.Fatalf("excelize cannot read %q", sheet)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("sheet %q:\n%s", sheet, traceDiff(got, want))
		}
	}
}

func traceDiff(got, want rowTrace) string {
	var b strings.Builder
	fmt.Fprintf(&b, "nexts got %d want %d; error got %v want %v\n", got.Nexts, want.Nexts, got.Error, want.Error)
	for i := 0; i < max(len(got.Steps), len(want.Steps)); i++ {
		var g, w any = "-", "-"
		if i < len(got.Steps) {
			g = got.Steps[i]
		}
		if i < len(want.Steps) {
			w = want.Steps[i]
		}
		if !reflect.DeepEqual(g, w) {
			fmt.Fprintf(&b, "step %d\n  got  %q\n  want %q\n", i, g, w)
		}
	}
	return b.String()
}

func bookBytes(t testing.TB, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	build(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withParts rewrites a zip: parts replace or add entries, a nil part removes one. The entries are
// stored, which is fast for the fuzz targets; deflatedParts compresses them as Excel does.
func withParts(t testing.TB, book []byte, parts map[string][]byte) []byte {
	t.Helper()
	return rewriteZip(t, book, parts, zip.Store)
}

func deflatedParts(t testing.TB, book []byte, parts map[string][]byte) []byte {
	t.Helper()
	return rewriteZip(t, book, parts, zip.Deflate)
}

func rewriteZip(t testing.TB, book []byte, parts map[string][]byte, method uint16) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	seen := map[string]bool{}
	write := func(name string, b []byte) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	for _, zf := range zr.File {
		b, ok := parts[zf.Name]
		seen[zf.Name] = true
		if !ok {
			if b, err = readPart(zf); err != nil {
				t.Fatal(err)
			}
		} else if b == nil {
			continue
		}
		write(zf.Name, b)
	}
	for name, b := range parts {
		if !seen[name] && b != nil {
			write(name, b)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

func sheetDoc(sheetData string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><dimension ref="A1"/><sheetData>` +
		sheetData + `</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
}

const testSST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="` + nsMain + `" count="8" uniqueCount="8"><si><t>姓名</t></si><si><t xml:space="preserve"> a &amp; b </t></si>` +
	`<si><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/><rFont val="宋体"/><family val="2"/><charset val="134"/></rPr><t>富</t></r><r><t xml:space="preserve">文本 </t></r></si>` +
	`<si><t>_x000D_x_x005F_x0041_y</t></si><si><t/></si><si><t>中&#x4E2D;&#20013;</t></si>` +
	`<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>` +
	`<si><t>a</t><t>b</t><r><t>c</t><t>d</t></r><unknown><t>x</t></unknown></si></sst>`

// baseBook is a workbook with one sheet, whose parts the hand-written cases replace.
func baseBook(t testing.TB) []byte {
	return bookBytes(t, func(f *excelize.File) {
		_ = f.SetCellStr("Sheet1", "A1", "x")
	})
}

func handBook(t testing.TB, base []byte, sheet, sst string) []byte {
	t.Helper()
	parts := map[string][]byte{"xl/worksheets/sheet1.xml": []byte(sheet)}
	if sst != "" {
		parts["xl/sharedStrings.xml"] = []byte(sst)
	}
	return withParts(t, base, parts)
}

// handSheets are worksheets written by hand for what excelize's writer never produces: the
// XML of other writers, malformed XML and the corner cases of excelize's reader.
var handSheets = []string{
	// shared strings, also out of range or not a number
	`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c><c r="F1" t="s"><v>4</v></c><c r="G1" t="s"><v>5</v></c><c r="H1" t="s"><v>6</v></c><c r="I1" t="s"><v>7</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>99</v></c><c r="B2" t="s"><v> 1 </v></c><c r="C2" t="s"><v>x</v></c><c r="D2" t="s"><v>-1</v></c><c r="E2" t="s"><v>+2</v></c><c r="F2" t="s"><v>99999999999999999999</v></c><c r="G2" t="s"><v></v></c><c r="H2" t="s"/><c r="I2" t="s"><v>1</v><v>0</v></c></row>`,
	// rows and cells without r, gaps, cells out of order, duplicated rows
	`<row><c><v>1</v></c><c><v>2</v></c></row><row><c t="str"><v>x</v></c></row><row r="5"><c><v>5</v></c></row><row><c r="C6"><v>6</v></c><c><v>7</v></c></row>` +
		`<row r="8"><c r="C8"><v>3</v></c><c r="A8"><v>1</v></c><c><v>2</v></c></row><row r="8"><c r="B8"><v>again</v></c></row><row r="7"><c r="A7"><v>back</v></c></row>` +
		`<row r="12" spans="1:3" ht="20" customHeight="1" hidden="1"><c r="B12"><v>12</v></c></row>`,
	// types, formulas and their cached values
	`<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#N/A</v></c><c r="D1" t="d"><v>2015-09-01T00:00:00Z</v></c><c r="E1" t="n"><v>1.5E+17</v></c><c r="F1" t="str"><f>A1&amp;"x"</f><v>1x</v></c><c r="G1"><f>1+1</f></c><c r="H1" t="str"><f>""</f><v></v></c><c r="I1" t="weird"><v>w</v></c></row>` +
		`<row r="2"><c r="A2"><f t="shared" ref="A2:A4" si="0">B2*2</f><v>4</v></c><c r="B2"><f t="shared" si="0"/><v>6</v></c><c r="C2"><f si="x"/><v>7</v></c><c r="D2"><f ca="maybe">1</f><v>8</v></c><c r="E2"><f ca=""/><v>9</v></c><c r="F2"><f ca=" 1 "/><v>10</v></c><c r="G2"><f aca="true" si=" 3 " dt2D="0"/><v>11</v></c></row>`,
	// styles, self-closing cells, bad style numbers
	`<row r="1"><c r="A1" s="1"/><c r="B1" s=""/><c r="C1" s="x"><v>1</v></c><c r="D1" s="-3"><v>4</v></c><c r="E1" s="99999999999999999999"><v>5</v></c><c r="F1" s="+7" t="str"><v>6</v></c><c s="2" r="G1"><v>7</v></c><c t="s" s="x" r="H1"><v>0</v></c></row>`,
	// inline strings: plain, rich, phonetic, typed attributes that fail, two <is>
	`<row r="1"><c r="A1" t="inlineStr"><is><t>内联</t></is></c><c r="B1" t="inlineStr"><is><r><rPr><b/><i val="0"/><color theme="1" tint="-0.5"/></rPr><t>a</t></r><r><t xml:space="preserve"> b</t></r></is></c>` +
		`<c r="C1" t="inlineStr"><is><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></is></c><c r="D1" t="inlineStr"><is><r><rPr><b val="maybe"/></rPr><t>x</t></r><t>y</t></is><v>v</v></c>` +
		`<c r="E1" t="inlineStr"><is><t>1</t></is><is><r><t>2</t></r></is></c><c r="F1" t="inlineStr"><v>only v</v></c><c r="G1" t="inlineStr"><is/></c><c r="H1" t="inlineStr"><is><rPh sb="x"><t>k</t></rPh><t>after</t></is></c>` +
		`<c r="L1" t="inlineStr"><is><t>t</t><r><t>kept?</t><rPr><b val="maybe"/></rPr></r></is></c><c r="M1" t="inlineStr"><is><r><t>x</t></r><r><t>y</t><rPr><i val="2"/></rPr></r></is></c>` +
		`<c r="I1" t="inlineStr"><is><phoneticPr fontId="z"/><t>z</t></is></c><c r="J1" t="inlineStr"><is><r><rPr><sz val="big"/></rPr><t>r</t></r><r><t>s</t></r></is></c><c r="K1" t="inlineStr"><is><t>_x0041__x005F_x0042_</t></is></c></row>`,
	// references in text, CDATA, comments, processing instructions, line ends
	"<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a&amp;b&lt;&gt;&quot;&apos;&#65;&#x4E2D;&#xd800;</v></c><c r=\"B1\" t=\"str\"><v><![CDATA[<x>&amp;]]></v></c><c r=\"C1\" t=\"str\"><v>1<!-- c -->2<?pi x?>3</v></c>" +
		"<c r=\"D1\" t=\"str\"><v>a\r\nb\rc\n</v></c><c r=\"E1\" t=\"str\"><v><![CDATA[x\r\ny]]></v></c><c r=\"F1\" t=\"str\"><v>a<b>ignored</b>c</v></c><c r=\"G1\" t=\"str\"><v>\t😀 \u00a0</v></c></row>",
	// references, also written with character references
	`<row r="&#49;"><c r="A&#49;" t="&#115;"><v>0</v></c><c r="B1" t="inline&#83;tr"><is><t>i</t></is></c><c r="C&#x31;"><v>&#51;</v></c></row>`,
	`<row r="1"><c r="a1"><v>1</v></c><c r="$C$1"><v>3</v></c><c r="XFD1"><v>end</v></c></row><row r="2"><c r="1A"><v>1</v></c></row>`,
	`<row r="1"><c r="XFE1"><v>1</v></c></row>`,
	`<row r="1"><c r="A1048577"><v>1</v></c></row>`,
	`<row r="1"><c r="A0"><v>1</v></c></row>`,
	`<row r="1"><c r="A+1"><v>1</v></c><c r="B01"><v>2</v></c><c r=""><v>3</v></c></row>`,
	// row numbers
	`<row r="x"><c r="A1"><v>1</v></c></row>`,
	`<row r="1"><c r="A1"><v>1</v></c></row><row r="x"><c r="A2"><v>2</v></c></row>`,
	`<row r="-1"><c r="A1"><v>1</v></c></row><row r="0"><c r="A2"><v>2</v></c></row><row r="2"><c><v>3</v></c></row>`,
	`<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A2"><v>2</v></c></row>`,
	`<row r="1048577"><c r="A2"><v>2</v></c></row>`,
	`<row r="99999999999999999999"><c r="A2"><v>2</v></c></row>`,
	`<row r="3" r="2"><c><v>1</v></c></row><row r="5" r="x"><c><v>2</v></c></row>`,
	`<row r="1048576"><c r="A1048576"><v>last</v></c></row>`,
	// structure
	``,
	`<row r="1"><c r="A1"><c r="B1"><v>2</v></c><v>1</v></c><c r="C1"><v>3</v></c></row>`,
	`<row r="1"><c r="A1"><v>1</v></c></row><foo><c r="B1"><v>2</v></c></foo><row r="2"/><row r="3"><x><c r="A3"><v>3</v></c></x></row>`,
	`<row r="1"><c r="A1"><extLst><v>in ext</v></extLst></c><c r="B1"><is><t>not inline</t></is></c></row>`,
	`<row r="1"><c r="A1" xmlns:q="urn:q"><q:v>q</q:v></c><c r="B1" xmlns:r="urn:r"><v>4</v></c><c r="C1"><v>5</v></c></row>`,
}

// handDocs are whole worksheet documents.
var handDocs = []string{
	`<worksheet xmlns="` + nsMain + `"><sheetData/></worksheet>`,
	`<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="` + nsMain + `"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>hi</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row><x:row><x:c t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
	`<x:worksheet xmlns:x="` + nsMain + `" xmlns:y="` + nsMain + `"><x:sheetData><x:row r="1"><x:c r="A1"><y:c r="B1"><x:v>1</x:v></y:c><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
	`<worksheet xmlns="` + nsMain + `"><sheetData><row r="1"><c r="A1"><c xmlns="urn:other" r="B1"><v>1</v></c><v>2</v></c></row></sheetData></worksheet>`,
	`<worksheet xmlns="` + nsMain + `"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><row r="2"><c r="A2"><v>after</v></c></row></worksheet>`,
	"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?><worksheet xmlns=\"" + nsMain + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>bom</t></is></c></row></sheetData></worksheet>",
	// GBK: 中文 is d6d0 cec4
	"<?xml version=\"1.0\" encoding=\"GBK\"?><worksheet xmlns=\"" + nsMain + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xd6\xd0\xce\xc4</t></is></c></row></sheetData></worksheet>",
	"<?xml version=\"1.0\" encoding=\"no-such-charset\"?><worksheet xmlns=\"" + nsMain + "\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
	`<?xml version="1.1"?><worksheet xmlns="` + nsMain + `"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
	`<!DOCTYPE worksheet [<!ENTITY x "y"> <!-- a > b --> <!ELEMENT c ANY>]><worksheet xmlns="` + nsMain + `"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
	// malformed: everything up to the error is read
	sheetDoc(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2&bogus;</v></c><c r="B2"><v>3</v></c></row><row r="3"><c r="A3"><v>4</v></c></row>`),
	sheetDoc(`<row r="1"><c r="A1" t="inlineStr"><is><t>ok</t><r><t>partial`),
	sheetDoc(`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>12`),
	sheetDoc(`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>12</v><v>34`),
	sheetDoc(`<row r="1"><c r="A1" t="inlineStr"><is><t>whole</t><t>trunc`),
	sheetDoc(`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></x></c></row>`),
	sheetDoc(`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>]]></v></c></row>`),
	sheetDoc("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>\x01</v></c></row>"),
	sheetDoc("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>\xff</v></c></row>"),
	sheetDoc(`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t=s><v>0</v></c></row>`),
	sheetDoc(`<row r="1"><c r="A1"><v>1</v></c><c r="B1" 1t="s"><v>0</v></c></row>`),
	sheetDoc(`<row r="1"><c r="A1"><v>1</v></c><a:b:c/><c r="B1"><v>2</v></c></row>`),
	sheetDoc(`<row r="1"><c r="A1"><v>&#0;</v></c></row>`),
	sheetDoc(`<row r="1"><c r="A1"><v>&#x110000;</v></c></row>`),
	sheetDoc(`<row r="1"><c r="A1"><v>&#X41;</v></c></row>`),
	sheetDoc(`<row r="1"><c r="A1" t="str"><v>a</v><!-- x -- y --></c></row>`),
	sheetDoc(`<row r="1"><c r="A1" t="str"><v>a</v></c></row><![CDATA[x]]><row r="2"/>`),
	sheetDoc(`<row r="1"><c r="A1" t="str"><v>a</v></c><![CDAT[x]]></row>`),
}

func TestSheetScanHandWritten(t *testing.T) {
	base := baseBook(t)
	for i, sd := range handSheets {
		t.Run(fmt.Sprintf("sheet%d", i), func(t *testing.T) {
			sameRows(t, handBook(t, base, sheetDoc(sd), testSST))
		})
	}
	for i, doc := range handDocs {
		t.Run(fmt.Sprintf("doc%d", i), func(t *testing.T) {
			sameRows(t, handBook(t, base, doc, testSST))
		})
	}
}

func TestSheetScanSharedStringsParts(t *testing.T) {
	base := baseBook(t)
	sheet := sheetDoc(`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2"><v>3</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>`)
	ssts := []string{
		testSST,
		`<sst xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><si><t>strict</t></si><si><t>http://purl.oclc.org/ooxml/spreadsheetml/main</t></si></sst>`,
		`<sst xmlns="urn:wrong"><si><t>x</t></si></sst>`,
		`<sst><si><t>x</t></si></sst>`,
		`<table xmlns="` + nsMain + `"><si><t>x</t></si></table>`,
		`<sst xmlns="` + nsMain + `" count="abc"><si><t>x</t></si></sst>`,
		`<sst xmlns="` + nsMain + `" count=""><si><t>x</t></si></sst>`,
		`<sst xmlns="` + nsMain + `"><si><t>x</t></si>`,
		`<sst xmlns="` + nsMain + `"><si><t>x</t></si><si><r><rPr><b val="no"/></rPr><t>y</t></r></si></sst>`,
		`<sst xmlns="` + nsMain + `"><si><t>x</t></si></sst><garbage`,
		`<!-- only a comment -->`,
		"<?xml version=\"1.0\" encoding=\"GBK\"?><sst xmlns=\"" + nsMain + "\"><si><t>\xd6\xd0</t></si><si><t>\xce\xc4</t></si></sst>",
	}
	for i, sst := range ssts {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			sameRows(t, handBook(t, base, sheet, sst))
		})
	}
	t.Run("empty", func(t *testing.T) {
		sameRows(t, withParts(t, base, map[string][]byte{"xl/worksheets/sheet1.xml": []byte(sheet), "xl/sharedStrings.xml": {}}))
	})
	t.Run("missing", func(t *testing.T) {
		sameRows(t, withParts(t, base, map[string][]byte{"xl/worksheets/sheet1.xml": []byte(sheet), "xl/sharedStrings.xml": nil}))
	})
	t.Run("contentTypes", func(t *testing.T) {
		sameRows(t, withParts(t, base, map[string][]byte{"xl/worksheets/sheet1.xml": []byte(sheet), "[Content_Types].xml": []byte("<Types><broken")}))
	})
	t.Run("emptySheetPart", func(t *testing.T) {
		sameRows(t, withParts(t, base, map[string][]byte{"xl/worksheets/sheet1.xml": {}}))
	})
}

// TestSheetScanLargeParts reads parts over 16 MB, which excelize unpacks to temporary files and
// reads differently: the shared strings item by item, ignoring errors. The first <si> here is
// nested in another element, which only that reading counts.
func TestSheetScanLargeParts(t *testing.T) {
	if testing.Short() {
		t.Skip("large parts")
	}
	var sst bytes.Buffer
	sst.WriteString(`<sst xmlns="` + nsMain + `"><extLst><si><t>nested</t></si></extLst>`)
	const n = 700_000
	for i := range n {
		fmt.Fprintf(&sst, "<si><t>学生%d 北京市海淀区</t></si>", i)
	}
	sst.WriteString(`<si><r><rPr><b val="maybe"/></rPr><t>bad</t></r><t>kept</t></si><si><t>last</t></si></sst>`)
	if sst.Len() <= streamChunkSize {
		t.Fatalf("shared strings of %d bytes", sst.Len())
	}
	var sheet bytes.Buffer
	sheet.WriteString(sheetDoc("")[:strings.Index(sheetDoc(""), "</sheetData>")])
	for _, i := range []int{0, 1, 2, n - 1, n, n + 1, n + 2, n + 3} {
		fmt.Fprintf(&sheet, `<row><c r="A%d" t="s"><v>%d</v></c><c t="inlineStr"><is><t>%s</t></is></c></row>`, i+1, i, strings.Repeat("长", 50_000))
	}
	for sheet.Len() <= streamChunkSize {
		sheet.WriteString(`<row><c t="inlineStr"><is><t>填充 filler &amp; more</t></is></c><c><v>1</v></c></row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	book := withParts(t, baseBook(t), map[string][]byte{
		"xl/worksheets/sheet1.xml": sheet.Bytes(),
		"xl/sharedStrings.xml":     sst.Bytes(),
	})
	sameRows(t, book)
}

func TestSheetScanGeneratedBooks(t *testing.T) {
	day := time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC)
	values := []any{
		"张三", " 前后空格 ", "a & b < c > d \" e ' f", "换行\n第二行", "回车\r\n换行", "制表\t符", "\x01控制\x1f", "emoji 😀🇨🇳",
		"_x0041_ 字面", "_x005F_", "<![CDATA[x]]>", "110105201509011221", "0012", "1.10105E+17", "=not a formula", "",
		0, -1, 42, 13800000000, int64(math.MaxInt64), uint64(math.MaxUint64), 3.14, 0.1 + 0.2, 1e20, 1e-7, float32(2.5), math.Inf(1),
		true, false, day, day.Add(36 * time.Hour), nil, []byte("bytes"), time.Duration(90 * time.Minute),
	}
	cases := map[string]func(f *excelize.File){
		"values": func(f *excelize.File) {
			_ = f.SetSheetRow("Sheet1", "A1", &header)
			_ = f.SetSheetRow("Sheet1", "A2", &values)
			_ = f.SetSheetRow("Sheet1", "B4", &values)
			_ = f.SetSheetRow("Sheet1", "C1000", &values)
			_ = f.SetCellValue("Sheet1", "XFD1048576", "corner")
		},
		"styles": func(f *excelize.File) {
			_ = f.SetSheetRow("Sheet1", "A1", &values)
			date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
			text, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
			fill, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
			_ = f.SetCellStyle("Sheet1", "A1", "Z1", date)
			_ = f.SetCellStyle("Sheet1", "A2", "E5", text)
			_ = f.SetCellStyle("Sheet1", "G7", "H9", fill)
			_ = f.SetRowHeight("Sheet1", 12, 30)
			_ = f.SetRowVisible("Sheet1", 13, false)
		},
		"merged": func(f *excelize.File) {
			_ = f.SetCellStr("Sheet1", "A1", "学生信息登记表")
			_ = f.MergeCell("Sheet1", "A1", "F1")
			_ = f.SetCellStr("Sheet1", "C2", "监护人")
			_ = f.MergeCell("Sheet1", "C2", "E2")
			_ = f.SetSheetRow("Sheet1", "C3", &[]any{"姓名", "电话", "与学生关系"})
			_ = f.MergeCell("Sheet1", "A2", "A3")
		},
		"formulas": func(f *excelize.File) {
			_ = f.SetSheetRow("Sheet1", "A1", &[]any{1, 2, "x"})
			_ = f.SetCellFormula("Sheet1", "D1", "A1+B1")
			_ = f.SetCellFormula("Sheet1", "E1", `C1&"y"`)
			ref, typ := "F1:F3", excelize.STCellFormulaTypeShared
			_ = f.SetCellFormula("Sheet1", "F1", "A1*2", excelize.FormulaOpts{Ref: &ref, Type: &typ})
			_ = f.SetCellFormula("Sheet1", "G2", `VLOOKUP(A2,[户籍.xlsx]Sheet1!A:B,2,0)`)
		},
		"rich": func(f *excelize.File) {
			_ = f.SetCellRichText("Sheet1", "A1", []excelize.RichTextRun{
				{Text: "粗体", Font: &excelize.Font{Bold: true, Color: "FF0000", Size: 12}},
				{Text: " 普通 & <特殊>", Font: &excelize.Font{Italic: true, Family: "宋体"}},
				{Text: "_x0041_"},
			})
			_ = f.SetCellStr("Sheet1", "B1", "plain")
		},
		"bool": func(f *excelize.File) {
			_ = f.SetCellBool("Sheet1", "A1", true)
			_ = f.SetCellBool("Sheet1", "B1", false)
			_ = f.SetCellDefault("Sheet1", "C1", "1.50")
			_ = f.SetCellInt("Sheet1", "D1", -7)
			_ = f.SetCellFloat("Sheet1", "E1", 1.0/3, -1, 64)
			_ = f.SetCellFloat("Sheet1", "F1", 1.0/3, 2, 64)
		},
		"stream": func(f *excelize.File) {
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			_ = sw.SetRow("A1", []any{"学生信息导入模板"}, excelize.RowOpts{Height: 30})
			_ = sw.SetRow("A2", header)
			_ = sw.SetRow("A3", values)
			_ = sw.SetRow("B5", []any{excelize.Cell{Value: "styled", StyleID: 1}, excelize.Cell{Formula: "1+1"}, excelize.Cell{Formula: "A1", Value: "cached"},
				[]excelize.RichTextRun{{Text: "rich "}, {Text: "run", Font: &excelize.Font{Bold: true}}}})
			_ = sw.SetRow("A7", []any{nil, nil, "after two blanks"})
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
		},
		"sheets": func(f *excelize.File) {
			_, _ = f.NewSheet("学生")
			_, _ = f.NewSheet("教师")
			_, _ = f.NewSheet("临时")
			_ = f.SetSheetRow("学生", "A1", &header)
			_ = f.SetSheetRow("学生", "A2", &[]any{"甲", "男", "110105201509011221"})
			_ = f.SetSheetRow("教师", "B2", &values)
			_ = f.SetCellStr("Sheet1", "A1", "说明")
			_ = f.DeleteSheet("临时")
			_ = f.SetSheetName("Sheet1", "说明 & <注意>")
			_ = f.SetSheetVisible("教师", false)
		},
		"empty": func(f *excelize.File) {},
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			sameRows(t, bookBytes(t, build))
		})
	}
	t.Run("formulaValues", func(t *testing.T) {
		book := bookBytes(t, cases["formulas"])
		zr, _ := zip.NewReader(bytes.NewReader(book), int64(len(book)))
		for _, zf := range zr.File {
			if zf.Name == "xl/worksheets/sheet1.xml" {
				b, _ := readPart(zf)
				// Cached values as Excel stores them after calculating.
				b = bytes.ReplaceAll(b, []byte("<f>A1+B1</f>"), []byte("<f>A1+B1</f><v>3</v>"))
				b = bytes.ReplaceAll(b, []byte(`&#34;y&#34;</f>`), []byte(`&#34;y&#34;</f><v>xy</v>`))
				b = bytes.ReplaceAll(b, []byte(`2,0)</f>`), []byte(`2,0)</f><v>#N/A</v>`))
				sameRows(t, withParts(t, book, map[string][]byte{zf.Name: b}))
			}
		}
	})
}

// TestSheetScanFallback: without the package on disk, Reader uses excelize's iterator; with it,
// the scanner.
func TestSheetScanFallback(t *testing.T) {
	path := rowsBook(t, header, []any{"张三", "男", "110105201509011221"})
	f, err := excelize.OpenFile(path, readOpts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	rows, err := f.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	src := newRowSource(f, path+".missing", "Sheet1", rows)
	if _, ok := src.(excelizeRows); !ok {
		t.Fatalf("source %T", src)
	}
	tr := trace(src)
	_ = src.Close()
	if len(tr.Steps) != 2 || tr.Steps[1].Cells[2] != "110105201509011221" {
		t.Fatalf("%+v", tr)
	}
	rows, _ = f.Rows("Sheet1")
	src = newRowSource(f, path, "Sheet1", rows)
	_ = src.Close()
	if _, ok := src.(*sheetScan); !ok {
		t.Fatalf("source %T", src)
	}
}

// TestReadAhead: the reader inflating ahead hands over all the data, then the source's error,
// and stops when closed, even while waiting to hand over chunks.
func TestReadAhead(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 10_000)
	boom := errors.New("boom")
	r := newReadAhead(io.MultiReader(iotest.HalfReader(bytes.NewReader(data)), iotest.ErrReader(boom)), 2, 4096)
	got, err := io.ReadAll(iotest.OneByteReader(r))
	if err != boom || !bytes.Equal(got, data) {
		t.Fatalf("%d bytes, %v", len(got), err)
	}
	r.Close()
	r = newReadAhead(bytes.NewReader(data), 2, 1024)
	if _, err := r.Read(make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := io.ReadAll(r); err != errReadAheadClosed {
		t.Fatalf("read after Close: %v", err)
	}
}

// TestReaderCloseEarly: a Reader closed before the end of the sheet leaves no goroutine behind.
func TestReaderCloseEarly(t *testing.T) {
	rows := [][]any{header}
	for i := range 5000 {
		rows = append(rows, []any{fmt.Sprintf("学生%d", i), "男", "110105201509011221"})
	}
	path := rowsBook(t, rows...)
	before := runtime.NumGoroutine()
	for range 3 {
		r := mustOpen(t, path, studentSpec)
		if _, ok := r.Next(); !ok {
			t.Fatal(r.Err())
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; runtime.NumGoroutine() > before && i < 100; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines, %d before", n, before)
	}
}

// TestSheetScanSharedStringsCompact: the shared strings are one string and offsets.
func TestSheetScanSharedStringsCompact(t *testing.T) {
	tab, err := loadSSTStrict([]byte(testSST), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"姓名", " a & b ", "富文本 ", "\rx_x0041_y", "", "中中中", "漢字", "bd"}
	if len(tab.ends) != len(want) {
		t.Fatalf("%d items", len(tab.ends))
	}
	for i, w := range want {
		if got, ok := tab.at(i); !ok || got != w {
			t.Errorf("item %d: %q, want %q", i, got, w)
		}
	}
	if _, ok := tab.at(len(want)); ok {
		t.Error("out of range")
	}
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

// sameTokens compares the tokenizer with encoding/xml's Decoder.Token on data: the same tokens
// and the end at the same place.
func sameTokens(t testing.TB, data []byte) {
	t.Helper()
	sameTokensFrom(t, data, bytes.NewReader(data))
	sameTokensFrom(t, data, iotest.OneByteReader(bytes.NewReader(data)))
}

var defaultCharset = excelize.NewFile().CharsetReader

func sameTokensFrom(t testing.TB, data []byte, src io.Reader) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = defaultCharset
	tk := newTok(src, defaultCharset)
	tk.buf = make([]byte, 16) // exercise refills
	for i := 0; ; i++ {
		want, err := d.Token()
		got := tk.next()
		if err != nil {
			if got != tokDone {
				t.Fatalf("token %d: encoding/xml stops (%v), the scanner has %d", i, err, got)
			}
			return
		}
		if got == tokDone {
			t.Fatalf("token %d: the scanner stops (%v), encoding/xml has %#v", i, tk.err, want)
		}
		space := func(prefix, local []byte, elem bool) string {
			if !elem && len(prefix) == 0 {
				return ""
			}
			return tk.space(prefix, local)
		}
		var g any
		switch got {
		case tokStart:
			se := xml.StartElement{Name: xml.Name{Space: space(tk.prefix, tk.local, true), Local: string(tk.local)}, Attr: []xml.Attr{}}
			for _, a := range tk.attrs {
				se.Attr = append(se.Attr, xml.Attr{Name: xml.Name{Space: space(a.prefix, a.local, false), Local: string(a.local)}, Value: string(a.value)})
			}
			g = se
		case tokEnd:
			g = xml.EndElement{Name: xml.Name{Space: space(tk.prefix, tk.local, true), Local: string(tk.local)}}
		case tokText:
			g = xml.CharData(bytes.Clone(tk.text))
		case tokOther:
			switch want.(type) {
			case xml.Comment, xml.ProcInst, xml.Directive:
				continue
			}
			g = "comment, processing instruction or directive"
		}
		if w, ok := want.(xml.CharData); ok {
			want = xml.CharData(bytes.Clone(w))
		}
		if !reflect.DeepEqual(g, want) {
			t.Fatalf("token %d:\n got  %#v\n want %#v", i, g, want)
		}
	}
}

var tokenSeeds = []string{
	`<a x="1" y='2'>t&amp;&lt;&#65;&#x42;</a>`,
	`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "v"><!-- c -->]><a><![CDATA[<&>]]><!--c--><?p d?></a>`,
	`<p:a xmlns:p="urn:p" xmlns="urn:d" p:x="1" x="2"><b xmlns:p="urn:q"><p:c/></b><p:d/></p:a>`,
	"<a>\r\n\r x \r</a>",
	`<a x="1"y="2"/>`,
	`<a b=">"/>`,
	`<a><b></a>`,
	`</a>`,
	`<a x="<"/>`,
	`<a x=1/>`,
	`<a>]]></a>`,
	`<a>&#0;</a>`,
	`<a>&#xD800;</a>`,
	`<a:b:c/>`,
	`<:a/><a:/>`,
	`<1a/>`,
	`<-a/>`,
	`<.a/>`,
	`<a -b="1"/>`,
	`<_a:b _c="1"/>`,
	"<a x=\"&amp;&lt;&#10;&#x9;\" y='a\r\nb\rc' z=\"&quot;q&apos;\">t</a>",
	`<a x="&bogus;"/>`,
	`<a x="1" x="2"/>`,
	`<a><!-- x -- y --></a>`,
	`<a><![CDATA[x]]]]></a>`,
	"<a>\xef\xbf\xbe</a>",
	"<a>\xed\xa0\x80</a>",
	"<\xe4\xb8\xad/><a\xcc\x80/><a\xe2\x80\x80/>",
	`<xml:a xmlns:xml="urn:x"/><xmlns:b/><xmlns/>`,
	`<?xml version="1.0" encoding="GBK"?><a>` + "\xd6\xd0" + `</a>`,
	`<?xml encoding='utf8'?><a/>`,
	`<a>text at the end`,
	`<!DOCTYPE a [<!ATTLIST a b CDATA "<>">]><a/>`,
	`<!X <<!-- -- > >>><a/>`,
	`<!><a/>`,
}

func TestXMLTokens(t *testing.T) {
	for _, s := range append(tokenSeeds, handSheets...) {
		sameTokens(t, []byte(s))
	}
	for _, s := range handDocs {
		sameTokens(t, []byte(s))
	}
	sameTokens(t, []byte(testSST))
}

// TestXMLTokensLarge: a token larger than the buffer, arriving a byte at a time, is read in
// linear time (the buffer doubles rather than the token being scanned again for every byte).
func TestXMLTokensLarge(t *testing.T) {
	text := strings.Repeat("学生 & 北京", 1<<18)
	doc := "<a><!--" + strings.Repeat("-x", 2<<20) + "--><v>" + strings.ReplaceAll(text, "&", "&amp;") + "</v></a>"
	tk := newTok(iotest.OneByteReader(strings.NewReader(doc)), nil)
	var got []byte
	for k := tk.next(); k != tokDone; k = tk.next() {
		if k == tokText {
			got = append(got, tk.text...)
		}
	}
	if tk.err != io.EOF || string(got) != text {
		t.Fatalf("err %v, %d bytes of text", tk.err, len(got))
	}
}

// FuzzXMLTokens: the tokenizer and encoding/xml agree on any input.
func FuzzXMLTokens(f *testing.F) {
	for _, s := range tokenSeeds {
		f.Add([]byte(s))
	}
	for _, s := range handDocs {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameTokens(t, data)
	})
}

// FuzzSheetScan reads random worksheet XML (and shared strings) with the scanner and with
// excelize: the scanner must never panic, and its rows must be excelize's whenever excelize
// reads the sheet without panicking.
func FuzzSheetScan(f *testing.F) {
	for _, sd := range handSheets {
		f.Add([]byte(sheetDoc(sd)), []byte(testSST))
	}
	for _, doc := range handDocs {
		f.Add([]byte(doc), []byte(testSST))
	}
	f.Add([]byte(sheetDoc(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)), []byte(`<sst xmlns="`+nsMain+`"><si><t>x</t></si></sst>`))
	base := baseBook(f)
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		book := withParts(t, base, map[string][]byte{"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": sst})
		if got, want, ok := traces(t, book, "Sheet1"); ok && !reflect.DeepEqual(got, want) {
			t.Fatalf("rows differ:\n%s", traceDiff(got, want))
		}
	})
	// Run with a short -fuzzminimizetime (say 50x): each input builds and opens a workbook, and
	// the default minimisation of 60 s per new input leaves little time to fuzz.
}
