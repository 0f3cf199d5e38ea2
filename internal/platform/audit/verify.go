package audit

import (
	"context"
	"crypto/hmac"
	"fmt"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Verification is the outcome of walking a chain.
type Verification struct {
	OK          bool   `json:"ok"`
	Checked     int64  `json:"checked"`
	BrokenAtSeq int64  `json:"broken_at_seq,omitempty"`
	Message     string `json:"message"`
}

const anchorKey = "audit.anchor"

// Verify walks the district's chain in order and reports the first row whose hash, link or
// sequence number does not hold, and a chain whose end no longer matches the recorded head.
func (l *Log) Verify(ctx context.Context, district string) (Verification, error) {
	anchorSeq, anchorHash, err := l.anchor(ctx, district)
	if err != nil {
		return Verification{}, err
	}
	rows, err := l.db.Read().Query(ctx, `SELECT seq, at, actor_id, actor_name, role, ip, action, object_type,
object_id, result, detail, prev_hash, hash FROM audit_log WHERE district_code = ? ORDER BY seq`, district)
	if err != nil {
		return Verification{}, err
	}
	defer rows.Close()
	v := Verification{OK: true}
	expectSeq, prev := anchorSeq+1, anchorHash
	for rows.Next() {
		r := Row{District: district}
		if err := rows.Scan(&r.Seq, &r.At, &r.ActorID, &r.ActorName, &r.Role, &r.IP, &r.Action, &r.ObjectType,
			&r.ObjectID, &r.Result, &r.Detail, &r.PrevHash, &r.Hash); err != nil {
			return Verification{}, err
		}
		switch {
		case r.Seq != expectSeq:
			return broken(v, expectSeq, fmt.Sprintf("第 %d 条记录缺失（下一条为第 %d 条）", expectSeq, r.Seq)), nil
		case r.PrevHash != prev:
			return broken(v, r.Seq, fmt.Sprintf("第 %d 条记录与前一条的链接不符", r.Seq)), nil
		case !hmac.Equal([]byte(r.Hash), []byte(l.hash(r))):
			return broken(v, r.Seq, fmt.Sprintf("第 %d 条记录内容已被改动", r.Seq)), nil
		}
		v.Checked++
		expectSeq, prev = r.Seq+1, r.Hash
	}
	if err := rows.Err(); err != nil {
		return Verification{}, err
	}
	var headSeq int64
	var headHash string
	err = l.db.Read().QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE district_code = ?`, district).Scan(&headSeq, &headHash)
	if err != nil && !db.IsNoRows(err) {
		return Verification{}, err
	}
	if headSeq != expectSeq-1 || headHash != prev {
		return broken(v, expectSeq, fmt.Sprintf("日志末尾被截断：应有 %d 条，实际止于第 %d 条", headSeq, expectSeq-1)), nil
	}
	v.Message = fmt.Sprintf("审计日志完整，共校验 %d 条记录", v.Checked)
	return v, nil
}

func broken(v Verification, seq int64, msg string) Verification {
	v.OK, v.BrokenAtSeq, v.Message = false, seq, "审计日志完整性被破坏："+msg
	return v
}

// anchor returns where the chain starts: after the last row removed by retention, or at the start.
func (l *Log) anchor(ctx context.Context, district string) (int64, string, error) {
	var s string
	err := l.db.Read().QueryRow(ctx, `SELECT value FROM settings WHERE district_code = ? AND key = ?`, district, anchorKey).Scan(&s)
	if db.IsNoRows(err) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", err
	}
	seqText, hash, _ := strings.Cut(s, ":")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	return seq, hash, err
}
