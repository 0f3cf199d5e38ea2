// Command registry measures the registry's performance targets on SQLite: importing a 25-column
// student workbook (time and peak memory), exporting it again, and the p95 latency of filtered,
// paged student lists over a large district. Results go to stdout; docs/performance.md records them.
//
//	go run ./bench/registry -rows 300000
//	go run ./bench/registry -rows 1000000 -list
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"syscall"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/identity"
	"github.com/edubureau/edubureau/internal/platform/jobs"
	"github.com/edubureau/edubureau/internal/registry"
	"github.com/edubureau/edubureau/internal/server"
	"github.com/xuri/excelize/v2"
)

const district = "339901"

func main() {
	rows := flag.Int("rows", 300000, "student rows in the import workbook")
	dir := flag.String("dir", "", "work directory (default: a new temporary one)")
	list := flag.Bool("list", false, "also measure list latency (p50/p95/p99 of 400 filtered pages)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the import to this file")
	listOnly := flag.Bool("list-only", false, "only measure lists, on the database an earlier run left in -dir")
	flag.Parse()
	if *dir == "" {
		d, err := os.MkdirTemp("", "eb-bench-")
		check(err)
		*dir = d
		defer os.RemoveAll(d)
	}
	ctx := context.Background()
	s, err := server.Open(ctx, server.Config{DataDir: filepath.Join(*dir, "data"), Log: slog.New(slog.DiscardHandler)})
	check(err)
	defer s.Close()
	if *listOnly {
		var ids []int64
		rows, err := s.DB.Read().Query(ctx, `SELECT id FROM schools WHERE district_code = ? ORDER BY code`, district)
		check(err)
		for rows.Next() {
			var id int64
			check(rows.Scan(&id))
			ids = append(ids, id)
		}
		rows.Close()
		measureLists(ctx, s, registry.Actor{P: access.NewPrincipal(1, "bench", "", access.Leader, district, 0, 0, 0, nil)}, ids)
		return
	}
	schools := seedSchools(ctx, s.DB)
	// The import runs as the school's administrator; exports and lists as a 局领导 reading the district.
	sa := registry.Actor{P: access.NewPrincipal(1, "bench-school", "", access.SchoolAdmin, district, schools[0], 0, 0, nil)}
	a := registry.Actor{P: access.NewPrincipal(1, "bench", "", access.Leader, district, 0, 0, 0, nil)}

	book := filepath.Join(*dir, fmt.Sprintf("students-%d.xlsx", *rows))
	t0 := time.Now()
	writeWorkbook(book, *rows)
	st, _ := os.Stat(book)
	fmt.Printf("workbook: %d rows × 25 columns, %.1f MB, written in %.1f s\n", *rows, float64(st.Size())/1e6, time.Since(t0).Seconds())

	// Import: the same job an upload starts, run to the end.
	before := maxRSS()
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		check(err)
		check(pprof.StartCPUProfile(pf))
	}
	t0 = time.Now()
	j := runJob(ctx, s, registry.ImportKind, registry.ImportParams{Entity: registry.EntityStudents, Mode: registry.ModeStrict,
		SchoolID: schools[0], Path: copyOf(book), FileName: "students.xlsx", Actor: registry.RecordActor(sa)})
	fmt.Printf("import: %s in %.1f s (%s); peak RSS %d MB (before %d MB)\n", j.Status, time.Since(t0).Seconds(), j.Message+j.Error,
		maxRSS()>>20, before>>20)
	if *cpuprofile != "" {
		pprof.StopCPUProfile()
	}

	t0 = time.Now()
	j = runJob(ctx, s, registry.ExportKind, map[string]any{"entity": "students", "req": map[string]any{}, "actor": registry.RecordActor(a)})
	fmt.Printf("export: %s in %.1f s (%s)\n", j.Status, time.Since(t0).Seconds(), j.Message+j.Error)

	if *list {
		measureLists(ctx, s, a, schools)
	}
}

func runJob(ctx context.Context, s *server.Server, kind string, params any) jobs.Job {
	j, err := s.Jobs.Start(ctx, district, 1, kind, params)
	check(err)
	s.Jobs.Wait()
	j, err = s.Jobs.Get(ctx, district, 1, j.ID)
	check(err)
	return j
}

// seedSchools adds 200 primary schools in 5 zones; the import goes into the first.
func seedSchools(ctx context.Context, d *db.DB) []int64 {
	var ids []int64
	check(d.Tx(ctx, func(q db.Querier) error {
		zones := make([]int64, 5)
		for i := range zones {
			zones[i] = db.NewID()
			if err := org.InsertZone(ctx, q, district, zones[i], fmt.Sprintf("片区%d", i+1), i); err != nil {
				return err
			}
		}
		for i := 0; i < 200; i++ {
			id, err := org.InsertSchool(ctx, q, district, org.SchoolInput{Code: fmt.Sprintf("3339%06d", i), Name: fmt.Sprintf("测试小学%d", i),
				Type: "primary", Nature: "公办", Urban: "城区", ZoneID: zones[i%5]})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	}))
	return ids
}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
var given = []rune("子涵欣怡梓轩浩宇一诺雨桐思远俊杰佳怡嘉怡晨阳家豪明轩雅琪博文梦琪")

// writeWorkbook streams a filled student template with rows rows.
func writeWorkbook(path string, rows int) {
	if _, err := os.Stat(path); err == nil {
		return
	}
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	check(err)
	check(sw.SetRow("A1", []any{"学生信息导入"}))
	header := []any{"学籍号", "姓名", "性别", "身份证号", "出生日期", "民族", "户籍（本地/外地）", "随迁子女（是/否）", "家庭住址", "年级", "班号",
		"学籍状态", "建档立卡", "低保", "特困", "残疾", "残疾类别", "留守儿童", "寄宿", "监护人姓名", "监护人关系", "监护人电话", "监护人2姓名",
		"监护人2关系", "监护人2电话"}
	check(sw.SetRow("A2", header))
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2014, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < rows; i++ {
		grade := 1 + i%6
		birth := base.AddDate(6-grade, 0, r.IntN(360))
		idn := identity.MakeIDNumber(fmt.Sprintf("33%04d", 100+i/900%9000), birth, i%900+1)
		name := string(surnames[r.IntN(len(surnames))]) + string(given[r.IntN(len(given))]) + string(given[r.IntN(len(given))])
		row := []any{"G" + idn, name, "", idn, "", "汉族", "本地", "否", fmt.Sprintf("青溪区人民路%d号%d幢%d室", r.IntN(300)+1, r.IntN(20)+1, r.IntN(600)+101),
			registry.GradeName(grade), fmt.Sprint(1 + i%12), "在读", "否", "否", "否", "否", "", "否", "否",
			string(surnames[0]) + "大海", "父亲", fmt.Sprintf("139%08d", i), "", "", ""}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		check(sw.SetRow(cell, row))
	}
	check(sw.Flush())
	check(f.SaveAs(path))
}

func copyOf(path string) string {
	b, err := os.ReadFile(path)
	check(err)
	out := path + ".upload"
	check(os.WriteFile(out, b, 0o600))
	return out
}

// measureLists times filtered, paged student lists as the UI asks for them.
func measureLists(ctx context.Context, s *server.Server, a registry.Actor, schools []int64) {
	var n int
	check(s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM students`).Scan(&n))
	r := rand.New(rand.NewPCG(3, 4))
	var times []time.Duration
	byCase := map[int][]time.Duration{}
	for i := 0; i < 400; i++ {
		f := registry.StudentFilter{}
		switch i % 4 {
		case 0:
			f.SchoolID = schools[0] // the school the import filled: the largest count
		case 1:
			g := 1 + r.IntN(6)
			f.SchoolID, f.Grade = schools[0], &g
		case 2:
			f.Q = string(surnames[r.IntN(len(surnames))])
		case 3:
			f.Status = "在读"
		}
		t0 := time.Now()
		_, _, err := s.Registry.ListStudents(ctx, a, f, "", r.IntN(20)*20, 20)
		check(err)
		times = append(times, time.Since(t0))
		byCase[i%4] = append(byCase[i%4], time.Since(t0))
	}
	for k, name := range []string{"by school", "by school and grade", "by surname", "by status (whole district)"} {
		ts := byCase[k]
		sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
		fmt.Printf("  %-28s p50 %v, p95 %v\n", name, ts[len(ts)/2].Round(time.Millisecond), ts[len(ts)*95/100].Round(time.Millisecond))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	fmt.Printf("list over %d students: p50 %v, p95 %v, p99 %v\n", n, times[len(times)/2].Round(time.Millisecond),
		times[len(times)*95/100].Round(time.Millisecond), times[len(times)*99/100].Round(time.Millisecond))
}

func maxRSS() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss * 1024
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "错误：", err)
		os.Exit(1)
	}
}
