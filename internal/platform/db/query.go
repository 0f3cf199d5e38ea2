package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Querier runs `?`-placeholder queries on a DB or inside a transaction.
type Querier interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Dialect() Dialect
}

type rawQuerier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

type querier struct {
	d   Dialect
	raw rawQuerier
}

func (q querier) Exec(ctx context.Context, s string, args ...any) (sql.Result, error) {
	return q.raw.ExecContext(ctx, Rebind(q.d, s), args...)
}
func (q querier) Query(ctx context.Context, s string, args ...any) (*sql.Rows, error) {
	return q.raw.QueryContext(ctx, Rebind(q.d, s), args...)
}
func (q querier) QueryRow(ctx context.Context, s string, args ...any) *sql.Row {
	return q.raw.QueryRowContext(ctx, Rebind(q.d, s), args...)
}
func (q querier) Dialect() Dialect { return q.d }

// Read returns a Querier on the read pool.
func (d *DB) Read() Querier {
	if d.Dialect == SQLite {
		return readQuerier{querier{d.Dialect, d.r}, d}
	}
	return querier{d.Dialect, d.r}
}

// Write returns a Querier on the write pool, for single statements outside a transaction.
func (d *DB) Write() Querier { return querier{d.Dialect, d.w} }

// Tx runs fn in a write transaction, committing when fn returns nil and rolling back otherwise.
// Inside fn, write only through q: on SQLite the transaction holds the single writer connection, so
// a call to d.Write() from inside fn waits for itself forever.
func (d *DB) Tx(ctx context.Context, fn func(q Querier) error) (err error) {
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("开始事务失败: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	if err = fn(querier{d.Dialect, tx}); err != nil {
		return err
	}
	return tx.Commit()
}

func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// IsNoRows reports whether err says that a single-row query found nothing.
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
