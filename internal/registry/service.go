package registry

import (
	"context"
	"sync"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/jobs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// Service is the registry.
type Service struct {
	DB    *db.DB
	Keys  *pii.Keyring
	Audit *audit.Log
	Jobs  *jobs.Runner
	// Today is the date used for birth-date checks (tests fix it).
	Today func() time.Time

	dicts sync.Map // district → Dicts
}

// Actor is who does something and from where.
type Actor struct {
	P  *access.Principal
	IP string
}

func (a Actor) entry(action, objType, id, detail string) audit.Entry {
	return audit.By(a.P, a.IP, action, objType, id, detail)
}

// Encryption contexts of the personal fields.
const (
	ctxIDNumber = "registry.id_number"
	ctxAddress  = "registry.address"
	ctxPhone    = "registry.guardian_phone"
	bidxID      = "id_number"
)

// CurrentSchoolYear is the school year running on a date: from 1 September to 31 August.
func CurrentSchoolYear(t time.Time) int {
	if t.Month() >= time.September {
		return t.Year()
	}
	return t.Year() - 1
}

func (s *Service) today() time.Time {
	if s.Today != nil {
		return s.Today()
	}
	return time.Now()
}

// schoolInfo is what the registry needs to know about a school for scope and validation.
type schoolInfo struct {
	ID     int64
	ZoneID int64
	Type   string
	Name   string
}

func (s *Service) school(ctx context.Context, q db.Querier, district string, id int64) (schoolInfo, error) {
	var si schoolInfo
	var zone *int64
	err := q.QueryRow(ctx, `SELECT id, zone_id, type, name FROM schools WHERE district_code = ? AND id = ?`, district, id).
		Scan(&si.ID, &zone, &si.Type, &si.Name)
	if db.IsNoRows(err) {
		return si, errs.Field("school_id", "学校不存在")
	}
	if zone != nil {
		si.ZoneID = *zone
	}
	return si, err
}

func (si schoolInfo) object(district string) access.Object {
	return access.Object{District: district, SchoolID: si.ID, ZoneID: si.ZoneID}
}

// scopeCond restricts a query on a table with a school_id column (aliased t) to the caller's scope.
func scopeCond(p *access.Principal) (string, []any) {
	f := access.ListFilter(p)
	cond, args := "t.district_code = ?", []any{f.District}
	switch {
	case f.None || f.OwnerID != 0:
		cond += " AND 1 = 0"
	case f.SchoolID != 0:
		cond, args = cond+" AND t.school_id = ?", append(args, f.SchoolID)
	case f.ZoneID != 0:
		cond, args = cond+" AND t.school_id IN (SELECT id FROM schools WHERE district_code = ? AND zone_id = ?)", append(args, f.District, f.ZoneID)
	}
	return cond, args
}

// writableSchool returns a school the caller may write to. A school outside their scope is
// reported exactly like a school that does not exist, so its existence is not revealed.
func (s *Service) writableSchool(ctx context.Context, q db.Querier, a Actor, id int64) (schoolInfo, error) {
	if err := access.Require(a.P, access.RegistryWrite); err != nil {
		return schoolInfo{}, err
	}
	si, err := s.school(ctx, q, a.P.District, id)
	if err != nil {
		return si, err
	}
	if !access.InScope(a.P, si.object(a.P.District)) {
		e := errs.Field("school_id", "学校不存在")
		e.Denied = true
		return si, e
	}
	return si, nil
}
