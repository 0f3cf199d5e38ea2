package audit_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// One group transaction holding the records of many writes in two districts (more than one
// multi-row INSERT's worth each), some of which fail:
// each district's chain advances once for the batch, has no gap and no record of a failed write,
// and verifies; records written one by one afterwards continue it.
func TestAppend_GroupCommittedBatchChainsInOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		d = freshLike(t, d)
		l := audit.New(d, []byte("k"))
		fill(t, l, 2)
		g := db.NewGroupCommitter(d, db.GroupOptions{})
		defer g.Close()

		started, gate, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			held <- g.Do(ctx, func(ctx context.Context, q db.Querier) error { close(started); <-gate; return nil })
		}()
		<-started
		refused := errors.New("拒绝")
		errs := make(chan error, 100)
		for i := range 100 {
			dist := district
			if i%2 == 1 {
				dist = "339902"
			}
			go func() {
				errs <- g.Do(ctx, func(ctx context.Context, q db.Querier) error {
					e := audit.Entry{ActorID: int64(i), Action: "user.role", ObjectType: "user", ObjectID: fmt.Sprint(i)}
					if err := l.Append(ctx, q, dist, e); err != nil {
						return err
					}
					if i%5 == 4 {
						return refused
					}
					return nil
				})
			}()
			for g.Pending() < i+1 {
				time.Sleep(time.Millisecond)
			}
		}
		close(gate)
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		for range 100 {
			if err := <-errs; err != nil && !errors.Is(err, refused) {
				t.Fatal(err)
			}
		}
		fill(t, l, 1)
		for dist, want := range map[string]int64{district: 2 + 40 + 1, "339902": 40} {
			v, err := l.Verify(ctx, dist)
			if err != nil {
				t.Fatal(err)
			}
			if !v.OK || v.Checked != want {
				t.Errorf("%s: %+v, want an intact chain of %d", dist, v, want)
			}
		}
		rows, err := d.Read().Query(ctx, `SELECT object_id FROM audit_log WHERE action = 'user.role'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		stored := 0
		for rows.Next() {
			var id int
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			if id%5 == 4 {
				t.Errorf("the record of refused write %d is stored", id)
			}
			stored++
		}
		if stored != 80 {
			t.Errorf("%d records of the batch stored, want 80", stored)
		}
	})
}
