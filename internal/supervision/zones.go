package supervision

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Zone is a 片区 with its 责任督学, its schools and its visit rule. Inspectors are assigned to a
// zone by the 安全管理员 (the zone of an account with role 责任督学); this module reads them.
type Zone struct {
	ID         int64          `json:"id"`
	Name       string         `json:"name"`
	Schools    int            `json:"schools"`
	Inspectors []InspectorRef `json:"inspectors"`
	Rule       Rule           `json:"rule"`
	RuleText   string         `json:"rule_text"`
	RuleStored bool           `json:"rule_stored"` // false: the default rule applies
}

// Zones lists the zones the caller reads: all for the bureau, their own for an inspector.
func (s *Service) Zones(ctx context.Context, a Actor) ([]Zone, error) {
	if err := requireZoneReader(a.P); err != nil {
		return nil, err
	}
	return zones(ctx, s.DB.Read(), a.P.District, access.ListFilter(a.P).ZoneID)
}

// zones reads the zones of a district (one zone when zoneID is not 0).
func zones(ctx context.Context, q db.Querier, district string, zoneID int64) ([]Zone, error) {
	sql := `SELECT z.id, z.name, (SELECT COUNT(*) FROM schools s WHERE s.district_code = z.district_code AND s.zone_id = z.id AND s.status = 'open'),
r.inspector_min, r.inspector_period, r.school_min, r.school_period
FROM zones z LEFT JOIN supervision_rules r ON r.district_code = z.district_code AND r.zone_id = z.id
WHERE z.district_code = ?`
	args := []any{district}
	if zoneID != 0 {
		sql, args = sql+` AND z.id = ?`, append(args, zoneID)
	}
	rows, err := q.Query(ctx, sql+` ORDER BY z.sort, z.name`, args...)
	if err != nil {
		return nil, err
	}
	out := []Zone{}
	for rows.Next() {
		var z Zone
		var imin, smin *int
		var iper, sper *string
		if err := rows.Scan(&z.ID, &z.Name, &z.Schools, &imin, &iper, &smin, &sper); err != nil {
			rows.Close()
			return nil, err
		}
		z.Rule = DefaultRule
		if imin != nil {
			z.Rule, z.RuleStored = Rule{*imin, *iper, *smin, *sper}, true
		}
		z.RuleText, z.Inspectors = z.Rule.Text(), []InspectorRef{}
		out = append(out, z)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Inspectors, err = zoneInspectors(ctx, q, district, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// zoneInspectors lists the active 责任督学 accounts of a zone.
func zoneInspectors(ctx context.Context, q db.Querier, district string, zoneID int64) ([]InspectorRef, error) {
	rows, err := q.Query(ctx, `SELECT id, display_name FROM users WHERE district_code = ? AND role = ? AND zone_id = ? AND disabled = FALSE
ORDER BY display_name, id`, district, access.Inspector, zoneID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []InspectorRef{}
	for rows.Next() {
		var r InspectorRef
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetRule stores the visit rule of a zone (bureau staff with SupervisionWrite).
func (s *Service) SetRule(ctx context.Context, a Actor, zoneID int64, r Rule) (Zone, error) {
	if err := requireBureau(a.P, access.SupervisionWrite); err != nil {
		return Zone{}, err
	}
	if err := r.Validate(); err != nil {
		return Zone{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		zs, err := zones(ctx, q, a.P.District, zoneID)
		if err != nil {
			return err
		}
		if len(zs) == 0 {
			return errs.NotFoundf("片区")
		}
		if _, err := q.Exec(ctx, `DELETE FROM supervision_rules WHERE district_code = ? AND zone_id = ?`, a.P.District, zoneID); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `INSERT INTO supervision_rules (district_code, zone_id, inspector_min, inspector_period, school_min,
school_period, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.P.District, zoneID, r.InspectorMin, r.InspectorPeriod,
			r.SchoolMin, r.SchoolPeriod, a.P.UserID, db.Now()); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.rule", "zone", fmt.Sprint(zoneID), zs[0].Name+"："+r.Text()))
	})
	if err != nil {
		return Zone{}, err
	}
	zs, err := zones(ctx, s.DB.Read(), a.P.District, zoneID)
	if err != nil {
		return Zone{}, err
	}
	return zs[0], nil
}
