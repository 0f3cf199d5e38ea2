package db

import (
	"strconv"
	"strings"
)

// Rebind turns `?` placeholders into `$1, $2, …` for PostgreSQL. Question marks inside single-quoted
// strings, double-quoted identifiers and comments are left alone.
func Rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			end := min(j+1, len(q))
			b.WriteString(q[i:end])
			i = end - 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Prefix is a condition "column starts with prefix" that an index can serve on both engines: a
// byte range on SQLite (whose LIKE is case-insensitive and so cannot use a BINARY index), LIKE on
// PostgreSQL (whose collation-ordered ranges are not byte prefixes). % and _ in prefix are dropped.
func Prefix(d Dialect, column, prefix string) (string, []any) {
	prefix = likeSafe.Replace(prefix)
	if d == Postgres {
		return column + " LIKE ?", []any{prefix + "%"}
	}
	return column + " >= ? AND " + column + " < ?", []any{prefix, prefix + "\U0010FFFF"}
}

// likeSafe drops the LIKE wildcards from user input.
var likeSafe = strings.NewReplacer("%", "", "_", "")

// LikeSafe drops the LIKE wildcards from user input.
func LikeSafe(s string) string { return likeSafe.Replace(s) }

// Contains is the LIKE pattern "contains s", with the wildcards of s dropped.
func Contains(s string) string { return "%" + LikeSafe(s) + "%" }
