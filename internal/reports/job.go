package reports

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/fileio"
	"github.com/edubureau/edubureau/internal/platform/jobs"
)

// GenerateKind is the job kind of report generation.
const GenerateKind = "reports.generate"

type jobParams struct {
	Req      Request `json:"req"`
	Scope    Scope   `json:"scope"`
	Confined bool    `json:"confined"`
}

// RegisterJobs registers the generation job with the runner.
func (s *Service) RegisterJobs() {
	s.Jobs.Register(GenerateKind, jobs.Kind{Name: "生成工作报告", Run: s.runGenerate})
}

// StartGenerate checks the request and the caller's scope and starts the generation job.
func (s *Service) StartGenerate(ctx context.Context, a Actor, req Request) (jobs.Job, error) {
	sc, err := s.reportScope(ctx, a, req.SchoolID)
	if err != nil {
		return jobs.Job{}, err
	}
	if _, err := ParsePeriod(req.Period); err != nil {
		return jobs.Job{}, err
	}
	if req.Kind != "" {
		if _, err := kindName(req.Kind); err != nil {
			return jobs.Job{}, errs.Field("kind", err.Error())
		}
	}
	req.Body = ""
	if err := s.Audit.Record(ctx, a.P.District, audit.By(a.P, a.IP, "report.generate", "report", req.Period+" "+sc.String(),
		"生成工作报告")); err != nil {
		return jobs.Job{}, err
	}
	return s.Jobs.Start(ctx, a.P.District, a.P.UserID, GenerateKind, jobParams{Req: req, Scope: sc, Confined: confined(a)})
}

func (s *Service) runGenerate(ctx context.Context, t *jobs.Task) error {
	var p jobParams
	if err := t.Params(&p); err != nil {
		return err
	}
	_ = t.Progress(ctx, 10, "正在读取各模块数据")
	d, err := s.GenerateFor(ctx, t.District(), p.Req, p.Scope, p.Confined)
	if err != nil {
		return err
	}
	_ = t.Progress(ctx, 70, fmt.Sprintf("已计算 %d 项数据，正在排版", len(d.Figures)))
	b, err := DOCX(d)
	if err != nil {
		return err
	}
	if p.Req.PDF {
		_ = t.Progress(ctx, 85, "正在转换为 PDF")
		pdf, err := ConvertPDF(ctx, b)
		if err != nil {
			return err
		}
		path, err := t.ResultPath(FileName(d, "pdf"))
		if err != nil {
			return err
		}
		t.Done(fmt.Sprintf("已生成 PDF，正文数据 %d 项", len(d.Figures)))
		return writeFile(path, pdf)
	}
	path, err := t.ResultPath(FileName(d, "docx"))
	if err != nil {
		return err
	}
	t.Done(fmt.Sprintf("已生成，正文数据 %d 项", len(d.Figures)))
	return writeFile(path, b)
}

func writeFile(path string, b []byte) error {
	return fileio.WriteAtomic(path, 0o600, func(w io.Writer) error { _, err := w.Write(b); return err })
}

// Soffice is the LibreOffice command found on this machine ("" when none is installed).
func Soffice() string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// ConvertPDF converts a DOCX to PDF with LibreOffice (soffice --headless --convert-to pdf).
func ConvertPDF(ctx context.Context, docx []byte) ([]byte, error) {
	bin := Soffice()
	if bin == "" {
		return nil, errs.E(errs.Invalid, "服务器未安装 LibreOffice，无法生成 PDF；请下载 DOCX")
	}
	dir, err := os.MkdirTemp("", "edubureau-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("LibreOffice 转换失败：%v：%s", err, strings.TrimSpace(string(out)))
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "report.pdf"))
	if err != nil {
		return nil, fmt.Errorf("LibreOffice 没有生成 PDF：%s", strings.TrimSpace(string(out)))
	}
	return pdf, nil
}
