package db

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrCommitterClosed is returned by GroupCommitter.Do after Close.
var ErrCommitterClosed = errors.New("写入队列已关闭")

// GroupCommitter turns many small concurrent writes into few transactions: callers hand it write
// closures, one goroutine runs the closures that are waiting in one transaction on the writer
// connection (in arrival order, each seeing the writes of those before it) and commits once — on
// SQLite with synchronous=FULL that is one fsync for the whole batch instead of one per write. A
// caller is answered only after the commit that holds its write has returned, so a nil error means
// the write is durable.
//
// A closure that fails does not take the others down: the batch is first run without savepoints
// (the common case, cheapest); if a closure fails, the transaction is rolled back and the batch is
// run again with a savepoint around each closure, so the failing ones are undone alone and report
// their own error. Closures may therefore run twice and must have no effects outside the
// transaction. Inside a closure write only through the Querier given (never d.Write() or d.Tx()).
type GroupCommitter struct {
	d        *DB
	maxBatch int
	in       chan *gcItem

	mu     sync.RWMutex
	closed bool
	done   chan struct{}

	stmts *stmtCache    // SQLite: statements kept prepared on the writer connection across batches
	ckpt  *checkpointer // SQLite: WAL checkpoints off the committing goroutine

	batches, items, retries atomic.Int64
}

// GroupOptions tunes a GroupCommitter. Zero values take the defaults.
type GroupOptions struct {
	MaxBatch int // closures per transaction at most (default 256)
	Queue    int // closures waiting at most before Do blocks (default 4096)

	// CheckpointEvery is how often SQLite's WAL is copied back into the database file (default
	// checkpointEvery, 1 s); shorter keeps the WAL file smaller at the price of throughput.
	CheckpointEvery time.Duration
}

type gcItem struct {
	ctx      context.Context
	fn       func(ctx context.Context, q Querier) error
	err      error
	deferred []deferredRow // rows queued with Defer by the last run of fn
	done     chan error
}

// Group returns the database's shared GroupCommitter, started at the first call and closed by
// Close (after it has committed what is queued). There is one writer, so one committer per
// database batches best; use NewGroupCommitter only for a committer of one's own.
func (d *DB) Group() *GroupCommitter {
	d.group.once.Do(func() { d.group.g = NewGroupCommitter(d, GroupOptions{}) })
	if d.group.g == nil { // the database was closed before any write asked for it
		return closedCommitter
	}
	return d.group.g
}

// closedCommitter answers every write with ErrCommitterClosed.
var closedCommitter = func() *GroupCommitter {
	g := &GroupCommitter{closed: true, done: make(chan struct{})}
	close(g.done)
	return g
}()

// sharedGroup is the lazily started committer behind DB.Group.
type sharedGroup struct {
	once sync.Once
	g    *GroupCommitter
}

func (s *sharedGroup) close() error {
	s.once.Do(func() {}) // no committer starts after Close
	if s.g == nil {
		return nil
	}
	return s.g.Close()
}

// NewGroupCommitter starts the committing goroutine for d. Close it to drain and stop.
func NewGroupCommitter(d *DB, o GroupOptions) *GroupCommitter {
	if o.MaxBatch <= 0 {
		o.MaxBatch = 256
	}
	if o.Queue <= 0 {
		o.Queue = 4096
	}
	if o.CheckpointEvery <= 0 {
		o.CheckpointEvery = checkpointEvery
	}
	g := &GroupCommitter{d: d, maxBatch: o.MaxBatch, in: make(chan *gcItem, o.Queue), done: make(chan struct{})}
	if d.Dialect == SQLite { // pgx keeps its own statement cache per connection
		g.stmts = newStmtCache(d)
		g.ckpt = startCheckpointer(d, o.CheckpointEvery)
	}
	go g.loop()
	return g
}

// Do runs fn in the next group transaction and returns once that transaction has committed (nil)
// or fn's own error, or the commit's error. A write whose ctx ends before it starts is skipped with
// ctx's error; once started it runs to the commit whatever happens to ctx, so that the answer is
// always true.
func (g *GroupCommitter) Do(ctx context.Context, fn func(ctx context.Context, q Querier) error) error {
	it := &gcItem{ctx: ctx, fn: fn, done: make(chan error, 1)}
	g.mu.RLock()
	if g.closed {
		g.mu.RUnlock()
		return ErrCommitterClosed
	}
	select {
	case g.in <- it:
	case <-ctx.Done():
		g.mu.RUnlock()
		return ctx.Err()
	}
	g.mu.RUnlock()
	return <-it.done
}

// Close stops accepting writes, commits those already queued and waits for the goroutine to end.
func (g *GroupCommitter) Close() error {
	g.mu.Lock()
	first := !g.closed
	if first {
		g.closed = true
		close(g.in)
	}
	g.mu.Unlock()
	<-g.done
	if !first {
		return nil
	}
	g.ckpt.close()
	return g.stmts.close()
}

// Pending is the number of writes queued and not yet taken into a transaction.
func (g *GroupCommitter) Pending() int { return len(g.in) }

// GroupStats counts what a GroupCommitter has done.
type GroupStats struct {
	Batches int64 // transactions committed or attempted
	Items   int64 // closures answered
	Retries int64 // batches run a second time with savepoints after a closure failed
}

// Stats returns the counters so far.
func (g *GroupCommitter) Stats() GroupStats {
	return GroupStats{Batches: g.batches.Load(), Items: g.items.Load(), Retries: g.retries.Load()}
}

func (g *GroupCommitter) loop() {
	defer close(g.done)
	batch := make([]*gcItem, 0, g.maxBatch)
	for first := range g.in {
		batch = append(batch[:0], first)
	fill:
		for len(batch) < g.maxBatch {
			select {
			case it, ok := <-g.in:
				if !ok {
					break fill
				}
				batch = append(batch, it)
			default:
				break fill
			}
		}
		g.run(batch)
		clear(batch)
		g.ckpt.maybeRestart()
	}
}

// run commits one batch and answers every caller in it.
func (g *GroupCommitter) run(batch []*gcItem) {
	live := batch[:0:0]
	for _, it := range batch {
		if err := it.ctx.Err(); err != nil {
			it.done <- err
			continue
		}
		live = append(live, it)
	}
	if len(live) == 0 {
		return
	}
	g.batches.Add(1)
	g.items.Add(int64(len(live)))
	err := g.tx(func(q Querier) error {
		for _, it := range live {
			if err := call(it, q); err != nil {
				return errRetry
			}
		}
		if flushDeferred(q, live) != nil {
			return errRetry // found again, and charged to its write, in the rerun
		}
		return nil
	})
	if errors.Is(err, errRetry) {
		g.retries.Add(1)
		err = g.tx(func(q Querier) error {
			for _, it := range live {
				if err := savepointed(it, q); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, it := range live {
		switch {
		case it.err != nil:
			it.done <- it.err
		case err != nil:
			it.done <- fmt.Errorf("提交事务失败: %w", err)
		default:
			it.done <- nil
		}
	}
}

var errRetry = errors.New("group commit: retry with savepoints")

// call runs one closure, turning a panic into its error. The rows it defers are kept only if it
// succeeds.
func call(it *gcItem, q Querier) (err error) {
	it.deferred = it.deferred[:0]
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("写入时发生内部错误: %v", p)
		}
		it.err = err
		if err != nil {
			it.deferred = nil
		}
	}()
	return it.fn(context.WithoutCancel(it.ctx), &itemQuerier{q, it})
}

// savepointed runs one closure inside a savepoint, undoing only its writes when it fails. Its
// deferred rows are written at once, inside the savepoint, so that a row that cannot be written
// fails its own write only. The error returned is the savepoint machinery's own (which aborts the
// batch), never the closure's.
func savepointed(it *gcItem, q Querier) error {
	ctx := context.Background()
	if _, err := q.Exec(ctx, `SAVEPOINT gc_item`); err != nil {
		return err
	}
	if call(it, q) == nil {
		if err := flushDeferred(q, []*gcItem{it}); err != nil {
			it.err = err
		}
		it.deferred = nil
	}
	if it.err != nil {
		if _, err := q.Exec(ctx, `ROLLBACK TO SAVEPOINT gc_item`); err != nil {
			return err
		}
	}
	_, err := q.Exec(ctx, `RELEASE SAVEPOINT gc_item`)
	return err
}
