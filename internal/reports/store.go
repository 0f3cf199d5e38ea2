package reports

import (
	"context"
	"encoding/json"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// storedTemplate is a district's edited template of a kind ("" body when none is stored).
func storedTemplate(ctx context.Context, q db.Querier, district, kind string) (string, time.Time, error) {
	var body string
	var at int64
	err := q.QueryRow(ctx, `SELECT body, updated_at FROM report_templates WHERE district_code = ? AND kind = ?`, district, kind).Scan(&body, &at)
	if db.IsNoRows(err) {
		return "", time.Time{}, nil
	}
	return body, db.Time(at), err
}

func putTemplate(ctx context.Context, q db.Querier, district, kind, body string, by int64) error {
	_, err := q.Exec(ctx, `INSERT INTO report_templates (district_code, kind, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (district_code, kind) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		district, kind, body, by, db.Now())
	return err
}

func deleteTemplate(ctx context.Context, q db.Querier, district, kind string) error {
	_, err := q.Exec(ctx, `DELETE FROM report_templates WHERE district_code = ? AND kind = ?`, district, kind)
	return err
}

// planBody is what a plan keeps as JSON.
type planBody struct {
	Chapters []PlanChapter `json:"chapters"`
}

func scanPlan(row interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	var body string
	var at int64
	if err := row.Scan(&p.ID, &p.Period, &p.Title, &body, &at); err != nil {
		return p, err
	}
	var b planBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return p, err
	}
	p.Chapters, p.UpdatedAt = b.Chapters, db.Time(at)
	if p.Chapters == nil {
		p.Chapters = []PlanChapter{}
	}
	for i := range p.Chapters {
		if p.Chapters[i].Items == nil {
			p.Chapters[i].Items = []PlanItem{}
		}
		for j := range p.Chapters[i].Items {
			if p.Chapters[i].Items[j].Milestones == nil {
				p.Chapters[i].Items[j].Milestones = []Milestone{}
			}
		}
	}
	return p, nil
}

// storedPlan returns the plan of a period; ok is false when there is none.
func storedPlan(ctx context.Context, q db.Querier, district, period string) (Plan, bool, error) {
	p, err := scanPlan(q.QueryRow(ctx, `SELECT id, period, title, body, updated_at FROM report_plans WHERE district_code = ? AND period = ?`,
		district, period))
	if db.IsNoRows(err) {
		return Plan{}, false, nil
	}
	return p, err == nil, err
}

func listPlans(ctx context.Context, q db.Querier, district string) ([]Plan, error) {
	rows, err := q.Query(ctx, `SELECT id, period, title, body, updated_at FROM report_plans WHERE district_code = ? ORDER BY period DESC`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Plan{}
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// putPlan stores the plan of its period (replacing the previous version).
func putPlan(ctx context.Context, q db.Querier, district string, p *Plan, by int64) error {
	body, err := json.Marshal(planBody{Chapters: p.Chapters})
	if err != nil {
		return err
	}
	if p.ID == 0 {
		p.ID = db.NewID()
	}
	_, err = q.Exec(ctx, `INSERT INTO report_plans (district_code, id, period, title, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (district_code, period) DO UPDATE SET title = excluded.title, body = excluded.body, updated_by = excluded.updated_by,
updated_at = excluded.updated_at`, district, p.ID, p.Period, p.Title, string(body), by, db.Now())
	return err
}
