package db_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// While a committer runs, the WAL is copied into the database file by the checkpointer (the
// writer's automatic checkpoints are off); after Close the writer checkpoints by itself again.
func TestGroupCommit_CheckpointsRunBesideTheWriterAndStopWithIt(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Write().Exec(ctx, gcTable); err != nil {
		t.Fatal(err)
	}
	size := func() int64 {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	before := size()
	g := db.NewGroupCommitter(d, db.GroupOptions{})
	var auto int
	if err := d.Writer().QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("writer's automatic checkpoint while the committer runs: %d %v, want 0", auto, err)
	}
	var wg sync.WaitGroup
	errc := make(chan error, 3000)
	for w := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				n := int64(w*60 + i)
				errc <- g.Do(ctx, insertN(n, fmt.Sprintf("row %d with some text to fill pages", n)))
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
	for deadline := time.Now().Add(5 * time.Second); size() <= before; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes: the WAL was never checkpointed", size())
		}
	}
	g.Close()
	if err := d.Writer().QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 1000 {
		t.Fatalf("writer's automatic checkpoint after Close: %d %v, want 1000", auto, err)
	}
}

// Under a steady stream of commits, and of reads beside them, the WAL is rewound between batches
// once it passes its limit, instead of growing with everything ever written. The rewinds counted
// are those the WAL file's header shows.
func TestGroupCommit_WALStaysBoundedUnderSteadyWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wal.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Write().Exec(ctx, gcTable); err != nil {
		t.Fatal(err)
	}
	g := db.NewGroupCommitter(d, db.GroupOptions{CheckpointEvery: 200 * time.Millisecond})
	defer g.Close()
	restarts := db.SetRestartFrames(g, 256)            // 1 MiB
	filler := strings.Repeat("学生体质健康测试成绩与入学报名材料。", 60) // ≈ 3 KB a row
	var wg sync.WaitGroup
	stop := time.Now().Add(3 * time.Second)
	var written atomic.Int64
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(stop); i++ {
				n := int64(w)<<32 | int64(i)
				if err := g.Do(ctx, insertN(n, filler)); err != nil {
					t.Error(err)
					return
				}
				written.Add(int64(len(filler)))
			}
		}()
	}
	var reads atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int64(0); time.Now().Before(stop); i++ {
				var c int
				if err := d.Read().QueryRow(ctx, `SELECT count(*) FROM gc_test WHERE district_code = '339901' AND n = ?`, i).Scan(&c); err != nil {
					t.Error(err)
					return
				}
				reads.Add(1)
			}
		}()
	}
	wg.Wait()
	st, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if restarts() == 0 {
		t.Fatalf("the WAL was never rewound (%d bytes written, WAL %d bytes)", written.Load(), st.Size())
	}
	// Never rewound, the WAL holds at least every byte written (1–3× here, pages being written
	// again); rewound, it holds what was written since the last rewind, a checkpoint interval's worth
	// or a few (0.2–0.4× of this run's writes, on a busy machine too).
	t.Logf("WAL %d bytes after %d bytes written, %d reads, %d rewinds", st.Size(), written.Load(), reads.Load(), restarts())
	if st.Size() > written.Load()*3/4 {
		t.Fatalf("WAL %d bytes after %d bytes written: not bounded", st.Size(), written.Load())
	}
}
