// Package dbtest opens migrated test databases: SQLite in a temporary directory always, and
// PostgreSQL in a schema of its own when EDUBUREAU_TEST_POSTGRES names a server. Under CI the
// PostgreSQL run is required.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// PostgresEnv names the environment variable with the PostgreSQL server URL for tests.
const PostgresEnv = "EDUBUREAU_TEST_POSTGRES"

// SQLite returns a migrated SQLite database in t's temporary directory.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"))
}

// Postgres returns a migrated database in a fresh schema on the server named by
// EDUBUREAU_TEST_POSTGRES; it skips the test when the variable is unset, except under CI.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	return open(t, PostgresDSN(t))
}

// PostgresDSN creates a fresh schema on the test server and returns a DSN whose search_path
// points at it; the schema is dropped when the test ends.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s 未设置：CI 中必须运行 PostgreSQL 存储测试", PostgresEnv)
		}
		t.Skipf("%s 未设置，跳过 PostgreSQL", PostgresEnv)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "eb_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("创建测试 schema 失败: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, dsn string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return d
}

// EachDSN runs fn as a subtest with an empty SQLite DSN (the caller's default file) and with the
// DSN of a fresh PostgreSQL schema.
func EachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, "") })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresDSN(t)) })
}

// Each runs fn as a subtest on SQLite and on PostgreSQL.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}
