// Package audit is the append-only, hash-chained audit log: logins, denials, every change, every
// export and every reveal of personal data — who, when, from where, what, on which object, with
// what result; never the sensitive value itself. Each district has its own chain; each row's hash
// is an HMAC over the previous hash and the row, so a row altered, removed or inserted directly in
// the database breaks the chain at that row.
package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Results.
const (
	OK     = "ok"
	Denied = "denied"
	Failed = "failed"
)

// Entry is one thing that happened.
type Entry struct {
	ActorID    int64
	ActorName  string
	Role       string
	IP         string
	Action     string
	ObjectType string
	ObjectID   string
	Result     string
	Detail     string
}

// Row is a stored entry with its place in the chain.
type Row struct {
	District string
	Seq      int64
	At       int64
	Entry
	PrevHash string
	Hash     string
}

// Log writes and reads the audit log.
type Log struct {
	db  *db.DB
	key []byte
}

// New returns the audit log of d, chained with key.
func New(d *db.DB, key []byte) *Log { return &Log{db: d, key: key} }

// Record appends e in a transaction of its own.
func (l *Log) Record(ctx context.Context, district string, e Entry) error {
	return l.db.Tx(ctx, func(q db.Querier) error { return l.Append(ctx, q, district, e) })
}

// Append adds e to the district's chain inside the caller's transaction, so that a change and its
// audit record are committed together or not at all. Inside a group-commit write the record is
// queued (db.Defer) and the batch's records are chained together just before the commit.
func (l *Log) Append(ctx context.Context, q db.Querier, district string, e Entry) error {
	if e.Result == "" {
		e.Result = OK
	}
	p := pending{district: district, at: db.Now(), e: e}
	if db.Defer(q, l, p) {
		return nil
	}
	return l.write(ctx, q, []pending{p})
}

// pending is an entry waiting for its place in the chain.
type pending struct {
	district string
	at       int64
	e        Entry
}

// WriteBatch chains the entries a group transaction queued (db.BatchWriter).
func (l *Log) WriteBatch(ctx context.Context, q db.Querier, rows []any) error {
	ps := make([]pending, len(rows))
	for i, r := range rows {
		ps[i] = r.(pending)
	}
	return l.write(ctx, q, ps)
}

// write appends ps in order: per district, the head advances once by the number of entries, each
// row is chained to the one before it, and the head keeps the last hash. Districts are taken in
// code order, so that two transactions locking several heads (PostgreSQL) lock them in the same
// order and cannot deadlock.
func (l *Log) write(ctx context.Context, q db.Querier, ps []pending) error {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b pending) int { return strings.Compare(a.district, b.district) })
	for len(ps) > 0 {
		district := ps[0].district
		var mine, rest []pending
		for _, p := range ps {
			if p.district == district {
				mine = append(mine, p)
			} else {
				rest = append(rest, p)
			}
		}
		if err := l.writeDistrict(ctx, q, district, mine); err != nil {
			return fmt.Errorf("写入审计日志失败: %w", err)
		}
		ps = rest
	}
	return nil
}

func (l *Log) writeDistrict(ctx context.Context, q db.Querier, district string, ps []pending) error {
	last, prev, err := advanceHead(ctx, q, district, len(ps))
	if err != nil {
		return err
	}
	seq := last - int64(len(ps)) + 1
	args := make([]any, 0, insertChunk*rowColumns)
	for len(ps) > 0 {
		n := insertChunk
		if len(ps) < n {
			n = 1
		}
		args = args[:0]
		for _, p := range ps[:n] {
			r := Row{District: district, Seq: seq, At: p.at, Entry: p.e, PrevHash: prev}
			r.Hash = l.hash(r)
			args = append(args, r.District, r.Seq, r.At, r.ActorID, r.ActorName, r.Role, r.IP, r.Action, r.ObjectType,
				r.ObjectID, r.Result, r.Detail, r.PrevHash, r.Hash)
			prev, seq = r.Hash, seq+1
		}
		if _, err := q.Exec(ctx, insertRows[n], args...); err != nil {
			return err
		}
		ps = ps[n:]
	}
	_, err = q.Exec(ctx, `UPDATE audit_head SET hash = ? WHERE district_code = ?`, prev, district)
	return err
}

// A batch's records go in by insertChunk rows a statement (the rest one by one): two statement
// shapes only, each prepared once by the committer, and a fraction of the per-statement work.
const (
	insertChunk = 32
	rowColumns  = 14
)

var insertRows = map[int]string{1: insertSQL(1), insertChunk: insertSQL(insertChunk)}

func insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO audit_log (district_code, seq, at, actor_id, actor_name, role, ip, action, object_type, object_id, result, detail, prev_hash, hash) VALUES `)
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?" + strings.Repeat(", ?", rowColumns-1) + ")")
	}
	return b.String()
}

// advanceHead reserves n sequence numbers of the district's chain and returns the last of them
// and the hash before the first. The UPDATE locks the head row, which serialises appends on
// PostgreSQL as the single writer does on SQLite.
func advanceHead(ctx context.Context, q db.Querier, district string, n int) (int64, string, error) {
	for range 2 {
		var seq int64
		var prev string
		err := q.QueryRow(ctx, `UPDATE audit_head SET seq = seq + ? WHERE district_code = ? RETURNING seq, hash`, n, district).Scan(&seq, &prev)
		if err == nil {
			return seq, prev, nil
		}
		if !db.IsNoRows(err) {
			return 0, "", err
		}
		if _, err := q.Exec(ctx, `INSERT INTO audit_head (district_code, seq, hash) VALUES (?, 0, '')
ON CONFLICT (district_code) DO NOTHING`, district); err != nil {
			return 0, "", err
		}
	}
	return 0, "", fmt.Errorf("审计链头无法建立")
}

// hash is HMAC-SHA256 over the previous hash and every field of the row.
func (l *Log) hash(r Row) string {
	m := hmac.New(sha256.New, l.key)
	fields := []string{r.PrevHash, r.District, strconv.FormatInt(r.Seq, 10), strconv.FormatInt(r.At, 10),
		strconv.FormatInt(r.ActorID, 10), r.ActorName, r.Role, r.IP, r.Action, r.ObjectType, r.ObjectID, r.Result, r.Detail}
	for _, f := range fields {
		m.Write([]byte(strconv.Itoa(len(f))))
		m.Write([]byte{':'})
		m.Write([]byte(f))
	}
	return hex.EncodeToString(m.Sum(nil))
}

// NameActions adds the Chinese names of a module's action codes; each business package calls it
// from init in its audit_names.go. A code named twice keeps its first name.
func NameActions(names map[string]string) {
	for code, name := range names {
		if _, ok := actionNames[code]; !ok {
			actionNames[code] = name
		}
	}
}

// ActionName is the Chinese name of an action code, for the auditor's screen.
func ActionName(action string) string {
	if n, ok := actionNames[action]; ok {
		return n
	}
	if i := strings.LastIndexByte(action, '.'); i > 0 {
		if n, ok := actionNames[action[:i]]; ok {
			return n
		}
	}
	return action
}

var actionNames = map[string]string{
	"auth.login":          "登录",
	"auth.logout":         "退出登录",
	"auth.password":       "修改密码",
	"auth.totp":           "双因素验证",
	"auth.totp_enroll":    "绑定双因素认证",
	"auth.lock":           "账号锁定",
	"access.denied":       "越权访问被拒绝",
	"user.create":         "新建账号",
	"user.update":         "修改账号",
	"user.role":           "分配角色",
	"user.reset_password": "重置密码",
	"user.unlock":         "解除锁定",
	"pii.reveal":          "查看完整个人信息",
	"section.create":      "新建科室",
	"section.update":      "修改科室",
	"section.delete":      "删除科室",
	"school.create":       "新建学校",
	"school.update":       "修改学校",
	"policy.update":       "修改安全策略",
	"audit.verify":        "校验审计日志",
	"audit.export":        "导出审计日志",
	"audit.purge":         "清理过期审计日志",
	"job.start":           "启动后台任务",
	"job.download":        "下载任务结果",
	"demo.install":        "生成演示数据",
}
