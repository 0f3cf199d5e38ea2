package supervision

import (
	"context"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// CoverageReport is the coverage of every zone the caller reads over [From, To].
type CoverageReport struct {
	From            string         `json:"from"`
	To              string         `json:"to"`
	Zones           []ZoneCoverage `json:"zones"`
	Schools         int            `json:"schools"`
	NotVisited      int            `json:"not_visited"`
	SchoolsBelow    int            `json:"schools_below"`
	Inspectors      int            `json:"inspectors"`
	InspectorsBelow int            `json:"inspectors_below"`
}

// Coverage reports, per zone, the schools not visited in the range and the schools and inspectors
// below the zone's rule. zoneID 0 is every zone the caller reads. Without dates the range is
// this year up to today.
func (s *Service) Coverage(ctx context.Context, a Actor, from, to string, zoneID int64) (CoverageReport, error) {
	if err := requireZoneReader(a.P); err != nil {
		return CoverageReport{}, err
	}
	if to == "" {
		to = Today().Format("2006-01-02")
	}
	if from == "" {
		from = to[:4] + "-01-01"
	}
	f, err := ParseDate("from", from)
	if err != nil {
		return CoverageReport{}, err
	}
	t, err := ParseDate("to", to)
	if err != nil {
		return CoverageReport{}, err
	}
	if t.Before(f) {
		return CoverageReport{}, errs.Field("to", "结束日期早于开始日期")
	}
	if t.Sub(f) > 3*366*24*time.Hour {
		return CoverageReport{}, errs.Field("to", "统计区间不能超过三年")
	}
	if own := access.ListFilter(a.P).ZoneID; own != 0 {
		if zoneID != 0 && zoneID != own {
			e := errs.NotFoundf("片区")
			e.Denied = true
			return CoverageReport{}, e
		}
		zoneID = own
	}
	return coverage(ctx, s.DB.Read(), a.P.District, f, t, zoneID)
}

func coverage(ctx context.Context, q db.Querier, district string, from, to time.Time, zoneID int64) (CoverageReport, error) {
	rep := CoverageReport{From: from.Format("2006-01-02"), To: to.Format("2006-01-02"), Zones: []ZoneCoverage{}}
	zs, err := zones(ctx, q, district, zoneID)
	if err != nil {
		return rep, err
	}
	for _, z := range zs {
		schools, err := zoneSchools(ctx, q, district, z.ID)
		if err != nil {
			return rep, err
		}
		visits, err := zoneVisits(ctx, q, district, z.ID, rep.From, rep.To)
		if err != nil {
			return rep, err
		}
		c := Cover(z.Rule, from, to, schools, z.Inspectors, visits)
		c.ZoneID, c.ZoneName = z.ID, z.Name
		rep.Zones = append(rep.Zones, c)
		rep.Schools += len(c.Schools)
		rep.NotVisited += c.NotVisited
		rep.SchoolsBelow += c.SchoolsBelow
		rep.Inspectors += len(c.Inspectors)
		rep.InspectorsBelow += c.InspectorsBelow
	}
	return rep, nil
}

// zoneSchools lists the open schools of a zone.
func zoneSchools(ctx context.Context, q db.Querier, district string, zoneID int64) ([]SchoolRef, error) {
	rows, err := q.Query(ctx, `SELECT id, name FROM schools WHERE district_code = ? AND zone_id = ? AND status = 'open' ORDER BY code`, district, zoneID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SchoolRef
	for rows.Next() {
		var r SchoolRef
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// zoneVisits lists the visits in [from, to] to the schools now in a zone.
func zoneVisits(ctx context.Context, q db.Querier, district string, zoneID int64, from, to string) ([]VisitRef, error) {
	rows, err := q.Query(ctx, `SELECT v.school_id, v.inspector_id, v.visit_date FROM supervision_visits v
JOIN schools s ON s.district_code = v.district_code AND s.id = v.school_id
WHERE v.district_code = ? AND s.zone_id = ? AND v.visit_date >= ? AND v.visit_date <= ?`, district, zoneID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []VisitRef
	for rows.Next() {
		var v VisitRef
		var d string
		if err := rows.Scan(&v.SchoolID, &v.InspectorID, &d); err != nil {
			return nil, err
		}
		if v.Date, err = time.Parse("2006-01-02", d); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
