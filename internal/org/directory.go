package org

import (
	"context"

	"github.com/edubureau/edubureau/internal/platform/access"
)

// DirectoryEntry is a school as every bureau and school user may know it: its code, name, type and
// zone, the facts a district publishes anyway. A school administrator picks another school from
// it (the receiving school of a transfer) without seeing that school's records.
type DirectoryEntry struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	TypeName string `json:"type_name"`
	ZoneName string `json:"zone_name"`
}

// Directory lists every school of the caller's district in code order, whatever the caller's scope.
func (s *Service) Directory(ctx context.Context, a Actor) ([]DirectoryEntry, error) {
	if err := access.Require(a.P, access.OrgRead); err != nil {
		return nil, err
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT s.id, s.code, s.name, s.type, COALESCE(z.name, '') FROM schools s
LEFT JOIN zones z ON z.district_code = s.district_code AND z.id = s.zone_id
WHERE s.district_code = ? ORDER BY s.code, s.id`, a.P.District)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DirectoryEntry{}
	for rows.Next() {
		var e DirectoryEntry
		if err := rows.Scan(&e.ID, &e.Code, &e.Name, &e.Type, &e.ZoneName); err != nil {
			return nil, err
		}
		e.TypeName = SchoolTypeName(e.Type)
		out = append(out, e)
	}
	return out, rows.Err()
}
