package org

import (
	"context"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
)

// Region is a node of the GB/T 2260 tree.
type Region struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Level    int      `json:"level"`
	Children []Region `json:"children,omitempty"`
}

// UpsertRegion stores a division (reference data shared by every district).
func UpsertRegion(ctx context.Context, q db.Querier, code, name string, level int, parent string) error {
	_, err := q.Exec(ctx, `INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, ?)
ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code`, code, name, level, parent)
	return err
}

// Regions returns the region tree.
func (s *Service) Regions(ctx context.Context) ([]Region, error) {
	rows, err := s.DB.Read().Query(ctx, `SELECT code, name, level, parent_code FROM regions ORDER BY level, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type node struct {
		r      Region
		parent string
	}
	var nodes []node
	for rows.Next() {
		var n node
		if err := rows.Scan(&n.r.Code, &n.r.Name, &n.r.Level, &n.parent); err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	children := map[string][]string{}
	byCode := map[string]*Region{}
	var roots []string
	for i := range nodes {
		byCode[nodes[i].r.Code] = &nodes[i].r
		if nodes[i].parent == "" {
			roots = append(roots, nodes[i].r.Code)
		} else {
			children[nodes[i].parent] = append(children[nodes[i].parent], nodes[i].r.Code)
		}
	}
	var build func(code string) Region
	build = func(code string) Region {
		r := *byCode[code]
		for _, c := range children[code] {
			r.Children = append(r.Children, build(c))
		}
		return r
	}
	out := []Region{}
	for _, c := range roots {
		out = append(out, build(c))
	}
	return out, nil
}

// Zone is a 片区: a group of schools under common supervision.
type Zone struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	SchoolCount int    `json:"school_count"`
}

// InsertZone stores a zone (used by the demo and the registry).
func InsertZone(ctx context.Context, q db.Querier, district string, id int64, name string, sort int) error {
	_, err := q.Exec(ctx, `INSERT INTO zones (district_code, id, name, sort) VALUES (?, ?, ?, ?)`, district, id, name, sort)
	return err
}

// Zones lists the district's zones: every zone for district-wide roles, their own for inspectors.
func (s *Service) Zones(ctx context.Context, a Actor) ([]Zone, error) {
	if !a.P.Can(access.OrgRead) && !a.P.Can(access.RolesAssign) {
		return nil, access.Require(a.P, access.OrgRead)
	}
	lf := access.ListFilter(a.P)
	if a.P.Can(access.RolesAssign) {
		lf = access.Filter{District: a.P.District}
	}
	if lf.None || lf.OwnerID != 0 || lf.SchoolID != 0 {
		return []Zone{}, nil
	}
	q, args := `SELECT z.id, z.name,
(SELECT COUNT(*) FROM schools s WHERE s.district_code = z.district_code AND s.zone_id = z.id)
FROM zones z WHERE z.district_code = ?`, []any{lf.District}
	if lf.ZoneID != 0 {
		q, args = q+` AND z.id = ?`, append(args, lf.ZoneID)
	}
	rows, err := s.DB.Read().Query(ctx, q+` ORDER BY z.sort, z.name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Zone{}
	for rows.Next() {
		var z Zone
		if err := rows.Scan(&z.ID, &z.Name, &z.SchoolCount); err != nil {
			return nil, err
		}
		out = append(out, z)
	}
	return out, rows.Err()
}
