package server

import (
	"fmt"
	"strings"
	"testing"

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
	{"GET", "/api/v1/schools/{id}", "school", "", only("403 403 403", map[string]string{"sysadmin": "200 200 404", "secadmin": "200 200 404",
		"leader": "200 200 404", "staff": "200 200 404", "school_admin": "200 404 404", "inspector": "200 404 404"})},
	{"POST", "/api/v1/schools", "", `{"code":"{code}","name":"新建学校{uniq}","type":"primary"}`, only("403", map[string]string{"sysadmin": "201"})},
	{"PUT", "/api/v1/schools/{id}", "school", `{"code":"{code}","name":"改名学校","type":"primary"}`,
		only("403 403 403", map[string]string{"sysadmin": "200 200 404"})},

	{"GET", "/api/v1/audit", "", "", only("403", map[string]string{"auditor": "200"})},
	{"POST", "/api/v1/audit/verify", "", "", only("403", map[string]string{"auditor": "200"})},
	{"POST", "/api/v1/audit/export", "", `{}`, only("403", map[string]string{"auditor": "202"})},
	{"GET", "/api/v1/jobs", "", "", all("200")},
	{"GET", "/api/v1/jobs/{id}", "job", "", all("200 404")},
	{"GET", "/api/v1/jobs/{id}/result", "job", "", all("200 404")},
}

func TestAuthorizationMatrix(t *testing.T) {
	dbtest.EachDSN(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		covered := map[string]bool{}
		for _, row := range matrix {
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
					path := strings.Replace(row.path, "{id}", fmt.Sprint(obj.id), 1)
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
}

// objects returns the objects a role's request is tried on, in the matrix's order. Sections are
// made fresh for each request so that deletions do not disturb later cases.
func (f *fixture) objects(kind, role string) []object {
	switch kind {
	case "user":
		return []object{{"A", f.targets["A"], f.schools["A"], ""}, {"B", f.targets["B"], f.schools["B"], ""},
			{"X", f.targets["X"], f.schools["X"], ""}}
	case "school":
		return []object{{"A", f.schools["A"], 0, f.schoolCode(f.schools["A"])}, {"B", f.schools["B"], 0, f.schoolCode(f.schools["B"])},
			{"X", f.schools["X"], 0, f.schoolCode(f.schools["X"])}}
	case "section":
		return []object{{"own", f.freshSection(), 0, ""}, {"X", f.section["X"], 0, ""}}
	case "job":
		otherOwner := "leader"
		if role == "leader" {
			otherOwner = "parent"
		}
		own := f.jobs[role]
		if role == "anon" {
			own = f.jobs["parent"]
		}
		return []object{{"own", own, 0, ""}, {"other", f.jobs[otherOwner], 0, ""}}
	}
	return []object{{"-", 0, 0, ""}}
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
	return strings.NewReplacer("{uniq}", fmt.Sprint(uniq), "{school}", fmt.Sprint(obj.school), "{code}", code).Replace(tmpl)
}
