package workflow

import (
	"context"
	"math"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// SLA are the service figures of a set of items.
type SLA struct {
	Total        int     `json:"total"`
	Open         int     `json:"open"`
	Overdue      int     `json:"overdue"`        // open and past the deadline today
	Escalated    int     `json:"escalated"`      // open and escalated
	Closed       int     `json:"closed"`         // in a final state other than the excluded ones
	ClosedOnTime int     `json:"closed_on_time"` // closed on or before the deadline (or with none)
	OnTimeRate   float64 `json:"on_time_rate"`   // ClosedOnTime ÷ Closed, 0 when none closed
	MeanDays     float64 `json:"mean_days"`      // mean calendar days from creation to closing, one decimal
}

// SLAFilter selects the items of the figures.
type SLAFilter struct {
	Type     string
	SchoolID int64    // 0: all
	ZoneID   int64    // 0: all
	From, To string   // start_on within [From, To] when set
	Exclude  []string // final states that are not a completion (cancelled), left out entirely
}

// ComputeSLA computes the figures from the records, on the engine's today.
func (e *Engine) ComputeSLA(ctx context.Context, q db.Querier, district string, f SLAFilter) (SLA, error) {
	query := `SELECT state, final_state, due_on, closed_on, escalated_at, created_at, closed_at FROM wf_items
WHERE district_code = ? AND type = ?`
	args := []any{district, f.Type}
	if f.SchoolID != 0 {
		query += ` AND school_id = ?`
		args = append(args, f.SchoolID)
	}
	if f.ZoneID != 0 {
		query += ` AND zone_id = ?`
		args = append(args, f.ZoneID)
	}
	if f.From != "" {
		query += ` AND start_on >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		query += ` AND start_on <= ?`
		args = append(args, f.To)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return SLA{}, err
	}
	defer rows.Close()
	today := e.Today()
	var s SLA
	var sumMs float64
	for rows.Next() {
		var state, due, closedOn string
		var final bool
		var esc, created, closed int64
		if err := rows.Scan(&state, &final, &due, &closedOn, &esc, &created, &closed); err != nil {
			return SLA{}, err
		}
		excluded := false
		for _, x := range f.Exclude {
			excluded = excluded || x == state
		}
		if excluded {
			continue
		}
		s.Total++
		if !final {
			s.Open++
			if overdue(false, due, today) {
				s.Overdue++
			}
			if esc != 0 {
				s.Escalated++
			}
			continue
		}
		s.Closed++
		if due == "" || closedOn <= due {
			s.ClosedOnTime++
		}
		sumMs += float64(closed - created)
	}
	if err := rows.Err(); err != nil {
		return SLA{}, err
	}
	if s.Closed > 0 {
		s.OnTimeRate = math.Round(float64(s.ClosedOnTime)/float64(s.Closed)*1000) / 1000
		s.MeanDays = math.Round(sumMs/float64(s.Closed)/86_400_000*10) / 10
	}
	return s, nil
}
