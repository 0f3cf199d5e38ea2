package enroll

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/identity"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// Application statuses.
const (
	AppSubmitted = "submitted" // 待审核
	AppReturned  = "returned"  // 退回补正
	AppApproved  = "approved"  // 审核通过
	AppRejected  = "rejected"  // 不通过
)

// AppStatusNames names the statuses.
var AppStatusNames = map[string]string{AppSubmitted: "待审核", AppReturned: "退回补正", AppApproved: "审核通过", AppRejected: "不通过"}

// Result statuses after the draw.
const (
	ResultAdmitted   = "admitted"   // 录取
	ResultUnassigned = "unassigned" // 未派到志愿学校，统筹安排
	ResultDeclined   = "declined"   // 放弃学位
)

// ResultNames names the result statuses.
var ResultNames = map[string]string{ResultAdmitted: "已录取", ResultUnassigned: "志愿学校未录取，由教育局统筹安排", ResultDeclined: "已放弃学位"}

// Guardian is a parent or guardian on an application.
type Guardian struct {
	Name     string `json:"name"`
	Relation string `json:"relation"` // 父亲、母亲、其他监护人
	Phone    string `json:"phone"`
	IDNumber string `json:"id_number"`
}

// ApplicationInput is what a parent fills in.
type ApplicationInput struct {
	CampaignID      int64      `json:"campaign_id"`
	ChildName       string     `json:"child_name"`
	ChildIDNumber   string     `json:"child_id_number"`
	Guardians       []Guardian `json:"guardians"`
	HukouLocal      bool       `json:"hukou_local"`   // 户籍在本区
	HukouAddress    string     `json:"hukou_address"` // 户籍地址
	HousingType     string     `json:"housing_type"`  // own 自有住房 | rent 租住 | other 其他
	PropertyCert    string     `json:"property_cert"` // 不动产权证号/房屋编码
	HomeAddress     string     `json:"home_address"`  // 实际居住地址
	OwnerRelation   string     `json:"owner_relation"`
	PermitMonths    int        `json:"permit_months"`    // 居住证月数
	InsuranceMonths int        `json:"insurance_months"` // 社保月数
	Choices         []int64    `json:"choices"`          // school ids in preference order
}

// details is the sealed part of an application.
type details struct {
	Guardians       []Guardian `json:"g"`
	HukouLocal      bool       `json:"hl"`
	HukouAddress    string     `json:"ha"`
	HousingType     string     `json:"ht"`
	PropertyCert    string     `json:"pc"`
	HomeAddress     string     `json:"addr"`
	OwnerRelation   string     `json:"or"`
	PermitMonths    int        `json:"pm"`
	InsuranceMonths int        `json:"im"`
}

// Application is an application as its reader may see it: the parent sees their own data, staff see
// it masked.
type Application struct {
	ID             int64            `json:"id"`
	No             string           `json:"no"` // 报名号, also the applicant id of the draw
	CampaignID     int64            `json:"campaign_id"`
	CampaignTitle  string           `json:"campaign_title"`
	ChildName      string           `json:"child_name"`
	ChildIDNumber  string           `json:"child_id_number"`
	BirthDate      string           `json:"birth_date"`
	Sex            string           `json:"sex"`
	Input          ApplicationInput `json:"input"`
	Classification Classification   `json:"classification"`
	Choices        []SchoolBrief    `json:"choices"`
	ReviewSchoolID int64            `json:"review_school_id"`
	Status         string           `json:"status"`
	StatusName     string           `json:"status_name"`
	Checks         []Check          `json:"checks"`
	ReviewReason   string           `json:"review_reason"`
	Result         *Placement       `json:"result"`
	Offer          *OfferView       `json:"offer"` // a 递补 seat offered to this application, awaiting the family's answer
	Documents      []Document       `json:"documents"`
	Reviews        []Review         `json:"reviews"`
	Editable       bool             `json:"editable"`
	SubmittedAt    int64            `json:"submitted_at"`
	UpdatedAt      int64            `json:"updated_at"`

	district string
	parentID int64
}

// Placement is the outcome of the draw for an application.
type Placement struct {
	Status     string `json:"status"`
	StatusName string `json:"status_name"`
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	ChoiceRank int    `json:"choice_rank"`
	Lottery    string `json:"lottery"`
}

// Object locates the application for the access policy: its review school and its family.
func (a Application) Object() access.Object {
	return access.Object{District: a.district, SchoolID: a.ReviewSchoolID, OwnerID: a.parentID}
}

// Preview is what a parent sees before submitting: the category, the catchment schools and why.
type Preview struct {
	Classification Classification `json:"classification"`
	Catchment      []SchoolBrief  `json:"catchment"`
	Tiers          []ChoiceTier   `json:"tiers"`
	Documents      []string       `json:"documents"` // required document kinds
	Notice         string         `json:"notice"`
}

// ChoiceTier is the priority of the application at one chosen school.
type ChoiceTier struct {
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	Tier       int    `json:"tier"`
	Explain    string `json:"explain"`
}

// OrderNotice is said on every application page: registration order never matters.
const OrderNotice = "报名不分先后：在报名期内任何时间提交，结果都相同。录取只看入学类别（优先顺序）和电脑派位的随机号，与提交时间无关。"

// prepared is a validated input with everything derived from it.
type prepared struct {
	in      ApplicationInput
	c       *Campaign
	id      identity.IDNumber
	class   Classification
	preview Preview
	bidx    string
	house   string
}

func normalizeCert(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(Normalize(s)), ""))
}

// prepare validates an input against the campaign's published policy and computes the category.
func (s *Service) prepare(ctx context.Context, district string, in ApplicationInput) (*prepared, error) {
	c, err := s.cachedCampaign(ctx, district, in.CampaignID)
	if err != nil {
		return nil, err
	}
	pol := &c.Policy
	var f errs.Fields
	in.ChildName = strings.TrimSpace(in.ChildName)
	if n := len([]rune(in.ChildName)); n < 2 || n > 20 {
		f.Add("child_name", "请填写儿童姓名（2—20 字）")
	}
	in.ChildIDNumber = strings.ToUpper(strings.TrimSpace(in.ChildIDNumber))
	id, err := identity.ParseIDNumber(in.ChildIDNumber, s.now())
	if err != nil {
		f.Add("child_id_number", err.Error())
	}
	if len(in.Guardians) == 0 || len(in.Guardians) > 4 {
		f.Add("guardians", "请填写 1—4 名监护人")
	}
	for i, g := range in.Guardians {
		if g.Name == "" || g.Relation == "" {
			f.Add(fmt.Sprintf("guardians[%d].name", i), "请填写监护人姓名和关系")
		}
		if len(g.Phone) != 11 || g.Phone[0] != '1' {
			f.Add(fmt.Sprintf("guardians[%d].phone", i), "手机号应为 11 位数字")
		}
		if g.IDNumber != "" {
			if _, err := identity.ParseIDNumber(strings.ToUpper(g.IDNumber), s.now()); err != nil {
				f.Add(fmt.Sprintf("guardians[%d].id_number", i), err.Error())
			}
		}
	}
	if in.HukouLocal && in.HukouAddress == "" {
		f.Add("hukou_address", "户籍在本区的请填写户籍地址")
	}
	switch in.HousingType {
	case "own":
		if normalizeCert(in.PropertyCert) == "" {
			f.Add("property_cert", "自有住房请填写不动产权证号或房屋编码")
		}
		if in.OwnerRelation == "" {
			f.Add("owner_relation", "请填写与产权人的关系")
		}
	case "rent", "other":
	default:
		f.Add("housing_type", "住房情况应为自有住房、租住或其他")
	}
	if in.HomeAddress == "" || len([]rune(in.HomeAddress)) > 120 || len([]rune(in.HukouAddress)) > 120 {
		f.Add("home_address", "请填写 120 字以内的实际居住地址")
	}
	if in.PermitMonths < 0 || in.PermitMonths > 600 || in.InsuranceMonths < 0 || in.InsuranceMonths > 600 {
		f.Add("permit_months", "月数应在 0—600 之间")
	}
	if len(in.Choices) == 0 || len(in.Choices) > pol.MaxChoices {
		f.Add("choices", fmt.Sprintf("请按志愿顺序选择 1—%d 所学校", pol.MaxChoices))
	}
	for i, sc := range in.Choices {
		if _, ok := pol.PlanFor(sc); !ok || slices.Index(in.Choices, sc) != i {
			f.Add(fmt.Sprintf("choices[%d]", i), "志愿学校不在本次招生计划中或重复")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	ix, err := s.loadCatchments(ctx, district)
	if err != nil {
		return nil, err
	}
	own := in.HousingType == "own" && (in.OwnerRelation == "父亲" || in.OwnerRelation == "母亲" || in.OwnerRelation == "父母共有")
	facts := Facts{HukouLocal: in.HukouLocal, OwnHome: own, HomeSchools: pol.planned(ix.match(in.HomeAddress)),
		PermitMonths: in.PermitMonths, InsuranceMonths: in.InsuranceMonths}
	if in.HukouLocal {
		facts.HukouSchools = pol.planned(ix.match(in.HukouAddress))
	}
	cl := Classify(pol, facts)
	if in.HousingType == "own" && !own {
		cl.Reasons = append(cl.Reasons, "住房产权人不是父母（"+in.OwnerRelation+"），不按父母名下住房认定")
	}
	p := &prepared{in: in, c: c, id: id, class: cl, bidx: s.Keys.BlindIndex(bidxChildID, in.ChildIDNumber)}
	if in.HousingType == "own" {
		p.house = s.Keys.BlindIndex(bidxHouse, normalizeCert(in.PropertyCert))
	}
	pv := Preview{Classification: cl, Catchment: []SchoolBrief{}, Tiers: []ChoiceTier{}, Documents: RequiredDocuments(cl, own), Notice: OrderNotice}
	for _, sc := range cl.Catchment {
		pv.Catchment = append(pv.Catchment, SchoolBrief{sc, ix.names[sc]})
	}
	for _, sc := range in.Choices {
		pl, _ := pol.PlanFor(sc)
		t := pol.Tier(cl.Category, cl.Catchment, sc)
		ex := fmt.Sprintf("第 %d 优先顺序（%s）", t, cl.Name)
		if !slices.Contains(cl.Catchment, sc) || cl.Category == CatOther {
			ex = fmt.Sprintf("第 %d 优先顺序：不在您的片区优先范围内，按统筹安排参加派位", t)
		}
		pv.Tiers = append(pv.Tiers, ChoiceTier{sc, pl.SchoolName, t, ex})
	}
	p.preview = pv
	return p, nil
}

// inWindow says whether parents may still submit or edit.
func (s *Service) inWindow(c *Campaign, status string) error {
	today := s.today()
	if c.Status != StatusPublished {
		return errs.E(errs.Conflict, "报名已结束，不能再提交或修改")
	}
	if today < c.Policy.Dates.RegOpen {
		return errs.E(errs.Conflict, "报名尚未开始（%s 开始）", c.Policy.Dates.RegOpen)
	}
	last := c.Policy.Dates.RegClose
	if status == AppReturned {
		last = c.Policy.Dates.CorrectionClose
	}
	if today > last {
		return errs.E(errs.Conflict, "已过截止日期（%s），不能再提交或修改", last)
	}
	return nil
}

func requireParent(p *access.Principal) error {
	if err := access.Require(p, access.Portal); err != nil {
		return err
	}
	if p.Role != access.Parent {
		e := errs.E(errs.Forbidden, "只有家长账号可以报名")
		e.Denied = true
		return e
	}
	return nil
}

// PreviewApplication computes the category and the catchment of an input without storing it.
func (s *Service) PreviewApplication(ctx context.Context, p *access.Principal, in ApplicationInput) (Preview, error) {
	if err := requireParent(p); err != nil {
		return Preview{}, err
	}
	pr, err := s.prepare(ctx, p.District, in)
	if err != nil {
		return Preview{}, err
	}
	return pr.preview, nil
}

func (s *Service) seal(pr *prepared) (idEnc, detEnc string, err error) {
	in := pr.in
	d := details{Guardians: in.Guardians, HukouLocal: in.HukouLocal, HukouAddress: in.HukouAddress, HousingType: in.HousingType,
		PropertyCert: in.PropertyCert, HomeAddress: in.HomeAddress, OwnerRelation: in.OwnerRelation, PermitMonths: in.PermitMonths,
		InsuranceMonths: in.InsuranceMonths}
	raw, _ := json.Marshal(d)
	if idEnc, err = s.Keys.Seal(in.ChildIDNumber, ctxChildID); err != nil {
		return "", "", err
	}
	detEnc, err = s.Keys.Seal(string(raw), ctxDetails)
	return idEnc, detEnc, err
}

// Submit stores a parent's application: validation, category and catchment, encryption, then one
// final write through s.write (an INSERT and its audit record). One application per child per
// campaign: a second one for the same 身份证号 is refused.
func (s *Service) Submit(ctx context.Context, p *access.Principal, in ApplicationInput) (Application, error) {
	if err := requireParent(p); err != nil {
		return Application{}, err
	}
	pr, err := s.prepare(ctx, p.District, in)
	if err != nil {
		return Application{}, err
	}
	if err := s.inWindow(pr.c, AppSubmitted); err != nil {
		return Application{}, err
	}
	idEnc, detEnc, err := s.seal(pr)
	if err != nil {
		return Application{}, err
	}
	id, now := db.NewID(), db.Now()
	review := pr.in.Choices[0]
	dup := errs.Field("child_id_number", "该儿童已报名本次招生，一名儿童只能报名一次；如需修改请在“我的报名”中编辑")
	err = s.write(ctx, func(q db.Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO enroll_applications (district_code, id, campaign_id, parent_id, child_name, child_bidx, child_id_enc,
birth_date, sex, details_enc, property_bidx, catchment, category, migrant, choices, review_school_id, status, submitted_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.District, id, pr.c.ID, p.UserID, pr.in.ChildName, pr.bidx, idEnc,
			pr.id.Birth.Format(time.DateOnly), pr.id.Sex(), detEnc, pr.house, joinIDs(pr.class.Catchment), pr.class.Category, pr.class.Migrant,
			joinIDs(pr.in.Choices), review, AppSubmitted, now, now)
		if isUniqueViolation(err) {
			return dup
		}
		if err != nil {
			return err
		}
		e := audit1(p, ipOf(ctx), "enroll.application.submit", id, pr.c.Title+"："+pii.MaskName(pr.in.ChildName)+"（"+pr.class.Name+"）")
		return s.Audit.Append(ctx, q, p.District, e)
	})
	if err != nil {
		return Application{}, err
	}
	return Application{ID: id, No: itoa(id), CampaignID: pr.c.ID, CampaignTitle: pr.c.Title, ChildName: pr.in.ChildName,
		ChildIDNumber: pr.in.ChildIDNumber, BirthDate: pr.id.Birth.Format(time.DateOnly), Sex: pr.id.Sex(), Input: pr.in,
		Classification: pr.class, Choices: tierSchools(pr.preview.Tiers), ReviewSchoolID: review, Status: AppSubmitted,
		StatusName: AppStatusNames[AppSubmitted], Checks: []Check{}, Documents: []Document{}, Reviews: []Review{}, Editable: true,
		SubmittedAt: now, UpdatedAt: now, district: p.District, parentID: p.UserID}, nil
}

func tierSchools(ts []ChoiceTier) []SchoolBrief {
	out := make([]SchoolBrief, len(ts))
	for i, t := range ts {
		out[i] = SchoolBrief{t.SchoolID, t.SchoolName}
	}
	return out
}

// Update replaces a parent's own application until the window closes; a returned application goes
// back to review.
func (s *Service) Update(ctx context.Context, p *access.Principal, id int64, in ApplicationInput) (Application, error) {
	old, err := s.ownApplication(ctx, p, id)
	if err != nil {
		return Application{}, err
	}
	in.CampaignID = old.CampaignID
	pr, err := s.prepare(ctx, p.District, in)
	if err != nil {
		return Application{}, err
	}
	if old.Status != AppSubmitted && old.Status != AppReturned {
		return Application{}, errs.E(errs.Conflict, "申请已%s，不能再修改", AppStatusNames[old.Status])
	}
	if err := s.inWindow(pr.c, old.Status); err != nil {
		return Application{}, err
	}
	idEnc, detEnc, err := s.seal(pr)
	if err != nil {
		return Application{}, err
	}
	err = s.write(ctx, func(q db.Querier) error {
		_, err := q.Exec(ctx, `UPDATE enroll_applications SET child_name = ?, child_bidx = ?, child_id_enc = ?, birth_date = ?, sex = ?,
details_enc = ?, property_bidx = ?, catchment = ?, category = ?, migrant = ?, choices = ?, review_school_id = ?, status = ?, updated_at = ?
WHERE district_code = ? AND id = ?`, pr.in.ChildName, pr.bidx, idEnc, pr.id.Birth.Format(time.DateOnly), pr.id.Sex(), detEnc, pr.house,
			joinIDs(pr.class.Catchment), pr.class.Category, pr.class.Migrant, joinIDs(pr.in.Choices), pr.in.Choices[0], AppSubmitted, db.Now(),
			p.District, id)
		if isUniqueViolation(err) {
			return errs.Field("child_id_number", "该儿童已有本次招生的另一份报名")
		}
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, p.District, audit1(p, ipOf(ctx), "enroll.application.update", id, pii.MaskName(pr.in.ChildName)))
	})
	if err != nil {
		return Application{}, err
	}
	return s.MyApplication(ctx, p, id)
}
