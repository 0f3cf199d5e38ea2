package db_test

import (
	"context"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

func TestSchema_EveryTableShardsByDistrict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		problems, err := d.ShardingProblems(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Error(p)
		}
	})
}

func TestSchema_CheckCatchesABadTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, s := range []string{
			`CREATE TABLE no_district (id BIGINT PRIMARY KEY)`,
			`CREATE TABLE bad_unique (district_code TEXT NOT NULL, id BIGINT NOT NULL, code TEXT NOT NULL,
				PRIMARY KEY (district_code, id), UNIQUE (code))`,
			`CREATE TABLE bad_pk (district_code TEXT NOT NULL, id BIGINT PRIMARY KEY)`,
		} {
			if _, err := d.Write().Exec(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		problems, err := d.ShardingProblems(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) != 3 {
			t.Fatalf("want 3 problems (no_district, bad_unique, bad_pk), got %q", problems)
		}
	})
}

func TestMigrate_IsIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if err := d.Migrate(context.Background()); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
	})
}

func TestTx_RollsBackOnError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.Tx(ctx, func(q db.Querier) error {
			if _, err := q.Exec(ctx, `INSERT INTO settings (district_code, key, value, updated_at) VALUES (?, ?, ?, ?)`,
				"339901", "k", "v", db.Now()); err != nil {
				return err
			}
			return context.Canceled
		})
		if err == nil {
			t.Fatal("want the error back")
		}
		var n int
		if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("rolled-back row is visible: %d rows", n)
		}
	})
}

func TestRebind(t *testing.T) {
	cases := []struct{ in, want string }{
		{`SELECT ? , ?`, `SELECT $1 , $2`},
		{`SELECT '?' , ?`, `SELECT '?' , $1`},
		{`SELECT "a?" FROM t -- ?` + "\nWHERE x = ?", `SELECT "a?" FROM t -- ?` + "\nWHERE x = $1"},
	}
	for _, c := range cases {
		if got := db.Rebind(db.Postgres, c.in); got != c.want {
			t.Errorf("Rebind(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := db.Rebind(db.SQLite, c.in); got != c.in {
			t.Errorf("SQLite must not rebind: %q", got)
		}
	}
}

func TestVersionAtLeast(t *testing.T) {
	min := [3]int{3, 51, 3}
	for v, want := range map[string]bool{"3.51.3": true, "3.51.2": false, "3.52.0": true, "3.9.9": false, "4.0.0": true, "3.54.1": true} {
		if got := db.VersionAtLeast(v, min); got != want {
			t.Errorf("VersionAtLeast(%s) = %v, want %v", v, got, want)
		}
	}
}

func TestNewID_UniqueAndIncreasing(t *testing.T) {
	prev := int64(0)
	for i := 0; i < 100000; i++ {
		id := db.NewID()
		if id <= prev {
			t.Fatalf("id %d not above %d", id, prev)
		}
		if id >= 1<<53 {
			t.Fatalf("id %d is not safe in JavaScript", id)
		}
		prev = id
	}
}
