package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/fileio"
	"github.com/edubureau/edubureau/internal/reports"
	"github.com/edubureau/edubureau/internal/server"
)

func init() {
	modules["report"] = module{usage: "report generate --template annual|half-year --period 2026|2026H1 --out FILE.docx   按业务数据生成工作报告",
		run: reportCommand}
}

const reportUsage = `用法：edubureau report generate --template annual|half-year --period 2026|2026H1 --out FILE.docx
        [--school ID] [--district CODE] [--data DIR] [--db DSN]

按区县保存的报告模板（未修改时用系统默认模板）和该期间的工作计划，用业务记录生成工作报告：
正文中的每个数字都列在附件“数据说明”中。--out 以 .pdf 结尾时经 LibreOffice 转换为 PDF。`

func reportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "generate" {
		return fmt.Errorf("%s", reportUsage)
	}
	fs := newFlags("report generate")
	var c common
	c.register(fs)
	kind := fs.String("template", "", "模板：annual（年度）或 half-year（半年），默认按期间")
	period := fs.String("period", "", "期间：2026、2026H1 或 2026H2")
	out := fs.String("out", "", "输出文件（.docx 或 .pdf）")
	school := fs.Int64("school", 0, "只生成一所学校的报告（学校编号）")
	district := fs.String("district", auth.DefaultDistrict, "区县代码")
	fs.SetOutput(stderr)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *period == "" || *out == "" {
		return fmt.Errorf("须指定 --period 和 --out\n%s", reportUsage)
	}
	s, err := server.Open(ctx, c.config(slog.New(slog.DiscardHandler)))
	if err != nil {
		return err
	}
	defer s.Close()
	svc := server.ReportsOf(s)
	sc := reports.District
	if *school != 0 {
		sc = reports.Scope{Kind: reports.ScopeSchool, SchoolID: *school}
	}
	d, err := svc.Generate(ctx, *district, reports.Request{Kind: *kind, Period: *period}, sc)
	if err != nil {
		return err
	}
	b, err := reports.DOCX(d)
	if err != nil {
		return err
	}
	if strings.HasSuffix(strings.ToLower(*out), ".pdf") {
		if b, err = reports.ConvertPDF(ctx, b); err != nil {
			return err
		}
	}
	if err := fileio.WriteAtomic(*out, 0o644, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return err
	}
	for _, w := range d.Warnings {
		fmt.Fprintln(stderr, "提示：", w)
	}
	fmt.Fprintf(stdout, "已生成《%s》：%s（正文数据 %d 项，计划目标 %d 项）\n", d.Title, *out, len(d.Figures), len(d.Targets))
	return nil
}
