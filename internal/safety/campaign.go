package safety

// Inspection campaigns (专项检查): a named campaign with a checklist, its target schools and its
// dates; the result of each school (every checklist item passed or not, with a note) is recorded
// once, and its findings become hazards in the same step.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/workflow"
)

// CampaignInput is a new campaign.
type CampaignInput struct {
	Name      string   `json:"name"`
	Checklist []string `json:"checklist"`
	SchoolIDs []string `json:"school_ids"`
	StartOn   string   `json:"start_on"`
	EndOn     string   `json:"end_on"`
}

// Campaign is a campaign with its progress and figures (within the caller's scope).
type Campaign struct {
	ID        int64    `json:"id,string"`
	Name      string   `json:"name"`
	Checklist []string `json:"checklist"`
	StartOn   string   `json:"start_on"`
	EndOn     string   `json:"end_on"`
	Schools   int      `json:"schools"`
	Checked   int      `json:"checked"`
	Found     int      `json:"found"`
	Rectified int      `json:"rectified"`
	Rate      float64  `json:"rate"`
}

// CheckResult is one checklist item's result at a school.
type CheckResult struct {
	Item string `json:"item"`
	OK   bool   `json:"ok"`
	Note string `json:"note"`
}

// CampaignSchool is a target school and its result.
type CampaignSchool struct {
	SchoolID    int64         `json:"school_id,string"`
	SchoolName  string        `json:"school_name"`
	CheckedOn   string        `json:"checked_on"`
	CheckerName string        `json:"checker_name"`
	Results     []CheckResult `json:"results"`
	Note        string        `json:"note"`
	Found       int           `json:"found"`
	Rectified   int           `json:"rectified"`
}

// CampaignDetail is a campaign with its target schools.
type CampaignDetail struct {
	Campaign
	Targets []CampaignSchool `json:"targets"`
}

// Finding is a hazard found by a campaign check.
type Finding struct {
	Category    string `json:"category"`
	Severity    string `json:"severity"`
	Location    string `json:"location"`
	Description string `json:"description"`
}

// ResultInput is a school's result in a campaign with its findings.
type ResultInput struct {
	SchoolID  string        `json:"school_id"`
	CheckedOn string        `json:"checked_on"`
	Results   []CheckResult `json:"results"`
	Note      string        `json:"note"`
	Findings  []Finding     `json:"findings"`
}

func requireBureau(p *access.Principal) error {
	if err := access.Require(p, access.SafetyWrite); err != nil {
		return err
	}
	if p.Scope() != access.ScopeDistrict {
		e := errs.E(errs.Forbidden, "专项检查由教育局科室组织")
		e.Denied = true
		return e
	}
	return nil
}

func parseIDs(field string, ss []string) ([]int64, error) {
	out := make([]int64, 0, len(ss))
	seen := map[int64]bool{}
	for _, s := range ss {
		var id int64
		if _, err := fmt.Sscan(s, &id); err != nil || id <= 0 {
			return nil, errs.Field(field, "学校编号无效："+s)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// CreateCampaign starts a campaign (bureau staff with SafetyWrite).
func (s *Service) CreateCampaign(ctx context.Context, p *access.Principal, ip string, in CampaignInput) (CampaignDetail, error) {
	if err := requireBureau(p); err != nil {
		return CampaignDetail{}, err
	}
	var f errs.Fields
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len([]rune(in.Name)) > 100 {
		f.Add("name", "请填写检查名称（不超过 100 字）")
	}
	items := []string{}
	for _, it := range in.Checklist {
		if it = strings.TrimSpace(it); it != "" {
			items = append(items, it)
		}
	}
	if len(items) == 0 || len(items) > 100 {
		f.Add("checklist", "请填写检查清单（1–100 项）")
	}
	ids, err := parseIDs("school_ids", in.SchoolIDs)
	if err != nil {
		return CampaignDetail{}, err
	}
	if len(ids) == 0 {
		f.Add("school_ids", "请选择受检学校")
	}
	start, e1 := time.Parse(workflow.DateLayout, in.StartOn)
	end, e2 := time.Parse(workflow.DateLayout, in.EndOn)
	if e1 != nil {
		f.Add("start_on", "开始日期格式应为 YYYY-MM-DD")
	}
	if e2 != nil {
		f.Add("end_on", "结束日期格式应为 YYYY-MM-DD")
	} else if e1 == nil && end.Before(start) {
		f.Add("end_on", "结束日期不能早于开始日期")
	}
	if err := f.Err(); err != nil {
		return CampaignDetail{}, err
	}
	id := db.NewID()
	list, _ := json.Marshal(items)
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		if _, err := q.Exec(ctx, `INSERT INTO safety_campaigns (district_code, id, name, checklist, start_on, end_on, created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.District, id, in.Name, string(list), in.StartOn, in.EndOn, p.UserID, db.Now()); err != nil {
			return err
		}
		for _, sid := range ids {
			if _, err := schoolOf(ctx, q, p.District, sid); err != nil {
				return errs.Field("school_ids", fmt.Sprintf("学校 %d 不存在", sid))
			}
			if _, err := q.Exec(ctx, `INSERT INTO safety_campaign_schools (district_code, campaign_id, school_id) VALUES (?, ?, ?)`,
				p.District, id, sid); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, p.District, audit.By(p, ip, "safety.campaign.create", "campaign", fmt.Sprint(id),
			fmt.Sprintf("发起专项检查“%s”：%d 所学校，%d 项清单", in.Name, len(ids), len(items))))
	})
	if err != nil {
		return CampaignDetail{}, err
	}
	return s.GetCampaign(ctx, p, id)
}

// campaignTargets checks that a school is a target of a campaign.
func campaignTargets(ctx context.Context, q db.Querier, district string, campaign, school int64) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM safety_campaign_schools WHERE district_code = ? AND campaign_id = ? AND school_id = ?`,
		district, campaign, school).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errs.Field("campaign_id", "该学校不在这次专项检查的受检名单中")
	}
	return nil
}

// targetScope restricts campaign targets (alias t, schools s) to p's scope.
func targetScope(p *access.Principal) (string, []any, bool) {
	lf := access.ListFilter(p)
	if lf.None || lf.OwnerID != 0 {
		return "", nil, false
	}
	if lf.SchoolID != 0 {
		return " AND t.school_id = ?", []any{lf.SchoolID}, true
	}
	if lf.ZoneID != 0 {
		return " AND s.zone_id = ?", []any{lf.ZoneID}, true
	}
	return "", nil, true
}

// ListCampaigns lists the campaigns that have target schools in p's scope, newest first, with
// progress and 整改率 counted over those schools.
func (s *Service) ListCampaigns(ctx context.Context, p *access.Principal) ([]Campaign, error) {
	if err := access.Require(p, access.SafetyRead); err != nil {
		return nil, err
	}
	cond, args, ok := targetScope(p)
	if !ok {
		return []Campaign{}, nil
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT c.id, c.name, c.checklist, c.start_on, c.end_on, COUNT(*),
SUM(CASE WHEN t.checked_on <> '' THEN 1 ELSE 0 END) FROM safety_campaigns c
JOIN safety_campaign_schools t ON t.district_code = c.district_code AND t.campaign_id = c.id
JOIN schools s ON s.district_code = t.district_code AND s.id = t.school_id
WHERE c.district_code = ?`+cond+` GROUP BY c.id, c.name, c.checklist, c.start_on, c.end_on ORDER BY c.start_on DESC, c.id DESC`,
		append([]any{p.District}, args...)...)
	if err != nil {
		return nil, err
	}
	out := []Campaign{}
	for rows.Next() {
		var c Campaign
		var list string
		if err := rows.Scan(&c.ID, &c.Name, &list, &c.StartOn, &c.EndOn, &c.Schools, &c.Checked); err != nil {
			rows.Close()
			return nil, err
		}
		_ = json.Unmarshal([]byte(list), &c.Checklist)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	groups, err := s.rates(ctx, p, "campaign", HazardFilter{})
	if err != nil {
		return nil, err
	}
	byID := map[string]Rate{}
	for _, g := range groups {
		byID[g.Key] = g
	}
	for i := range out {
		g := byID[fmt.Sprint(out[i].ID)]
		out[i].Found, out[i].Rectified, out[i].Rate = g.Found, g.Rectified, g.Rate
	}
	return out, nil
}

// GetCampaign reads a campaign with the target schools in p's scope (not found when none is).
func (s *Service) GetCampaign(ctx context.Context, p *access.Principal, id int64) (CampaignDetail, error) {
	if err := access.Require(p, access.SafetyRead); err != nil {
		return CampaignDetail{}, err
	}
	all, err := s.ListCampaigns(ctx, p)
	if err != nil {
		return CampaignDetail{}, err
	}
	var d CampaignDetail
	found := false
	for _, c := range all {
		if c.ID == id {
			d.Campaign, found = c, true
		}
	}
	if !found {
		e := errs.NotFoundf("专项检查")
		e.Denied = true
		return CampaignDetail{}, e
	}
	cond, args, _ := targetScope(p)
	rows, err := s.DB.Read().Query(ctx, `SELECT t.school_id, s.name, t.checked_on, t.checker_name, t.results, t.note,
(SELECT COUNT(*) FROM safety_hazards h JOIN wf_items w ON w.district_code = h.district_code AND w.id = h.id
  WHERE h.district_code = t.district_code AND h.campaign_id = t.campaign_id AND h.school_id = t.school_id AND w.state <> ?),
(SELECT COUNT(*) FROM safety_hazards h JOIN wf_items w ON w.district_code = h.district_code AND w.id = h.id
  WHERE h.district_code = t.district_code AND h.campaign_id = t.campaign_id AND h.school_id = t.school_id AND w.state = ?)
FROM safety_campaign_schools t JOIN schools s ON s.district_code = t.district_code AND s.id = t.school_id
WHERE t.district_code = ? AND t.campaign_id = ?`+cond+` ORDER BY s.code`, append([]any{StateCancelled, StateClosed, p.District, id}, args...)...)
	if err != nil {
		return CampaignDetail{}, err
	}
	defer rows.Close()
	d.Targets = []CampaignSchool{}
	for rows.Next() {
		var t CampaignSchool
		var res string
		if err := rows.Scan(&t.SchoolID, &t.SchoolName, &t.CheckedOn, &t.CheckerName, &res, &t.Note, &t.Found, &t.Rectified); err != nil {
			return CampaignDetail{}, err
		}
		_ = json.Unmarshal([]byte(res), &t.Results)
		if t.Results == nil {
			t.Results = []CheckResult{}
		}
		d.Targets = append(d.Targets, t)
	}
	return d, rows.Err()
}

// RecordResult records a target school's result in a campaign and turns its findings into
// hazards (source 专项检查; 自查 when the school records its own check), all in one transaction.
// A school's result is recorded once.
func (s *Service) RecordResult(ctx context.Context, p *access.Principal, ip string, campaignID int64, in ResultInput) (CampaignSchool, error) {
	if err := access.Require(p, access.SafetyWrite); err != nil {
		return CampaignSchool{}, err
	}
	ids, err := parseIDs("school_id", []string{in.SchoolID})
	if err != nil {
		return CampaignSchool{}, err
	}
	schoolID := ids[0]
	c, err := s.GetCampaign(ctx, p, campaignID)
	if err != nil {
		return CampaignSchool{}, err
	}
	var target *CampaignSchool
	for i := range c.Targets {
		if c.Targets[i].SchoolID == schoolID {
			target = &c.Targets[i]
		}
	}
	if target == nil {
		e := errs.NotFoundf("受检学校")
		e.Denied = true
		return CampaignSchool{}, e
	}
	if target.CheckedOn != "" {
		return CampaignSchool{}, errs.E(errs.Conflict, "%s的检查结果已于 %s 登记", target.SchoolName, target.CheckedOn)
	}
	today := s.Flow.Today()
	if in.CheckedOn == "" {
		in.CheckedOn = today
	}
	var f errs.Fields
	if _, err := time.Parse(workflow.DateLayout, in.CheckedOn); err != nil || in.CheckedOn > today {
		f.Add("checked_on", "检查日期应为不晚于今天的 YYYY-MM-DD")
	}
	if len(in.Results) != len(c.Checklist) {
		f.Add("results", fmt.Sprintf("请逐项填写检查清单（共 %d 项）", len(c.Checklist)))
	} else {
		for i := range in.Results {
			in.Results[i].Item = c.Checklist[i]
		}
	}
	if len(in.Findings) > 100 {
		f.Add("findings", "一次最多登记 100 条隐患")
	}
	if err := f.Err(); err != nil {
		return CampaignSchool{}, err
	}
	source := SourceCampaign
	if p.Role == access.SchoolAdmin {
		source = SourceSelf
	}
	res, _ := json.Marshal(in.Results)
	name := p.Name
	if name == "" {
		name = p.Username
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		for i, fd := range in.Findings {
			_, err := s.ReportTx(ctx, q, p, ip, HazardInput{SchoolID: schoolID, Source: source, SourceRef: c.Name, CampaignID: campaignID,
				Category: fd.Category, Severity: fd.Severity, Location: fd.Location, Description: fd.Description, FoundOn: in.CheckedOn})
			if err != nil {
				if e, ok := errs.As(err); ok {
					for j := range e.Fields {
						e.Fields[j].Field = fmt.Sprintf("findings[%d].%s", i, e.Fields[j].Field)
					}
				}
				return err
			}
		}
		if _, err := q.Exec(ctx, `UPDATE safety_campaign_schools SET checked_on = ?, checked_by = ?, checker_name = ?, results = ?, note = ?
WHERE district_code = ? AND campaign_id = ? AND school_id = ?`, in.CheckedOn, p.UserID, name, string(res), strings.TrimSpace(in.Note),
			p.District, campaignID, schoolID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, p.District, audit.By(p, ip, "safety.campaign.result", "campaign", fmt.Sprint(campaignID),
			fmt.Sprintf("登记%s在“%s”中的检查结果，发现隐患 %d 条", target.SchoolName, c.Name, len(in.Findings))))
	})
	if err != nil {
		return CampaignSchool{}, err
	}
	d, err := s.GetCampaign(ctx, p, campaignID)
	if err != nil {
		return CampaignSchool{}, err
	}
	for _, t := range d.Targets {
		if t.SchoolID == schoolID {
			return t, nil
		}
	}
	return CampaignSchool{}, errs.NotFoundf("受检学校")
}
