package safety

// Figures for the reports module and the dashboard, computed from the hazard records on every
// call (never stored). 整改率 = hazards verified and closed ÷ hazards found, where found counts
// every hazard reported in the period (by its found date) except those cancelled as reported in
// error; overdue counts hazards still open after their rectification deadline on the day asked.

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Rate is the hazard figures of one group (a school, a category, a campaign, a month…).
type Rate struct {
	Key       string  `json:"key"`  // school id, category, campaign id, 'YYYY-MM', severity or source
	Name      string  `json:"name"` // what to show
	Found     int     `json:"found"`
	Rectified int     `json:"rectified"` // verified and closed
	Pending   int     `json:"pending"`   // awaiting rectification or verification
	Overdue   int     `json:"overdue"`   // pending past the deadline
	Rate      float64 `json:"rate"`      // Rectified ÷ Found, three decimals; 0 when none found
}

// FigureFilter selects hazards: of one school or zone (0: all the district), found within
// [From, To] ('YYYY-MM-DD', empty: open-ended), overdue as of AsOf ('YYYY-MM-DD', empty: never).
type FigureFilter struct {
	SchoolID int64
	ZoneID   int64
	From, To string
	AsOf     string
}

// Groupings of HazardRates.
const (
	BySchool   = "school"
	ByCategory = "category"
	ByCampaign = "campaign"
	ByMonth    = "month"
	BySeverity = "severity"
	BySource   = "source"
	ByDistrict = "district"
)

// HazardTotals returns the district's (or the school's or zone's) hazards found, rectified,
// pending, overdue and 整改率.
func HazardTotals(ctx context.Context, q db.Querier, district string, f FigureFilter) (Rate, error) {
	rs, err := HazardRates(ctx, q, district, ByDistrict, f)
	if err != nil || len(rs) == 0 {
		return Rate{Key: district, Name: "全区"}, err
	}
	return rs[0], nil
}

// HazardRates returns the figures grouped by school, category, campaign, month, severity, source
// or district, ordered by key (months and categories in their natural order; schools by code).
// Hazards without a campaign are left out of the campaign grouping.
func HazardRates(ctx context.Context, q db.Querier, district, by string, f FigureFilter) ([]Rate, error) {
	switch by {
	case BySchool, ByCategory, ByCampaign, ByMonth, BySeverity, BySource, ByDistrict:
	default:
		return nil, errs.Field("by", "分组方式应为 school、category、campaign、month、severity、source 或 district")
	}
	query := `SELECT h.school_id, s.name, s.code, h.category, h.campaign_id, COALESCE(c.name, ''), h.found_on, h.severity, h.source,
w.state, w.due_on` + hazardFrom + ` WHERE h.district_code = ? AND w.state <> ?`
	args := []any{district, StateCancelled}
	if f.SchoolID != 0 {
		query += ` AND h.school_id = ?`
		args = append(args, f.SchoolID)
	}
	if f.ZoneID != 0 {
		query += ` AND w.zone_id = ?`
		args = append(args, f.ZoneID)
	}
	if f.From != "" {
		query += ` AND h.found_on >= ?`
		args = append(args, f.From)
	}
	if f.To != "" {
		query += ` AND h.found_on <= ?`
		args = append(args, f.To)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	groups := map[string]*Rate{}
	order := map[string]string{}
	for rows.Next() {
		var schoolID, campaignID int64
		var schoolName, code, category, campaignName, found, severity, source, state, due string
		if err := rows.Scan(&schoolID, &schoolName, &code, &category, &campaignID, &campaignName, &found, &severity, &source, &state, &due); err != nil {
			return nil, err
		}
		var key, name, sortKey string
		switch by {
		case BySchool:
			key, name, sortKey = fmt.Sprint(schoolID), schoolName, code
		case ByCategory:
			key, name, sortKey = category, category, fmt.Sprintf("%02d", index(Categories, category))
		case ByCampaign:
			if campaignID == 0 {
				continue
			}
			key, name, sortKey = fmt.Sprint(campaignID), campaignName, fmt.Sprintf("%020d", campaignID)
		case ByMonth:
			key = found[:7]
			name, sortKey = key, key
		case BySeverity:
			key, name, sortKey = severity, severity, fmt.Sprint(index(Severities, severity))
		case BySource:
			key, name, sortKey = source, source, fmt.Sprint(index(Sources, source))
		case ByDistrict:
			key, name, sortKey = district, "全区", ""
		}
		g := groups[key]
		if g == nil {
			g = &Rate{Key: key, Name: name}
			groups[key] = g
			order[key] = sortKey
		}
		g.Found++
		switch state {
		case StateClosed:
			g.Rectified++
		default:
			g.Pending++
			if f.AsOf != "" && due != "" && due < f.AsOf {
				g.Overdue++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Rate, 0, len(groups))
	for _, g := range groups {
		g.Rate = rate(g.Rectified, g.Found)
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if order[out[i].Key] != order[out[j].Key] {
			return order[out[i].Key] < order[out[j].Key]
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

func rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(d)*1000) / 1000
}

func index(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return len(xs)
}

// rates are HazardRates within p's scope, overdue as of today.
func (s *Service) rates(ctx context.Context, p *access.Principal, by string, hf HazardFilter) ([]Rate, error) {
	lf := access.ListFilter(p)
	if lf.None || lf.OwnerID != 0 {
		return []Rate{}, nil
	}
	f := FigureFilter{SchoolID: lf.SchoolID, ZoneID: lf.ZoneID, From: hf.From, To: hf.To, AsOf: s.Flow.Today()}
	if hf.SchoolID != 0 {
		if lf.SchoolID != 0 && lf.SchoolID != hf.SchoolID {
			return []Rate{}, nil
		}
		f.SchoolID = hf.SchoolID
	}
	return HazardRates(ctx, s.DB.Read(), p.District, by, f)
}
