package supervision

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
)

// Figures are the supervision figures of a district (or one zone) over a date range, computed from
// the records, for the bureau's work report: "x名责任督学负责x个片区…", "开展双随机抽查x次，抽查x家".
type Figures struct {
	From, To string // YYYY-MM-DD, inclusive
	ZoneID   int64  // 0: the whole district

	Inspectors     int // active 责任督学 accounts (of the zone)
	Zones          int // zones (1 when ZoneID is set)
	Schools        int // open schools (of the zone)
	Visits         int // visits dated in the range
	SchoolsCovered int // distinct schools visited in the range
	Findings       int // problems found on those visits
	Hazards        int // findings turned into 安全隐患

	// 双随机一公开 (district-wide; not split by zone): draws drawn in the range (seed entered),
	// targets drawn by them, and targets whose inspection result has been recorded.
	Draws            int
	DrawTargets      int
	TargetsInspected int
}

// SupervisionFigures computes the figures over [from, to] (dates YYYY-MM-DD, inclusive) for a
// district, or one zone of it when zoneID is not 0.
func SupervisionFigures(ctx context.Context, q db.Querier, district, from, to string, zoneID int64) (Figures, error) {
	f := Figures{From: from, To: to, ZoneID: zoneID}
	if _, err := ParseDate("from", from); err != nil {
		return f, err
	}
	if _, err := ParseDate("to", to); err != nil {
		return f, err
	}
	zoneCond, zargs := "", []any{}
	if zoneID != 0 {
		zoneCond, zargs = " AND zone_id = ?", []any{zoneID}
	}
	one := func(dst *int, sql string, args ...any) error {
		if err := q.QueryRow(ctx, sql, args...).Scan(dst); err != nil {
			return fmt.Errorf("督导统计: %w", err)
		}
		return nil
	}
	args := func(a ...any) []any { return append(a, zargs...) }
	if err := one(&f.Inspectors, `SELECT COUNT(*) FROM users WHERE district_code = ? AND role = ? AND disabled = FALSE`+zoneCond,
		args(district, access.Inspector)...); err != nil {
		return f, err
	}
	if zoneID != 0 {
		if err := one(&f.Zones, `SELECT COUNT(*) FROM zones WHERE district_code = ? AND id = ?`, district, zoneID); err != nil {
			return f, err
		}
	} else if err := one(&f.Zones, `SELECT COUNT(*) FROM zones WHERE district_code = ?`, district); err != nil {
		return f, err
	}
	if err := one(&f.Schools, `SELECT COUNT(*) FROM schools WHERE district_code = ? AND status = 'open'`+zoneCond, args(district)...); err != nil {
		return f, err
	}
	vcond := ` FROM supervision_visits WHERE district_code = ? AND visit_date >= ? AND visit_date <= ?` + zoneCond
	if err := one(&f.Visits, `SELECT COUNT(*)`+vcond, args(district, from, to)...); err != nil {
		return f, err
	}
	if err := one(&f.SchoolsCovered, `SELECT COUNT(DISTINCT school_id)`+vcond, args(district, from, to)...); err != nil {
		return f, err
	}
	fcond := ` FROM supervision_findings f JOIN supervision_visits v ON v.district_code = f.district_code AND v.id = f.visit_id
WHERE f.district_code = ? AND v.visit_date >= ? AND v.visit_date <= ?`
	if zoneID != 0 {
		fcond += ` AND v.zone_id = ?`
	}
	if err := one(&f.Findings, `SELECT COUNT(*)`+fcond, args(district, from, to)...); err != nil {
		return f, err
	}
	if err := one(&f.Hazards, `SELECT COUNT(*)`+fcond+` AND f.hazard_id IS NOT NULL`, args(district, from, to)...); err != nil {
		return f, err
	}
	// Draw dates are milliseconds; the range is read in Beijing time.
	lo, hi, err := msRange(from, to)
	if err != nil {
		return f, err
	}
	dcond := ` FROM supervision_draws d WHERE d.district_code = ? AND d.drawn_at >= ? AND d.drawn_at < ?`
	if err := one(&f.Draws, `SELECT COUNT(*)`+dcond, district, lo, hi); err != nil {
		return f, err
	}
	tcond := ` FROM supervision_draw_targets t JOIN supervision_draws d ON d.district_code = t.district_code AND d.id = t.draw_id
WHERE t.district_code = ? AND d.drawn_at >= ? AND d.drawn_at < ?`
	if err := one(&f.DrawTargets, `SELECT COUNT(*)`+tcond, district, lo, hi); err != nil {
		return f, err
	}
	if err := one(&f.TargetsInspected, `SELECT COUNT(*)`+tcond+` AND t.conclusion <> ''`, district, lo, hi); err != nil {
		return f, err
	}
	return f, nil
}

// YearFigures is SupervisionFigures over a calendar year.
func YearFigures(ctx context.Context, q db.Querier, district string, year int, zoneID int64) (Figures, error) {
	return SupervisionFigures(ctx, q, district, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year), zoneID)
}

// msRange is [from 00:00, to+1 00:00) in Beijing time as Unix milliseconds.
func msRange(from, to string) (int64, int64, error) {
	f, err := ParseDate("from", from)
	if err != nil {
		return 0, 0, err
	}
	t, err := ParseDate("to", to)
	if err != nil {
		return 0, 0, err
	}
	lo := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, beijing)
	hi := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, beijing).AddDate(0, 0, 1)
	return lo.UnixMilli(), hi.UnixMilli(), nil
}
