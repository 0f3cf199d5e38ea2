package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// DefaultRetentionDays is how long audit rows are kept unless the security policy says otherwise.
const DefaultRetentionDays = 190

// Purge removes the district's rows older than the retention period and moves the chain's anchor to
// the last removed row, so that Verify still proves the rest. The purge itself is audited.
func (l *Log) Purge(ctx context.Context, district string, retentionDays int, now time.Time) (int64, error) {
	if retentionDays < 1 {
		return 0, fmt.Errorf("审计日志保留天数必须大于 0")
	}
	horizon := now.AddDate(0, 0, -retentionDays).UnixMilli()
	var removed int64
	err := l.db.Tx(ctx, func(q db.Querier) error {
		var seq int64
		var hash string
		err := q.QueryRow(ctx, `SELECT seq, hash FROM audit_log WHERE district_code = ? AND at < ?
ORDER BY seq DESC LIMIT 1`, district, horizon).Scan(&seq, &hash)
		if db.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		res, err := q.Exec(ctx, `DELETE FROM audit_log WHERE district_code = ? AND seq <= ?`, district, seq)
		if err != nil {
			return err
		}
		removed, _ = res.RowsAffected()
		if _, err := q.Exec(ctx, `INSERT INTO settings (district_code, key, value, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (district_code, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			district, anchorKey, fmt.Sprintf("%d:%s", seq, hash), db.Now()); err != nil {
			return err
		}
		return l.Append(ctx, q, district, Entry{ActorName: "system", Action: "audit.purge",
			Detail: fmt.Sprintf("删除 %d 条早于 %s 的记录（保留 %d 天）", removed, time.UnixMilli(horizon).Format("2006-01-02"), retentionDays)})
	})
	return removed, err
}
