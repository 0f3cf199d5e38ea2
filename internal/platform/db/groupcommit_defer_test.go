package db_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// rowWriter stores deferred rows as gc_test rows and counts the batches it was handed; it refuses
// the row bad, and panics on the row boom.
type rowWriter struct {
	calls     int
	sizes     []int
	bad, boom int64
}

func (w *rowWriter) WriteBatch(ctx context.Context, q db.Querier, rows []any) error {
	w.calls++
	w.sizes = append(w.sizes, len(rows))
	for _, r := range rows {
		switch r.(int64) {
		case w.bad:
			return fmt.Errorf("row %d refused", w.bad)
		case w.boom:
			panic("boom")
		}
		if err := insertN(r.(int64), "deferred")(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func TestGroupCommit_DeferredRowsWrittenOncePerBatchWithoutTheFailedWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{})
		w := &rowWriter{bad: -1, boom: -1}
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
		// The first pass failed (a refusal); the savepointed rerun wrote each survivor's row with it.
		if w.calls != 15 {
			t.Errorf("WriteBatch calls %d, sizes %v: want one call for each of the 15 surviving writes", w.calls, w.sizes)
		}
	})
}

// A batch in which every write succeeds hands the writer all its rows at once; a row the writer
// refuses, or panics on, fails only the write that deferred it.
func TestGroupCommit_DeferredRowsOnceWhenAllSucceedAndAFailingRowFailsItsWriteOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{})
		for _, c := range []struct {
			name      string
			bad, boom int64
		}{{"all succeed", -1, -1}, {"refused row", 105, -1}, {"panicking writer", -1, 107}} {
			t.Run(c.name, func(t *testing.T) {
				if _, err := d.Write().Exec(context.Background(), `DELETE FROM gc_test`); err != nil {
					t.Fatal(err)
				}
				w := &rowWriter{bad: c.bad, boom: c.boom}
				release, held := hold(t, g)
				errs := make(chan [2]any, 10)
				for i := range 10 {
					n := int64(i)
					go func() {
						errs <- [2]any{n, g.Do(context.Background(), func(ctx context.Context, q db.Querier) error {
							db.Defer(q, w, 100+n)
							return insertN(n, "own")(ctx, q)
						})}
					}()
					waitPending(t, g, i+1)
				}
				release()
				if err := <-held; err != nil {
					t.Fatal(err)
				}
				failed := map[int64]bool{}
				for range 10 {
					r := <-errs
					if r[1] != nil {
						failed[r[0].(int64)] = true
					}
				}
				got := stored(t, d)
				for n := int64(0); n < 10; n++ {
					want := 100+n != c.bad && 100+n != c.boom
					if failed[n] == want || (got[n] == "own") != want || (got[100+n] == "deferred") != want {
						t.Errorf("write %d: failed %v, own %q, deferred %q; want stored %v", n, failed[n], got[n], got[100+n], want)
					}
				}
				if c.bad < 0 && c.boom < 0 && (w.calls != 1 || w.sizes[0] != 10) {
					t.Errorf("all succeeded: WriteBatch calls %d, sizes %v; want one call with 10 rows", w.calls, w.sizes)
				}
			})
		}
	})
}

func TestDefer_OutsideAGroupCommitWritesAtOnce(t *testing.T) {
	d := dbtest.SQLite(t)
	err := d.Tx(context.Background(), func(q db.Querier) error {
		if db.Defer(q, &rowWriter{bad: -1, boom: -1}, int64(1)) {
			return fmt.Errorf("Defer queued a row on a plain transaction, where nothing would write it")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
