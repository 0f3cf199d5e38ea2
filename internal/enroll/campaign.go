package enroll

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Campaign statuses.
const (
	StatusDraft     = "draft"     // 草稿
	StatusPublished = "published" // 已发布，报名中
	StatusFrozen    = "frozen"    // 名单已冻结，待派位
	StatusDrawn     = "drawn"     // 已派位
)

var campaignStatusNames = map[string]string{StatusDraft: "草稿", StatusPublished: "已发布", StatusFrozen: "名单已冻结", StatusDrawn: "已派位"}

// Campaign is a 招生方案 with its state.
type Campaign struct {
	ID         int64  `json:"id"`
	Year       int    `json:"year"`
	Stage      string `json:"stage"`
	StageName  string `json:"stage_name"`
	Title      string `json:"title"`
	Status     string `json:"status"`
	StatusName string `json:"status_name"`
	Version    int    `json:"version"` // last published version; 0 before the first
	Policy     Policy `json:"policy"`
	ListHash   string `json:"list_hash"`
	Seed       string `json:"seed"`
	ResultHash string `json:"result_hash"`
	FrozenAt   int64  `json:"frozen_at"`
	DrawnAt    int64  `json:"drawn_at"`

	district string
	listCSV  string
	planCSV  string
}

const campaignCols = `id, year, stage, title, status, version, policy, list_hash, seed, result_hash, frozen_at, drawn_at, list_csv, plan_csv, district_code`

func scanCampaign(row interface{ Scan(...any) error }) (*Campaign, error) {
	c := &Campaign{}
	var policy string
	if err := row.Scan(&c.ID, &c.Year, &c.Stage, &c.Title, &c.Status, &c.Version, &policy, &c.ListHash, &c.Seed, &c.ResultHash,
		&c.FrozenAt, &c.DrawnAt, &c.listCSV, &c.planCSV, &c.district); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(policy), &c.Policy); err != nil {
		return nil, err
	}
	c.StageName, c.StatusName = StageName(c.Stage), campaignStatusNames[c.Status]
	return c, nil
}

func (s *Service) campaign(ctx context.Context, q db.Querier, district string, id int64) (*Campaign, error) {
	c, err := scanCampaign(q.QueryRow(ctx, `SELECT `+campaignCols+` FROM enroll_campaigns WHERE district_code = ? AND id = ?`, district, id))
	if db.IsNoRows(err) {
		return nil, errs.NotFoundf("招生方案")
	}
	return c, err
}

// cachedCampaign returns a campaign with its published policy from memory when it was read in the
// last few seconds (submissions read the policy on every request); writes to a campaign forget it,
// and the age limit bounds what a read racing with a write can leave behind.
func (s *Service) cachedCampaign(ctx context.Context, district string, id int64) (*Campaign, error) {
	s.mu.RLock()
	e, ok := s.policies[id]
	s.mu.RUnlock()
	if ok && e.c.district == district && time.Since(e.at) < campaignCacheAge {
		return e.c, nil
	}
	pc, err := s.PublicCampaign(ctx, district, id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.policies == nil {
		s.policies = map[int64]cachedCampaign{}
	}
	s.policies[id] = cachedCampaign{&pc, time.Now()}
	s.mu.Unlock()
	return &pc, nil
}

const campaignCacheAge = 5 * time.Second

type cachedCampaign struct {
	c  *Campaign
	at time.Time
}

func (s *Service) forgetCampaign(id int64) {
	s.mu.Lock()
	delete(s.policies, id)
	s.mu.Unlock()
}

// Campaigns lists the district's campaigns, newest first.
func (s *Service) Campaigns(ctx context.Context, a Actor) ([]Campaign, error) {
	if err := access.Require(a.P, access.EnrollRead); err != nil {
		return nil, err
	}
	return s.listCampaigns(ctx, a.P.District, false)
}

// PublishedCampaigns lists the campaigns whose policy is published, for the public pages.
func (s *Service) PublishedCampaigns(ctx context.Context, district string) ([]Campaign, error) {
	return s.listCampaigns(ctx, district, true)
}

func (s *Service) listCampaigns(ctx context.Context, district string, published bool) ([]Campaign, error) {
	q := `SELECT ` + campaignCols + ` FROM enroll_campaigns WHERE district_code = ?`
	if published {
		q += ` AND version > 0`
	}
	rows, err := s.DB.Read().Query(ctx, q+` ORDER BY year DESC, stage`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Campaign{}
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if published {
		for i := range out {
			p, err := s.publishedPolicy(ctx, district, out[i].ID, out[i].Version)
			if err != nil {
				return nil, err
			}
			out[i].Policy = p
		}
	}
	return out, nil
}

func (s *Service) publishedPolicy(ctx context.Context, district string, id int64, version int) (Policy, error) {
	var raw string
	if err := s.DB.Read().QueryRow(ctx, `SELECT policy FROM enroll_campaign_versions WHERE district_code = ? AND campaign_id = ? AND version = ?`,
		district, id, version).Scan(&raw); err != nil {
		return Policy{}, err
	}
	var p Policy
	err := json.Unmarshal([]byte(raw), &p)
	return p, err
}

// GetCampaign returns a campaign as the bureau edits it.
func (s *Service) GetCampaign(ctx context.Context, a Actor, id int64) (Campaign, error) {
	if err := access.Require(a.P, access.EnrollRead); err != nil {
		return Campaign{}, err
	}
	c, err := s.campaign(ctx, s.DB.Read(), a.P.District, id)
	if err != nil {
		return Campaign{}, err
	}
	return *c, nil
}

// PublicCampaign returns the published version of a campaign (the policy page).
func (s *Service) PublicCampaign(ctx context.Context, district string, id int64) (Campaign, error) {
	c, err := s.campaign(ctx, s.DB.Read(), district, id)
	if err != nil {
		return Campaign{}, err
	}
	if c.Version == 0 {
		return Campaign{}, errs.NotFoundf("招生方案")
	}
	if c.Policy, err = s.publishedPolicy(ctx, district, id, c.Version); err != nil {
		return Campaign{}, err
	}
	return *c, nil
}

// fillPlans names the plan's schools from the register and checks they belong to the district.
func (s *Service) fillPlans(ctx context.Context, q db.Querier, district string, p *Policy) error {
	for i := range p.Plans {
		var name string
		err := q.QueryRow(ctx, `SELECT name FROM schools WHERE district_code = ? AND id = ?`, district, p.Plans[i].SchoolID).Scan(&name)
		if db.IsNoRows(err) {
			return errs.Field(fmt.Sprintf("plans[%d].school_id", i), "学校不存在")
		}
		if err != nil {
			return err
		}
		p.Plans[i].SchoolName = name
	}
	return nil
}

// CreateCampaign stores a new campaign as a draft.
func (s *Service) CreateCampaign(ctx context.Context, a Actor, p Policy) (Campaign, error) {
	if err := districtWide(a.P, access.EnrollWrite); err != nil {
		return Campaign{}, err
	}
	if err := p.Validate(); err != nil {
		return Campaign{}, err
	}
	id := db.NewID()
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if err := s.fillPlans(ctx, q, a.P.District, &p); err != nil {
			return err
		}
		raw, _ := json.Marshal(p)
		now := db.Now()
		if _, err := q.Exec(ctx, `INSERT INTO enroll_campaigns (district_code, id, year, stage, title, status, policy, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.P.District, id, p.Year, p.Stage, p.Title, StatusDraft, string(raw), now, now); err != nil {
			if isUniqueViolation(err) {
				return errs.Field("stage", fmt.Sprintf("%d年%s的招生方案已存在", p.Year, StageName(p.Stage)))
			}
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("enroll.campaign.create", "enroll_campaign", id, p.Title))
	})
	if err != nil {
		return Campaign{}, err
	}
	return s.GetCampaign(ctx, a, id)
}

// UpdateCampaign replaces a campaign's policy; year and stage stay. A published campaign shows the
// change once it is published again (a new version).
func (s *Service) UpdateCampaign(ctx context.Context, a Actor, id int64, p Policy) (Campaign, error) {
	if err := districtWide(a.P, access.EnrollWrite); err != nil {
		return Campaign{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		c, err := s.campaign(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if c.Status == StatusFrozen || c.Status == StatusDrawn {
			return errs.E(errs.Conflict, "名单已冻结，招生方案不能再修改")
		}
		p.Year, p.Stage = c.Year, c.Stage
		if err := p.Validate(); err != nil {
			return err
		}
		if err := s.fillPlans(ctx, q, a.P.District, &p); err != nil {
			return err
		}
		raw, _ := json.Marshal(p)
		if _, err := q.Exec(ctx, `UPDATE enroll_campaigns SET title = ?, policy = ?, updated_at = ? WHERE district_code = ? AND id = ?`,
			p.Title, string(raw), db.Now(), a.P.District, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("enroll.campaign.update", "enroll_campaign", id, p.Title))
	})
	s.forgetCampaign(id)
	if err != nil {
		return Campaign{}, err
	}
	return s.GetCampaign(ctx, a, id)
}

// PublishCampaign publishes the current policy as a new version: the policy page shows it and
// parents apply under it.
func (s *Service) PublishCampaign(ctx context.Context, a Actor, id int64) (Campaign, error) {
	if err := districtWide(a.P, access.EnrollWrite); err != nil {
		return Campaign{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		c, err := s.campaign(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if c.Status == StatusFrozen || c.Status == StatusDrawn {
			return errs.E(errs.Conflict, "名单已冻结，招生方案不能再发布")
		}
		raw, _ := json.Marshal(c.Policy)
		v := c.Version + 1
		if _, err := q.Exec(ctx, `INSERT INTO enroll_campaign_versions (district_code, campaign_id, version, policy, published_by, published_at)
VALUES (?, ?, ?, ?, ?, ?)`, a.P.District, id, v, string(raw), a.P.Name, db.Now()); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE enroll_campaigns SET version = ?, status = ?, updated_at = ? WHERE district_code = ? AND id = ?`,
			v, StatusPublished, db.Now(), a.P.District, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("enroll.campaign.publish", "enroll_campaign", id, fmt.Sprintf("%s 第 %d 版", c.Title, v)))
	})
	s.forgetCampaign(id)
	if err != nil {
		return Campaign{}, err
	}
	return s.GetCampaign(ctx, a, id)
}

// Version is one published version of a campaign's policy.
type Version struct {
	Version     int    `json:"version"`
	PublishedBy string `json:"published_by"`
	PublishedAt int64  `json:"published_at"`
	Policy      Policy `json:"policy"`
}

// Versions lists the published versions of a campaign, newest first.
func (s *Service) Versions(ctx context.Context, a Actor, id int64) ([]Version, error) {
	if _, err := s.GetCampaign(ctx, a, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT version, published_by, published_at, policy FROM enroll_campaign_versions
WHERE district_code = ? AND campaign_id = ? ORDER BY version DESC`, a.P.District, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Version{}
	for rows.Next() {
		var v Version
		var raw string
		if err := rows.Scan(&v.Version, &v.PublishedBy, &v.PublishedAt, &raw); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &v.Policy); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
