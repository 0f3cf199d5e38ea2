package supervision

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// beijing is the time zone visit dates are written in.
var beijing = time.FixedZone("CST", 8*3600)

// Today is the current date in Beijing, at 00:00 UTC (the form dates are compared in).
func Today() time.Time { return day(time.Now().In(beijing)) }

// VisitFilter selects visits; dates are YYYY-MM-DD, inclusive.
type VisitFilter struct {
	From, To    string
	SchoolID    int64
	ZoneID      int64
	InspectorID int64
}

// CreateVisit logs a visit with its findings.
func (s *Service) CreateVisit(ctx context.Context, a Actor, in VisitInput) (Visit, error) {
	if err := access.Require(a.P, access.SupervisionWrite); err != nil {
		return Visit{}, err
	}
	if err := in.Normalize(Today()); err != nil {
		return Visit{}, err
	}
	v := Visit{ID: db.NewID(), SchoolID: in.SchoolID, Date: in.Date, Items: in.Items, Notes: in.Notes, CreatedAt: time.Now()}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		var status string
		var zone *int64
		err := q.QueryRow(ctx, `SELECT name, zone_id, status FROM schools WHERE district_code = ? AND id = ?`, a.P.District, in.SchoolID).
			Scan(&v.SchoolName, &zone, &status)
		if db.IsNoRows(err) {
			return errs.Field("school_id", "所选学校不存在")
		}
		if err != nil {
			return err
		}
		if zone != nil {
			v.ZoneID = *zone
		}
		if !access.InScope(a.P, access.Object{District: a.P.District, SchoolID: v.SchoolID, ZoneID: v.ZoneID}) {
			return errs.Field("school_id", "所选学校不在您督导的片区内")
		}
		if a.P.Role == access.Inspector {
			v.InspectorID, v.InspectorName = a.P.UserID, a.P.Name
		} else {
			if a.P.Scope() != access.ScopeDistrict {
				return errs.E(errs.Forbidden, "只有责任督学或教育局科室可以登记督导")
			}
			if in.InspectorID == 0 {
				return errs.Field("inspector_id", "请选择开展督导的责任督学")
			}
			err := q.QueryRow(ctx, `SELECT id, display_name FROM users WHERE district_code = ? AND id = ? AND role = ?`,
				a.P.District, in.InspectorID, access.Inspector).Scan(&v.InspectorID, &v.InspectorName)
			if db.IsNoRows(err) {
				return errs.Field("inspector_id", "所选责任督学不存在")
			}
			if err != nil {
				return err
			}
		}
		if v.InspectorName == "" {
			v.InspectorName = a.P.Username
		}
		var err2 error
		v.Findings, err2 = insertVisit(ctx, q, a.P.District, v, in.Findings)
		if err2 != nil {
			return err2
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.visit", "school", fmt.Sprint(v.SchoolID),
			fmt.Sprintf("%s %s 督导 %s，%d 项事项、%d 个问题", v.Date, v.InspectorName, v.SchoolName, len(v.Items), len(v.Findings))))
	})
	return v, err
}

// insertVisit stores a visit and its findings (also used by the demo).
func insertVisit(ctx context.Context, q db.Querier, district string, v Visit, findings []FindingInput) ([]Finding, error) {
	items, _ := json.Marshal(v.Items)
	now := db.Now()
	if _, err := q.Exec(ctx, `INSERT INTO supervision_visits (district_code, id, school_id, zone_id, inspector_id, inspector_name, visit_date,
items, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, district, v.ID, v.SchoolID, db.NullID(v.ZoneID),
		v.InspectorID, v.InspectorName, v.Date, string(items), v.Notes, now, now); err != nil {
		return nil, err
	}
	out := []Finding{}
	for i, f := range findings {
		fd := Finding{ID: db.NewID(), Seq: i + 1, Category: f.Category, Severity: f.Severity, Description: f.Description}
		if _, err := q.Exec(ctx, `INSERT INTO supervision_findings (district_code, id, visit_id, seq, category, severity, description)
VALUES (?, ?, ?, ?, ?, ?, ?)`, district, fd.ID, v.ID, fd.Seq, fd.Category, fd.Severity, fd.Description); err != nil {
			return nil, err
		}
		out = append(out, fd)
	}
	return out, nil
}

// visitScope adds the caller's scope to a visit query: a school admin sees their school's visits,
// an inspector their own visits, the bureau everything.
func visitScope(p *access.Principal, where []string, args []any) ([]string, []any) {
	lf := access.ListFilter(p)
	where, args = append(where, "v.district_code = ?"), append(args, lf.District)
	switch {
	case lf.None || lf.OwnerID != 0:
		where = append(where, "1 = 0")
	case p.Role == access.Inspector:
		where, args = append(where, "v.inspector_id = ?"), append(args, p.UserID)
	case lf.SchoolID != 0:
		where, args = append(where, "v.school_id = ?"), append(args, lf.SchoolID)
	case lf.ZoneID != 0:
		where, args = append(where, "v.zone_id = ?"), append(args, lf.ZoneID)
	}
	return where, args
}

const visitSelect = `SELECT v.id, v.school_id, s.name, v.zone_id, v.inspector_id, v.inspector_name, v.visit_date, v.items, v.notes, v.created_at
FROM supervision_visits v JOIN schools s ON s.district_code = v.district_code AND s.id = v.school_id`

// ListVisits lists the visits the caller reads, newest first.
func (s *Service) ListVisits(ctx context.Context, a Actor, f VisitFilter, offset, limit int) ([]Visit, int, error) {
	if err := access.Require(a.P, visitReadPerm(a.P)); err != nil {
		return nil, 0, err
	}
	where, args := visitScope(a.P, nil, nil)
	add := func(c string, v any) { where, args = append(where, c), append(args, v) }
	if f.From != "" {
		if _, err := ParseDate("from", f.From); err != nil {
			return nil, 0, err
		}
		add("v.visit_date >= ?", f.From)
	}
	if f.To != "" {
		if _, err := ParseDate("to", f.To); err != nil {
			return nil, 0, err
		}
		add("v.visit_date <= ?", f.To)
	}
	if f.SchoolID != 0 {
		add("v.school_id = ?", f.SchoolID)
	}
	if f.ZoneID != 0 {
		add("v.zone_id = ?", f.ZoneID)
	}
	if f.InspectorID != 0 {
		add("v.inspector_id = ?", f.InspectorID)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	q := s.DB.Read()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM supervision_visits v`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	vs, err := scanVisits(ctx, q, visitSelect+cond+` ORDER BY v.visit_date DESC, v.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	if err := loadFindings(ctx, q, a.P.District, vs); err != nil {
		return nil, 0, err
	}
	return vs, total, nil
}

// GetVisit reads one visit the caller may read.
func (s *Service) GetVisit(ctx context.Context, a Actor, id int64) (Visit, error) {
	return s.getVisit(ctx, s.DB.Read(), a, id, visitReadPerm(a.P))
}

func (s *Service) getVisit(ctx context.Context, q db.Querier, a Actor, id int64, perm string) (Visit, error) {
	if err := access.Require(a.P, perm); err != nil {
		return Visit{}, err
	}
	where, args := visitScope(a.P, []string{"v.id = ?"}, []any{id})
	vs, err := scanVisits(ctx, q, visitSelect+" WHERE "+strings.Join(where, " AND "), args...)
	if err != nil {
		return Visit{}, err
	}
	if len(vs) == 0 {
		e := errs.NotFoundf("督导记录")
		e.Denied = true
		return Visit{}, e
	}
	if err := loadFindings(ctx, q, a.P.District, vs); err != nil {
		return Visit{}, err
	}
	return vs[0], nil
}

func scanVisits(ctx context.Context, q db.Querier, sql string, args ...any) ([]Visit, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Visit{}
	for rows.Next() {
		var v Visit
		var zone *int64
		var items string
		var created int64
		if err := rows.Scan(&v.ID, &v.SchoolID, &v.SchoolName, &zone, &v.InspectorID, &v.InspectorName, &v.Date, &items, &v.Notes, &created); err != nil {
			return nil, err
		}
		if zone != nil {
			v.ZoneID = *zone
		}
		v.CreatedAt, v.Findings = db.Time(created), []Finding{}
		if err := json.Unmarshal([]byte(items), &v.Items); err != nil {
			return nil, fmt.Errorf("督导记录 %d 的事项无法读取: %w", v.ID, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// loadFindings fills the findings of visits.
func loadFindings(ctx context.Context, q db.Querier, district string, vs []Visit) error {
	if len(vs) == 0 {
		return nil
	}
	idx := map[int64]int{}
	marks, args := make([]string, len(vs)), []any{district}
	for i, v := range vs {
		idx[v.ID], marks[i] = i, "?"
		args = append(args, v.ID)
	}
	rows, err := q.Query(ctx, `SELECT visit_id, id, seq, category, severity, description, hazard_id FROM supervision_findings
WHERE district_code = ? AND visit_id IN (`+strings.Join(marks, ",")+`) ORDER BY visit_id, seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var vid int64
		var f Finding
		var hz *int64
		if err := rows.Scan(&vid, &f.ID, &f.Seq, &f.Category, &f.Severity, &f.Description, &hz); err != nil {
			return err
		}
		if hz != nil {
			f.HazardID = *hz
		}
		vs[idx[vid]].Findings = append(vs[idx[vid]].Findings, f)
	}
	return rows.Err()
}

// FindingToHazard turns a finding of a visit into a 安全隐患 of the safety module. The visit's
// inspector or district staff with SupervisionWrite may do it, once per finding.
func (s *Service) FindingToHazard(ctx context.Context, a Actor, findingID int64) (Finding, error) {
	if err := access.Require(a.P, access.SupervisionWrite); err != nil {
		return Finding{}, err
	}
	var visitID int64
	err := s.DB.Read().QueryRow(ctx, `SELECT visit_id FROM supervision_findings WHERE district_code = ? AND id = ?`, a.P.District, findingID).Scan(&visitID)
	if db.IsNoRows(err) {
		e := errs.NotFoundf("督导发现的问题")
		e.Denied = true
		return Finding{}, e
	}
	if err != nil {
		return Finding{}, err
	}
	v, err := s.getVisit(ctx, s.DB.Read(), a, visitID, access.SupervisionWrite)
	if err != nil {
		return Finding{}, err
	}
	var f Finding
	for _, x := range v.Findings {
		if x.ID == findingID {
			f = x
		}
	}
	switch {
	case f.HazardID != 0:
		return Finding{}, errs.E(errs.Conflict, "该问题已转为安全隐患（编号 %d）", f.HazardID)
	case !IsHazardCategory(f.Category):
		return Finding{}, errs.Field("category", "只有安全类问题（"+strings.Join(HazardCategories, "、")+"）可以转为安全隐患")
	case s.Hazards == nil:
		return Finding{}, errs.E(errs.Conflict, "安全隐患模块尚未启用，问题已保存在督导记录中")
	}
	hid, err := s.Hazards.ReportFinding(ctx, a.P, a.IP, FindingHazard{FindingID: f.ID, VisitID: v.ID, SchoolID: v.SchoolID,
		VisitDate: v.Date, Category: f.Category, Severity: f.Severity, Description: f.Description})
	if err != nil {
		return Finding{}, err
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		if _, err := q.Exec(ctx, `UPDATE supervision_findings SET hazard_id = ? WHERE district_code = ? AND id = ?`, hid, a.P.District, f.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.hazard", "finding", fmt.Sprint(f.ID),
			fmt.Sprintf("%s 督导发现的问题转为安全隐患 %d：%s", v.SchoolName, hid, f.Description)))
	})
	f.HazardID = hid
	return f, err
}
