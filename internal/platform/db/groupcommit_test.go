package db_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

const gcTable = `CREATE TABLE gc_test (district_code TEXT NOT NULL, n BIGINT NOT NULL, who TEXT NOT NULL,
	PRIMARY KEY (district_code, n))`

func gcSetup(t *testing.T, d *db.DB, o db.GroupOptions) *db.GroupCommitter {
	t.Helper()
	if _, err := d.Write().Exec(context.Background(), gcTable); err != nil {
		t.Fatal(err)
	}
	g := db.NewGroupCommitter(d, o)
	t.Cleanup(func() { g.Close() })
	return g
}

func insertN(n int64, who string) func(ctx context.Context, q db.Querier) error {
	return func(ctx context.Context, q db.Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO gc_test (district_code, n, who) VALUES (?, ?, ?)`, "339901", n, who)
		return err
	}
}

func stored(t *testing.T, d *db.DB) map[int64]string {
	t.Helper()
	rows, err := d.Read().Query(context.Background(), `SELECT n, who FROM gc_test`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var n int64
		var who string
		if err := rows.Scan(&n, &who); err != nil {
			t.Fatal(err)
		}
		out[n] = who
	}
	return out
}

// hold blocks the committer inside a transaction until the returned release is called, so that
// the writes queued meanwhile are taken together into the next batch.
func hold(t *testing.T, g *db.GroupCommitter) (release func(), held chan error) {
	t.Helper()
	started, gate := make(chan struct{}), make(chan struct{})
	held = make(chan error, 1)
	go func() {
		held <- g.Do(context.Background(), func(ctx context.Context, q db.Querier) error {
			close(started)
			<-gate
			return nil
		})
	}()
	<-started
	return func() { close(gate) }, held
}

// waitPending waits until n writes are queued behind the held batch.
func waitPending(t *testing.T, g *db.GroupCommitter, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); g.Pending() < n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want %d", g.Pending(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestGroupCommit_ConcurrentWritersAllStoredInFewerTransactions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{})
		const writers, each = 32, 40
		var wg sync.WaitGroup
		errc := make(chan error, writers*each)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					errc <- g.Do(context.Background(), insertN(int64(w*each+i), fmt.Sprint(w)))
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := len(stored(t, d)); got != writers*each {
			t.Fatalf("%d rows stored, want %d", got, writers*each)
		}
		st := g.Stats()
		if st.Items != writers*each || st.Batches >= st.Items {
			t.Fatalf("stats %+v: want %d items in fewer transactions", st, writers*each)
		}
		t.Logf("%d writes in %d transactions", st.Items, st.Batches)
	})
}

func TestGroupCommit_FailingWriteDoesNotLoseTheOthers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{})
		if err := g.Do(context.Background(), insertN(1000, "existing")); err != nil {
			t.Fatal(err)
		}
		release, held := hold(t, g)
		refused := errors.New("业务拒绝")
		type result struct {
			n   int64
			err error
		}
		results := make(chan result, 30)
		for i := range 30 {
			n := int64(i)
			var fn func(ctx context.Context, q db.Querier) error
			switch i % 3 {
			case 0: // ordinary write
				fn = insertN(n, "ok")
			case 1: // writes, then refuses: its row must be undone
				fn = func(ctx context.Context, q db.Querier) error {
					if err := insertN(n, "refused")(ctx, q); err != nil {
						return err
					}
					return refused
				}
			case 2:
				if i == 5 {
					fn = insertN(1000, "duplicate") // constraint violation (aborts the PostgreSQL transaction)
				} else if i == 8 {
					fn = func(ctx context.Context, q db.Querier) error { panic("boom") }
				} else {
					fn = insertN(n, "ok")
				}
			}
			go func() { results <- result{n, g.Do(context.Background(), fn)} }()
			waitPending(t, g, i+1)
		}
		release()
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		rows := map[int64]error{}
		for range 30 {
			r := <-results
			rows[r.n] = r.err
		}
		got := stored(t, d)
		for n, err := range rows {
			switch {
			case n%3 == 1:
				if !errors.Is(err, refused) {
					t.Errorf("write %d: got %v, want its own refusal", n, err)
				}
				if _, ok := got[n]; ok {
					t.Errorf("refused write %d is stored", n)
				}
			case n == 5 || n == 8:
				if err == nil {
					t.Errorf("write %d: want an error", n)
				}
			default:
				if err != nil {
					t.Errorf("write %d: %v", n, err)
				}
				if got[n] != "ok" {
					t.Errorf("acknowledged write %d not stored", n)
				}
			}
		}
		if got[1000] != "existing" {
			t.Errorf("row 1000 = %q", got[1000])
		}
		if st := g.Stats(); st.Retries != 1 {
			t.Errorf("stats %+v: want one batch retried with savepoints", st)
		}
	})
}

func TestGroupCommit_WritesRunInArrivalOrderAndSeeEarlierOnes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{MaxBatch: 16})
		// Each write takes the next number after those already written, in the same batch or an
		// earlier one: the numbers come out 1..N without gaps or collisions only if the closures
		// run one at a time and each sees the writes before it.
		next := func(who string) func(ctx context.Context, q db.Querier) error {
			return func(ctx context.Context, q db.Querier) error {
				var n int64
				if err := q.QueryRow(ctx, `SELECT COALESCE(MAX(n), 0) FROM gc_test`).Scan(&n); err != nil {
					return err
				}
				return insertN(n+1, who)(ctx, q)
			}
		}
		release, held := hold(t, g)
		done := make(chan error, 40)
		for i := range 40 { // queued in this order while the committer is held
			go func() { done <- g.Do(context.Background(), next(fmt.Sprint(i))) }()
			waitPending(t, g, i+1)
		}
		release()
		<-held
		for range 40 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		got := stored(t, d)
		for i := range 40 {
			if got[int64(i+1)] != fmt.Sprint(i) {
				t.Fatalf("number %d went to write %q, want %d (arrival order)", i+1, got[int64(i+1)], i)
			}
		}
		if st := g.Stats(); st.Batches < 1+40/16 {
			t.Fatalf("stats %+v: batches larger than MaxBatch", st)
		}
	})
}

func TestGroupCommit_CloseCommitsQueuedWritesThenRefuses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{})
		release, held := hold(t, g)
		done := make(chan error, 10)
		for i := range 10 {
			go func() { done <- g.Do(context.Background(), insertN(int64(i), "queued")) }()
		}
		waitPending(t, g, 10)
		closed := make(chan struct{})
		go func() { g.Close(); close(closed) }()
		select {
		case <-closed:
			t.Fatal("Close returned with writes still queued")
		case <-time.After(50 * time.Millisecond):
		}
		release()
		<-held
		<-closed
		for range 10 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		if got := len(stored(t, d)); got != 10 {
			t.Fatalf("%d queued writes stored, want 10", got)
		}
		if err := g.Do(context.Background(), insertN(99, "late")); !errors.Is(err, db.ErrCommitterClosed) {
			t.Fatalf("write after Close: %v", err)
		}
	})
}

func TestGroupCommit_CancelledWriteIsSkippedBeforeItStarts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{})
		release, held := hold(t, g)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 2)
		go func() { done <- g.Do(ctx, insertN(1, "cancelled")) }()
		waitPending(t, g, 1)
		go func() { done <- g.Do(context.Background(), insertN(2, "kept")) }()
		waitPending(t, g, 2)
		cancel()
		release()
		<-held
		var errsSeen []error
		for range 2 {
			if err := <-done; err != nil {
				errsSeen = append(errsSeen, err)
			}
		}
		if len(errsSeen) != 1 || !errors.Is(errsSeen[0], context.Canceled) {
			t.Fatalf("errors %v, want exactly one context.Canceled", errsSeen)
		}
		got := stored(t, d)
		if _, ok := got[1]; ok || got[2] != "kept" {
			t.Fatalf("stored %v, want only write 2", got)
		}
	})
}

func TestGroupCommit_RequestContextCancelledMidBatchDoesNotInterruptTheOthers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{})
		release, held := hold(t, g)
		reqCtx, cancelReq := context.WithCancel(context.Background())
		defer cancelReq()
		done := make(chan error, 20)
		for i := range 20 {
			fn := insertN(int64(i), "ok")
			if i == 10 { // the request ends while its write runs, and the write uses the request's context
				fn = func(_ context.Context, q db.Querier) error {
					cancelReq()
					return insertN(int64(i), "ok")(reqCtx, q)
				}
			}
			go func() { done <- g.Do(context.Background(), fn) }()
			waitPending(t, g, i+1)
		}
		release()
		<-held
		for range 20 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		if got := len(stored(t, d)); got != 20 {
			t.Fatalf("%d rows stored, want 20", got)
		}
	})
}

func TestGroup_IsSharedAndClosedWithTheDatabase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Write().Exec(ctx, gcTable); err != nil {
			t.Fatal(err)
		}
		g := d.Group()
		if d.Group() != g {
			t.Fatal("Group returned two committers")
		}
		if err := g.Do(ctx, insertN(1, "ok")); err != nil {
			t.Fatal(err)
		}
		if got := stored(t, d); got[1] != "ok" {
			t.Fatalf("stored %v", got)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		if err := g.Do(ctx, insertN(2, "late")); !errors.Is(err, db.ErrCommitterClosed) {
			t.Fatalf("write after the database closed: %v", err)
		}
	})
}

func TestGroup_AfterCloseWithoutWritesRefuses(t *testing.T) {
	d := dbtest.SQLite(t)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	err := d.Group().Do(context.Background(), insertN(1, "late"))
	if !errors.Is(err, db.ErrCommitterClosed) {
		t.Fatalf("write after Close: %v", err)
	}
	if err := d.Group().Close(); err != nil {
		t.Fatal(err)
	}
}

// More distinct statements than the committer keeps prepared still run, batch after batch, and
// a statement seen in an earlier batch sees the rows written since.
func TestGroupCommit_ManyDistinctStatements(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		g := gcSetup(t, d, db.GroupOptions{})
		ctx := context.Background()
		for round := range 2 {
			for i := range 200 {
				n := int64(round*1000 + i)
				// The literal makes every statement text distinct.
				q := fmt.Sprintf(`INSERT INTO gc_test (district_code, n, who) VALUES (?, ?, '%d')`, i)
				if err := g.Do(ctx, func(ctx context.Context, qr db.Querier) error {
					_, err := qr.Exec(ctx, q, "339901", n)
					return err
				}); err != nil {
					t.Fatal(err)
				}
			}
			var count int
			if err := g.Do(ctx, func(ctx context.Context, q db.Querier) error {
				return q.QueryRow(ctx, `SELECT COUNT(*) FROM gc_test`).Scan(&count)
			}); err != nil || count != (round+1)*200 {
				t.Fatalf("round %d: %d rows seen inside a batch (%v), want %d", round, count, err, (round+1)*200)
			}
		}
	})
}
