package db_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// A submission-shaped write: a row with a random unique key and three secondary indexes (like an
// application's child and property blind indexes), plus its chained audit record.
const benchTable = `CREATE TABLE gc_bench (district_code TEXT NOT NULL, id BIGINT NOT NULL, parent_id BIGINT NOT NULL,
	child_bidx TEXT NOT NULL, property_bidx TEXT NOT NULL, details TEXT NOT NULL, status TEXT NOT NULL,
	PRIMARY KEY (district_code, id), UNIQUE (district_code, child_bidx))`

func benchWrite(log *audit.Log) func(ctx context.Context, q db.Querier) error {
	var b [32]byte
	_, _ = rand.Read(b[:])
	child, prop := hex.EncodeToString(b[:16]), hex.EncodeToString(b[16:])
	id := db.NewID()
	return func(ctx context.Context, q db.Querier) error {
		if _, err := q.Exec(ctx, `INSERT INTO gc_bench (district_code, id, parent_id, child_bidx, property_bidx, details, status)
VALUES (?, ?, ?, ?, ?, ?, ?)`, "339901", id, id%5000, child, prop, child+prop+child+prop+child+prop, "submitted"); err != nil {
			return err
		}
		return log.Append(ctx, q, "339901", audit.Entry{ActorID: id % 5000, Action: "bench.submit", ObjectType: "bench", ObjectID: child})
	}
}

func benchSetup(b *testing.B) (*db.DB, *audit.Log) {
	d := dbtest.SQLite(b)
	ctx := context.Background()
	for _, s := range []string{benchTable, `CREATE INDEX gc_bench_parent ON gc_bench (district_code, parent_id)`,
		`CREATE INDEX gc_bench_property ON gc_bench (district_code, property_bidx)`} {
		if _, err := d.Write().Exec(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	return d, audit.New(d, []byte("bench-key-0123456789abcdef012345"))
}

// BenchmarkSubmitWrite compares one transaction (one fsync) per write with the group committer,
// with 256 concurrent writers on SQLite synchronous=FULL:
//
//	go test -run '^$' -bench SubmitWrite -benchtime 20000x ./internal/platform/db/
func BenchmarkSubmitWrite(b *testing.B) {
	b.Run("tx-per-write", func(b *testing.B) {
		d, log := benchSetup(b)
		b.SetParallelism(128) // × GOMAXPROCS goroutines
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			ctx := context.Background()
			for pb.Next() {
				w := benchWrite(log)
				if err := d.Tx(ctx, func(q db.Querier) error { return w(ctx, q) }); err != nil {
					b.Error(err)
				}
			}
		})
	})
	b.Run("group-commit", func(b *testing.B) {
		d, log := benchSetup(b)
		g := d.Group()
		b.SetParallelism(128)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			ctx := context.Background()
			for pb.Next() {
				if err := g.Do(ctx, benchWrite(log)); err != nil {
					b.Error(err)
				}
			}
		})
		b.StopTimer()
		st := g.Stats()
		b.ReportMetric(float64(st.Items)/float64(max(1, st.Batches)), "writes/commit")
	})
}
