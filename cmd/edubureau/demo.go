package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/edubureau/edubureau/internal/demo"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/server"
)

func demoCommand(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("demo")
	var c common
	c.register(fs)
	reset := fs.Bool("reset", false, "删除数据目录中的现有数据库后重新生成")
	seed := fs.Int64("seed", 1, "随机种子（相同种子生成相同的区县）")
	credOut := fs.String("credentials-out", "", "把初始密码另存为 JSON 文件（权限 0600）")
	withRegistry := fs.Bool("registry", true, "同时生成学生、教职工、班级与办学条件（约 10 万名学生）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *reset {
		if c.dsn != "" && !strings.HasPrefix(c.dsn, "sqlite:") {
			return fmt.Errorf("--reset 只用于内置 SQLite 数据库；PostgreSQL 请用 dropdb/createdb 重建")
		}
		if err := resetData(c.data); err != nil {
			return err
		}
	}
	s, err := server.Open(ctx, c.config(slog.New(slog.DiscardHandler)))
	if err != nil {
		return err
	}
	defer s.Close()
	dist := demo.Generate(*seed)
	creds, err := demo.Install(ctx, s.DB, s.Keys, s.Audit, dist)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已生成演示区县 %s%s%s：%d 个片区、%d 个科室、%d 所学校、%d 个账号。\n",
		dist.Province.Name, dist.City.Name, dist.District.Name, len(dist.Zones), len(dist.Sections), len(dist.Schools), len(dist.Accounts))
	if *withRegistry {
		start := time.Now()
		reg := demo.GenerateRegistry(dist, *seed)
		if err := demo.InstallRegistry(ctx, s.Registry, s.Audit, dist, reg); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已生成学籍与基础数据：%d 名学生、%d 名教职工、%d 个班级、%d 所学校的办学条件（用时 %.1f 秒）。\n",
			len(reg.Students), len(reg.Staff), len(reg.Classes), len(reg.Facilities), time.Since(start).Seconds())
		for _, step := range demoSteps {
			start := time.Now()
			summary, err := step.run(ctx, demoEnv{Server: s, District: dist, Registry: reg, Seed: *seed})
			if err != nil {
				return fmt.Errorf("生成%s演示数据: %w", step.name, err)
			}
			fmt.Fprintf(stdout, "已生成%s：%s（用时 %.1f 秒）。\n", step.name, summary, time.Since(start).Seconds())
		}
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "各角色的示例账号与初始密码（只显示这一次；首次登录须修改密码，三员与局领导须绑定双因素认证）：")
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  账号\t姓名\t角色\t初始密码")
	shown := map[string]int{}
	for _, cr := range creds {
		if shown[cr.Role] >= 2 {
			continue
		}
		shown[cr.Role]++
		def, _ := access.RoleByCode(cr.Role)
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", cr.Username, cr.DisplayName, def.Name, cr.Password)
	}
	tw.Flush()
	if *credOut != "" {
		b, _ := json.MarshalIndent(creds, "", "  ")
		if err := os.WriteFile(*credOut, b, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\n全部 %d 个账号的初始密码已写入 %s\n", len(creds), *credOut)
	} else {
		fmt.Fprintf(stdout, "\n（其余 %d 个账号的初始密码可用 --credentials-out 导出，或由系统管理员重置）\n", len(creds)-countShown(shown))
	}
	return nil
}

// demoEnv is what a module's demo step builds on: the opened server, the generated district and
// its registry (students, staff, classes, facilities as installed), and the seed.
type demoEnv struct {
	Server   *server.Server
	District demo.District
	Registry demo.Registry
	Seed     int64
}

// A demoStep writes one module's demo records after the registry; the module's file
// (demo_<name>.go) registers it from init. run returns a one-line Chinese summary.
type demoStep struct {
	name string
	sort int
	run  func(ctx context.Context, env demoEnv) (string, error)
}

var demoSteps []demoStep

func addDemoStep(st demoStep) {
	demoSteps = append(demoSteps, st)
	sort.SliceStable(demoSteps, func(i, j int) bool { return demoSteps[i].sort < demoSteps[j].sort })
}

func countShown(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// resetData removes the SQLite database and job results of a data directory, keeping the keys.
func resetData(dir string) error {
	for _, name := range []string{"edubureau.db", "edubureau.db-wal", "edubureau.db-shm", "jobs"} {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}
