package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/server"
)

func auditVerify(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("audit verify")
	var c common
	c.register(fs)
	district := fs.String("district", "", "只校验该区县（默认全部）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := server.Open(ctx, c.config(slog.New(slog.DiscardHandler)))
	if err != nil {
		return err
	}
	defer s.Close()
	districts := []string{*district}
	if *district == "" {
		rows, err := s.DB.Read().Query(ctx, `SELECT district_code FROM audit_head ORDER BY district_code`)
		if err != nil {
			return err
		}
		districts = nil
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				rows.Close()
				return err
			}
			districts = append(districts, d)
		}
		rows.Close()
	}
	broken := 0
	for _, d := range districts {
		v, err := s.Audit.Verify(ctx, d)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s：%s\n", d, v.Message)
		if !v.OK {
			broken++
			fmt.Fprintf(stdout, "%s：第一处断点为第 %d 条\n", d, v.BrokenAtSeq)
		}
	}
	if broken > 0 {
		return fmt.Errorf("%d 个区县的审计日志未通过校验", broken)
	}
	return nil
}

func backup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("backup")
	var c common
	c.register(fs)
	out := fs.String("out", "", "备份文件路径")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("请用 --out 指定备份文件")
	}
	if c.dsn != "" && !strings.HasPrefix(c.dsn, "sqlite:") {
		return fmt.Errorf("PostgreSQL 请使用 pg_dump 备份（见 docs/operations.md）")
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("备份文件 %s 已存在，不会覆盖", *out)
	}
	s, err := server.Open(ctx, c.config(slog.New(slog.DiscardHandler)))
	if err != nil {
		return err
	}
	defer s.Close()
	abs, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	if _, err := s.DB.Write().Exec(ctx, `VACUUM INTO ?`, abs); err != nil {
		return fmt.Errorf("备份失败: %w", err)
	}
	if err := integrityCheck(ctx, abs); err != nil {
		os.Remove(abs)
		return err
	}
	if _, err := os.Stat(filesBeside(abs)); err == nil {
		os.Remove(abs)
		return fmt.Errorf("附件备份目录 %s 已存在，不会覆盖", filesBeside(abs))
	}
	files, err := backupFiles(c.data, abs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已备份到 %s（完整性检查通过），附件 %d 个在 %s。注意：个人信息字段以主密钥加密，请另行妥善备份 %s。\n",
		abs, files, filesBeside(abs), filepath.Join(c.data, "keys", "master.key"))
	return nil
}

// integrityCheck opens a SQLite file read-only and runs PRAGMA integrity_check.
func integrityCheck(ctx context.Context, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Size() == 0 {
		return fmt.Errorf("%s 是空文件", path)
	}
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer d.Close()
	var res string
	if err := d.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("%s 不是有效的 SQLite 数据库: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("%s 完整性检查未通过：%s", path, res)
	}
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM goose_db_version`).Scan(&n); err != nil {
		return fmt.Errorf("%s 不是 edubureau 的数据库: %w", path, err)
	}
	return nil
}

func restore(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("restore")
	var c common
	c.register(fs)
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("用法：edubureau restore FILE [--data DIR]")
	}
	src := fs.Arg(0)
	if err := integrityCheck(ctx, src); err != nil {
		return err
	}
	dst := server.DefaultDSN(c.data)
	if err := os.MkdirAll(c.data, 0o700); err != nil {
		return err
	}
	if err := lockedByServer(ctx, dst); err != nil {
		return err
	}
	tmp := dst + ".restore"
	if err := copyFile(src, tmp); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(dst + suffix)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	d, err := db.Open(ctx, dst)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return err
	}
	files, err := restoreFiles(src, c.data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已从 %s 恢复到 %s（附件 %d 个）\n", src, dst, files)
	return nil
}

// lockedByServer refuses to restore over a database that a running server holds.
func lockedByServer(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	d, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.ExecContext(ctx, `BEGIN EXCLUSIVE; COMMIT;`); err != nil {
		return fmt.Errorf("数据库正在被使用，请先停止 edubureau 服务再恢复: %w", err)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// reorder moves flags before positional arguments so that "restore FILE --data DIR" parses.
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		if strings.HasPrefix(args[i], "-") {
			flags = append(flags, args[i])
			if !strings.Contains(args[i], "=") && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, args[i])
	}
	return append(flags, pos...)
}
