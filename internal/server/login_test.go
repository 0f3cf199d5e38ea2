package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
)

// browser is a cookie-keeping client that walks the login flow.
type browser struct {
	f    *fixture
	c    *client
	jar  map[string]*http.Cookie
	csrf string
}

func (f *fixture) browser() *browser { return &browser{f: f, c: &client{f: f}} }

func (b *browser) call(method, path string, body any) (int, map[string]any) {
	b.f.t.Helper()
	status, raw := b.c.doCookies(method, path, body, b)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	if tok, ok := out["csrf_token"].(string); ok {
		b.csrf = tok
	}
	return status, out
}

// doCookies is do with the browser's cookie jar.
func (c *client) doCookies(method, path string, body any, b *browser) (int, []byte) {
	c.cookie = nil
	if ck, ok := b.jar["session"]; ok {
		c.cookie = ck
	}
	c.csrf = b.csrf
	status, out, set := c.doRaw(method, path, body)
	for _, ck := range set {
		if b.jar == nil {
			b.jar = map[string]*http.Cookie{}
		}
		if ck.MaxAge < 0 {
			delete(b.jar, "session")
		} else {
			b.jar["session"] = ck
		}
	}
	return status, out
}

// newLoginUser stores a user with a known initial password.
func (f *fixture) newLoginUser(username, role, password string) int64 {
	var id int64
	err := f.s.DB.Tx(context.Background(), func(q db.Querier) error {
		var err error
		id, err = accounts.InsertUser(context.Background(), q, f.s.Keys, accounts.NewUser{District: home, Username: username,
			DisplayName: "登录测试", Role: role, Password: password})
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func TestLogin_InitialPasswordAndTOTPEnrollment(t *testing.T) {
	f := newFixture(t, "")
	f.newLoginUser("admin2", access.SysAdmin, "Initial-Passw0rd!")
	b := f.browser()
	status, me := b.call("POST", "/api/v1/auth/login", map[string]string{"username": "admin2", "password": "Initial-Passw0rd!"})
	if status != 200 || me["stage"] != auth.StagePasswordChange {
		t.Fatalf("login: %d %v", status, me)
	}
	if status, _ := b.call("GET", "/api/v1/home", nil); status != 401 {
		t.Fatalf("home before the flow is done: %d", status)
	}
	status, me = b.call("POST", "/api/v1/auth/password", map[string]string{"old_password": "Initial-Passw0rd!", "new_password": "short"})
	if status != 400 {
		t.Fatalf("weak password accepted: %d %v", status, me)
	}
	status, me = b.call("POST", "/api/v1/auth/password", map[string]string{"old_password": "Initial-Passw0rd!", "new_password": "Brand-New-Passw0rd"})
	if status != 200 || me["stage"] != auth.StageTOTPEnroll {
		t.Fatalf("password change: %d %v", status, me)
	}
	status, enroll := b.call("POST", "/api/v1/auth/totp/enroll", nil)
	secret, _ := enroll["secret"].(string)
	if status != 200 || secret == "" || !strings.HasPrefix(enroll["uri"].(string), "otpauth://totp/") {
		t.Fatalf("enroll: %d %v", status, enroll)
	}
	if status, _ := b.call("POST", "/api/v1/auth/totp/confirm", map[string]string{"code": "000000"}); status != 400 {
		t.Fatalf("wrong code: %d", status)
	}
	code, _ := auth.TOTPCode(secret, time.Now())
	status, me = b.call("POST", "/api/v1/auth/totp/confirm", map[string]string{"code": code})
	if status != 200 || me["stage"] != auth.StageDone {
		t.Fatalf("confirm: %d %v", status, me)
	}
	if status, _ := b.call("GET", "/api/v1/home", nil); status != 200 {
		t.Fatalf("home after the flow: %d", status)
	}

	// The next login asks for the code, and the code just used cannot be replayed.
	b2 := f.browser()
	status, me = b2.call("POST", "/api/v1/auth/login", map[string]string{"username": "admin2", "password": "Brand-New-Passw0rd"})
	if status != 200 || me["stage"] != auth.StageTOTP {
		t.Fatalf("second login: %d %v", status, me)
	}
	if status, _ := b2.call("POST", "/api/v1/auth/totp", map[string]string{"code": code}); status != 400 {
		t.Fatalf("replayed code accepted: %d", status)
	}
	next, _ := auth.TOTPCode(secret, time.Now().Add(30*time.Second))
	if status, me = b2.call("POST", "/api/v1/auth/totp", map[string]string{"code": next}); status != 200 || me["stage"] != auth.StageDone {
		t.Fatalf("fresh code: %d %v", status, me)
	}
}

func TestLogin_LocksAfterFiveFailures(t *testing.T) {
	f := newFixture(t, "")
	id := f.newLoginUser("teacher9", access.Leader, "Initial-Passw0rd!")
	b := f.browser()
	for i := 1; i <= 4; i++ {
		if status, _ := b.call("POST", "/api/v1/auth/login", map[string]string{"username": "teacher9", "password": "wrong"}); status != 401 {
			t.Fatalf("failure %d: %d", i, status)
		}
	}
	status, out := b.call("POST", "/api/v1/auth/login", map[string]string{"username": "teacher9", "password": "wrong"})
	if status != 423 {
		t.Fatalf("fifth failure: %d %v", status, out)
	}
	if status, _ := b.call("POST", "/api/v1/auth/login", map[string]string{"username": "teacher9", "password": "Initial-Passw0rd!"}); status != 423 {
		t.Fatalf("right password while locked: %d", status)
	}
	sys := f.as(access.SysAdmin)
	if status, body := sys.do("POST", "/api/v1/users/"+itoa(id)+"/unlock", nil); status != 200 {
		t.Fatalf("unlock: %d %s", status, body)
	}
	if status, _ := b.call("POST", "/api/v1/auth/login", map[string]string{"username": "teacher9", "password": "Initial-Passw0rd!"}); status != 200 {
		t.Fatalf("after unlock: %d", status)
	}
}

func TestLogin_RateLimitedPerAccount(t *testing.T) {
	f := newFixture(t, "")
	b := f.browser()
	var last int
	for i := 0; i < 12; i++ {
		last, _ = b.call("POST", "/api/v1/auth/login", map[string]string{"username": "ghost", "password": "x"})
	}
	if last != 429 {
		t.Fatalf("12 rapid attempts on one account: last status %d, want 429", last)
	}
}

func TestSession_IdleTimeout(t *testing.T) {
	f := newFixture(t, "")
	c := f.as(access.Leader)
	if status, _ := c.do("GET", "/api/v1/home", nil); status != 200 {
		t.Fatal(status)
	}
	f.s.Auth.Now = func() time.Time { return time.Now().Add(31 * time.Minute) }
	defer func() { f.s.Auth.Now = time.Now }()
	if status, _ := c.do("GET", "/api/v1/home", nil); status != 401 {
		t.Fatalf("after 31 idle minutes: %d, want 401", status)
	}
}

func TestCSRF_RequiredOnStateChanges(t *testing.T) {
	f := newFixture(t, "")
	c := f.as(access.SysAdmin)
	c.csrf = "forged"
	status, _ := c.do("POST", "/api/v1/sections", `{"name":"伪造科室"}`)
	if status != 403 {
		t.Fatalf("forged CSRF token: %d, want 403", status)
	}
	if n := f.count(`SELECT COUNT(*) FROM sections WHERE name = '伪造科室'`); n != 0 {
		t.Fatal("a forged request wrote")
	}
}

func (f *fixture) count(q string, args ...any) int {
	var n int
	if err := f.s.DB.Read().QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// Sessions are served from a short cache, yet a role change and a logout end them at once.
func TestSession_EndedAtOnceDespiteCache(t *testing.T) {
	f := newFixture(t, "")
	staff := f.as(access.Staff)
	if status, _ := staff.do("GET", "/api/v1/zones", nil); status != 200 {
		t.Fatalf("before: %d", status)
	}
	secadmin := f.as(access.SecAdmin)
	if status, body := secadmin.do("PUT", "/api/v1/users/"+itoa(f.users[access.Staff])+"/role",
		`{"role":"leader"}`); status != 200 {
		t.Fatalf("role change: %d %s", status, body)
	}
	if status, _ := staff.do("GET", "/api/v1/zones", nil); status != 401 {
		t.Fatalf("right after the role change: %d, want 401", status)
	}

	leader := f.as(access.Leader)
	if status, _ := leader.do("GET", "/api/v1/home", nil); status != 200 {
		t.Fatal(status)
	}
	if status, _ := leader.do("POST", "/api/v1/auth/logout", nil); status != 204 {
		t.Fatalf("logout: %d", status)
	}
	if status, _ := leader.do("GET", "/api/v1/home", nil); status != 401 {
		t.Fatalf("right after logout: %d, want 401", status)
	}
}
