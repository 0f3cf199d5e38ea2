package db

import (
	"context"
	"fmt"
)

// BatchWriter writes rows that the writes of one group transaction queued with Defer, once per
// transaction just before it commits. The audit log is one: a batch of 200 submissions advances the
// district's hash chain once instead of 200 times. Implementations are used as map keys: use a
// pointer type.
type BatchWriter interface {
	WriteBatch(ctx context.Context, q Querier, rows []any) error
}

// Defer queues row for w when q is the Querier of a group-commit closure and reports whether it
// did; otherwise the caller writes the row at once. A queued row is written in the same
// transaction as the closure's own statements, after every closure of the batch, in the order the
// closures ran; the rows of a closure that fails are dropped with its other writes.
func Defer(q Querier, w BatchWriter, row any) bool {
	iq, ok := q.(*itemQuerier)
	if !ok {
		return false
	}
	iq.it.deferred = append(iq.it.deferred, deferredRow{w, row})
	return true
}

type deferredRow struct {
	w   BatchWriter
	row any
}

// itemQuerier is the Querier one closure of a batch gets: the transaction's, plus a place for the
// rows it defers.
type itemQuerier struct {
	Querier
	it *gcItem
}

// flushDeferred hands each BatchWriter the rows that the batch's successful closures queued for
// it, writers in the order they were first used and rows in closure order. A panicking writer is
// an error, not the end of the committer.
func flushDeferred(q Querier, items []*gcItem) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("写入时发生内部错误: %v", p)
		}
	}()
	var writers []BatchWriter
	rows := map[BatchWriter][]any{}
	for _, it := range items {
		if it.err != nil {
			continue
		}
		for _, d := range it.deferred {
			if _, ok := rows[d.w]; !ok {
				writers = append(writers, d.w)
			}
			rows[d.w] = append(rows[d.w], d.row)
		}
	}
	for _, w := range writers {
		if err := w.WriteBatch(context.Background(), q, rows[w]); err != nil {
			return err
		}
	}
	return nil
}
