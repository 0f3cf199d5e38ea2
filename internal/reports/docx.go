package reports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// The DOCX is written here as plain OOXML (archive/zip + text): the 公文 layout of GB/T 9704-2012
// needs only a handful of parts, and no kept Go library writes page grids and Chinese font
// fallbacks. A4; margins top 37, bottom 35, left 28, right 26 mm; a grid of 22 lines × 28
// characters; title 方正小标宋简体 (宋体 when missing) 2号; body 仿宋_GB2312 (仿宋) 3号; headings
// 黑体 / 楷体_GB2312 / 仿宋 bold; page numbers "— 1 —" in 宋体 4号, right on odd, left on even pages.

const (
	mmTwips   = 56.6929
	fontBody  = "仿宋_GB2312"
	fontTitle = "方正小标宋简体"
	fontH1    = "黑体"
	fontH2    = "楷体_GB2312"
	sizeBody  = 32 // 3号 = 16 pt, in half-points
	sizeTitle = 44 // 2号 = 22 pt
	sizeTable = 21 // 五号 = 10.5 pt
)

// Layout of the page in twips.
var (
	marginTop    = twips(37)
	marginBottom = twips(35)
	marginLeft   = twips(28)
	marginRight  = twips(26)
	linePitch    = (16838 - marginTop - marginBottom) / 22
	// The page number's line sits 7 mm below the text block: its 4号 line (≈ 5 mm) ends 23 mm
	// above the paper's edge.
	footerDistance = twips(35 - 7 - 5)
	// charSpace: 28 characters in the text width, as a difference from 16 pt in 1/4096 pt.
	charSpace = int((float64(11906-marginLeft-marginRight)/20/28 - 16) * 4096)
)

func twips(mm float64) int { return int(mm*mmTwips + 0.5) }

// WriteDOCX writes the report as a .docx file.
func WriteDOCX(w io.Writer, d *Doc) error {
	var body strings.Builder
	var media [][]byte
	title(&body, d.Title)
	chartNo := 0
	for _, b := range d.Blocks {
		switch b.Kind {
		case BlockHeading:
			heading(&body, b)
		case BlockParagraph:
			para(&body, runsText(b.Runs), paraOpts{indent: true})
		case "chart":
			img, err := ChartPNG(b.Chart)
			if err != nil {
				return err
			}
			media = append(media, img)
			chartNo++
			chartXML(&body, chartNo, b.Chart)
		}
	}
	if d.Issuer != "" {
		para(&body, "", paraOpts{})
		para(&body, d.Issuer, paraOpts{align: "right", rightChars: 4})
		para(&body, d.GeneratedAt.In(cst).Format("2006年1月2日"), paraOpts{align: "right", rightChars: 4})
	}
	appendix(&body, d)
	files := map[string]string{
		"[Content_Types].xml":          contentTypes,
		"_rels/.rels":                  rootRels,
		"docProps/core.xml":            fmt.Sprintf(coreXML, esc(d.Title)),
		"word/_rels/document.xml.rels": docRels(len(media)),
		"word/document.xml":            documentXML(body.String()),
		"word/styles.xml":              stylesXML,
		"word/settings.xml":            settingsXML,
		"word/fontTable.xml":           fontTableXML,
		"word/footer1.xml":             footerXML("right"),
		"word/footer2.xml":             footerXML("left"),
	}
	zw := zip.NewWriter(w)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/_rels/document.xml.rels",
		"word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml"} {
		f, err := zw.Create(name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, files[name]); err != nil {
			return err
		}
	}
	for i, m := range media {
		f, err := zw.Create(fmt.Sprintf("word/media/chart%d.png", i+1))
		if err != nil {
			return err
		}
		if _, err := f.Write(m); err != nil {
			return err
		}
	}
	return zw.Close()
}

// DOCX returns the report as .docx bytes.
func DOCX(d *Doc) ([]byte, error) {
	var buf bytes.Buffer
	err := WriteDOCX(&buf, d)
	return buf.Bytes(), err
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func runsText(rs []Run) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text)
	}
	return b.String()
}

type paraOpts struct {
	indent     bool   // first line indented two characters
	align      string // "center", "right", "both" (default)
	font       string
	size       int
	bold       bool
	rightChars int
	pageBreak  bool
	keepNext   bool
}

func runXML(text, font string, size int, bold bool) string {
	if font == "" {
		font = fontBody
	}
	if size == 0 {
		size = sizeBody
	}
	b := ""
	if bold {
		b = "<w:b/>"
	}
	return fmt.Sprintf(`<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="%s" w:cs="Times New Roman"/>%s<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`,
		font, b, size, size, esc(text))
}

func para(b *strings.Builder, text string, o paraOpts) {
	b.WriteString("<w:p><w:pPr>")
	if o.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if o.pageBreak {
		b.WriteString(`<w:pageBreakBefore/>`)
	}
	switch {
	case o.indent:
		b.WriteString(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
	case o.rightChars > 0:
		fmt.Fprintf(b, `<w:ind w:rightChars="%d" w:right="%d"/>`, o.rightChars*100, o.rightChars*320)
	}
	align := o.align
	if align == "" {
		align = "both"
	}
	fmt.Fprintf(b, `<w:jc w:val="%s"/></w:pPr>`, align)
	if text != "" {
		b.WriteString(runXML(text, o.font, o.size, o.bold))
	}
	b.WriteString("</w:p>")
}

func title(b *strings.Builder, t string) {
	para(b, t, paraOpts{align: "center", font: fontTitle, size: sizeTitle})
	para(b, "", paraOpts{})
}

func heading(b *strings.Builder, blk DocBlock) {
	o := paraOpts{indent: true, keepNext: true}
	switch blk.Level {
	case 1:
		o.font = fontH1
	case 2:
		o.font = fontH2
	default:
		o.bold = true
	}
	para(b, blk.Number+runsText(blk.Runs), o)
}

func chartXML(b *strings.Builder, n int, c *Chart) {
	const cx, cy = 5400000, 2700000 // 15 cm × 7.5 cm
	fmt.Fprintf(b, `<w:p><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="图%d"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="%d" name="chart%d.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdChart%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		cx, cy, n, n, n, n, n, cx, cy)
	para(b, chartCaption(n, c), paraOpts{align: "center", keepNext: true, size: 28})
	para(b, chartLegend(c), paraOpts{align: "center", size: 28})
}

// chartCaption is "图一　各类学校数（单位：所）"; chart numbers are Chinese so that every Arabic
// number of the body is a figure of the appendix.
func chartCaption(n int, c *Chart) string {
	s := "图" + chineseNumber(n) + "　" + c.Title
	if c.Unit != "" && c.Unit != "%" {
		s += "（单位：" + c.Unit + "）"
	}
	return s
}

// chartLegend names the bars: "① 幼儿园　② 小学".
func chartLegend(c *Chart) string {
	parts := make([]string, len(c.Labels))
	for i, l := range c.Labels {
		parts[i] = Circled(i+1) + l
	}
	return strings.Join(parts, "　")
}

func cell(text string, width int, header bool) string {
	b := ""
	if header {
		b = "<w:b/>"
	}
	return fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="%s"/>%s<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc>`,
		width, fontBody, b, sizeTable, sizeTable, esc(text))
}

func table(b *strings.Builder, widths []int, rows [][]string) {
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString(`</w:tblGrid>`)
	for i, row := range rows {
		b.WriteString(`<w:tr>`)
		if i == 0 {
			b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for j, c := range row {
			b.WriteString(cell(c, widths[j], i == 0))
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
}

// appendix writes 附件 数据说明: every figure with its metric, scope, period, source and as-of time.
func appendix(b *strings.Builder, d *Doc) {
	para(b, "附件", paraOpts{font: fontH1, pageBreak: true, align: "left"})
	para(b, "数据说明", paraOpts{align: "center", font: fontTitle, size: sizeTitle})
	for _, t := range AppendixIntro(d) {
		para(b, t, paraOpts{indent: true})
	}
	widths := []int{600, 1700, 2200, 1300, 1300, 1000, 1645}
	rows := [][]string{{"序号", "指标", "口径", "范围与期间", "数值", "截至", "来源"}}
	for _, f := range d.Figures {
		rows = append(rows, FigureRow(f))
	}
	table(b, widths, rows)
	if len(d.Targets) > 0 {
		para(b, "", paraOpts{})
		para(b, "计划目标", paraOpts{font: fontH1, align: "left"})
		rows := [][]string{{"序号", "计划事项", "目标", "所在计划"}}
		for _, t := range d.Targets {
			rows = append(rows, []string{itoa(t.No), t.Item, t.Text, t.Plan})
		}
		table(b, []int{600, 4200, 2000, 2945}, rows)
	}
}

// AppendixIntro is the text above the figures table.
func AppendixIntro(d *Doc) []string {
	return []string{
		"本报告正文中的每一个数字均由系统按业务记录计算，下表按出现顺序列出其指标、口径、范围、期间、来源和数据截至时间。" +
			"“当前在册数据”指报告生成时系统中的在册记录。",
		"报告生成时间：" + d.GeneratedAt.In(cst).Format("2006年1月2日 15:04") + "。",
	}
}

// FigureRow is a figure's row in the appendix.
func FigureRow(f Figure) []string {
	return []string{itoa(f.No), f.Name + "（" + f.Metric + "）", f.Definition, f.Scope + "，" + f.Period, f.Text + unitSuffix(f), asOf(f.AsOf), f.Source}
}

func unitSuffix(f Figure) string {
	if f.Unit == "%" || strings.HasSuffix(f.Text, "%") || strings.HasSuffix(f.Text, "所）") {
		return ""
	}
	return f.Unit
}
