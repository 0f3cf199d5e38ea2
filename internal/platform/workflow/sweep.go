package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
)

// SweepResult says what a sweep changed.
type SweepResult struct {
	Escalated int // overdue items escalated to their superior
	Deadlines int // items that got the deadline the calendar could not give before
}

// Sweep brings a district's open items up to date on the engine's today: items waiting for a
// calendar year get their deadline once the year is entered, and every overdue item not yet
// escalated is escalated to its superior (recorded in its history and the audit log). Sweeping
// twice changes nothing the second time.
func (e *Engine) Sweep(ctx context.Context, district string) (SweepResult, error) {
	var res SweepResult
	today := e.Today()
	now := e.now().UnixMilli()
	err := e.DB.Tx(ctx, func(q db.Querier) error {
		waiting, err := e.scanAll(ctx, q, `SELECT `+itemCols+` FROM wf_items WHERE district_code = ? AND final_state = FALSE
AND due_days > 0 AND due_on = ''`, district)
		if err != nil {
			return err
		}
		for _, it := range waiting {
			due, note, err := DueDate(e.Cal, it.StartOn, it.DueDays)
			if err != nil || due == "" {
				continue
			}
			if _, err := q.Exec(ctx, `UPDATE wf_items SET due_on = ?, due_note = ? WHERE district_code = ? AND id = ?`, due, note, district, it.ID); err != nil {
				return err
			}
			if err := e.event(ctx, q, nil, it, "deadline", "", "", "节假日安排已录入，办理期限为 "+due, now); err != nil {
				return err
			}
			res.Deadlines++
		}
		late, err := e.scanAll(ctx, q, `SELECT `+itemCols+` FROM wf_items WHERE district_code = ? AND final_state = FALSE
AND escalated_at = 0 AND due_on <> '' AND due_on < ?`, district, today)
		if err != nil {
			return err
		}
		for _, it := range late {
			if _, err := q.Exec(ctx, `UPDATE wf_items SET escalated_at = ?, updated_at = ? WHERE district_code = ? AND id = ? AND escalated_at = 0`,
				now, now, district, it.ID); err != nil {
				return err
			}
			msg := fmt.Sprintf("超过办理期限 %s 未办结，已升级至%s督办", it.DueOn, superiorName(it.SuperiorKind))
			if err := e.event(ctx, q, nil, it, "escalate", "", "", msg, now); err != nil {
				return err
			}
			if err := e.Audit.Append(ctx, q, district, audit.Entry{ActorName: "系统", Action: "workflow.escalate", ObjectType: it.Type,
				ObjectID: fmt.Sprint(it.ID), Result: audit.OK, Detail: it.Title + "：" + msg}); err != nil {
				return err
			}
			res.Escalated++
		}
		return nil
	})
	return res, err
}

func superiorName(kind string) string {
	switch kind {
	case AssignSection:
		return "主管科室"
	case AssignUser:
		return "主管负责人"
	}
	return "教育局"
}

// MaybeSweep sweeps a district at most once a minute; lists and home pages call it so that
// escalation needs no separate timer.
func (e *Engine) MaybeSweep(ctx context.Context, district string) error {
	e.mu.Lock()
	last, now := e.swept[district], time.Now()
	if now.Sub(last) < time.Minute {
		e.mu.Unlock()
		return nil
	}
	e.swept[district] = now
	e.mu.Unlock()
	_, err := e.Sweep(ctx, district)
	return err
}

func (e *Engine) scanAll(ctx context.Context, q db.Querier, query string, args ...any) ([]Item, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Item{}
	for rows.Next() {
		it, err := e.ScanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
