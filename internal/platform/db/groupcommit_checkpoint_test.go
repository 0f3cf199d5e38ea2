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

// fileDB opens a database file (the checkpointer needs a file) with the test table.
func fileDB(t *testing.T) (*db.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Write().Exec(context.Background(), gcTable); err != nil {
		t.Fatal(err)
	}
	return d, path
}

// While a committer runs, the WAL is copied into the database file by the checkpointer (the
// writer's automatic checkpoints are off); after Close the writer checkpoints by itself again.
func TestGroupCommit_CheckpointsRunBesideTheWriterAndStopWithIt(t *testing.T) {
	ctx := context.Background()
	d, path := fileDB(t)
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
	d, path := fileDB(t)
	g := db.NewGroupCommitter(d, db.GroupOptions{CheckpointEvery: 200 * time.Millisecond})
	defer g.Close()
	restarts, cleared := db.SetRestartFrames(g, 256)   // 1 MiB
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
	// The checkpoints that cleared the WAL are followed by real rewinds at the next write (the last
	// one may still be pending when the writes stop, a reader may rarely slip in); a PASSIVE
	// checkpoint in their place, with readers about, was counted and seldom or never rewound the WAL. (The file's size says little here: it keeps its
	// largest extent, and on a starved machine a few rounds' worth is as much as was written.)
	time.Sleep(500 * time.Millisecond) // the checkpointer reads the WAL header on its next passes
	t.Logf("WAL %d bytes after %d bytes written, %d reads; %d checkpoints cleared the WAL, %d rewinds",
		st.Size(), written.Load(), reads.Load(), cleared(), restarts())
	if restarts() < 3 || restarts() < cleared()/2 {
		t.Fatalf("%d checkpoints cleared the WAL, and it was rewound %d times (%d bytes written, WAL %d bytes)",
			cleared(), restarts(), written.Load(), st.Size())
	}
}
