package db

import (
	"context"
	"strings"
)

// Batch inserts rows into one table with multi-row INSERT statements, flushing every `size` rows:
// on SQLite this is several times faster than one statement per row. Call Flush at the end.
type Batch struct {
	q      Querier
	head   string // INSERT INTO t (a, b, c) VALUES
	tuple  string // (?, ?, ?)
	suffix string // e.g. ON CONFLICT … DO UPDATE …
	cols   int
	size   int
	args   []any
	rows   int
}

// NewBatch prepares a batch for table and columns; suffix is appended to every statement.
func NewBatch(q Querier, table string, columns []string, suffix string, size int) *Batch {
	t := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"
	if max := 30000 / len(columns); size > max {
		size = max
	}
	return &Batch{q: q, head: "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ", tuple: t,
		suffix: suffix, cols: len(columns), size: size, args: make([]any, 0, size*len(columns))}
}

// Add queues one row, flushing when the batch is full.
func (b *Batch) Add(ctx context.Context, values ...any) error {
	b.args = append(b.args, values...)
	b.rows++
	if b.rows >= b.size {
		return b.Flush(ctx)
	}
	return nil
}

// Flush writes the queued rows.
func (b *Batch) Flush(ctx context.Context) error {
	if b.rows == 0 {
		return nil
	}
	var sb strings.Builder
	sb.Grow(len(b.head) + b.rows*(len(b.tuple)+2) + len(b.suffix) + 1)
	sb.WriteString(b.head)
	for i := 0; i < b.rows; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(b.tuple)
	}
	if b.suffix != "" {
		sb.WriteString(" ")
		sb.WriteString(b.suffix)
	}
	_, err := b.q.Exec(ctx, sb.String(), b.args...)
	b.args, b.rows = b.args[:0], 0
	return err
}
