package audit

import (
	"context"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Query filters the audit log. Zero values do not filter.
type Query struct {
	Actor      string // username or name, substring
	Action     string // action code or its prefix ("user." finds every user action)
	Result     string
	ObjectType string
	From, To   time.Time // To is exclusive
	Text       string    // substring of the detail or object id
	Offset     int
	Limit      int
}

// Search returns the matching rows, newest first, and how many match in all.
func (l *Log) Search(ctx context.Context, district string, qy Query) ([]Row, int, error) {
	where := []string{"district_code = ?"}
	args := []any{district}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if qy.Actor != "" {
		add("actor_name LIKE ?", db.Contains(qy.Actor))
	}
	if qy.Action != "" {
		add("(action = ? OR action LIKE ?)", qy.Action, db.LikeSafe(strings.TrimSuffix(qy.Action, "."))+".%")
	}
	if qy.Result != "" {
		add("result = ?", qy.Result)
	}
	if qy.ObjectType != "" {
		add("object_type = ?", qy.ObjectType)
	}
	if !qy.From.IsZero() {
		add("at >= ?", qy.From.UnixMilli())
	}
	if !qy.To.IsZero() {
		add("at < ?", qy.To.UnixMilli())
	}
	if qy.Text != "" {
		like := db.Contains(qy.Text)
		add("(detail LIKE ? OR object_id LIKE ? OR ip LIKE ?)", like, like, like)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := l.db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := qy.Limit
	if limit <= 0 {
		limit = 20
	}
	rows, err := l.db.Read().Query(ctx, `SELECT seq, at, actor_id, actor_name, role, ip, action, object_type,
object_id, result, detail, prev_hash, hash FROM audit_log WHERE `+cond+` ORDER BY seq DESC LIMIT ? OFFSET ?`,
		append(args, limit, qy.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		r := Row{District: district}
		if err := rows.Scan(&r.Seq, &r.At, &r.ActorID, &r.ActorName, &r.Role, &r.IP, &r.Action, &r.ObjectType,
			&r.ObjectID, &r.Result, &r.Detail, &r.PrevHash, &r.Hash); err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// Each streams every matching row, newest first, for exports.
func (l *Log) Each(ctx context.Context, district string, qy Query, fn func(Row) error) error {
	qy.Limit = 1000
	for {
		rows, total, err := l.Search(ctx, district, qy)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		qy.Offset += len(rows)
		if len(rows) == 0 || qy.Offset >= total {
			return nil
		}
	}
}

// Time returns when the row was written.
func (r Row) Time() time.Time { return db.Time(r.At) }
