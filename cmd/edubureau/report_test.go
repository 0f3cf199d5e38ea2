package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/demo"
	"github.com/edubureau/edubureau/internal/reports"
	"github.com/edubureau/edubureau/internal/server"
)

// On the demo district (every module's demo data and the 2026 plan), the annual report accounts
// for every number of its body in the appendix, and the DOCX the CLI writes opens in LibreOffice
// and renders to PDF (when LibreOffice is installed).
func TestReportGenerate_DemoDistrict(t *testing.T) {
	if testing.Short() {
		t.Skip("writes the full demo district")
	}
	dir := t.TempDir()
	runOK(t, "demo", "--reset", "--data", dir)
	out := filepath.Join(dir, "年度报告.docx")
	msg := runOK(t, "report", "generate", "--data", dir, "--template", "annual", "--period", "2026", "--out", out)
	if !strings.Contains(msg, "青溪区教育局2026年工作总结和下一年度工作计划") || !strings.Contains(msg, "计划目标") {
		t.Fatalf("output: %s", msg)
	}
	docx, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(docx, []byte("PK")) {
		t.Fatalf("no DOCX written: %v", err)
	}

	ctx := context.Background()
	s, err := server.Open(ctx, server.Config{DataDir: dir, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	d, err := server.ReportsOf(s).Generate(ctx, "339901", reports.Request{Kind: reports.KindAnnual, Period: "2026"}, reports.District)
	if err != nil {
		t.Fatal(err)
	}
	plan := reports.DemoPlan(demo.RegistrySchoolYear)
	if bad := d.Untraced(reports.DefaultTemplate(reports.KindAnnual), "2025 2026 2027", fmt.Sprint(plan)); len(bad) > 0 {
		t.Errorf("numbers of the body not in the appendix:\n%s", strings.Join(bad, "\n"))
	}
	half, err := server.ReportsOf(s).Generate(ctx, "339901", reports.Request{Period: "2026H2"}, reports.District)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if bad := half.Untraced(reports.DefaultTemplate(reports.KindHalfYear), "2026 2027"); len(bad) > 0 {
		t.Errorf("half-year report: numbers of the body not in the appendix:\n%s", strings.Join(bad, "\n"))
	}
	modules := map[string]bool{}
	for _, f := range d.Figures {
		modules[strings.SplitN(f.Metric, ".", 2)[0]] = true
	}
	for _, m := range []string{"schools", "students", "teachers", "fitness", "hazards", "supervision", "balance"} {
		if !modules[m] {
			t.Errorf("no %s figure in the demo district's report", m)
		}
	}
	if len(d.Targets) == 0 || !strings.Contains(d.Text(), "学生体质健康合格率保持在95%以上（体卫艺科）：目标学生体质健康合格率≥95.0%，实际") {
		t.Errorf("the plan's fitness target is not reported:\n%s", d.Text())
	}

	if reports.Soffice() == "" {
		t.Skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui to check that the DOCX renders")
	}
	pdfOut := filepath.Join(dir, "年度报告.pdf")
	runOK(t, "report", "generate", "--data", dir, "--period", "2026", "--out", pdfOut)
	pdf, err := os.ReadFile(pdfOut)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || pages < 4 {
		t.Errorf("PDF of %d bytes with %d pages", len(pdf), pages)
	}
}
