package org

import (
	"context"
	"fmt"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Service reads and changes the organisation.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
}

// Actor is who does something and from where.
type Actor struct {
	P  *access.Principal
	IP string
}

// SchoolFilter selects schools in a list.
type SchoolFilter struct {
	Q, Type, Nature string
	ZoneID          int64
}

// ListSchools returns the schools in the caller's scope that match f.
func (s *Service) ListSchools(ctx context.Context, a Actor, f SchoolFilter, orderBy string, offset, limit int) ([]School, int, error) {
	if err := access.Require(a.P, access.OrgRead); err != nil {
		return nil, 0, err
	}
	lf := access.ListFilter(a.P)
	where := []string{"s.district_code = ?"}
	args := []any{lf.District}
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
	if lf.None || lf.OwnerID != 0 {
		add("1 = 0")
	}
	if lf.SchoolID != 0 {
		add("s.id = ?", lf.SchoolID)
	}
	if lf.ZoneID != 0 {
		add("s.zone_id = ?", lf.ZoneID)
	}
	if f.Q != "" {
		like := db.Contains(f.Q)
		add("(s.name LIKE ? OR s.short_name LIKE ? OR s.code LIKE ?)", like, like, like)
	}
	if f.Type != "" {
		add("s.type = ?", f.Type)
	}
	if f.Nature != "" {
		add("s.nature = ?", f.Nature)
	}
	if f.ZoneID != 0 {
		add("s.zone_id = ?", f.ZoneID)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM schools s`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if orderBy == "" {
		orderBy = "s.code"
	}
	rows, err := s.DB.Read().Query(ctx, schoolSelect+cond+` ORDER BY `+orderBy+`, s.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []School
	for rows.Next() {
		sc, err := scanSchool(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, sc)
	}
	return out, total, rows.Err()
}

func (s *Service) school(ctx context.Context, q db.Querier, district string, id int64) (School, error) {
	sc, err := scanSchool(q.QueryRow(ctx, schoolSelect+` WHERE s.district_code = ? AND s.id = ?`, district, id))
	if db.IsNoRows(err) {
		return School{}, errs.NotFoundf("学校")
	}
	return sc, err
}

// GetSchool returns a school in the caller's scope.
func (s *Service) GetSchool(ctx context.Context, a Actor, id int64) (School, error) {
	if err := access.Require(a.P, access.OrgRead); err != nil {
		return School{}, err
	}
	sc, err := s.school(ctx, s.DB.Read(), a.P.District, id)
	if err != nil {
		return School{}, err
	}
	return sc, access.Decide(a.P, access.OrgRead, sc.Object(), "学校")
}

// CreateSchool adds a school.
func (s *Service) CreateSchool(ctx context.Context, a Actor, in SchoolInput) (School, error) {
	if err := access.Require(a.P, access.OrgWrite); err != nil {
		return School{}, err
	}
	if err := in.Validate(); err != nil {
		return School{}, err
	}
	var out School
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if err := s.checkSchool(ctx, q, a.P.District, 0, in); err != nil {
			return err
		}
		id, err := InsertSchool(ctx, q, a.P.District, in)
		if err != nil {
			return err
		}
		if err := s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "school.create", "school", fmt.Sprint(id), in.Name)); err != nil {
			return err
		}
		out, err = s.school(ctx, q, a.P.District, id)
		return err
	})
	return out, err
}

// UpdateSchool replaces a school's editable fields.
func (s *Service) UpdateSchool(ctx context.Context, a Actor, id int64, in SchoolInput) (School, error) {
	if err := access.Require(a.P, access.OrgWrite); err != nil {
		return School{}, err
	}
	if err := in.Validate(); err != nil {
		return School{}, err
	}
	var out School
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		old, err := s.school(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if err := access.Decide(a.P, access.OrgWrite, old.Object(), "学校"); err != nil {
			return err
		}
		if err := s.checkSchool(ctx, q, a.P.District, id, in); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE schools SET code = ?, name = ?, short_name = ?, type = ?, nature = ?, inclusive = ?, urban = ?,
zone_id = ?, street = ?, address = ?, principal = ?, group_name = ?, group_lead = ?, founded = ?, planned_classes = ?,
standard_class_size = ?, updated_at = ? WHERE district_code = ? AND id = ?`, in.Code, in.Name, in.ShortName, in.Type, in.Nature,
			in.Inclusive, in.Urban, db.NullID(in.ZoneID), in.Street, in.Address, in.Principal, in.GroupName, in.GroupLead, in.Founded,
			in.PlannedClasses, in.StandardClassSize, db.Now(), a.P.District, id); err != nil {
			return err
		}
		if err := s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "school.update", "school", fmt.Sprint(id), in.Name)); err != nil {
			return err
		}
		out, err = s.school(ctx, q, a.P.District, id)
		return err
	})
	return out, err
}

// checkSchool enforces the unique 学校标识码 and an existing zone.
func (s *Service) checkSchool(ctx context.Context, q db.Querier, district string, id int64, in SchoolInput) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM schools WHERE district_code = ? AND code = ? AND id <> ?`, district, in.Code, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errs.Field("code", "学校标识码 "+in.Code+" 已被其他学校使用")
	}
	if in.ZoneID != 0 {
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM zones WHERE district_code = ? AND id = ?`, district, in.ZoneID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errs.Field("zone_id", "所选片区不存在")
		}
	}
	return nil
}

// CountSchoolsByType returns the number of schools of each type in the caller's scope.
func (s *Service) CountSchoolsByType(ctx context.Context, a Actor) (map[string]int, error) {
	out := map[string]int{}
	if !a.P.Can(access.OrgRead) {
		return out, nil
	}
	lf := access.ListFilter(a.P)
	if lf.None || lf.OwnerID != 0 {
		return out, nil
	}
	q, args := `SELECT type, COUNT(*) FROM schools WHERE district_code = ?`, []any{lf.District}
	if lf.SchoolID != 0 {
		q, args = q+` AND id = ?`, append(args, lf.SchoolID)
	}
	if lf.ZoneID != 0 {
		q, args = q+` AND zone_id = ?`, append(args, lf.ZoneID)
	}
	rows, err := s.DB.Read().Query(ctx, q+` GROUP BY type`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, rows.Err()
}
