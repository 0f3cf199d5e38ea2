package enroll

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// buildInstance makes the draw's input from the approved applications: schools with their seats,
// applicants (报名号) with their choices and their tier at each choice.
func buildInstance(pol *Policy, apps []frozenApp) (*Instance, error) {
	schools := make([]School, 0, len(pol.Plans))
	for _, pl := range pol.Plans {
		schools = append(schools, School{ID: itoa(pl.SchoolID), Capacity: pl.Seats()})
	}
	applicants := make([]Applicant, 0, len(apps))
	for _, a := range apps {
		ap := Applicant{ID: itoa(a.id)}
		for _, sc := range a.choices {
			if _, ok := pol.PlanFor(sc); !ok {
				continue
			}
			ap.Choices = append(ap.Choices, itoa(sc))
			ap.Tiers = append(ap.Tiers, pol.Tier(a.category, a.catchment, sc))
		}
		applicants = append(applicants, ap)
	}
	return NewInstance(schools, applicants)
}

type frozenApp struct {
	id        int64
	category  string
	catchment []int64
	choices   []int64
}

// Freeze closes registration and review: the approved applications become the frozen list, written
// as the canonical CSV whose hash is published before the seed exists.
func (s *Service) Freeze(ctx context.Context, a Actor, id int64) (Campaign, error) {
	if err := districtWide(a.P, access.EnrollWrite); err != nil {
		return Campaign{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		c, err := s.campaign(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if c.Status != StatusPublished {
			return errs.E(errs.Conflict, "只有已发布、未冻结的招生方案可以冻结名单")
		}
		pol, err := s.publishedPolicy(ctx, a.P.District, id, c.Version)
		if err != nil {
			return err
		}
		rows, err := q.Query(ctx, `SELECT id, category, catchment, choices FROM enroll_applications WHERE district_code = ? AND campaign_id = ?
AND status = ? ORDER BY id`, a.P.District, id, AppApproved)
		if err != nil {
			return err
		}
		var apps []frozenApp
		for rows.Next() {
			var f frozenApp
			var catch, choices string
			if err := rows.Scan(&f.id, &f.category, &catch, &choices); err != nil {
				rows.Close()
				return err
			}
			f.catchment, f.choices = splitIDs(catch), splitIDs(choices)
			apps = append(apps, f)
		}
		rows.Close()
		in, err := buildInstance(&pol, apps)
		if err != nil {
			return err
		}
		var list, plan bytes.Buffer
		if err := in.WriteCanonicalCSV(&list); err != nil {
			return err
		}
		if err := in.WritePlanCSV(&plan); err != nil {
			return err
		}
		hash := in.ListHash()
		if _, err := q.Exec(ctx, `UPDATE enroll_campaigns SET status = ?, list_csv = ?, plan_csv = ?, list_hash = ?, frozen_at = ?, updated_at = ?
WHERE district_code = ? AND id = ?`, StatusFrozen, list.String(), plan.String(), hash, db.Now(), db.Now(), a.P.District, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("enroll.freeze", "enroll_campaign", id,
			fmt.Sprintf("冻结派位名单：%d 人，名单哈希 %s，学校计划哈希 %s", len(apps), hash, in.PlanHash())))
	})
	s.forgetCampaign(id)
	if err != nil {
		return Campaign{}, err
	}
	return s.GetCampaign(ctx, a, id)
}

// result recomputes a drawn campaign's allocation from its published files and seed.
func (c *Campaign) result() (*Result, error) {
	in, err := ReadInstance("schools.csv", strings.NewReader(c.planCSV), "applicants.csv", strings.NewReader(c.listCSV))
	if err != nil {
		return nil, err
	}
	return Allocate(in, c.Seed, c.Policy.Mechanism)
}

// DrawInput is the seed entered live at the ceremony.
type DrawInput struct {
	Seed string `json:"seed"`
}

// Draw runs the allocation of a frozen campaign with the seed entered live, stores every
// applicant's placement and records list hash, seed, mechanism and result hash in the audit log.
func (s *Service) Draw(ctx context.Context, a Actor, id int64, in DrawInput) (Campaign, error) {
	if err := districtWide(a.P, access.EnrollWrite); err != nil {
		return Campaign{}, err
	}
	in.Seed = strings.TrimSpace(in.Seed)
	if err := CheckSeed(in.Seed); err != nil || in.Seed == "" || len(in.Seed) > 200 {
		return Campaign{}, errs.Field("seed", "请输入现场产生的随机种子（1—200 个字符）")
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		c, err := s.campaign(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if c.Status != StatusFrozen {
			return errs.E(errs.Conflict, "请先冻结名单并公布名单哈希，再输入种子派位")
		}
		if c.Policy, err = s.publishedPolicy(ctx, a.P.District, id, c.Version); err != nil {
			return err
		}
		c.Seed = in.Seed
		r, err := c.result()
		if err != nil {
			return err
		}
		inst := r.Instance()
		for i := range inst.NumApplicants() {
			app, _ := strconv.ParseInt(inst.ApplicantID(i), 10, 64)
			school, rank, status := int64(0), 0, ResultUnassigned
			if sc, ch, ok := r.Assignment(i); ok {
				school, _ = strconv.ParseInt(inst.SchoolID(sc), 10, 64)
				rank, status = ch+1, ResultAdmitted
			}
			k := r.Key(i)
			if _, err := q.Exec(ctx, `UPDATE enroll_applications SET result_school_id = ?, result_rank = ?, result_status = ?, lottery = ?
WHERE district_code = ? AND id = ?`, school, rank, status, hex.EncodeToString(k[:]), a.P.District, app); err != nil {
				return err
			}
		}
		rec := r.Record()
		if _, err := q.Exec(ctx, `UPDATE enroll_campaigns SET status = ?, seed = ?, result_hash = ?, drawn_at = ?, updated_at = ?
WHERE district_code = ? AND id = ?`, StatusDrawn, in.Seed, rec.ResultHash, db.Now(), db.Now(), a.P.District, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("enroll.draw", "enroll_campaign", id, rec.String()))
	})
	s.forgetCampaign(id)
	if err != nil {
		return Campaign{}, err
	}
	return s.GetCampaign(ctx, a, id)
}

// File returns a published file of a campaign: the frozen list (applicants.csv), the plan
// (schools.csv) or, after the draw, the result (result.csv), recomputed from the other two and the
// seed.
func (s *Service) File(ctx context.Context, district string, id int64, name string) ([]byte, error) {
	c, err := s.campaign(ctx, s.DB.Read(), district, id)
	if err != nil {
		return nil, err
	}
	switch {
	case name == "applicants.csv" && c.listCSV != "":
		return []byte(c.listCSV), nil
	case name == "schools.csv" && c.planCSV != "":
		return []byte(c.planCSV), nil
	case name == "result.csv" && c.Status == StatusDrawn:
		s.mu.RLock()
		b, ok := s.results[c.ResultHash]
		s.mu.RUnlock()
		if ok {
			return b, nil
		}
		if c.Policy, err = s.publishedPolicy(ctx, district, id, c.Version); err != nil {
			return nil, err
		}
		r, err := c.result()
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := r.WriteCSV(&buf); err != nil {
			return nil, err
		}
		s.mu.Lock()
		if s.results == nil {
			s.results = map[string][]byte{}
		}
		s.results[c.ResultHash] = buf.Bytes() // a drawn result never changes: keyed by its hash
		s.mu.Unlock()
		return buf.Bytes(), nil
	}
	return nil, errs.NotFoundf("公示文件")
}

// PublicResult is a row of the published admission list: masked name and 报名号 only.
type PublicResult struct {
	No         string `json:"no"`
	Name       string `json:"name"`
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	ChoiceRank int    `json:"choice_rank"`
}

// PublicResults lists the admitted applicants of a drawn campaign (optionally of one school).
func (s *Service) PublicResults(ctx context.Context, district string, id, school int64) ([]PublicResult, error) {
	c, err := s.campaign(ctx, s.DB.Read(), district, id)
	if err != nil {
		return nil, err
	}
	if c.Status != StatusDrawn {
		return []PublicResult{}, nil
	}
	q := `SELECT a.id, a.child_name, a.result_school_id, s.name, a.result_rank FROM enroll_applications a
JOIN schools s ON s.district_code = a.district_code AND s.id = a.result_school_id
WHERE a.district_code = ? AND a.campaign_id = ? AND a.result_status = ?`
	args := []any{district, id, ResultAdmitted}
	if school != 0 {
		q += ` AND a.result_school_id = ?`
		args = append(args, school)
	}
	rows, err := s.DB.Read().Query(ctx, q+` ORDER BY s.name, a.id LIMIT 20000`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PublicResult{}
	for rows.Next() {
		var r PublicResult
		var id int64
		if err := rows.Scan(&id, &r.Name, &r.SchoolID, &r.SchoolName, &r.ChoiceRank); err != nil {
			return nil, err
		}
		r.No, r.Name = itoa(id), pii.MaskName(r.Name)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Stats returns a campaign's statistics; a school administrator sees their school's row only.
func (s *Service) Stats(ctx context.Context, a Actor, id int64) (CampaignStats, error) {
	if err := access.Require(a.P, access.EnrollRead); err != nil {
		return CampaignStats{}, err
	}
	c, err := s.campaign(ctx, s.DB.Read(), a.P.District, id)
	if err != nil {
		return CampaignStats{}, err
	}
	st, err := campaignStats(ctx, s.DB.Read(), a.P.District, id, &c.Policy)
	if err != nil {
		return st, err
	}
	if lf := access.ListFilter(a.P); lf.SchoolID != 0 || lf.None || lf.ZoneID != 0 {
		keep := []SchoolStats{}
		for _, sc := range st.Schools {
			if sc.SchoolID == lf.SchoolID {
				keep = append(keep, sc)
			}
		}
		st.Schools = keep
	}
	return st, nil
}
