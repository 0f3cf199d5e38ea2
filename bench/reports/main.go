// Command reports measures the generation of the annual work report on the demo district: the
// figures of every module and the render (Generate), then the DOCX with its PNG charts, run after
// run with fresh sources (nothing cached between runs). The target is ≤ 3 s per report.
//
//	edubureau demo --reset --data /tmp/eb-demo
//	go run ./bench/reports -data /tmp/eb-demo -runs 10
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"sort"
	"syscall"
	"time"

	"github.com/edubureau/edubureau/internal/reports"
	"github.com/edubureau/edubureau/internal/server"
)

func main() {
	data := flag.String("data", "", "data directory of a demo district (edubureau demo --reset --data DIR)")
	period := flag.String("period", "2026", "report period")
	runs := flag.Int("runs", 10, "reports to generate")
	district := flag.String("district", "339901", "district code")
	pdf := flag.Bool("pdf", false, "also time one PDF conversion with LibreOffice")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	parallel := flag.Int("parallel", 3, "figures read side by side (1: one after another)")
	flag.Parse()
	if *data == "" {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/reports -data DIR [-runs N] [-period 2026]")
		os.Exit(2)
	}
	ctx := context.Background()
	s, err := server.Open(ctx, server.Config{DataDir: *data, Log: slog.New(slog.DiscardHandler)})
	check(err)
	defer s.Close()
	svc := server.ReportsOf(s)
	svc.Parallel = *parallel
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	var gen, docx, total, cpu []time.Duration
	var last []byte
	var doc *reports.Doc
	for i := 0; i < *runs; i++ {
		c0 := cpuTime()
		t0 := time.Now()
		doc, err = svc.Generate(ctx, *district, reports.Request{Kind: reports.KindAnnual, Period: *period}, reports.District)
		check(err)
		t1 := time.Now()
		last, err = reports.DOCX(doc)
		check(err)
		t2 := time.Now()
		gen, docx, total = append(gen, t1.Sub(t0)), append(docx, t2.Sub(t1)), append(total, t2.Sub(t0))
		cpu = append(cpu, cpuTime()-c0)
	}
	charts := 0
	for _, b := range doc.Blocks {
		if b.Chart != nil {
			charts++
		}
	}
	fmt.Printf("parallel %d — annual report %s: %d figures, %d targets, %d charts, %d KB DOCX\n", *parallel, *period, len(doc.Figures), len(doc.Targets), charts, len(last)/1024)
	report("figures + render", gen)
	report("DOCX with charts", docx)
	report("total", total)
	report("CPU (user+sys)", cpu)
	if *pdf {
		t0 := time.Now()
		out, err := reports.ConvertPDF(ctx, last)
		check(err)
		fmt.Printf("PDF (LibreOffice): %v, %d KB\n", time.Since(t0).Round(time.Millisecond), len(out)/1024)
	}
}

func report(name string, ds []time.Duration) {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	fmt.Printf("%-18s min %6v  median %6v  max %6v  (%d runs)\n", name, s[0].Round(time.Millisecond), s[len(s)/2].Round(time.Millisecond),
		s[len(s)-1].Round(time.Millisecond), len(s))
}

// cpuTime is the CPU time the process has used (user + system), which a shared machine's load
// does not inflate as it does wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
