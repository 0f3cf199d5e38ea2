package enroll

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

func audit1(p *access.Principal, ip, action string, id int64, detail string) audit.Entry {
	return audit.By(p, ip, action, "enroll_application", itoa(id), detail)
}

const appCols = `a.id, a.campaign_id, a.parent_id, a.child_name, a.child_id_enc, a.birth_date, a.sex, a.details_enc, a.catchment,
a.category, a.migrant, a.choices, a.review_school_id, a.status, a.checks, a.review_reason, a.result_school_id, a.result_rank,
a.result_status, a.lottery, a.submitted_at, a.updated_at, a.district_code, c.title`

type appRow struct {
	Application
	idEnc, detEnc, catchment, choices, checks string
	resSchool                                 int64
	resRank                                   int
	resStatus, lottery                        string
}

func scanApp(row interface{ Scan(...any) error }) (*appRow, error) {
	r := &appRow{}
	a := &r.Application
	err := row.Scan(&a.ID, &a.CampaignID, &a.parentID, &a.ChildName, &r.idEnc, &a.BirthDate, &a.Sex, &r.detEnc, &r.catchment,
		&a.Classification.Category, &a.Classification.Migrant, &r.choices, &a.ReviewSchoolID, &a.Status, &r.checks, &a.ReviewReason,
		&r.resSchool, &r.resRank, &r.resStatus, &r.lottery, &a.SubmittedAt, &a.UpdatedAt, &a.district, &a.CampaignTitle)
	if err != nil {
		return nil, err
	}
	a.No = itoa(a.ID)
	a.StatusName = AppStatusNames[a.Status]
	a.Classification.Name = CategoryNames[a.Classification.Category]
	a.Classification.Catchment = splitIDs(r.catchment)
	a.Checks = []Check{}
	if r.checks != "" {
		_ = json.Unmarshal([]byte(r.checks), &a.Checks)
	}
	return r, nil
}

func (s *Service) loadApplication(ctx context.Context, q db.Querier, district string, id int64) (*appRow, error) {
	r, err := scanApp(q.QueryRow(ctx, `SELECT `+appCols+` FROM enroll_applications a JOIN enroll_campaigns c
ON c.district_code = a.district_code AND c.id = a.campaign_id WHERE a.district_code = ? AND a.id = ?`, district, id))
	if db.IsNoRows(err) {
		return nil, errs.NotFoundf("报名申请")
	}
	return r, err
}

// complete opens the sealed fields (masked unless full), names the schools, and adds documents,
// reviews and the result.
func (s *Service) complete(ctx context.Context, r *appRow, full bool) (Application, error) {
	a := r.Application
	id, err := s.Keys.Open(r.idEnc, ctxChildID)
	if err != nil {
		return a, err
	}
	raw, err := s.Keys.Open(r.detEnc, ctxDetails)
	if err != nil {
		return a, err
	}
	var d details
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		return a, err
	}
	if !full {
		id = pii.MaskIDNumber(id)
		a.ChildName = pii.MaskName(a.ChildName)
		for i := range d.Guardians {
			d.Guardians[i].Name = pii.MaskName(d.Guardians[i].Name)
			d.Guardians[i].Phone = pii.MaskPhone(d.Guardians[i].Phone)
			d.Guardians[i].IDNumber = pii.MaskIDNumber(d.Guardians[i].IDNumber)
		}
		d.HukouAddress, d.HomeAddress = pii.MaskAddress(d.HukouAddress), pii.MaskAddress(d.HomeAddress)
		if d.PropertyCert != "" {
			d.PropertyCert = maskCert(d.PropertyCert)
		}
	}
	a.ChildIDNumber = id
	a.Input = ApplicationInput{CampaignID: a.CampaignID, ChildName: a.ChildName, ChildIDNumber: id, Guardians: d.Guardians,
		HukouLocal: d.HukouLocal, HukouAddress: d.HukouAddress, HousingType: d.HousingType, PropertyCert: d.PropertyCert,
		HomeAddress: d.HomeAddress, OwnerRelation: d.OwnerRelation, PermitMonths: d.PermitMonths, InsuranceMonths: d.InsuranceMonths,
		Choices: splitIDs(r.choices)}
	names, err := s.schoolNames(ctx, r.district)
	if err != nil {
		return a, err
	}
	a.Choices = []SchoolBrief{}
	for _, sc := range a.Input.Choices {
		a.Choices = append(a.Choices, SchoolBrief{sc, names[sc]})
	}
	if r.resStatus != "" {
		a.Result = &Placement{Status: r.resStatus, StatusName: ResultNames[r.resStatus], SchoolID: r.resSchool,
			SchoolName: names[r.resSchool], ChoiceRank: r.resRank, Lottery: r.lottery}
	}
	if a.Documents, err = s.documents(ctx, r.district, a.ID); err != nil {
		return a, err
	}
	if a.Reviews, err = s.reviews(ctx, r.district, a.ID); err != nil {
		return a, err
	}
	return a, nil
}

func maskCert(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:2]) + strings.Repeat("*", len(r)-4) + string(r[len(r)-2:])
}

// schoolNames maps the district's school ids to names.
func (s *Service) schoolNames(ctx context.Context, district string) (map[int64]string, error) {
	rows, err := s.DB.Read().Query(ctx, `SELECT id, name FROM schools WHERE district_code = ?`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// ownApplication loads an application of the parent p's own family; any other is "not found" (and
// recorded as a denial), so that a parent cannot learn that another family's application exists.
func (s *Service) ownApplication(ctx context.Context, p *access.Principal, id int64) (*appRow, error) {
	if err := requireParent(p); err != nil {
		return nil, err
	}
	r, err := s.loadApplication(ctx, s.DB.Read(), p.District, id)
	if err != nil {
		return nil, err
	}
	if !access.InScope(p, r.Object()) {
		e := errs.NotFoundf("报名申请")
		e.Denied = true
		return nil, e
	}
	return r, nil
}

// MyApplication returns one of the parent's own applications, unmasked (they wrote it).
func (s *Service) MyApplication(ctx context.Context, p *access.Principal, id int64) (Application, error) {
	r, err := s.ownApplication(ctx, p, id)
	if err != nil {
		return Application{}, err
	}
	a, err := s.complete(ctx, r, true)
	if err != nil {
		return a, err
	}
	for i := range a.Reviews {
		a.Reviews[i].Reviewer = "" // families see the outcome and reason, not the reviewer's name
	}
	c, err := s.cachedCampaign(ctx, p.District, a.CampaignID) // the published policy decides the window
	if err != nil {
		return a, err
	}
	a.Editable = (a.Status == AppSubmitted || a.Status == AppReturned) && s.inWindow(c, a.Status) == nil
	if c.Status == StatusDrawn && a.Result != nil && a.Result.Status != ResultDeclined {
		if a.Offer, err = s.openOfferFor(ctx, p.District, c.ID, a.No); err != nil {
			return a, err
		}
	}
	return a, nil
}

// MyApplications lists the parent's own applications.
func (s *Service) MyApplications(ctx context.Context, p *access.Principal) ([]Application, error) {
	if err := requireParent(p); err != nil {
		return nil, err
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT a.id FROM enroll_applications a WHERE a.district_code = ? AND a.parent_id = ?
ORDER BY a.submitted_at DESC`, p.District, p.UserID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []Application{}
	for _, id := range ids {
		a, err := s.MyApplication(ctx, p, id)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// GetApplication returns an application to a reviewer of its school or of the bureau, masked.
func (s *Service) GetApplication(ctx context.Context, a Actor, id int64) (Application, error) {
	r, err := s.loadApplication(ctx, s.DB.Read(), a.P.District, id)
	if err != nil {
		if errs.Code(err) == errs.NotFound {
			if err := access.Require(a.P, access.EnrollRead); err != nil {
				return Application{}, err
			}
		}
		return Application{}, err
	}
	if err := access.Decide(a.P, access.EnrollRead, access.Object{District: r.district, SchoolID: r.ReviewSchoolID}, "报名申请"); err != nil {
		return Application{}, err
	}
	return s.complete(ctx, r, false)
}

// QueueFilter selects applications for a review queue.
type QueueFilter struct {
	CampaignID int64
	Status     string
	Category   string
	SchoolID   int64
}

// QueueItem is a row of a review queue.
type QueueItem struct {
	ID           int64  `json:"id"`
	No           string `json:"no"`
	ChildName    string `json:"child_name"`
	BirthDate    string `json:"birth_date"`
	Category     string `json:"category"`
	CategoryName string `json:"category_name"`
	Migrant      bool   `json:"migrant"`
	SchoolID     int64  `json:"school_id"`
	SchoolName   string `json:"school_name"`
	Status       string `json:"status"`
	StatusName   string `json:"status_name"`
	Problems     int    `json:"problems"` // failed pre-checks
	ResultStatus string `json:"result_status"`
	ResultSchool string `json:"result_school"`
	SubmittedAt  int64  `json:"submitted_at"`
}

// Queue lists applications for review: a school sees those whose first choice it is, the bureau all.
func (s *Service) Queue(ctx context.Context, a Actor, f QueueFilter, pg httpapi.PageReq) ([]QueueItem, int, error) {
	if err := access.Require(a.P, access.EnrollRead); err != nil {
		return nil, 0, err
	}
	lf := access.ListFilter(a.P)
	if lf.None || lf.ZoneID != 0 || lf.OwnerID != 0 {
		return []QueueItem{}, 0, nil
	}
	where := ` WHERE a.district_code = ? AND a.campaign_id = ?`
	args := []any{a.P.District, f.CampaignID}
	if lf.SchoolID != 0 {
		where += ` AND a.review_school_id = ?`
		args = append(args, lf.SchoolID)
	}
	if f.SchoolID != 0 {
		where += ` AND a.review_school_id = ?`
		args = append(args, f.SchoolID)
	}
	if f.Status != "" {
		where += ` AND a.status = ?`
		args = append(args, f.Status)
	}
	if f.Category != "" {
		where += ` AND a.category = ?`
		args = append(args, f.Category)
	}
	var total int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM enroll_applications a`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT a.id, a.child_name, a.birth_date, a.category, a.migrant, a.review_school_id, s.name,
a.status, a.checks, a.result_status, COALESCE(rs.name, ''), a.submitted_at FROM enroll_applications a
JOIN schools s ON s.district_code = a.district_code AND s.id = a.review_school_id
LEFT JOIN schools rs ON rs.district_code = a.district_code AND rs.id = a.result_school_id`+where+
		` ORDER BY a.id LIMIT ? OFFSET ?`, append(args, pg.Size, pg.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []QueueItem{}
	for rows.Next() {
		var it QueueItem
		var checks string
		if err := rows.Scan(&it.ID, &it.ChildName, &it.BirthDate, &it.Category, &it.Migrant, &it.SchoolID, &it.SchoolName, &it.Status,
			&checks, &it.ResultStatus, &it.ResultSchool, &it.SubmittedAt); err != nil {
			return nil, 0, err
		}
		it.No, it.ChildName = itoa(it.ID), pii.MaskName(it.ChildName)
		it.CategoryName, it.StatusName = CategoryNames[it.Category], AppStatusNames[it.Status]
		var cs []Check
		_ = json.Unmarshal([]byte(checks), &cs)
		for _, c := range cs {
			if !c.OK {
				it.Problems++
			}
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
}

// RevealInput gives the reason for reading an application's personal data in full.
type RevealInput struct {
	Reason string `json:"reason"`
}

// Reveal returns an application unmasked to a reviewer who holds 查看完整个人信息, with the reason
// recorded in the audit log (without the values).
func (s *Service) Reveal(ctx context.Context, a Actor, id int64, in RevealInput) (Application, error) {
	if err := access.Require(a.P, access.PIIReveal); err != nil {
		return Application{}, err
	}
	r, err := s.authorizedForReview(ctx, a, id, access.EnrollRead)
	if err != nil {
		return Application{}, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if n := len([]rune(in.Reason)); n < 2 || n > 200 {
		return Application{}, errs.Field("reason", "请填写查看完整信息的理由（2—200 字）")
	}
	if err := s.Audit.Record(ctx, a.P.District, a.entry("enroll.application.reveal", "enroll_application", id, "理由："+in.Reason)); err != nil {
		return Application{}, err
	}
	return s.complete(ctx, r, true)
}
