// Command edubureau is the whole platform in one binary: serve the web application, migrate the
// database, write the demo district, verify the audit chain, back up and restore.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/edubureau/edubureau/internal/server"
)

const usage = `edubureau — 区县教育局业务平台

用法：
  edubureau serve   [--data DIR] [--db DSN] [--addr 127.0.0.1:8080]   启动服务
  edubureau migrate [--data DIR] [--db DSN]                            执行数据库迁移
  edubureau demo    [--data DIR] [--reset] [--seed N] [--credentials-out FILE]
                                                                       生成演示区县（江城市青溪区）
  edubureau audit verify [--data DIR] [--db DSN] [--district CODE]     校验审计日志哈希链
  edubureau backup  --out FILE [--data DIR]                            备份 SQLite 数据库与附件
  edubureau restore FILE [--data DIR]                                  从备份恢复（须先停止服务）
  edubureau version

环境变量：EDUBUREAU_DATA（数据目录，默认 ./data）、EDUBUREAU_DB（数据库，默认数据目录下的 SQLite 文件；
PostgreSQL 写作 postgres://…）、EDUBUREAU_MASTER_KEY（主密钥，base64，默认数据目录 keys/master.key）。
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "错误：", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, fullUsage())
		return nil
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, rest := args[0], args[1:]
	if c, ok := modules[cmd]; ok {
		return c.run(ctx, rest, stdout, stderr)
	}
	switch cmd {
	case "serve":
		return serve(ctx, rest, stderr)
	case "migrate":
		return migrate(ctx, rest, stdout)
	case "demo":
		return demoCommand(ctx, rest, stdout)
	case "audit":
		if len(rest) == 0 || rest[0] != "verify" {
			return fmt.Errorf("用法：edubureau audit verify [--data DIR] [--district CODE]")
		}
		return auditVerify(ctx, rest[1:], stdout)
	case "backup":
		return backup(ctx, rest, stdout)
	case "restore":
		return restore(ctx, rest, stdout)
	case "version":
		fmt.Fprintln(stdout, "edubureau", server.Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, fullUsage())
		return nil
	}
	return fmt.Errorf("未知命令 %q\n\n%s", cmd, fullUsage())
}

// module is a business module's subcommand ("fitness", "enroll", …), registered by its own file.
type module struct {
	usage string // one line for the help text
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// modules holds the registered module subcommands.
var modules = map[string]module{}

// common holds the flags every command shares.
type common struct {
	data, dsn string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", envOr("EDUBUREAU_DATA", "data"), "数据目录")
	fs.StringVar(&c.dsn, "db", os.Getenv("EDUBUREAU_DB"), "数据库（默认数据目录下的 SQLite 文件）")
}

func (c *common) config(log *slog.Logger) server.Config {
	return server.Config{DataDir: c.data, DSN: c.dsn, Log: log}
}

// fullUsage is the help text with every module's line.
func fullUsage() string {
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, n)
	}
	sort.Strings(names)
	out := usage
	if len(names) > 0 {
		out += "\n业务模块命令：\n"
		for _, n := range names {
			out += "  " + modules[n].usage + "\n"
		}
	}
	return out
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	return fs
}
