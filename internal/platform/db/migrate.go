package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies every pending forward-only migration: the portable SQL files in migrations/ plus
// the few dialect-specific steps written in Go (triggers).
func (d *DB) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, d.w, sub,
		goose.WithGoMigrations(goMigrations(d.Dialect)...),
		goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("准备数据库迁移失败: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("数据库迁移失败: %w", err)
	}
	return nil
}

// ReferenceTables are shared by every district and carry no district_code: the region tree and
// the migration ledger. The schema test accepts exactly these.
var ReferenceTables = map[string]bool{"regions": true, "goose_db_version": true}
