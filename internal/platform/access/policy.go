package access

import "github.com/edubureau/edubureau/internal/platform/errs"

// Principal is the authenticated caller.
type Principal struct {
	UserID      int64
	Username    string
	Name        string
	Role        string
	District    string
	SchoolID    int64 // school_admin
	ZoneID      int64 // inspector
	SectionID   int64
	Permissions map[string]bool
}

// NewPrincipal builds a principal from a user's role and the permissions granted to them
// individually (only 科室人员 receive individual grants).
func NewPrincipal(userID int64, username, name, role, district string, schoolID, zoneID, sectionID int64, grants []string) *Principal {
	p := &Principal{UserID: userID, Username: username, Name: name, Role: role, District: district,
		SchoolID: schoolID, ZoneID: zoneID, SectionID: sectionID, Permissions: map[string]bool{}}
	if def, ok := RoleByCode(role); ok {
		for _, c := range def.Permissions {
			p.Permissions[c] = true
		}
	}
	if role == Staff {
		for _, c := range grants {
			if perm, ok := PermissionByCode(c); ok && perm.Grantable {
				p.Permissions[c] = true
			}
		}
	}
	return p
}

// Can reports whether the principal holds a permission.
func (p *Principal) Can(perm string) bool { return p != nil && p.Permissions[perm] }

// Scope returns the data scope of the principal's role (ScopeNone for an unknown or empty role).
func (p *Principal) Scope() string {
	if p == nil {
		return ScopeNone
	}
	if def, ok := RoleByCode(p.Role); ok {
		return def.Scope
	}
	return ScopeNone
}

// Object locates a thing in the organisation for the scope check.
type Object struct {
	District string
	SchoolID int64 // 0 when the object belongs to no school
	ZoneID   int64 // the zone of the object's school
	OwnerID  int64 // the user who owns it (parents' objects)
}

// Decide answers whether p may use perm on obj: nil when allowed; a forbidden error when the
// principal lacks the permission; a not-found error when the object is outside their scope (so
// the existence of other schools' or families' objects is never revealed).
func Decide(p *Principal, perm string, obj Object, what string) error {
	if err := Require(p, perm); err != nil {
		return err
	}
	if !InScope(p, obj) {
		e := errs.NotFoundf(what)
		e.Denied = true
		return e
	}
	return nil
}

// Require answers whether p holds perm, for actions that address no single object.
func Require(p *Principal, perm string) error {
	if !p.Can(perm) {
		e := errs.E(errs.Forbidden, "没有“%s”权限", permName(perm))
		e.Denied = true
		return e
	}
	return nil
}

// InScope reports whether obj lies in the principal's data scope.
func InScope(p *Principal, obj Object) bool {
	if p == nil || obj.District != p.District {
		return false
	}
	switch p.Scope() {
	case ScopeDistrict:
		return true
	case ScopeSchool:
		return p.SchoolID != 0 && obj.SchoolID == p.SchoolID
	case ScopeZone:
		return p.ZoneID != 0 && obj.ZoneID == p.ZoneID
	case ScopeOwn:
		return obj.OwnerID == p.UserID
	}
	return false
}

// Filter is how a list query restricts rows to the principal's scope.
type Filter struct {
	District string
	SchoolID int64 // restrict to one school when not 0
	ZoneID   int64 // restrict to one zone when not 0
	OwnerID  int64 // restrict to one owner when not 0
	None     bool  // the principal sees no rows at all
}

// ListFilter returns the restriction a list must apply for p.
func ListFilter(p *Principal) Filter {
	f := Filter{District: p.District}
	switch p.Scope() {
	case ScopeDistrict:
	case ScopeSchool:
		f.SchoolID, f.None = p.SchoolID, p.SchoolID == 0
	case ScopeZone:
		f.ZoneID, f.None = p.ZoneID, p.ZoneID == 0
	case ScopeOwn:
		f.OwnerID = p.UserID
	default:
		f.None = true
	}
	return f
}

func permName(code string) string {
	if p, ok := PermissionByCode(code); ok {
		return p.Name
	}
	return code
}
