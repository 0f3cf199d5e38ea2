package enroll

import (
	"sync/atomic"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// BenchmarkSubmit measures a parent's submission through the service on SQLite (synchronous=FULL):
// validation, category and catchment, sealing, one INSERT and its audit record per transaction (the
// default write path, without group commit). Run:
//
//	go test ./internal/enroll -run '^$' -bench Submit -benchtime 2000x
func BenchmarkSubmit(b *testing.B) {
	e := newEnv(b, dbtest.SQLite(b))
	c := e.campaign(45)
	var seq atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			in := e.input(c, 0, "人民路23号", e.schools[0])
			in.ChildIDNumber = childIDOn(int(n))
			if _, err := e.s.Submit(e.ctx, parent(1000+n), in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
