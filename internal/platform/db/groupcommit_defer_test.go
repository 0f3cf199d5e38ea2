package db_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// rowWriter stores deferred rows as gc_test rows and counts the batches it was handed.
type rowWriter struct {
	calls int
	sizes []int
}

func (w *rowWriter) WriteBatch(ctx context.Context, q db.Querier, rows []any) error {
	w.calls++
	w.sizes = append(w.sizes, len(rows))
	for _, r := range rows {
		if err := insertN(r.(int64), "deferred")(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func TestGroupCommit_DeferredRowsWrittenOncePerBatchWithoutTheFailedWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{})
		w := &rowWriter{}
		release, held := hold(t, g)
		refused := errors.New("业务拒绝")
		errs := make(chan error, 20)
		for i := range 20 {
			n := int64(i)
			go func() {
				errs <- g.Do(context.Background(), func(ctx context.Context, q db.Querier) error {
					if !db.Defer(q, w, 100+n) {
						return fmt.Errorf("Defer refused a group-commit querier")
					}
					if err := insertN(n, "own")(ctx, q); err != nil {
						return err
					}
					if n%4 == 3 {
						return refused
					}
					return nil
				})
			}()
			waitPending(t, g, i+1)
		}
		release()
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		for range 20 {
			if err := <-errs; err != nil && !errors.Is(err, refused) {
				t.Fatal(err)
			}
		}
		got := stored(t, d)
		for n := int64(0); n < 20; n++ {
			own, def := got[n], got[100+n]
			if n%4 == 3 {
				if own != "" || def != "" {
					t.Errorf("refused write %d left rows: %q %q", n, own, def)
				}
				continue
			}
			if own != "own" || def != "deferred" {
				t.Errorf("write %d: own %q, deferred %q", n, own, def)
			}
		}
		// The first pass failed (a refusal), the savepointed pass wrote the 15 survivors' rows at once.
		if w.calls != 1 || w.sizes[0] != 15 {
			t.Errorf("WriteBatch calls %d, sizes %v: want one call with 15 rows", w.calls, w.sizes)
		}
	})
}

func TestDefer_OutsideAGroupCommitWritesAtOnce(t *testing.T) {
	d := dbtest.SQLite(t)
	err := d.Tx(context.Background(), func(q db.Querier) error {
		if db.Defer(q, &rowWriter{}, int64(1)) {
			return fmt.Errorf("Defer queued a row on a plain transaction, where nothing would write it")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
