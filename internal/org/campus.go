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

// Campus is a 校区 of a school.
type Campus struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address"`
}

// CampusInput creates a campus.
type CampusInput struct {
	Name    string `json:"name"`
	Address string `json:"address"`
}

// Campuses lists a school's campuses.
func (s *Service) Campuses(ctx context.Context, a Actor, schoolID int64) ([]Campus, error) {
	if _, err := s.GetSchool(ctx, a, schoolID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT id, name, address FROM campuses WHERE district_code = ? AND school_id = ? ORDER BY name`,
		a.P.District, schoolID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Campus{}
	for rows.Next() {
		var c Campus
		if err := rows.Scan(&c.ID, &c.Name, &c.Address); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddCampus adds a campus to a school.
func (s *Service) AddCampus(ctx context.Context, a Actor, schoolID int64, in CampusInput) (Campus, error) {
	if err := access.Require(a.P, access.OrgWrite); err != nil {
		return Campus{}, err
	}
	in.Name, in.Address = strings.TrimSpace(in.Name), strings.TrimSpace(in.Address)
	if n := len([]rune(in.Name)); n < 2 || n > 40 {
		return Campus{}, errs.Field("name", "校区名称应为 2–40 个字")
	}
	c := Campus{ID: db.NewID(), Name: in.Name, Address: in.Address}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		sc, err := s.school(ctx, q, a.P.District, schoolID)
		if err != nil {
			return err
		}
		if err := access.Decide(a.P, access.OrgWrite, sc.Object(), "学校"); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `INSERT INTO campuses (district_code, id, school_id, name, address) VALUES (?, ?, ?, ?, ?)`,
			a.P.District, c.ID, schoolID, c.Name, c.Address); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "school.update", "school", fmt.Sprint(schoolID), sc.Name+"：新增校区 "+c.Name))
	})
	return c, err
}
