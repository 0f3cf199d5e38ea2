package enroll

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// BenchmarkSubmit measures a parent's submission through the service on SQLite (synchronous=FULL):
// validation, category and catchment, sealing, one INSERT and its audit record, with 64 callers at
// a time, written through the group committer (the default) and, for comparison, one transaction
// per submission. Run:
//
//	go test ./internal/enroll -run '^$' -bench Submit -benchtime 5000x
func BenchmarkSubmit(b *testing.B) {
	for _, mode := range []string{"group", "tx"} {
		b.Run(mode, func(b *testing.B) {
			e := newEnv(b, dbtest.SQLite(b))
			if mode == "tx" {
				e.s.Write = func(ctx context.Context, fn func(q db.Querier) error) error { return e.s.DB.Tx(ctx, fn) }
			}
			c := e.campaign(45)
			var seq atomic.Int64
			b.SetParallelism(32) // 64 callers on 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := seq.Add(1)
					in := e.input(c, 0, "人民路23号", e.schools[0])
					in.ChildIDNumber = childIDOn(int(n))
					if _, err := e.s.Submit(e.ctx, parent(1000+n), in); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
