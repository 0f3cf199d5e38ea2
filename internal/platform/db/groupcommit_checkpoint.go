package db

import (
	"context"
	"database/sql"
	"strings"
	"sync/atomic"
	"time"
)

// checkpointer moves SQLite's WAL checkpoints off the committing goroutine. By default the
// connection that commits also copies the WAL back into the database file once the WAL passes
// 1,000 pages (with synchronous=FULL: two more fsyncs), so every few batches one batch pays for a
// checkpoint while all its callers wait. While a GroupCommitter runs, the writer connection's
// automatic checkpoints are off and this goroutine checkpoints (PASSIVE: never blocking the
// writer or readers) on a connection of its own, in parallel with the next batches. Durability
// is unchanged: a commit is durable once its WAL frames are synced, whoever checkpoints later.
type checkpointer struct {
	d    *DB
	conn *sql.DB
	stop chan struct{}
	done chan struct{}

	walFrames atomic.Int64 // WAL length after the last passive checkpoint
	restartAt int64        // WAL length that calls for a restart (restartFrames; tests lower it)
	restarts  atomic.Int64
}

// checkpointEvery is how often the checkpointer copies the WAL back: rarely enough that pages
// written by many batches (the audit head, the tails of tables and hot index pages) are copied once,
// often enough that the WAL stays a few tens of megabytes at opening-day rates.
const checkpointEvery = 200 * time.Millisecond

func startCheckpointer(d *DB) *checkpointer {
	path := strings.TrimPrefix(d.source, "sqlite:")
	if path == "" || path == ":memory:" {
		return nil
	}
	conn, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil
	}
	conn.SetMaxOpenConns(1)
	conn.SetConnMaxLifetime(0)
	ctx := context.Background()
	if err := conn.PingContext(ctx); err != nil {
		conn.Close()
		return nil
	}
	if _, err := d.w.ExecContext(ctx, `PRAGMA wal_autocheckpoint=0`); err != nil {
		conn.Close()
		return nil
	}
	c := &checkpointer{d: d, conn: conn, stop: make(chan struct{}), done: make(chan struct{}), restartAt: restartFrames}
	go c.loop()
	return c
}

func (c *checkpointer) loop() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		var busy, log, done int
		_ = c.conn.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &done)
		c.walFrames.Store(int64(log))
	}
}

// restartFrames is the WAL length (in 4 KiB frames: 32 MiB) past which the committer rewinds it.
const restartFrames = 8192

// maybeRestart rewinds a WAL grown past restartFrames. Under a steady stream of commits the passive
// checkpoints never catch up with the last frame, so SQLite never starts the WAL afresh and it grows
// without end (gigabytes a minute on opening day). The committing goroutine calls this between two
// batches, when it holds no lock: a RESTART checkpoint there copies what the passive passes left and
// waits for readers to leave the WAL, so the next batch writes from its start. Run from another
// connection the same checkpoint starves, as the committer takes the write lock again at once.
func (c *checkpointer) maybeRestart() {
	if c == nil || c.walFrames.Load() <= c.restartAt {
		return
	}
	var busy, log, done int
	if err := c.d.w.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(RESTART)`).Scan(&busy, &log, &done); err == nil && busy == 0 {
		c.walFrames.Store(0)
		c.restarts.Add(1)
	}
}

// close stops the goroutine, checkpoints once more and gives the writer connection its automatic
// checkpoints back.
func (c *checkpointer) close() {
	if c == nil {
		return
	}
	close(c.stop)
	<-c.done
	ctx := context.Background()
	_, _ = c.conn.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	_ = c.conn.Close()
	_, _ = c.d.w.ExecContext(ctx, `PRAGMA wal_autocheckpoint=1000`)
}
