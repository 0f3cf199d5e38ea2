package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// MinSQLite is the oldest SQLite accepted: earlier releases have a WAL-reset corruption bug.
var MinSQLite = [3]int{3, 51, 3}

// busyTimeout is how long a connection waits for a lock another connection holds.
const busyTimeout = 10 * time.Second

func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds())} {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
		// The writer keeps 64 MiB of pages (default 2 MiB): the leaves of the random-keyed indexes
		// (blind indexes of ID numbers and certificates) that inserts land on stay in memory instead
		// of being read again from the file for nearly every insert.
		q.Add("_pragma", "cache_size(-65536)")
	}
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("未指定 SQLite 数据库文件")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := checkSQLiteVersion(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	// The first connection switches the file to WAL before readers open it.
	if _, err := w.ExecContext(ctx, "PRAGMA journal_mode=WAL"); err != nil {
		w.Close()
		return nil, fmt.Errorf("打开数据库 %s 失败: %w", path, err)
	}
	r, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{Dialect: SQLite, w: w, r: r}, nil
}

// SQLiteVersion reports the version of the linked SQLite library.
func SQLiteVersion(ctx context.Context, q *sql.DB) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v)
	return v, err
}

func checkSQLiteVersion(ctx context.Context, q *sql.DB) error {
	v, err := SQLiteVersion(ctx, q)
	if err != nil {
		return fmt.Errorf("无法读取 SQLite 版本: %w", err)
	}
	if !VersionAtLeast(v, MinSQLite) {
		return fmt.Errorf("SQLite %s 过旧（存在 WAL 重置损坏缺陷），需要 %d.%d.%d 或更新版本", v, MinSQLite[0], MinSQLite[1], MinSQLite[2])
	}
	return nil
}

// VersionAtLeast compares a dotted version string with a minimum.
func VersionAtLeast(v string, min [3]int) bool {
	parts := strings.SplitN(v, ".", 3)
	for i := 0; i < 3; i++ {
		n := 0
		if i < len(parts) {
			n, _ = strconv.Atoi(parts[i])
		}
		if n != min[i] {
			return n > min[i]
		}
	}
	return true
}
