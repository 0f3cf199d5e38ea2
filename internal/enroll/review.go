package enroll

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// Review is one decision on an application (审核记录).
type Review struct {
	Decision     string `json:"decision"`
	DecisionName string `json:"decision_name"`
	Reason       string `json:"reason"`
	Reviewer     string `json:"reviewer"`
	At           int64  `json:"at"`
}

// ReviewInput is a reviewer's decision: approved 通过, returned 退回补正, rejected 不通过.
type ReviewInput struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

var decisionNames = map[string]string{AppApproved: "通过", AppReturned: "退回补正", AppRejected: "不通过"}

func (s *Service) reviews(ctx context.Context, district string, appID int64) ([]Review, error) {
	rows, err := s.DB.Read().Query(ctx, `SELECT decision, reason, reviewer, at FROM enroll_reviews WHERE district_code = ? AND application_id = ?
ORDER BY at, id`, district, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Review{}
	for rows.Next() {
		var r Review
		if err := rows.Scan(&r.Decision, &r.Reason, &r.Reviewer, &r.At); err != nil {
			return nil, err
		}
		r.DecisionName = decisionNames[r.Decision]
		out = append(out, r)
	}
	return out, rows.Err()
}

// prechecks runs the automatic pre-checks of one application: ID and age, catchment match, housing
// lock (another family's child admitted on the same property in the last N years of this stage, or
// applying with it now), duplicates and documents.
func (s *Service) prechecks(ctx context.Context, q db.Querier, c *Campaign, r *appRow) ([]Check, error) {
	out := []Check{}
	birth, err := time.Parse(time.DateOnly, r.BirthDate)
	if err != nil {
		return nil, err
	}
	out = append(out, AgeCheck(&c.Policy, birth))
	cm := Check{Code: "catchment", Name: "片区匹配", OK: true}
	switch {
	case r.Classification.Category == CatOther:
		cm.OK, cm.Detail = false, "住址或户籍不在志愿学校片区内，按统筹安排处理"
	case len(r.Classification.Catchment) == 0:
		cm.OK, cm.Detail = false, "地址未匹配到任何片区"
	default:
		cm.Detail = fmt.Sprintf("%s，片区学校 %d 所", r.Classification.Name, len(r.Classification.Catchment))
	}
	out = append(out, cm)
	var house string
	var parent int64
	if err := q.QueryRow(ctx, `SELECT property_bidx, parent_id FROM enroll_applications WHERE district_code = ? AND id = ?`, r.district, r.ID).
		Scan(&house, &parent); err != nil {
		return nil, err
	}
	lock := Check{Code: "housing_lock", Name: fmt.Sprintf("学位锁定（一套房产 %d 年内一个学位）", c.Policy.LockYears), OK: true, Detail: "未发现冲突"}
	if house != "" && c.Policy.LockYears > 0 {
		rows, err := q.Query(ctx, `SELECT a.id, a.child_name, c.year, a.result_status FROM enroll_applications a
JOIN enroll_campaigns c ON c.district_code = a.district_code AND c.id = a.campaign_id
WHERE a.district_code = ? AND a.property_bidx = ? AND a.id <> ? AND a.parent_id <> ? AND c.stage = ? AND c.year > ? AND c.year <= ?
AND ((a.campaign_id = ? AND a.status <> ?) OR (a.campaign_id <> ? AND a.result_status = ?)) ORDER BY a.id LIMIT 5`,
			r.district, house, r.ID, parent, c.Stage, c.Year-c.Policy.LockYears, c.Year, c.ID, AppRejected, c.ID, ResultAdmitted)
		if err != nil {
			return nil, err
		}
		var who []string
		for rows.Next() {
			var id int64
			var name, res string
			var year int
			if err := rows.Scan(&id, &name, &year, &res); err != nil {
				rows.Close()
				return nil, err
			}
			who = append(who, fmt.Sprintf("%d年 %s（报名号 %d）", year, pii.MaskName(name), id))
		}
		rows.Close()
		if len(who) > 0 {
			lock.OK, lock.Detail = false, "同一房产已被其他家庭的儿童使用："+strings.Join(who, "、")
		}
	}
	out = append(out, lock)
	dup := Check{Code: "duplicate", Name: "重复报名", OK: true, Detail: "未发现重复"}
	var bidx string
	if err := q.QueryRow(ctx, `SELECT child_bidx FROM enroll_applications WHERE district_code = ? AND id = ?`, r.district, r.ID).Scan(&bidx); err != nil {
		return nil, err
	}
	var n int
	// One probe of the unique key (district_code, campaign_id, child_bidx) per campaign of the year.
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM enroll_applications WHERE district_code = ? AND campaign_id IN
(SELECT id FROM enroll_campaigns WHERE district_code = ? AND year = ?) AND child_bidx = ? AND id <> ?`,
		r.district, r.district, c.Year, bidx, r.ID).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		dup.OK, dup.Detail = false, fmt.Sprintf("同一身份证号在本年度其他招生中还有 %d 份报名", n)
	}
	out = append(out, dup)
	docs, err := s.documents(ctx, r.district, r.ID)
	if err != nil {
		return nil, err
	}
	var have []string
	for _, d := range docs {
		have = append(have, d.Kind)
	}
	raw, err := s.Keys.Open(r.detEnc, ctxDetails)
	if err != nil {
		return nil, err
	}
	var d details
	_ = json.Unmarshal([]byte(raw), &d)
	own := d.HousingType == "own"
	out = append(out, DocumentsCheck(RequiredDocuments(r.Classification, own), have))
	return out, nil
}

// Precheck runs the pre-checks of one application and stores them for the queue.
func (s *Service) Precheck(ctx context.Context, a Actor, id int64) ([]Check, error) {
	r, err := s.authorizedForReview(ctx, a, id, access.EnrollRead)
	if err != nil {
		return nil, err
	}
	c, err := s.campaign(ctx, s.DB.Read(), a.P.District, r.CampaignID)
	if err != nil {
		return nil, err
	}
	checks, err := s.prechecks(ctx, s.DB.Read(), c, r)
	if err != nil {
		return nil, err
	}
	raw, _ := json.Marshal(checks)
	_, err = s.DB.Write().Exec(ctx, `UPDATE enroll_applications SET checks = ? WHERE district_code = ? AND id = ?`, string(raw), a.P.District, id)
	return checks, err
}

// PrecheckAll runs the pre-checks of every application of a campaign still awaiting review.
func (s *Service) PrecheckAll(ctx context.Context, a Actor, campaignID int64) (int, error) {
	if err := districtWide(a.P, access.EnrollWrite); err != nil {
		return 0, err
	}
	c, err := s.campaign(ctx, s.DB.Read(), a.P.District, campaignID)
	if err != nil {
		return 0, err
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT `+appCols+` FROM enroll_applications a JOIN enroll_campaigns c
ON c.district_code = a.district_code AND c.id = a.campaign_id WHERE a.district_code = ? AND a.campaign_id = ? AND a.status = ?`,
		a.P.District, campaignID, AppSubmitted)
	if err != nil {
		return 0, err
	}
	var list []*appRow
	for rows.Next() {
		r, err := scanApp(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, r)
	}
	rows.Close()
	results := make([]string, len(list))
	for i, r := range list {
		checks, err := s.prechecks(ctx, s.DB.Read(), c, r)
		if err != nil {
			return 0, err
		}
		raw, _ := json.Marshal(checks)
		results[i] = string(raw)
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		for i, r := range list {
			if _, err := q.Exec(ctx, `UPDATE enroll_applications SET checks = ? WHERE district_code = ? AND id = ?`, results[i], a.P.District, r.ID); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("enroll.precheck", "enroll_campaign", campaignID, fmt.Sprintf("自动预审 %d 份申请", len(list))))
	})
	return len(list), err
}

func (s *Service) authorizedForReview(ctx context.Context, a Actor, id int64, perm string) (*appRow, error) {
	if err := access.Require(a.P, perm); err != nil {
		return nil, err
	}
	r, err := s.loadApplication(ctx, s.DB.Read(), a.P.District, id)
	if err != nil {
		return nil, err
	}
	if err := access.Decide(a.P, perm, access.Object{District: r.district, SchoolID: r.ReviewSchoolID}, "报名申请"); err != nil {
		return nil, err
	}
	return r, nil
}

// Decide records a reviewer's decision on an application with its reason.
func (s *Service) Decide(ctx context.Context, a Actor, id int64, in ReviewInput) (Application, error) {
	r, err := s.authorizedForReview(ctx, a, id, access.EnrollWrite)
	if err != nil {
		return Application{}, err
	}
	if _, ok := decisionNames[in.Decision]; !ok {
		return Application{}, errs.Field("decision", "审核结果应为通过、退回补正或不通过")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Decision != AppApproved && in.Reason == "" {
		return Application{}, errs.Field("reason", "退回补正或不通过时请写明理由")
	}
	if len([]rune(in.Reason)) > 500 {
		return Application{}, errs.Field("reason", "理由不超过 500 字")
	}
	c, err := s.campaign(ctx, s.DB.Read(), a.P.District, r.CampaignID)
	if err != nil {
		return Application{}, err
	}
	if c.Status != StatusPublished {
		return Application{}, errs.E(errs.Conflict, "名单已冻结，不能再审核")
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		if _, err := q.Exec(ctx, `UPDATE enroll_applications SET status = ?, review_reason = ?, updated_at = ? WHERE district_code = ? AND id = ?`,
			in.Decision, in.Reason, db.Now(), a.P.District, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `INSERT INTO enroll_reviews (district_code, id, application_id, decision, reason, reviewer, at)
VALUES (?, ?, ?, ?, ?, ?, ?)`, a.P.District, db.NewID(), id, in.Decision, in.Reason, a.P.Name, db.Now()); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("enroll.review", "enroll_application", id, decisionNames[in.Decision]+"："+in.Reason))
	})
	if err != nil {
		return Application{}, err
	}
	return s.GetApplication(ctx, a, id)
}
