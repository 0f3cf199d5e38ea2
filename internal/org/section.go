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

// Section is a 科室 of the bureau.
type Section struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Sort      int    `json:"sort"`
	Active    bool   `json:"active"`
	UserCount int    `json:"user_count"`
}

// SectionInput creates or edits a section; absent fields are left as they are on edit.
type SectionInput struct {
	Name   *string `json:"name"`
	Sort   *int    `json:"sort"`
	Active *bool   `json:"active"`
}

func canSeeSections(p *access.Principal) bool {
	return p.Can(access.SettingsManage) || p.Can(access.UsersManage) || p.Can(access.RolesAssign) || p.Can(access.OrgRead)
}

// Sections lists the district's sections in order.
func (s *Service) Sections(ctx context.Context, a Actor) ([]Section, error) {
	if !canSeeSections(a.P) {
		return nil, access.Require(a.P, access.OrgRead)
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT c.id, c.name, c.sort, c.active,
(SELECT COUNT(*) FROM users u WHERE u.district_code = c.district_code AND u.section_id = c.id)
FROM sections c WHERE c.district_code = ? ORDER BY c.sort, c.name`, a.P.District)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Section{}
	for rows.Next() {
		var c Section
		if err := rows.Scan(&c.ID, &c.Name, &c.Sort, &c.Active, &c.UserCount); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func checkSectionName(name *string) (string, error) {
	if name == nil {
		return "", errs.Field("name", "请填写科室名称")
	}
	n := strings.TrimSpace(*name)
	if l := len([]rune(n)); l < 2 || l > 30 {
		return "", errs.Field("name", "科室名称应为 2–30 个字")
	}
	return n, nil
}

// CreateSection adds a section.
func (s *Service) CreateSection(ctx context.Context, a Actor, in SectionInput) (Section, error) {
	if err := access.Require(a.P, access.SettingsManage); err != nil {
		return Section{}, err
	}
	name, err := checkSectionName(in.Name)
	if err != nil {
		return Section{}, err
	}
	c := Section{ID: db.NewID(), Name: name, Active: true}
	if in.Sort != nil {
		c.Sort = *in.Sort
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		if err := uniqueSectionName(ctx, q, a.P.District, name, 0); err != nil {
			return err
		}
		if err := InsertSection(ctx, q, a.P.District, c.ID, name, c.Sort); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "section.create", "section", fmt.Sprint(c.ID), name))
	})
	return c, err
}

// InsertSection stores a section (used by the API and the demo).
func InsertSection(ctx context.Context, q db.Querier, district string, id int64, name string, sort int) error {
	_, err := q.Exec(ctx, `INSERT INTO sections (district_code, id, name, sort, active, created_at) VALUES (?, ?, ?, ?, TRUE, ?)`,
		district, id, name, sort, db.Now())
	return err
}

func uniqueSectionName(ctx context.Context, q db.Querier, district, name string, id int64) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM sections WHERE district_code = ? AND name = ? AND id <> ?`, district, name, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errs.Field("name", "已有名为“"+name+"”的科室")
	}
	return nil
}

func (s *Service) section(ctx context.Context, q db.Querier, district string, id int64) (Section, error) {
	var c Section
	err := q.QueryRow(ctx, `SELECT c.id, c.name, c.sort, c.active,
(SELECT COUNT(*) FROM users u WHERE u.district_code = c.district_code AND u.section_id = c.id)
FROM sections c WHERE c.district_code = ? AND c.id = ?`, district, id).Scan(&c.ID, &c.Name, &c.Sort, &c.Active, &c.UserCount)
	if db.IsNoRows(err) {
		return c, errs.NotFoundf("科室")
	}
	return c, err
}

// UpdateSection renames, reorders, activates or deactivates a section.
func (s *Service) UpdateSection(ctx context.Context, a Actor, id int64, in SectionInput) (Section, error) {
	if err := access.Require(a.P, access.SettingsManage); err != nil {
		return Section{}, err
	}
	var out Section
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		c, err := s.section(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if in.Name != nil {
			if c.Name, err = checkSectionName(in.Name); err != nil {
				return err
			}
			if err := uniqueSectionName(ctx, q, a.P.District, c.Name, id); err != nil {
				return err
			}
		}
		if in.Sort != nil {
			c.Sort = *in.Sort
		}
		if in.Active != nil {
			c.Active = *in.Active
		}
		if _, err := q.Exec(ctx, `UPDATE sections SET name = ?, sort = ?, active = ? WHERE district_code = ? AND id = ?`,
			c.Name, c.Sort, c.Active, a.P.District, id); err != nil {
			return err
		}
		out = c
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "section.update", "section", fmt.Sprint(id), c.Name))
	})
	return out, err
}

// DeleteSection removes a section that no account belongs to.
func (s *Service) DeleteSection(ctx context.Context, a Actor, id int64) error {
	if err := access.Require(a.P, access.SettingsManage); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q db.Querier) error {
		c, err := s.section(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if c.UserCount > 0 {
			return errs.E(errs.Conflict, "科室“%s”下还有 %d 个账号，请先调整这些账号的科室或改为停用", c.Name, c.UserCount)
		}
		if _, err := q.Exec(ctx, `DELETE FROM sections WHERE district_code = ? AND id = ?`, a.P.District, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "section.delete", "section", fmt.Sprint(id), c.Name))
	})
}
