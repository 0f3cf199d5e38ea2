package reports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

func wellFormed(t *testing.T, name string, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func sampleDoc() *Doc {
	return &Doc{Title: "青溪区教育局2026年工作总结", Issuer: "青溪区教育局", GeneratedAt: fixedNow,
		Blocks: []DocBlock{
			{Kind: BlockHeading, Level: 1, Number: "一、", Runs: []Run{{Text: "主要工作<和>成效&"}}},
			{Kind: BlockParagraph, Runs: []Run{{Text: "全区在校生"}, {Text: "9", Fig: 1}, {Text: "人。"}}},
			{Kind: "chart", Chart: &Chart{Title: "各类学校数", Unit: "所", Labels: []string{"小学", "初中"}, Values: []float64{3, 1}, Texts: []string{"3", "1"}, Figs: []int{2, 3}}},
		},
		Figures: []Figure{{No: 1, Metric: "students.total", Name: "在校生总数", Text: "9", Unit: "人", Scope: "全区", Period: "2026年", Source: "registry.Service.HeadlineCounts", AsOf: fixedNow}},
	}
}

func TestDOCXFollowsGBT9704(t *testing.T) {
	b, err := DOCX(sampleDoc())
	if err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
		"word/fontTable.xml", "word/footer1.xml", "word/footer2.xml", "word/_rels/document.xml.rels", "docProps/core.xml"} {
		if parts[name] == nil {
			t.Fatalf("no %s", name)
		}
		wellFormed(t, name, parts[name])
	}
	doc := string(parts["word/document.xml"])
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,                         // A4
		`w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`, // 37 / 26 / 35 / 28 mm
		`w:linePitch="579"`,                                         // 22 lines
		`w:eastAsia="方正小标宋简体"`, `<w:sz w:val="44"/>`,                // title 2号
		`w:eastAsia="仿宋_GB2312"`, `<w:sz w:val="32"/>`, // body 3号
		`w:eastAsia="黑体"`, "主要工作&lt;和&gt;成效&amp;", `r:embed="rIdChart1"`, "图一　各类学校数（单位：所）", "①小学　②初中",
		"附件", "数据说明", "在校生总数（students.total）", "registry.Service.HeadlineCounts",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	// 28 characters of 16 pt in the text width: the grid's character pitch.
	m := regexp.MustCompile(`w:charSpace="(-?[0-9]+)"`).FindStringSubmatch(doc)
	if m == nil || m[1] != "-841" {
		t.Errorf("charSpace %v", m)
	}
	for name, align := range map[string]string{"word/footer1.xml": "right", "word/footer2.xml": "left"} {
		f := string(parts[name])
		if !strings.Contains(f, "— </w:t>") || !strings.Contains(f, " PAGE ") || !strings.Contains(f, " —</w:t>") || !strings.Contains(f, `w:jc w:val="`+align) {
			t.Errorf("%s is not the page number — n — on the %s: %s", name, align, f)
		}
	}
	if !strings.Contains(string(parts["word/settings.xml"]), "<w:evenAndOddHeaders/>") {
		t.Error("odd and even page numbers need evenAndOddHeaders")
	}
	fonts := string(parts["word/fontTable.xml"])
	for _, fb := range []string{`w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`, `w:name="方正小标宋简体"><w:altName w:val="宋体"/>`} {
		if !strings.Contains(fonts, fb) {
			t.Errorf("no fallback %s", fb)
		}
	}
	img, err := png.Decode(bytes.NewReader(parts["word/media/chart1.png"]))
	if err != nil || img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 600 {
		t.Errorf("chart image: %v", err)
	}
}

// TestAnnualReportRendersInLibreOffice converts the generated annual report to PDF.
func TestAnnualReportRendersInLibreOffice(t *testing.T) {
	if Soffice() == "" {
		t.Skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui to run this test")
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.SQLite {
			t.Skip("the conversion does not depend on the database")
		}
		w := newWorld(t, d)
		w.putPlan(t, 0)
		b, err := DOCX(w.generate(KindAnnual, "2026", District))
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := ConvertPDF(w.ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
		if !bytes.HasPrefix(pdf, []byte("%PDF")) || pages < 3 {
			t.Errorf("PDF of %d bytes with %d pages", len(pdf), pages)
		}
	})
}
