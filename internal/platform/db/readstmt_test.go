package db_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// Reads through the prepared-statement cache see every committed write, take their arguments
// each time, survive a schema change of the table they read, and report errors as before.
func TestRead_PreparedStatementsSeeWritesAndSchemaChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Write().Exec(ctx, `CREATE TABLE rs_test (district_code TEXT NOT NULL, n BIGINT NOT NULL, s TEXT NOT NULL,
			PRIMARY KEY (district_code, n))`); err != nil {
			t.Fatal(err)
		}
		const q = `SELECT s FROM rs_test WHERE district_code = ? AND n = ?`
		for i := range 50 {
			if _, err := d.Write().Exec(ctx, `INSERT INTO rs_test (district_code, n, s) VALUES (?, ?, ?)`, "339901", i, fmt.Sprint("v", i)); err != nil {
				t.Fatal(err)
			}
			for j := 0; j <= i; j += 7 {
				var s string
				if err := d.Read().QueryRow(ctx, q, "339901", j).Scan(&s); err != nil || s != fmt.Sprint("v", j) {
					t.Fatalf("row %d after %d writes: %q %v", j, i+1, s, err)
				}
			}
		}
		if _, err := d.Write().Exec(ctx, `ALTER TABLE rs_test ADD COLUMN extra TEXT NOT NULL DEFAULT 'x'`); err != nil {
			t.Fatal(err)
		}
		rows, err := d.Read().Query(ctx, `SELECT * FROM rs_test WHERE district_code = ? ORDER BY n`, "339901")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if len(cols) != 4 || n != 50 {
			t.Fatalf("after ALTER: %d columns, %d rows", len(cols), n)
		}
		var s string
		if err := d.Read().QueryRow(ctx, q, "339901", 999).Scan(&s); !db.IsNoRows(err) {
			t.Fatalf("missing row: %v", err)
		}
		if err := d.Read().QueryRow(ctx, `SELECT nope FROM rs_test`).Scan(&s); err == nil {
			t.Fatal("a bad query must still fail")
		}
	})
}
