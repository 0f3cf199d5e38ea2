package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// matrixRow states, for one route, the status every role gets. For routes with an {id}, the
// statuses are listed per object, space-separated, in the order of the route's objects: for users
// and schools "A B X" (school A, school B in another zone, another district); for sections
// "own X"; for jobs "own other" (the caller's job, another user's job).
type matrixRow struct {
	method, path, kind string
	body               string // JSON with placeholders {uniq}, {school}, {code}
	want               map[string]string
}

// all gives every role except anon the same statuses.
func all(s string) map[string]string {
	m := map[string]string{"anon": "401"}
	for _, r := range actorRoles[1:] {
		m[r] = s
	}
	return m
}

// only gives the listed roles their statuses and every other signed-in role `rest`.
func only(rest string, m map[string]string) map[string]string {
	out := all(rest)
	for k, v := range m {
		out[k] = v
	}
	return out
}

var matrix = []matrixRow{
	{"GET", "/api/v1/auth/me", "", "", all("200")},
	{"POST", "/api/v1/auth/logout", "", "", all("204")},
	{"POST", "/api/v1/auth/login", "", `{"username":"nobody","password":"wrong-password"}`, only("401", nil)},
	{"POST", "/api/v1/auth/password", "", `{"old_password":"wrong","new_password":"Another-Passw0rd"}`, all("400")},
	{"POST", "/api/v1/auth/totp/enroll", "", "", all("200")},
	{"POST", "/api/v1/auth/totp/confirm", "", `{"code":"123456"}`, all("403")},
	{"POST", "/api/v1/auth/totp", "", `{"code":"123456"}`, all("403")},
	{"GET", "/api/v1/home", "", "", all("200")},
	{"GET", "/api/v1/portal/home", "", "", only("403", map[string]string{"parent": "200"})},
	{"GET", "/api/v1/openapi.json", "", "", only("200", map[string]string{"anon": "200"})},

	{"GET", "/api/v1/users", "", "", only("403", map[string]string{"sysadmin": "200", "secadmin": "200"})},
	{"POST", "/api/v1/users", "", `{"username":"new{uniq}","display_name":"新用户","phone":"13700000000"}`,
		only("403", map[string]string{"sysadmin": "201"})},
	{"GET", "/api/v1/users/{id}", "user", "", only("403 403 403", map[string]string{"sysadmin": "200 200 404", "secadmin": "200 200 404"})},
	{"PATCH", "/api/v1/users/{id}", "user", `{"display_name":"改名"}`, only("403 403 403", map[string]string{"sysadmin": "200 200 404"})},
	{"POST", "/api/v1/users/{id}/reset-password", "user", "", only("403 403 403", map[string]string{"sysadmin": "200 200 404"})},
	{"POST", "/api/v1/users/{id}/unlock", "user", "", only("403 403 403", map[string]string{"sysadmin": "200 200 404"})},
	{"PUT", "/api/v1/users/{id}/role", "user", `{"role":"school_admin","school_id":{school}}`,
		only("403 403 403", map[string]string{"secadmin": "200 200 404"})},
	{"POST", "/api/v1/users/{id}/reveal", "user", `{"field":"phone","reason":"核实联系方式"}`,
		only("403 403 403", map[string]string{"staff": "200 200 404", "school_admin": "200 404 404"})},
	{"GET", "/api/v1/roles", "", "", all("200")},
	{"GET", "/api/v1/permissions", "", "", all("200")},
	{"GET", "/api/v1/security/policy", "", "", only("403", map[string]string{"secadmin": "200"})},
	{"PUT", "/api/v1/security/policy", "", `{"min_length":12,"password_max_age_days":90,"lockout_threshold":5,"lockout_minutes":15,
"idle_timeout_minutes":30,"absolute_timeout_hours":12,"totp_roles":["sysadmin","secadmin","auditor","leader"],"audit_retention_days":190}`,
		only("403", map[string]string{"secadmin": "200"})},

	{"GET", "/api/v1/regions", "", "", all("200")},
	{"GET", "/api/v1/zones", "", "", only("200", map[string]string{"auditor": "403", "parent": "403"})},
	{"GET", "/api/v1/sections", "", "", only("200", map[string]string{"auditor": "403", "parent": "403"})},
	{"POST", "/api/v1/sections", "", `{"name":"科室{uniq}","sort":9}`, only("403", map[string]string{"sysadmin": "201"})},
	{"PATCH", "/api/v1/sections/{id}", "section", `{"sort":3}`, only("403 403", map[string]string{"sysadmin": "200 404"})},
	{"DELETE", "/api/v1/sections/{id}", "section", "", only("403 403", map[string]string{"sysadmin": "204 404"})},
	{"GET", "/api/v1/schools", "", "", only("200", map[string]string{"auditor": "403", "parent": "403"})},
	{"GET", "/api/v1/schools/types", "", "", all("200")},
	{"GET", "/api/v1/schools/directory", "", "", only("200", map[string]string{"auditor": "403", "parent": "403"})},
	{"GET", "/api/v1/schools/{id}", "school", "", only("403 403 403", map[string]string{"sysadmin": "200 200 404", "secadmin": "200 200 404",
		"leader": "200 200 404", "staff": "200 200 404", "school_admin": "200 404 404", "inspector": "200 404 404"})},
	{"GET", "/api/v1/schools/{id}/campuses", "school", "", only("403 403 403", map[string]string{"sysadmin": "200 200 404", "secadmin": "200 200 404",
		"leader": "200 200 404", "staff": "200 200 404", "school_admin": "200 404 404", "inspector": "200 404 404"})},
	{"POST", "/api/v1/schools/{id}/campuses", "school", `{"name":"东校区","address":"青溪区东湖路1号"}`,
		only("403 403 403", map[string]string{"sysadmin": "200 200 404"})},
	{"POST", "/api/v1/schools", "", `{"code":"{code}","name":"新建学校{uniq}","type":"primary"}`, only("403", map[string]string{"sysadmin": "201"})},
	{"PUT", "/api/v1/schools/{id}", "school", `{"code":"{code}","name":"改名学校","type":"primary"}`,
		only("403 403 403", map[string]string{"sysadmin": "200 200 404"})},

	{"GET", "/api/v1/audit", "", "", only("403", map[string]string{"auditor": "200"})},
	{"POST", "/api/v1/audit/verify", "", "", only("403", map[string]string{"auditor": "200"})},
	{"POST", "/api/v1/audit/export", "", `{}`, only("403", map[string]string{"auditor": "202"})},
	{"GET", "/api/v1/jobs", "", "", all("200")},

	{"GET", "/api/v1/students", "", "", only("403", map[string]string{"leader": "200", "school_admin": "200"})},
	{"POST", "/api/v1/students", "school", studentBody, only("403 403 403", map[string]string{"school_admin": "201 400 400"})},
	{"GET", "/api/v1/students/{id}", "student", "", only("403 403 403", map[string]string{"leader": "200 200 404", "school_admin": "200 404 404"})},
	{"PUT", "/api/v1/students/{id}", "student", studentBody, only("403 403 403", map[string]string{"school_admin": "200 404 404"})},
	{"GET", "/api/v1/students/{id}/history", "student", "", only("403 403 403", map[string]string{"leader": "200 200 404", "school_admin": "200 404 404"})},
	{"POST", "/api/v1/students/{id}/reveal", "student", `{"field":"id_number","reason":"核对学籍信息"}`,
		only("403 403 403", map[string]string{"staff": "200 200 404", "school_admin": "200 404 404"})},
	{"POST", "/api/v1/students/{id}/transfers", "student", `{"to_school_id":{schoolB},"to_grade":3,"reason":"随父母搬迁"}`,
		only("403 403 403", map[string]string{"school_admin": "200 404 404"})},
	{"GET", "/api/v1/transfers", "", "", only("403", map[string]string{"leader": "200", "school_admin": "200"})},
	{"POST", "/api/v1/transfers/{id}/confirm", "transfer", "", only("403 403 403", map[string]string{"school_admin": "200 404 404"})},
	{"POST", "/api/v1/transfers/{id}/reject", "transfer", `{"note":"学位已满"}`, only("403 403 403", map[string]string{"school_admin": "200 404 404"})},
	{"POST", "/api/v1/transfers/{id}/cancel", "transfer", "", only("403 403 403", map[string]string{"school_admin": "404 200 404"})},
	{"GET", "/api/v1/staff", "", "", only("403", map[string]string{"leader": "200", "school_admin": "200"})},
	{"POST", "/api/v1/staff", "school", staffBody, only("403 403 403", map[string]string{"school_admin": "201 400 400"})},
	{"GET", "/api/v1/staff/{id}", "staff", "", only("403 403 403", map[string]string{"leader": "200 200 404", "school_admin": "200 404 404"})},
	{"PUT", "/api/v1/staff/{id}", "staff", staffBody, only("403 403 403", map[string]string{"school_admin": "200 404 404"})},
	{"GET", "/api/v1/schools/{id}/classes", "school", "", only("403 403 403", map[string]string{"leader": "200 200 404", "school_admin": "200 404 404"})},
	{"POST", "/api/v1/classes", "school", `{"school_id":{id},"grade":3,"number":5}`, only("403 403 403", map[string]string{"school_admin": "201 400 400"})},
	{"GET", "/api/v1/schools/{id}/facilities/{year}", "school", "", only("403 403 403", map[string]string{"leader": "200 200 404", "school_admin": "200 404 404"})},
	{"PUT", "/api/v1/schools/{id}/facilities/{year}", "school", `{"teaching_area":3000,"sports_area":5000,"books":20000}`,
		only("403 403 403", map[string]string{"school_admin": "200 404 404"})},
	{"GET", "/api/v1/dictionaries", "", "", all("200")},
	{"GET", "/api/v1/registry/templates/{entity}", "", "", only("403", map[string]string{"leader": "200", "school_admin": "200"})},
	{"POST", "/api/v1/registry/imports/{entity}", "school", "multipart:school_id={id}", only("403 403 403", map[string]string{"school_admin": "202 400 400"})},
	{"POST", "/api/v1/registry/exports/{entity}", "", `{"status":"在读"}`, only("403", map[string]string{"leader": "202", "school_admin": "202"})},
	{"PUT", "/api/v1/dictionaries/{kind}/{code}", "", `{"name":"书法","sort":30,"active":true}`, only("403", map[string]string{"sysadmin": "200"})},
	{"GET", "/api/v1/jobs/{id}", "job", "", all("200 404")},
	{"GET", "/api/v1/jobs/{id}/result", "job", "", all("200 404")},
}

// moduleMatrix holds the business modules' rows: each module's test file (authz_<name>_test.go)
// appends its rows from init, and registers in objectKinds how to make the objects of its kinds.
var (
	moduleMatrix []matrixRow
	objectKinds  = map[string]func(f *fixture, role string) []object{}
)

func TestAuthorizationMatrix(t *testing.T) {
	dbtest.EachDSN(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		covered := map[string]bool{}
		for _, row := range append(append([]matrixRow{}, matrix...), moduleMatrix...) {
			covered[row.method+" "+row.path] = true
			for _, role := range actorRoles {
				want, ok := row.want[role]
				if !ok {
					t.Fatalf("%s %s: no expectation for %s", row.method, row.path, role)
				}
				objects := f.objects(row.kind, role)
				wants := strings.Fields(want)
				if len(wants) == 1 && len(objects) > 1 && role == "anon" {
					wants = strings.Fields(strings.Repeat(want+" ", len(objects)))
				}
				if len(wants) != len(objects) {
					t.Fatalf("%s %s %s: %d statuses for %d objects", row.method, row.path, role, len(wants), len(objects))
				}
				for i, obj := range objects {
					path := strings.NewReplacer("{id}", fmt.Sprint(obj.id), "{year}", "2026", "{kind}", "subject", "{entity}", "students",
						"{code}", "shufa").Replace(row.path)
					for k, v := range obj.vars {
						path = strings.ReplaceAll(path, k, v)
					}
					status, body := f.as(role).do(row.method, path, f.body(row.body, obj))
					if fmt.Sprint(status) != wants[i] {
						t.Errorf("%s %s as %s on %s: got %d, want %s: %s", row.method, row.path, role, obj.name, status, wants[i], body)
					}
				}
			}
		}
		for _, r := range f.s.Router.Routes() {
			if !covered[r.Method+" "+r.Path] {
				t.Errorf("route %s %s is not in the authorization matrix", r.Method, r.Path)
			}
		}
	})
}

type object struct {
	name   string
	id     int64
	school int64
	code   string
	reg    registryObject
	vars   map[string]string // module placeholders ("{hazard}" → "123") replaced in the row's body
}

// studentBody and staffBody are valid records; {idnum}, {stuno} and {staffno} are the object's own
// identifiers (kept for PUT) or fresh ones (for POST), {id} the school of a POST.
const (
	studentBody = `{"student_no":"{stuno}","name":"王小明","id_number":"{idnum}","school_id":{id},"grade":3,"address":"青溪区人民路2号"}`
	staffBody   = `{"staff_no":"{staffno}","name":"李老师","id_number":"{adultid}","education":"本科","post":"专任教师","subjects":["数学"],
"school_id":{id},"joined_school_on":"2016-09-01"}`
)

// objects returns the objects a role's request is tried on, in the matrix's order. Sections are
// made fresh for each request so that deletions do not disturb later cases.
func (f *fixture) objects(kind, role string) []object {
	if make, ok := objectKinds[kind]; ok {
		return make(f, role)
	}
	switch kind {
	case "user":
		return []object{{name: "A", id: f.targets["A"], school: f.schools["A"], code: ""}, {name: "B", id: f.targets["B"], school: f.schools["B"], code: ""},
			{name: "X", id: f.targets["X"], school: f.schools["X"], code: ""}}
	case "school":
		return []object{{name: "A", id: f.schools["A"], school: 0, code: f.schoolCode(f.schools["A"])}, {name: "B", id: f.schools["B"], school: 0, code: f.schoolCode(f.schools["B"])},
			{name: "X", id: f.schools["X"], school: 0, code: f.schoolCode(f.schools["X"])}}
	case "section":
		return []object{{name: "own", id: f.freshSection(), school: 0, code: ""}, {name: "X", id: f.section["X"], school: 0, code: ""}}
	case "student", "staff":
		set := f.students
		if kind == "staff" {
			set = f.staffs
		}
		return []object{{name: "A", id: set["A"].id, reg: set["A"]}, {name: "B", id: set["B"].id, reg: set["B"]}, {name: "X", id: set["X"].id, reg: set["X"]}}
	case "transfer":
		return []object{{name: "into A", id: f.freshTransfer(home, f.schools["B"], f.schools["A"])},
			{name: "out of A", id: f.freshTransfer(home, f.schools["A"], f.schools["B"])},
			{name: "X", id: f.freshTransfer(other, f.schools["X"], f.schools["X"])}}
	case "job":
		otherOwner := "leader"
		if role == "leader" {
			otherOwner = "parent"
		}
		own := f.jobs[role]
		if role == "anon" {
			own = f.jobs["parent"]
		}
		return []object{{name: "own", id: own, school: 0, code: ""}, {name: "other", id: f.jobs[otherOwner], school: 0, code: ""}}
	}
	return []object{{name: "-", id: 0, school: 0, code: ""}}
}

func (f *fixture) freshSection() int64 {
	id := db.NewID()
	if _, err := f.s.DB.Write().Exec(f.t.Context(), `INSERT INTO sections (district_code, id, name, sort, active, created_at)
VALUES (?, ?, ?, 1, TRUE, ?)`, home, id, fmt.Sprintf("临时科室%d", id), db.Now()); err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) schoolCode(id int64) string {
	var code string
	if err := f.s.DB.Read().QueryRow(f.t.Context(), `SELECT code FROM schools WHERE id = ?`, id).Scan(&code); err != nil {
		f.t.Fatal(err)
	}
	return code
}

var uniq int

func (f *fixture) body(tmpl string, obj object) any {
	if tmpl == "" {
		return nil
	}
	uniq++
	code := obj.code
	if code == "" {
		code = fmt.Sprintf("35%08d", uniq)
	}
	reg := obj.reg
	if reg.id == 0 { // a new record
		reg.idNumber = nextIDNumber(time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC))
		reg.studentNo = "G" + reg.idNumber
		reg.staffNo = fmt.Sprintf("N%06d", uniq)
	}
	adult := reg.idNumber
	if reg.staffNo == "" || reg.id == 0 {
		adult = nextIDNumber(time.Date(1988, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	school := obj.id
	if obj.reg.id != 0 {
		school = 0 // PUT keeps the record's school
	}
	for k, v := range obj.vars {
		tmpl = strings.ReplaceAll(tmpl, k, v)
	}
	return strings.NewReplacer("{uniq}", fmt.Sprint(uniq), "{school}", fmt.Sprint(obj.school), "{code}", code,
		"{id}", fmt.Sprint(school), "{idnum}", reg.idNumber, "{stuno}", reg.studentNo, "{staffno}", reg.staffNo,
		"{adultid}", adult, "{schoolB}", fmt.Sprint(f.schools["B"])).Replace(tmpl)
}
