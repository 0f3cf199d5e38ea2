package access

import (
	"testing"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

func TestDecide(t *testing.T) {
	const d = "339901"
	school := Object{District: d, SchoolID: 10, ZoneID: 1}
	otherSchool := Object{District: d, SchoolID: 11, ZoneID: 2}
	otherDistrict := Object{District: "339902", SchoolID: 10, ZoneID: 1}
	sa := NewPrincipal(1, "sa", "", SchoolAdmin, d, 10, 0, 0, nil)
	insp := NewPrincipal(2, "i", "", Inspector, d, 0, 1, 0, nil)
	leader := NewPrincipal(3, "l", "", Leader, d, 0, 0, 0, nil)
	parent := NewPrincipal(4, "p", "", Parent, d, 0, 0, 0, nil)
	auditor := NewPrincipal(5, "a", "", Auditor, d, 0, 0, 0, nil)
	staff := NewPrincipal(6, "s", "", Staff, d, 0, 0, 0, []string{SafetyRead, AuditRead, UsersManage})
	none := NewPrincipal(7, "n", "", "", d, 0, 0, 0, nil)
	cases := []struct {
		name string
		p    *Principal
		perm string
		obj  Object
		want string // "" allowed, else the error code
	}{
		{"school admin own school", sa, OrgRead, school, ""},
		{"school admin other school", sa, OrgRead, otherSchool, errs.NotFound},
		{"school admin other district", sa, OrgRead, otherDistrict, errs.NotFound},
		{"inspector own zone", insp, OrgRead, school, ""},
		{"inspector other zone", insp, OrgRead, otherSchool, errs.NotFound},
		{"leader anything in district", leader, OrgRead, otherSchool, ""},
		{"leader cannot write", leader, OrgWrite, school, errs.Forbidden},
		{"leader other district", leader, OrgRead, otherDistrict, errs.NotFound},
		{"parent own object", parent, Portal, Object{District: d, OwnerID: 4}, ""},
		{"parent other family", parent, Portal, Object{District: d, OwnerID: 9}, errs.NotFound},
		{"auditor has no org access", auditor, OrgRead, school, errs.Forbidden},
		{"staff granted module", staff, SafetyRead, school, ""},
		{"staff cannot be granted audit", staff, AuditRead, school, errs.Forbidden},
		{"staff cannot be granted user admin", staff, UsersManage, school, errs.Forbidden},
		{"no role, no access", none, OrgRead, school, errs.Forbidden},
		{"nil principal", nil, OrgRead, school, errs.Forbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Decide(c.p, c.perm, c.obj, "学校")
			got := ""
			if err != nil {
				got = errs.Code(err)
			}
			if got != c.want {
				t.Fatalf("Decide = %q (%v), want %q", got, err, c.want)
			}
		})
	}
}

func TestTriAdminsAreDisjoint(t *testing.T) {
	seen := map[string]string{}
	for _, code := range []string{SysAdmin, SecAdmin, Auditor} {
		def, _ := RoleByCode(code)
		for _, p := range def.Permissions {
			if p == OrgRead || p == OrgWrite {
				continue // reading the organisation is not an administrative power
			}
			if other, ok := seen[p]; ok {
				t.Errorf("%s holds %s of %s", code, p, other)
			}
			seen[p] = code
		}
	}
	for _, code := range []string{SysAdmin, SecAdmin} {
		def, _ := RoleByCode(code)
		for _, p := range def.Permissions {
			if p == AuditRead {
				t.Errorf("%s can read the audit log", code)
			}
		}
	}
}

func TestListFilter(t *testing.T) {
	if f := ListFilter(NewPrincipal(1, "", "", SchoolAdmin, "339901", 0, 0, 0, nil)); !f.None {
		t.Error("a school admin without a school must see nothing")
	}
	if f := ListFilter(NewPrincipal(1, "", "", Inspector, "339901", 0, 5, 0, nil)); f.ZoneID != 5 || f.None {
		t.Errorf("inspector filter %+v", f)
	}
	if f := ListFilter(NewPrincipal(1, "", "", "bogus", "339901", 0, 0, 0, nil)); !f.None {
		t.Error("an unknown role must see nothing")
	}
}
