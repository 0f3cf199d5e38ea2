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
	"strconv"

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
// or district, ordered by key (months and categories in their natural order, schools by code,
// campaigns by start). Hazards without a campaign are left out of the campaign grouping.
func HazardRates(ctx context.Context, q db.Querier, district, by string, f FigureFilter) ([]Rate, error) {
	all, err := HazardRatesBy(ctx, q, district, []string{by}, f)
	if err != nil {
		return nil, err
	}
	return all[by], nil
}

// HazardRatesBy computes several groupings from one read of the records (the dashboard's).
func HazardRatesBy(ctx context.Context, q db.Querier, district string, bys []string, f FigureFilter) (map[string][]Rate, error) {
	for _, by := range bys {
		switch by {
		case BySchool, ByCategory, ByCampaign, ByMonth, BySeverity, BySource, ByDistrict:
		default:
			return nil, errs.Field("by", "分组方式应为 school、category、campaign、month、severity、source 或 district")
		}
	}
	query := `SELECT h.school_id, h.category, h.campaign_id, h.found_on, h.severity, h.source, w.state, w.due_on
FROM safety_hazards h JOIN wf_items w ON w.district_code = h.district_code AND w.id = h.id
WHERE h.district_code = ? AND w.state <> ?`
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
	groups := make([]map[string]*Rate, len(bys))
	for i := range groups {
		groups[i] = map[string]*Rate{}
	}
	for rows.Next() {
		var schoolID, campaignID int64
		var category, found, severity, source, state, due string
		if err := rows.Scan(&schoolID, &category, &campaignID, &found, &severity, &source, &state, &due); err != nil {
			rows.Close()
			return nil, err
		}
		closed := state == StateClosed
		late := !closed && f.AsOf != "" && due != "" && due < f.AsOf
		for i, by := range bys {
			var key string
			switch by {
			case BySchool:
				key = strconv.FormatInt(schoolID, 10)
			case ByCategory:
				key = category
			case ByCampaign:
				if campaignID == 0 {
					continue
				}
				key = strconv.FormatInt(campaignID, 10)
			case ByMonth:
				key = found[:7]
			case BySeverity:
				key = severity
			case BySource:
				key = source
			case ByDistrict:
				key = district
			}
			g := groups[i][key]
			if g == nil {
				g = &Rate{Key: key, Name: key}
				groups[i][key] = g
			}
			g.Found++
			if closed {
				g.Rectified++
			} else {
				g.Pending++
			}
			if late {
				g.Overdue++
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string][]Rate{}
	for i, by := range bys {
		order := map[string]string{}
		for k, g := range groups[i] {
			g.Rate = rate(g.Rectified, g.Found)
			switch by {
			case ByCategory:
				order[k] = fmt.Sprintf("%02d", index(Categories, k))
			case BySeverity:
				order[k] = fmt.Sprint(index(Severities, k))
			case BySource:
				order[k] = fmt.Sprint(index(Sources, k))
			case ByDistrict:
				g.Name = "全区"
			default:
				order[k] = k
			}
		}
		switch by {
		case BySchool:
			err = names(ctx, q, `SELECT id, name, code FROM schools WHERE district_code = ?`, district, groups[i], order)
		case ByCampaign:
			err = names(ctx, q, `SELECT id, name, start_on FROM safety_campaigns WHERE district_code = ?`, district, groups[i], order)
		}
		if err != nil {
			return nil, err
		}
		list := make([]Rate, 0, len(groups[i]))
		for _, g := range groups[i] {
			list = append(list, *g)
		}
		sort.Slice(list, func(a, b int) bool {
			if order[list[a].Key] != order[list[b].Key] {
				return order[list[a].Key] < order[list[b].Key]
			}
			return list[a].Key < list[b].Key
		})
		out[by] = list
	}
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
	all, err := s.ratesBy(ctx, p, []string{by}, hf)
	return all[by], err
}

// ratesBy are HazardRatesBy within p's scope, overdue as of today.
func (s *Service) ratesBy(ctx context.Context, p *access.Principal, bys []string, hf HazardFilter) (map[string][]Rate, error) {
	lf := access.ListFilter(p)
	empty := map[string][]Rate{}
	for _, by := range bys {
		empty[by] = []Rate{}
	}
	if lf.None || lf.OwnerID != 0 {
		return empty, nil
	}
	f := FigureFilter{SchoolID: lf.SchoolID, ZoneID: lf.ZoneID, From: hf.From, To: hf.To, AsOf: s.Flow.Today()}
	if hf.SchoolID != 0 {
		if lf.SchoolID != 0 && lf.SchoolID != hf.SchoolID {
			return empty, nil
		}
		f.SchoolID = hf.SchoolID
	}
	return HazardRatesBy(ctx, s.DB.Read(), p.District, bys, f)
}

// names fills the names (and sort keys) of id-keyed groups from a query of (id, name, sort key).
func names(ctx context.Context, q db.Querier, query, district string, groups map[string]*Rate, order map[string]string) error {
	rows, err := q.Query(ctx, query, district)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, sortKey string
		if err := rows.Scan(&id, &name, &sortKey); err != nil {
			return err
		}
		if g := groups[fmt.Sprint(id)]; g != nil {
			g.Name, order[g.Key] = name, sortKey
		}
	}
	return rows.Err()
}
