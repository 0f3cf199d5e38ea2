package supervision

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/safety"
)

// PoolMember is one inspector of the 双随机 pool (检查人员库). Code is the id published in the
// draw's files; the name is published too, nothing else.
type PoolMember struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Unit   string `json:"unit"`
	Active bool   `json:"active"`
}

// PoolInput adds an inspector to the pool.
type PoolInput struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Unit string `json:"unit"`
}

// Conflict is a declared conflict of interest: the inspector may not inspect the target. The
// reason is kept for the bureau and never published.
type Conflict struct {
	ID            int64     `json:"id"`
	PoolID        int64     `json:"pool_id"`
	InspectorCode string    `json:"inspector_code"`
	InspectorName string    `json:"inspector_name"`
	TargetID      string    `json:"target_id"`
	TargetName    string    `json:"target_name"`
	Reason        string    `json:"reason"`
	DeclaredAt    time.Time `json:"declared_at"`
}

// ConflictInput declares a conflict.
type ConflictInput struct {
	PoolID     int64  `json:"pool_id"`
	TargetID   string `json:"target_id"` // 学校标识码 for a school, the uploaded id otherwise
	TargetName string `json:"target_name"`
	Reason     string `json:"reason"`
}

// Pool lists the inspector pool.
func (s *Service) Pool(ctx context.Context, a Actor) ([]PoolMember, error) {
	if err := requireBureau(a.P, access.SupervisionRead); err != nil {
		return nil, err
	}
	return pool(ctx, s.DB.Read(), a.P.District, false)
}

func pool(ctx context.Context, q db.Querier, district string, activeOnly bool) ([]PoolMember, error) {
	sql := `SELECT id, code, name, unit, active FROM supervision_pool WHERE district_code = ?`
	if activeOnly {
		sql += ` AND active = TRUE`
	}
	rows, err := q.Query(ctx, sql+` ORDER BY code`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PoolMember{}
	for rows.Next() {
		var m PoolMember
		if err := rows.Scan(&m.ID, &m.Code, &m.Name, &m.Unit, &m.Active); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddToPool adds an inspector to the pool.
func (s *Service) AddToPool(ctx context.Context, a Actor, in PoolInput) (PoolMember, error) {
	if err := requireBureau(a.P, access.SupervisionWrite); err != nil {
		return PoolMember{}, err
	}
	m := PoolMember{ID: db.NewID(), Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), Unit: strings.TrimSpace(in.Unit), Active: true}
	var f errs.Fields
	if msg := safety.CheckID(m.Code, true); msg != "" {
		f.Add("code", msg)
	} else if len(m.Code) > 32 {
		f.Add("code", "检查人员编号不能超过 32 个字符")
	}
	if m.Name == "" || utf8.RuneCountInString(m.Name) > 30 {
		f.Add("name", "请填写检查人员姓名（不超过 30 字）")
	}
	if utf8.RuneCountInString(m.Unit) > 60 {
		f.Add("unit", "所在单位不能超过 60 字")
	}
	if err := f.Err(); err != nil {
		return m, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if err := insertPoolMember(ctx, q, a.P.District, m); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.pool", "pool", fmt.Sprint(m.ID), m.Code+" "+m.Name))
	})
	return m, err
}

func insertPoolMember(ctx context.Context, q db.Querier, district string, m PoolMember) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM supervision_pool WHERE district_code = ? AND code = ?`, district, m.Code).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errs.Field("code", "检查人员编号“"+m.Code+"”已存在")
	}
	_, err := q.Exec(ctx, `INSERT INTO supervision_pool (district_code, id, code, name, unit, active, created_at) VALUES (?, ?, ?, ?, ?, TRUE, ?)`,
		district, m.ID, m.Code, m.Name, m.Unit, db.Now())
	return err
}

// Conflicts lists the declared conflicts of interest.
func (s *Service) Conflicts(ctx context.Context, a Actor) ([]Conflict, error) {
	if err := requireBureau(a.P, access.SupervisionRead); err != nil {
		return nil, err
	}
	return conflicts(ctx, s.DB.Read(), a.P.District)
}

func conflicts(ctx context.Context, q db.Querier, district string) ([]Conflict, error) {
	rows, err := q.Query(ctx, `SELECT c.id, c.pool_id, p.code, p.name, c.target_id, c.target_name, c.reason, c.declared_at
FROM supervision_conflicts c JOIN supervision_pool p ON p.district_code = c.district_code AND p.id = c.pool_id
WHERE c.district_code = ? ORDER BY p.code, c.target_id`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Conflict{}
	for rows.Next() {
		var c Conflict
		var at int64
		if err := rows.Scan(&c.ID, &c.PoolID, &c.InspectorCode, &c.InspectorName, &c.TargetID, &c.TargetName, &c.Reason, &at); err != nil {
			return nil, err
		}
		c.DeclaredAt = db.Time(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeclareConflict stores a conflict of interest.
func (s *Service) DeclareConflict(ctx context.Context, a Actor, in ConflictInput) (Conflict, error) {
	if err := requireBureau(a.P, access.SupervisionWrite); err != nil {
		return Conflict{}, err
	}
	c := Conflict{ID: db.NewID(), PoolID: in.PoolID, TargetID: strings.TrimSpace(in.TargetID), TargetName: strings.TrimSpace(in.TargetName),
		Reason: strings.TrimSpace(in.Reason), DeclaredAt: time.Now()}
	var f errs.Fields
	if msg := safety.CheckID(c.TargetID, false); msg != "" {
		f.Add("target_id", msg)
	}
	if c.Reason == "" || utf8.RuneCountInString(c.Reason) > 200 {
		f.Add("reason", "请填写回避事由（不超过 200 字）")
	}
	if err := f.Err(); err != nil {
		return c, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		err := q.QueryRow(ctx, `SELECT code, name FROM supervision_pool WHERE district_code = ? AND id = ?`, a.P.District, c.PoolID).
			Scan(&c.InspectorCode, &c.InspectorName)
		if db.IsNoRows(err) {
			return errs.Field("pool_id", "所选检查人员不在检查人员库中")
		}
		if err != nil {
			return err
		}
		if c.TargetName == "" {
			_ = q.QueryRow(ctx, `SELECT name FROM schools WHERE district_code = ? AND code = ?`, a.P.District, c.TargetID).Scan(&c.TargetName)
		}
		if err := insertConflict(ctx, q, a.P.District, c, a.P.UserID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.conflict", "pool", fmt.Sprint(c.PoolID),
			fmt.Sprintf("%s %s 回避 %s %s", c.InspectorCode, c.InspectorName, c.TargetID, c.TargetName)))
	})
	return c, err
}

func insertConflict(ctx context.Context, q db.Querier, district string, c Conflict, by int64) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM supervision_conflicts WHERE district_code = ? AND pool_id = ? AND target_id = ?`,
		district, c.PoolID, c.TargetID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errs.E(errs.Conflict, "该检查人员与 %s 的回避关系已登记", c.TargetID)
	}
	_, err := q.Exec(ctx, `INSERT INTO supervision_conflicts (district_code, id, pool_id, target_id, target_name, reason, declared_by, declared_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, district, c.ID, c.PoolID, c.TargetID, c.TargetName, c.Reason, by, db.Now())
	return err
}

// WithdrawConflict removes a declared conflict (draws already made keep their frozen files).
func (s *Service) WithdrawConflict(ctx context.Context, a Actor, id int64) error {
	if err := requireBureau(a.P, access.SupervisionWrite); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q db.Querier) error {
		res, err := q.Exec(ctx, `DELETE FROM supervision_conflicts WHERE district_code = ? AND id = ?`, a.P.District, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("回避关系")
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.conflict_withdraw", "conflict", fmt.Sprint(id), "撤销回避关系"))
	})
}

// PoolPatch changes a pool member: an inactive member is left out of new draws (draws already
// frozen keep them).
type PoolPatch struct {
	Active *bool `json:"active"`
}

// UpdatePoolMember activates or deactivates a pool member.
func (s *Service) UpdatePoolMember(ctx context.Context, a Actor, id int64, in PoolPatch) (PoolMember, error) {
	if err := requireBureau(a.P, access.SupervisionWrite); err != nil {
		return PoolMember{}, err
	}
	if in.Active == nil {
		return PoolMember{}, errs.Field("active", "请指定是否在库")
	}
	var m PoolMember
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		err := q.QueryRow(ctx, `SELECT id, code, name, unit, active FROM supervision_pool WHERE district_code = ? AND id = ?`, a.P.District, id).
			Scan(&m.ID, &m.Code, &m.Name, &m.Unit, &m.Active)
		if db.IsNoRows(err) {
			return errs.NotFoundf("检查人员")
		}
		if err != nil {
			return err
		}
		m.Active = *in.Active
		if _, err := q.Exec(ctx, `UPDATE supervision_pool SET active = ? WHERE district_code = ? AND id = ?`, m.Active, a.P.District, id); err != nil {
			return err
		}
		what := "移出检查人员库"
		if m.Active {
			what = "恢复在库"
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.pool_update", "pool", fmt.Sprint(id), m.Code+" "+m.Name+" "+what))
	})
	return m, err
}
