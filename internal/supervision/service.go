package supervision

import (
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Service keeps the supervision records.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	// Hazards turns a visit finding into a 安全隐患 of the safety module; nil until it is wired.
	Hazards HazardReporter
	// PublicDistrict is the district the public draw page shows when the request names none.
	PublicDistrict string
}

// Actor is who does something and from where.
type Actor struct {
	P  *access.Principal
	IP string
}

func (a Actor) entry(action, objectType, objectID, detail string) audit.Entry {
	return audit.By(a.P, a.IP, action, objectType, objectID, detail)
}

// Who reads what (decided here, documented in docs/architecture.md):
//   - staff with SupervisionRead and 局领导 read every zone, visit and draw of the district;
//   - a 责任督学 (zone scope) reads the zones, schools and coverage of their own zone and only
//     their own visits; they do not run draws (a bureau task) and see draws on the public page;
//   - a 学校管理员 holds no SupervisionRead, yet reads the visits to their own school (date,
//     inspector, items, findings): a school must know what its inspector found. They read nothing
//     else of this module.
//   - writing a visit needs SupervisionWrite and the school in scope; only the visit's inspector (or
//     district staff with SupervisionWrite) may turn its findings into hazards; zone rules, the
//     pool, conflicts and draws need SupervisionWrite with district scope.

// visitReadPerm is the permission a principal reads visits under.
func visitReadPerm(p *access.Principal) string {
	if p != nil && p.Role == access.SchoolAdmin && !p.Can(access.SupervisionRead) {
		return access.OrgRead
	}
	return access.SupervisionRead
}

// requireBureau demands perm with district scope.
func requireBureau(p *access.Principal, perm string) error {
	if err := access.Require(p, perm); err != nil {
		return err
	}
	if p.Scope() != access.ScopeDistrict {
		e := errs.E(errs.Forbidden, "此操作由教育局科室办理")
		e.Denied = true
		return e
	}
	return nil
}

// requireZoneReader demands SupervisionRead (district or zone scope).
func requireZoneReader(p *access.Principal) error {
	if err := access.Require(p, access.SupervisionRead); err != nil {
		return err
	}
	if s := p.Scope(); s != access.ScopeDistrict && s != access.ScopeZone {
		e := errs.E(errs.Forbidden, "没有“查看督导与督学”权限")
		e.Denied = true
		return e
	}
	return nil
}
