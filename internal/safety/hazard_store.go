package safety

import (
	"context"
	"fmt"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/workflow"
)

const hazardFrom = ` FROM safety_hazards h
JOIN wf_items w ON w.district_code = h.district_code AND w.id = h.id
JOIN schools s ON s.district_code = h.district_code AND s.id = h.school_id
LEFT JOIN safety_campaigns c ON c.district_code = h.district_code AND c.id = h.campaign_id`

func hazardSelect() string {
	return `SELECT ` + workflow.ItemColumns("w.") + `, s.name, h.source, h.source_ref, h.campaign_id, COALESCE(c.name, ''), h.category,
h.severity, h.location, h.description, h.found_on, h.reporter_name` + hazardFrom
}

func (s *Service) scanHazard(row interface{ Scan(...any) error }) (Hazard, error) {
	var h Hazard
	it, err := s.Flow.ScanItem(row, &h.SchoolName, &h.Source, &h.SourceRef, &h.CampaignID, &h.CampaignName, &h.Category, &h.Severity,
		&h.Location, &h.Description, &h.FoundOn, &h.ReporterName)
	if err != nil {
		return Hazard{}, err
	}
	h.Item = it
	h.Escalated = it.EscalatedAt != 0 && !it.Final
	return h, nil
}

func (s *Service) hazard(ctx context.Context, q db.Querier, district string, id int64) (Hazard, error) {
	h, err := s.scanHazard(q.QueryRow(ctx, hazardSelect()+` WHERE h.district_code = ? AND h.id = ?`, district, id))
	if db.IsNoRows(err) {
		return Hazard{}, errs.NotFoundf("隐患")
	}
	return h, err
}

// HazardFilter narrows a hazard list.
type HazardFilter struct {
	State      string // open, submitted, closed, cancelled, or "pending" (open or submitted)
	SchoolID   int64
	CampaignID int64
	Category   string
	Severity   string
	Source     string
	Overdue    bool // open and past the deadline
	Escalated  bool // open and escalated
	From, To   string
	Q          string
}

// scopeWhere restricts hazards to p's scope and the filter.
func (s *Service) scopeWhere(p *access.Principal, f HazardFilter) (string, []any, bool) {
	lf := access.ListFilter(p)
	if lf.None || lf.OwnerID != 0 {
		return "", nil, false
	}
	where := []string{"h.district_code = ?"}
	args := []any{lf.District}
	add := func(c string, v ...any) { where, args = append(where, c), append(args, v...) }
	if lf.SchoolID != 0 {
		add("h.school_id = ?", lf.SchoolID)
	}
	if lf.ZoneID != 0 {
		add("w.zone_id = ?", lf.ZoneID)
	}
	switch f.State {
	case "":
	case "pending":
		add("w.final_state = FALSE")
	default:
		add("w.state = ?", f.State)
	}
	if f.SchoolID != 0 {
		add("h.school_id = ?", f.SchoolID)
	}
	if f.CampaignID != 0 {
		add("h.campaign_id = ?", f.CampaignID)
	}
	if f.Category != "" {
		add("h.category = ?", f.Category)
	}
	if f.Severity != "" {
		add("h.severity = ?", f.Severity)
	}
	if f.Source != "" {
		add("h.source = ?", f.Source)
	}
	if f.Overdue {
		add("w.final_state = FALSE AND w.due_on <> '' AND w.due_on < ?", s.Flow.Today())
	}
	if f.Escalated {
		add("w.final_state = FALSE AND w.escalated_at <> 0")
	}
	if f.From != "" {
		add("h.found_on >= ?", f.From)
	}
	if f.To != "" {
		add("h.found_on <= ?", f.To)
	}
	if f.Q != "" {
		add("(h.description LIKE ? OR h.location LIKE ? OR s.name LIKE ?)", db.Contains(f.Q), db.Contains(f.Q), db.Contains(f.Q))
	}
	return " WHERE " + strings.Join(where, " AND "), args, true
}

// ListHazards lists the hazards in p's scope.
func (s *Service) ListHazards(ctx context.Context, p *access.Principal, f HazardFilter, orderBy string, offset, limit int) ([]Hazard, int, error) {
	if err := access.Require(p, access.SafetyRead); err != nil {
		return nil, 0, err
	}
	if err := s.Flow.MaybeSweep(ctx, p.District); err != nil {
		return nil, 0, err
	}
	where, args, ok := s.scopeWhere(p, f)
	if !ok {
		return []Hazard{}, 0, nil
	}
	q := s.DB.Read()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*)`+hazardFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if orderBy == "" {
		orderBy = "h.found_on DESC, h.id DESC"
	}
	rows, err := q.Query(ctx, hazardSelect()+where+` ORDER BY `+orderBy+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Hazard{}
	for rows.Next() {
		h, err := s.scanHazard(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, h)
	}
	return out, total, rows.Err()
}

// HazardDetail is a hazard with its history, attachments and the actions the caller may take.
type HazardDetail struct {
	Hazard
	History     []workflow.Event      `json:"history"`
	Attachments []workflow.Attachment `json:"attachments"`
	Actions     []workflow.Transition `json:"actions"`
	CanComment  bool                  `json:"can_comment"`
}

// GetHazard reads a hazard in p's scope with its history.
func (s *Service) GetHazard(ctx context.Context, p *access.Principal, id int64) (HazardDetail, error) {
	q := s.DB.Read()
	it, _, err := s.Flow.Load(ctx, q, p, HazardType, id, "隐患")
	if err != nil {
		return HazardDetail{}, err
	}
	h, err := s.hazard(ctx, q, p.District, id)
	if err != nil {
		return HazardDetail{}, err
	}
	d := HazardDetail{Hazard: h, CanComment: p.Can(access.SafetyWrite) && !it.Final}
	if d.History, err = s.Flow.History(ctx, q, it); err != nil {
		return HazardDetail{}, err
	}
	if d.Attachments, err = s.Flow.Attachments(ctx, q, it); err != nil {
		return HazardDetail{}, err
	}
	d.Actions = s.Flow.Allowed(p, it)
	return d, nil
}

// Act takes a transition of a hazard (submit, verify, return, cancel) with its comment.
func (s *Service) Act(ctx context.Context, p *access.Principal, ip string, id int64, action, comment string) (Hazard, error) {
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		_, err := s.Flow.Act(ctx, q, p, ip, HazardType, id, action, comment, "隐患")
		return err
	})
	if err != nil {
		return Hazard{}, err
	}
	return s.hazard(ctx, s.DB.Read(), p.District, id)
}

// Comment adds a comment to a hazard's history.
func (s *Service) Comment(ctx context.Context, p *access.Principal, ip string, id int64, text string) (workflow.Event, error) {
	var ev workflow.Event
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		var err error
		ev, err = s.Flow.Comment(ctx, q, p, ip, HazardType, id, text, "隐患")
		return err
	})
	return ev, err
}

// Deadline is the rectification deadline of a severity.
type Deadline struct {
	Severity string `json:"severity"`
	Workdays int    `json:"workdays"`
}

// Deadlines lists the rectification deadline per severity (the section's, else the default).
func (s *Service) Deadlines(ctx context.Context, p *access.Principal) ([]Deadline, error) {
	if err := access.Require(p, access.SafetyRead); err != nil {
		return nil, err
	}
	out := []Deadline{}
	for _, sev := range Severities {
		n, err := s.deadline(ctx, s.DB.Read(), p.District, sev)
		if err != nil {
			return nil, err
		}
		out = append(out, Deadline{sev, n})
	}
	return out, nil
}

func (s *Service) deadline(ctx context.Context, q db.Querier, district, severity string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT workdays FROM safety_deadlines WHERE district_code = ? AND severity = ?`, district, severity).Scan(&n)
	if db.IsNoRows(err) {
		return DefaultDeadlines[severity], nil
	}
	return n, err
}

// SetDeadlines sets the rectification deadlines (bureau staff with SafetyWrite); they apply to
// hazards reported from then on.
func (s *Service) SetDeadlines(ctx context.Context, p *access.Principal, ip string, ds []Deadline) ([]Deadline, error) {
	if err := access.Require(p, access.SafetyWrite); err != nil {
		return nil, err
	}
	if p.Scope() != access.ScopeDistrict {
		return nil, errs.E(errs.Forbidden, "整改期限由教育局科室设置")
	}
	var f errs.Fields
	for i, d := range ds {
		if !contains(Severities, d.Severity) {
			f.Add(fmt.Sprintf("deadlines[%d].severity", i), "等级应为：一般、较大或重大")
		}
		if d.Workdays < 1 || d.Workdays > 250 {
			f.Add(fmt.Sprintf("deadlines[%d].workdays", i), "整改期限应为 1–250 个工作日")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		for _, d := range ds {
			if _, err := q.Exec(ctx, `DELETE FROM safety_deadlines WHERE district_code = ? AND severity = ?`, p.District, d.Severity); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `INSERT INTO safety_deadlines (district_code, severity, workdays, updated_at) VALUES (?, ?, ?, ?)`,
				p.District, d.Severity, d.Workdays, db.Now()); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, p.District, audit.By(p, ip, "safety.deadlines", "deadlines", "", fmt.Sprintf("设置整改期限：%v", ds)))
	})
	if err != nil {
		return nil, err
	}
	return s.Deadlines(ctx, p)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
