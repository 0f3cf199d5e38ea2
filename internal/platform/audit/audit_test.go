package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

const district = "339901"

func fill(t *testing.T, l *audit.Log, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		if err := l.Record(context.Background(), district, audit.Entry{ActorID: 7, ActorName: "张三", Action: "user.update",
			ObjectType: "user", ObjectID: fmt.Sprint(i), Detail: fmt.Sprintf("第%d次修改", i)}); err != nil {
			t.Fatal(err)
		}
	}
}

// tamper runs a statement against audit_log with the immutability trigger out of the way, as an
// attacker with direct database access could.
func tamper(t *testing.T, d *db.DB, stmt string) {
	t.Helper()
	ctx := context.Background()
	drop := `DROP TRIGGER audit_log_no_update`
	if d.Dialect == db.Postgres {
		drop += ` ON audit_log`
	}
	for _, s := range []string{drop, stmt} {
		if _, err := d.Write().Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cases := []struct {
			name     string
			stmt     string
			brokenAt int64
		}{
			{"intact", "", 0},
			{"altered detail", `UPDATE audit_log SET detail = '无' WHERE seq = 4`, 4},
			{"altered actor", `UPDATE audit_log SET actor_name = '李四' WHERE seq = 2`, 2},
			{"removed row", `DELETE FROM audit_log WHERE seq = 3`, 3},
			{"truncated tail", `DELETE FROM audit_log WHERE seq = 6`, 6},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				fresh := freshLike(t, d)
				l := audit.New(fresh, []byte("test-key"))
				fill(t, l, 6)
				if c.stmt != "" {
					tamper(t, fresh, c.stmt)
				}
				v, err := l.Verify(ctx, district)
				if err != nil {
					t.Fatal(err)
				}
				if c.brokenAt == 0 {
					if !v.OK || v.Checked != 6 {
						t.Fatalf("intact chain reported %+v", v)
					}
					return
				}
				if v.OK || v.BrokenAtSeq != c.brokenAt {
					t.Fatalf("want broken at %d, got %+v", c.brokenAt, v)
				}
			})
		}
	})
}

// freshLike returns a new empty database of the same dialect as d.
func freshLike(t *testing.T, d *db.DB) *db.DB {
	if d.Dialect == db.Postgres {
		return dbtest.Postgres(t)
	}
	return dbtest.SQLite(t)
}

func TestAppend_RowsCannotBeUpdated(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		l := audit.New(d, []byte("k"))
		fill(t, l, 1)
		if _, err := d.Write().Exec(context.Background(), `UPDATE audit_log SET detail = 'x'`); err == nil {
			t.Fatal("update of an audit row succeeded")
		}
	})
}

func TestVerify_WrongKeyFails(t *testing.T) {
	d := dbtest.SQLite(t)
	fill(t, audit.New(d, []byte("k1")), 3)
	v, err := audit.New(d, []byte("k2")).Verify(context.Background(), district)
	if err != nil {
		t.Fatal(err)
	}
	if v.OK || v.BrokenAtSeq != 1 {
		t.Fatalf("a chain recomputed without the key must not verify: %+v", v)
	}
}

func TestPurge_KeepsTheRestVerifiable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := audit.New(d, []byte("k"))
		fill(t, l, 5)
		n, err := l.Purge(ctx, district, 1, time.Now().Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if n != 5 {
			t.Fatalf("purged %d rows, want 5", n)
		}
		fill(t, l, 2)
		v, err := l.Verify(ctx, district)
		if err != nil {
			t.Fatal(err)
		}
		if !v.OK || v.Checked != 3 { // the purge record and the two new rows
			t.Fatalf("after purge: %+v", v)
		}
	})
}

func TestSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := audit.New(d, []byte("k"))
		fill(t, l, 3)
		if err := l.Record(ctx, district, audit.Entry{ActorName: "王五", Action: "auth.login", Result: audit.Denied}); err != nil {
			t.Fatal(err)
		}
		rows, total, err := l.Search(ctx, district, audit.Query{Action: "user."})
		if err != nil || total != 3 || len(rows) != 3 || rows[0].Seq != 3 {
			t.Fatalf("by action prefix: %d rows, total %d, err %v", len(rows), total, err)
		}
		rows, total, _ = l.Search(ctx, district, audit.Query{Result: audit.Denied, Actor: "王"})
		if total != 1 || rows[0].Action != "auth.login" {
			t.Fatalf("by result and actor: %+v", rows)
		}
		_, total, _ = l.Search(ctx, "110101", audit.Query{})
		if total != 0 {
			t.Fatal("another district's rows are visible")
		}
	})
}
