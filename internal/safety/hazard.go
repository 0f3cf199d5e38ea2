package safety

// Hazards (安全隐患) on the workflow engine.
//
// The public API that other modules call — supervision turns a 责任督学 visit finding into a
// hazard with it:
//
//	svc.Report(ctx, p, safety.HazardInput{SchoolID: id, Source: safety.SourceVisit, SourceRef: visitID,
//		Category: "消防", Severity: "一般", Location: "教学楼二楼", Description: "灭火器过期"})
//
// Report checks that p holds SafetyWrite and that the school is in p's scope (a school reports
// only its own hazards, as 自查; an inspector only in the schools of their zone), validates the
// input (categories and severities as listed below, a description, a found date not in the
// future), assigns the hazard to the school with the rectification deadline of its severity in
// working days (SetDeadlines; the calendar of platform/workcal), names the section that handles
// safety (a section whose name holds “安全”, else the bureau) as the superior an overdue hazard
// escalates to, and records the report in the hazard's history and the audit log.
//
// A hazard then moves: 待整改 → (the school submits rectification evidence: a note and at least
// one photo or file) 待验收 → (the zone's inspector or a section member with SafetyWrite verifies)
// 已整改, or is sent back to 待整改 with a reason. A section member may cancel (已撤销) a hazard
// reported in error; cancelled hazards are left out of every figure.

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/workflow"
)

// Sources of a hazard.
const (
	SourceSelf     = "自查"
	SourceVisit    = "督学检查"
	SourceCampaign = "专项检查"
)

// Sources lists the sources in display order.
var Sources = []string{SourceSelf, SourceVisit, SourceCampaign}

// Categories of hazards.
var Categories = []string{"消防", "食品", "校舍建筑", "交通/校车", "危化品/实验室", "周边治安", "防溺水", "其他"}

// Severities of hazards, from the least to the most serious.
var Severities = []string{"一般", "较大", "重大"}

// DefaultDeadlines are the rectification deadlines in working days per severity until the
// section sets its own (SetDeadlines).
var DefaultDeadlines = map[string]int{"一般": 5, "较大": 10, "重大": 20}

// Hazard states.
const (
	StateOpen      = "open"
	StateSubmitted = "submitted"
	StateClosed    = "closed"
	StateCancelled = "cancelled"
)

// HazardType is the workflow type of hazards.
const HazardType = "safety.hazard"

// hazardType declares the states and the guarded transitions of a hazard.
func hazardType() *workflow.Type {
	verifiers := []string{access.Inspector, access.Staff}
	return &workflow.Type{Code: HazardType, Name: "安全隐患", Initial: StateOpen, ReadPerm: access.SafetyRead, CommentPerm: access.SafetyWrite,
		States: []workflow.State{{Code: StateOpen, Name: "待整改"}, {Code: StateSubmitted, Name: "待验收"},
			{Code: StateClosed, Name: "已整改", Final: true}, {Code: StateCancelled, Name: "已撤销", Final: true}},
		Transitions: []workflow.Transition{
			{Action: "submit", Name: "提交整改", From: []string{StateOpen}, To: StateSubmitted, Perm: access.SafetyWrite,
				Roles: []string{access.SchoolAdmin}, Assignee: true, NeedComment: true, NeedAttachment: true},
			{Action: "verify", Name: "验收通过", From: []string{StateSubmitted}, To: StateClosed, Perm: access.SafetyWrite, Roles: verifiers},
			{Action: "return", Name: "退回重改", From: []string{StateSubmitted}, To: StateOpen, Perm: access.SafetyWrite, Roles: verifiers,
				NeedComment: true},
			{Action: "cancel", Name: "撤销", From: []string{StateOpen, StateSubmitted}, To: StateCancelled, Perm: access.SafetyWrite,
				Roles: []string{access.Staff}, NeedComment: true},
		}}
}

// Service is campus safety: hazards, campaigns and their figures.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Flow  *workflow.Engine
}

// NewService builds the service and registers the hazard type on the engine.
func NewService(d *db.DB, a *audit.Log, flow *workflow.Engine) *Service {
	flow.Register(hazardType())
	return &Service{DB: d, Audit: a, Flow: flow}
}

// HazardInput is a hazard as reported.
type HazardInput struct {
	SchoolID    int64  `json:"school_id,string"`
	Source      string `json:"source"`     // 自查, 督学检查 or 专项检查
	SourceRef   string `json:"source_ref"` // e.g. the visit's id
	CampaignID  int64  `json:"campaign_id,string,omitempty"`
	Category    string `json:"category"`
	Severity    string `json:"severity"`
	Location    string `json:"location"`
	Description string `json:"description"`
	FoundOn     string `json:"found_on"` // 'YYYY-MM-DD'; today when empty
}

// Hazard is a hazard with its workflow state.
type Hazard struct {
	workflow.Item
	SchoolName   string `json:"school_name"`
	Source       string `json:"source"`
	SourceRef    string `json:"source_ref"`
	CampaignID   int64  `json:"campaign_id,string"`
	CampaignName string `json:"campaign_name"`
	Category     string `json:"category"`
	Severity     string `json:"severity"`
	Location     string `json:"location"`
	Description  string `json:"description"`
	FoundOn      string `json:"found_on"`
	ReporterName string `json:"reporter_name"`
	Escalated    bool   `json:"escalated"`
}

// Validate checks the input's own fields for the role that reports it.
func (in *HazardInput) Validate(role, today string) error {
	var f errs.Fields
	in.Location, in.Description, in.SourceRef = strings.TrimSpace(in.Location), strings.TrimSpace(in.Description), strings.TrimSpace(in.SourceRef)
	if in.SchoolID == 0 {
		f.Add("school_id", "请选择学校")
	}
	if !slices.Contains(Sources, in.Source) {
		f.Add("source", "来源应为：自查、督学检查或专项检查")
	} else if role == access.SchoolAdmin && in.Source != SourceSelf {
		f.Add("source", "学校上报的隐患来源只能是“自查”")
	} else if role != access.SchoolAdmin && in.Source == SourceSelf {
		f.Add("source", "“自查”只能由学校上报")
	}
	if in.Source == SourceCampaign && in.CampaignID == 0 {
		f.Add("campaign_id", "专项检查发现的隐患请选择检查活动")
	}
	if !slices.Contains(Categories, in.Category) {
		f.Add("category", "类别应为："+strings.Join(Categories, "、"))
	}
	if !slices.Contains(Severities, in.Severity) {
		f.Add("severity", "等级应为：一般、较大或重大")
	}
	if len([]rune(in.Location)) > 200 {
		f.Add("location", "位置不能超过 200 字")
	}
	if in.Description == "" || len([]rune(in.Description)) > 2000 {
		f.Add("description", "请描述隐患情况（不超过 2000 字）")
	}
	if len([]rune(in.SourceRef)) > 100 {
		f.Add("source_ref", "来源编号不能超过 100 字")
	}
	if in.FoundOn == "" {
		in.FoundOn = today
	}
	if _, err := time.Parse(workflow.DateLayout, in.FoundOn); err != nil {
		f.Add("found_on", "发现日期格式应为 YYYY-MM-DD")
	} else if in.FoundOn > today {
		f.Add("found_on", "发现日期不能晚于今天")
	}
	return f.Err()
}

// Report records a hazard and assigns it to its school (see the file comment). It is the API
// other modules call; the audit entry carries no client address (ReportFrom does).
func (s *Service) Report(ctx context.Context, p *access.Principal, in HazardInput) (Hazard, error) {
	return s.ReportFrom(ctx, p, "", in)
}

// ReportFrom is Report from a client address.
func (s *Service) ReportFrom(ctx context.Context, p *access.Principal, ip string, in HazardInput) (Hazard, error) {
	if err := access.Require(p, access.SafetyWrite); err != nil {
		return Hazard{}, err
	}
	var id int64
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		h, err := s.ReportTx(ctx, q, p, ip, in)
		id = h.ID
		return err
	})
	if err != nil {
		return Hazard{}, err
	}
	return s.hazard(ctx, s.DB.Read(), p.District, id)
}

// ReportTx is Report inside the caller's transaction (a campaign's findings are reported at once).
func (s *Service) ReportTx(ctx context.Context, q db.Querier, p *access.Principal, ip string, in HazardInput) (workflow.Item, error) {
	if err := access.Require(p, access.SafetyWrite); err != nil {
		return workflow.Item{}, err
	}
	if err := in.Validate(p.Role, s.Flow.Today()); err != nil {
		return workflow.Item{}, err
	}
	sc, err := schoolOf(ctx, q, p.District, in.SchoolID)
	if err != nil {
		return workflow.Item{}, err
	}
	if err := access.Decide(p, access.SafetyWrite, sc.object(p.District), "学校"); err != nil {
		return workflow.Item{}, err
	}
	if in.CampaignID != 0 {
		if err := campaignTargets(ctx, q, p.District, in.CampaignID, in.SchoolID); err != nil {
			return workflow.Item{}, err
		}
	}
	days, err := s.deadline(ctx, q, p.District, in.Severity)
	if err != nil {
		return workflow.Item{}, err
	}
	supKind, supID, err := safetySection(ctx, q, p.District)
	if err != nil {
		return workflow.Item{}, err
	}
	title := in.Category + "：" + firstRunes(in.Description, 40)
	it, err := s.Flow.Create(ctx, q, p, ip, workflow.NewItem{Type: HazardType, Title: title, SchoolID: sc.id, ZoneID: sc.zone,
		AssigneeKind: workflow.AssignSchool, AssigneeID: sc.id, SuperiorKind: supKind, SuperiorID: supID, StartOn: in.FoundOn,
		DueDays: days, Comment: in.Source + "发现：" + in.Description})
	if err != nil {
		return workflow.Item{}, err
	}
	reporter := p.Name
	if reporter == "" {
		reporter = p.Username
	}
	_, err = q.Exec(ctx, `INSERT INTO safety_hazards (district_code, id, school_id, source, source_ref, campaign_id, category, severity,
location, description, found_on, reporter_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.District, it.ID, sc.id, in.Source,
		in.SourceRef, in.CampaignID, in.Category, in.Severity, in.Location, in.Description, in.FoundOn, reporter)
	return it, err
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// school is what a hazard needs of its school.
type school struct {
	id, zone int64
	name     string
}

func (sc school) object(district string) access.Object {
	return access.Object{District: district, SchoolID: sc.id, ZoneID: sc.zone}
}

func schoolOf(ctx context.Context, q db.Querier, district string, id int64) (school, error) {
	sc := school{id: id}
	var zone *int64
	err := q.QueryRow(ctx, `SELECT name, zone_id FROM schools WHERE district_code = ? AND id = ?`, district, id).Scan(&sc.name, &zone)
	if db.IsNoRows(err) {
		e := errs.NotFoundf("学校")
		e.Denied = true
		return school{}, e
	}
	if zone != nil {
		sc.zone = *zone
	}
	return sc, err
}

// safetySection is the superior hazards escalate to: the first active section whose name holds
// “安全” (安全稳定科 in most bureaus), else the bureau as a whole.
func safetySection(ctx context.Context, q db.Querier, district string) (string, int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM sections WHERE district_code = ? AND active = TRUE AND name LIKE ? ORDER BY sort, id LIMIT 1`,
		district, "%安全%").Scan(&id)
	if db.IsNoRows(err) {
		return workflow.AssignDistrict, 0, nil
	}
	if err != nil {
		return "", 0, err
	}
	return workflow.AssignSection, id, nil
}
