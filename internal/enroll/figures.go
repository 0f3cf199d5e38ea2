package enroll

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Figures are enrollment's key figures for a year, computed from the applications (the reports
// module calls this): all stages together, or one school's when schoolID is not 0 (applicants by
// first choice, admitted by placement).
type Figures struct {
	Year                  int     `json:"year"`
	Campaigns             int     `json:"campaigns"`
	PlacesPlanned         int     `json:"places_planned"`         // 计划招生学位
	Applicants            int     `json:"applicants"`             // 报名人数
	Approved              int     `json:"approved"`               // 审核通过
	Admitted              int     `json:"admitted"`               // 派位录取
	MigrantApplicants     int     `json:"migrant_applicants"`     // 随迁子女报名
	MigrantAdmitted       int     `json:"migrant_admitted"`       // 随迁子女录取
	MigrantShare          float64 `json:"migrant_share"`          // 随迁子女占录取人数的比例
	NearbyAdmitted        int     `json:"nearby_admitted"`        // 录取到片区内学校的人数
	NearbyRate            float64 `json:"nearby_rate"`            // 就近入学率
	OversubscribedSchools int     `json:"oversubscribed_schools"` // 第一志愿报名超过计划的学校数
}

// FiguresFor computes the figures of a district's campaigns of a year.
func FiguresFor(ctx context.Context, q db.Querier, district string, year int, schoolID int64) (Figures, error) {
	f := Figures{Year: year}
	rows, err := q.Query(ctx, `SELECT c.id, v.policy FROM enroll_campaigns c JOIN enroll_campaign_versions v
ON v.district_code = c.district_code AND v.campaign_id = c.id AND v.version = c.version WHERE c.district_code = ? AND c.year = ?`, district, year)
	if err != nil {
		return f, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var raw string
		if err := rows.Scan(&id, &raw); err != nil {
			rows.Close()
			return f, err
		}
		var p Policy
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			rows.Close()
			return f, err
		}
		ids = append(ids, id)
		f.Campaigns++
		st, err := campaignStats(ctx, q, district, id, &p)
		if err != nil {
			rows.Close()
			return f, err
		}
		for _, sc := range st.Schools {
			if schoolID != 0 && sc.SchoolID != schoolID {
				continue
			}
			f.PlacesPlanned += sc.Seats
			f.Applicants += sc.Applicants
			f.Approved += sc.Approved
			f.Admitted += sc.Admitted
			f.MigrantApplicants += sc.MigrantApplicants
			f.MigrantAdmitted += sc.MigrantAdmitted
			f.NearbyAdmitted += sc.NearbyAdmitted
			if sc.Applicants > sc.Seats {
				f.OversubscribedSchools++
			}
		}
	}
	rows.Close()
	f.MigrantShare = ratio(f.MigrantAdmitted, f.Admitted)
	f.NearbyRate = ratio(f.NearbyAdmitted, f.Admitted)
	return f, rows.Err()
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// SchoolStats are one school's figures in a campaign.
type SchoolStats struct {
	SchoolID          int64          `json:"school_id"`
	SchoolName        string         `json:"school_name"`
	Seats             int            `json:"seats"`
	Applicants        int            `json:"applicants"` // first choice
	ByCategory        map[string]int `json:"by_category"`
	Approved          int            `json:"approved"`
	Oversubscription  float64        `json:"oversubscription"` // applicants / seats
	Admitted          int            `json:"admitted"`
	MigrantApplicants int            `json:"migrant_applicants"`
	MigrantAdmitted   int            `json:"migrant_admitted"`
	NearbyAdmitted    int            `json:"nearby_admitted"`
}

// CampaignStats are a campaign's statistics: per school and totals.
type CampaignStats struct {
	Schools         []SchoolStats  `json:"schools"`
	ByCategory      map[string]int `json:"by_category"`
	Applicants      int            `json:"applicants"`
	Seats           int            `json:"seats"`
	Admitted        int            `json:"admitted"`
	Unassigned      int            `json:"unassigned"`
	MigrantAdmitted int            `json:"migrant_admitted"`
	MigrantShare    float64        `json:"migrant_share"`
	NearbyRate      float64        `json:"nearby_rate"`
	Oversubscribed  int            `json:"oversubscribed"`
}

func campaignStats(ctx context.Context, q db.Querier, district string, id int64, p *Policy) (CampaignStats, error) {
	st := CampaignStats{ByCategory: map[string]int{}, Schools: []SchoolStats{}}
	idx := map[int64]int{}
	for _, pl := range p.Plans {
		idx[pl.SchoolID] = len(st.Schools)
		st.Schools = append(st.Schools, SchoolStats{SchoolID: pl.SchoolID, SchoolName: pl.SchoolName, Seats: pl.Seats(), ByCategory: map[string]int{}})
		st.Seats += pl.Seats()
	}
	rows, err := q.Query(ctx, `SELECT category, migrant, review_school_id, catchment, status, result_status, result_school_id
FROM enroll_applications WHERE district_code = ? AND campaign_id = ?`, district, id)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var cat, catch, status, res string
		var migrant bool
		var first, placed int64
		if err := rows.Scan(&cat, &migrant, &first, &catch, &status, &res, &placed); err != nil {
			return st, err
		}
		st.Applicants++
		st.ByCategory[cat]++
		if i, ok := idx[first]; ok {
			sc := &st.Schools[i]
			sc.Applicants++
			sc.ByCategory[cat]++
			if status == AppApproved {
				sc.Approved++
			}
			if migrant {
				sc.MigrantApplicants++
			}
		}
		switch res {
		case ResultAdmitted:
			st.Admitted++
			if i, ok := idx[placed]; ok {
				sc := &st.Schools[i]
				sc.Admitted++
				if migrant {
					sc.MigrantAdmitted++
					st.MigrantAdmitted++
				}
				if cat != CatOther && slices.Contains(splitIDs(catch), placed) {
					sc.NearbyAdmitted++
				}
			}
		case ResultUnassigned:
			st.Unassigned++
		}
	}
	nearby := 0
	for i := range st.Schools {
		sc := &st.Schools[i]
		sc.Oversubscription = ratio(sc.Applicants, sc.Seats)
		if sc.Applicants > sc.Seats {
			st.Oversubscribed++
		}
		nearby += sc.NearbyAdmitted
	}
	st.MigrantShare = ratio(st.MigrantAdmitted, st.Admitted)
	st.NearbyRate = ratio(nearby, st.Admitted)
	return st, rows.Err()
}
