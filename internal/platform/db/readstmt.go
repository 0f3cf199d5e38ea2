package db

import (
	"context"
	"database/sql"
	"sync"
)

// readStmts keeps the read pool's statements prepared, by query text, on SQLite: the session,
// account and permission lookups behind every request are the same few queries, and parsing
// them again each time costs more than running them. database/sql prepares a statement on each
// pooled connection the first time it runs there and reuses it afterwards. PostgreSQL's driver
// keeps its own statement cache per connection, so it goes without.
type readStmts struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

// maxReadStmts bounds the statements kept; queries beyond (e.g. lists with many filter
// combinations) run unprepared.
const maxReadStmts = 256

func (c *readStmts) get(ctx context.Context, d *DB, s string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[s]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[s]; ok {
		return st
	}
	if len(c.m) >= maxReadStmts {
		return nil
	}
	st, err := d.r.PrepareContext(ctx, Rebind(d.Dialect, s))
	if err != nil {
		return nil // run unprepared: the error, if any, shows there
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[s] = st
	return st
}

type readQuerier struct {
	querier
	d *DB
}

func (q readQuerier) Query(ctx context.Context, s string, args ...any) (*sql.Rows, error) {
	if st := q.d.reads.get(ctx, q.d, s); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.querier.Query(ctx, s, args...)
}

func (q readQuerier) QueryRow(ctx context.Context, s string, args ...any) *sql.Row {
	if st := q.d.reads.get(ctx, q.d, s); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.querier.QueryRow(ctx, s, args...)
}
