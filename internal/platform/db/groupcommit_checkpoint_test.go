package db_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
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
