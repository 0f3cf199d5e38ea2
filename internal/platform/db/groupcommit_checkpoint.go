package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"os"
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
	path string
	stop chan struct{}
	done chan struct{}

	walFrames atomic.Int64 // WAL length after the last passive checkpoint
	running   atomic.Bool  // a passive checkpoint is copying pages now
	caughtUp  atomic.Bool  // the WAL is long, and the last passive pass copied only a few frames
	restartAt int64        // WAL length that calls for a rewind (restartFrames; tests lower it)
	every     time.Duration
	restarts  atomic.Int64  // rewinds seen in the WAL header
	cleared   atomic.Int64  // RESTART checkpoints that found no reader left in the WAL
	wait      time.Duration // how long the next RESTART may wait for readers (committer only)
}

// checkpointEvery is how often the checkpointer copies the WAL back: rarely enough that pages
// written by many batches (the audit head, the tails of tables, hot index pages) are copied once
// and the database file is synced once a second, often enough that the WAL stays within a couple
// of hundred megabytes at opening-day rates. Measured at 256 connections, alternating runs: every
// second 9,938–11,088/s with p99 44–50 ms in one period, every 200 ms 9,033–9,544/s with p99 52–54 ms.
const checkpointEvery = time.Second

// catchUpFrames is what a passive pass may leave behind for the committer's own checkpoint: that
// checkpoint holds up the next batch while it copies and syncs, so it must be short.
const catchUpFrames = 256

func startCheckpointer(d *DB, every time.Duration) *checkpointer {
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
	c := &checkpointer{d: d, conn: conn, path: path, stop: make(chan struct{}), done: make(chan struct{}), restartAt: restartFrames, every: every}
	go c.loop()
	return c
}

// loop checkpoints every c.every (default checkpointEvery). Once the WAL is longer than restartAt it
// runs passes back to back: each copies what the batches wrote during the one before, so the passes
// shrink until one copies at most catchUpFrames and leaves at most that many behind (a reader holding
// an old snapshot keeps frames back), and the committer is told it can finish the job (maybeRestart).
// It also counts the rewinds that really happened, from the WAL file's header.
func (c *checkpointer) loop() {
	defer close(c.done)
	t := time.NewTicker(c.every)
	defer t.Stop()
	var backfilled int // frames copied by the passes so far, since the WAL last started afresh
	seq, _ := c.walSequence()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		for pass := 0; pass < 16; pass++ {
			log, done, ok := c.passive()
			if s, err := c.walSequence(); err == nil && s != seq {
				c.restarts.Add(int64(s - seq)) // one per rewind since the last look
				seq = s
				backfilled = 0
			}
			if !ok {
				break
			}
			if log < backfilled { // the WAL started afresh since the last pass
				backfilled = 0
			}
			copied := done - backfilled
			backfilled = done
			c.walFrames.Store(int64(log))
			if int64(log) <= c.restartAt {
				c.caughtUp.Store(false)
				break
			}
			if copied <= catchUpFrames && log-done <= catchUpFrames {
				c.caughtUp.Store(true)
				break
			}
		}
	}
}

func (c *checkpointer) passive() (log, done int, ok bool) {
	c.running.Store(true)
	defer c.running.Store(false)
	var busy int
	err := c.conn.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &done)
	return log, done, err == nil && busy == 0
}

// walSequence reads the checkpoint sequence number from the WAL file's header (bytes 12–15, big
// endian), which SQLite increments each time it starts the WAL afresh.
func (c *checkpointer) walSequence() (uint32, error) {
	f, err := os.Open(c.path + "-wal")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var h [16]byte
	if _, err := f.ReadAt(h[:], 0); err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(h[12:16]), nil
}

// restartFrames is the WAL length (in 4 KiB frames: 32 MiB) past which the WAL is started afresh.
const restartFrames = 8192

// restartWait bounds how long the committer's RESTART checkpoint first waits for readers still in
// the WAL (SQLite's busy handler sleeps 1, 2, 5 … ms); past it the rewind is tried again next round,
// waiting twice as long each time it failed, up to maxRestartWait, so that under steady reading the
// WAL is still rewound while the committer never stalls long. On the opening-day load every RESTART
// found the WAL clear at once and took 7–24 ms, once a second (copying the last frames and syncing).
const (
	restartWait    = 10 * time.Millisecond
	maxRestartWait = 100 * time.Millisecond
)

// maybeRestart lets a WAL grown past restartFrames start afresh. Under a steady stream of commits
// the passive checkpoints never catch up with the last frame, so SQLite never rewinds the WAL and it
// grows without end (gigabytes a minute on opening day). The committing goroutine calls this
// between two batches, when it holds no lock and no frame is being added, once the checkpointer's
// passes have nearly caught up: a RESTART checkpoint here copies the last few frames and waits, at
// most restartWait, for readers that started before it to leave the WAL (readers starting after it
// read the database file), so that the next write starts the WAL from its beginning. Readers
// staying longer make it give up until the next round. (A RESTART before the passes caught up held
// every caller of the next batch 8–47 ms; a PASSIVE checkpoint here did not wait for readers, and
// with steady reads the WAL was then never rewound.) Run from another connection, a checkpoint
// never sees the end of the WAL, as the committer takes the write lock again at once.
func (c *checkpointer) maybeRestart() {
	if c == nil || !c.caughtUp.Load() || c.running.Load() {
		return
	}
	c.caughtUp.Store(false)
	ctx := context.Background()
	conn, err := c.d.w.Conn(ctx) // the writer connection, held for the three statements
	if err != nil {
		return
	}
	defer conn.Close()
	if c.wait == 0 {
		c.wait = restartWait
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout=%d`, c.wait.Milliseconds())); err != nil {
		return
	}
	var busy, log, done int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(RESTART)`).Scan(&busy, &log, &done); err == nil && busy == 0 {
		c.walFrames.Store(0)
		c.cleared.Add(1)
		c.wait = restartWait
	} else {
		c.wait = min(2*c.wait, maxRestartWait)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout=%d`, busyTimeout.Milliseconds())); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // never leave the short timeout behind
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
