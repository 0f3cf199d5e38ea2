// Package db opens the embedded SQLite database or a PostgreSQL server behind one API: queries are
// written once with `?` placeholders and rebound for PostgreSQL, writes go through a single writer
// connection on SQLite, and migrations are applied at start.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a database handle with a write pool and a read pool (the same pool on PostgreSQL).
type DB struct {
	Dialect Dialect
	w       *sql.DB
	r       *sql.DB
	source  string
	reads   readStmts   // SQLite: prepared statements of the read pool (readstmt.go)
	group   sharedGroup // the committer behind Group (groupcommit.go)
}

// Open connects to dsn: "postgres://…" or "postgresql://…" for PostgreSQL, anything else is
// a SQLite file path (optionally prefixed with "sqlite:").
func Open(ctx context.Context, dsn string) (*DB, error) {
	var (
		d   *DB
		err error
	)
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d, err = openPostgres(ctx, dsn)
	default:
		d, err = openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	}
	if err != nil {
		return nil, err
	}
	d.source = dsn
	return d, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	err := errors.Join(d.group.close(), d.w.Close())
	if d.r != d.w {
		err = errors.Join(err, d.r.Close())
	}
	return err
}

// Writer is the write pool (one connection on SQLite). Use it for raw access in tools and tests.
func (d *DB) Writer() *sql.DB { return d.w }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.r.PingContext(ctx); err != nil {
		return fmt.Errorf("数据库无法连接: %w", err)
	}
	return nil
}
