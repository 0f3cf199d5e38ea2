package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// tx runs one batch transaction. On SQLite its Querier executes statements the batch has seen
// before through statements kept prepared on the writer connection: parsing the same INSERT and
// audit statements again for every write costs more than running them.
func (g *GroupCommitter) tx(fn func(q Querier) error) (err error) {
	ctx := context.Background()
	tx, err := g.d.w.BeginTx(ctx, nil)
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
		g.stmts.prepareSeen(ctx)
	}()
	var q Querier = querier{g.d.Dialect, tx}
	if g.stmts != nil {
		q = &stmtQuerier{querier: querier{g.d.Dialect, tx}, tx: tx, c: g.stmts}
	}
	q = uncancelled{q}
	if err = fn(q); err != nil {
		return err
	}
	return tx.Commit()
}

// stmtCache holds prepared statements by query text. Only the committing goroutine uses it.
type stmtCache struct {
	d    *DB
	m    map[string]*sql.Stmt
	seen []string // queries run in the current batch without a prepared statement
}

// maxCachedStmts bounds the statements kept prepared; queries beyond run unprepared.
const maxCachedStmts = 128

func newStmtCache(d *DB) *stmtCache { return &stmtCache{d: d, m: map[string]*sql.Stmt{}} }

// prepareSeen prepares the queries first met in the batch just ended. It runs after the
// transaction, when the single writer connection is free again (preparing inside the
// transaction would wait for that connection forever).
func (c *stmtCache) prepareSeen(ctx context.Context) {
	if c == nil {
		return
	}
	for _, s := range c.seen {
		if _, ok := c.m[s]; ok || len(c.m) >= maxCachedStmts {
			continue
		}
		st, err := c.d.w.PrepareContext(ctx, Rebind(c.d.Dialect, s))
		if err != nil {
			continue // the query runs unprepared next time too
		}
		c.m[s] = st
	}
	c.seen = c.seen[:0]
}

func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	var err error
	for _, st := range c.m {
		err = errors.Join(err, st.Close())
	}
	clear(c.m)
	return err
}

type stmtQuerier struct {
	querier
	tx *sql.Tx
	c  *stmtCache
}

func (q *stmtQuerier) stmt(ctx context.Context, s string) *sql.Stmt {
	if st, ok := q.c.m[s]; ok {
		return q.tx.StmtContext(ctx, st)
	}
	if len(q.c.m) < maxCachedStmts {
		q.c.seen = append(q.c.seen, s)
	}
	return nil
}

func (q *stmtQuerier) Exec(ctx context.Context, s string, args ...any) (sql.Result, error) {
	if st := q.stmt(ctx, s); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.querier.Exec(ctx, s, args...)
}

func (q *stmtQuerier) Query(ctx context.Context, s string, args ...any) (*sql.Rows, error) {
	if st := q.stmt(ctx, s); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.querier.Query(ctx, s, args...)
}

func (q *stmtQuerier) QueryRow(ctx context.Context, s string, args ...any) *sql.Row {
	if st := q.stmt(ctx, s); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.querier.QueryRow(ctx, s, args...)
}

// uncancelled runs every statement of a batch whatever happens to the context a closure passes:
// closures often use their request's context, and a request that ends mid-batch must not
// interrupt the shared connection (on SQLite an interrupted write rolls back the whole
// transaction, and with it every other caller's write).
type uncancelled struct{ q Querier }

func (u uncancelled) Exec(ctx context.Context, s string, args ...any) (sql.Result, error) {
	return u.q.Exec(context.WithoutCancel(ctx), s, args...)
}

func (u uncancelled) Query(ctx context.Context, s string, args ...any) (*sql.Rows, error) {
	return u.q.Query(context.WithoutCancel(ctx), s, args...)
}

func (u uncancelled) QueryRow(ctx context.Context, s string, args ...any) *sql.Row {
	return u.q.QueryRow(context.WithoutCancel(ctx), s, args...)
}

func (u uncancelled) Dialect() Dialect { return u.q.Dialect() }
