package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
)

const (
	home  = "339901"
	other = "110101"
)

// fixture is a small district with one user of every role, two schools in two zones, and objects
// in a second district, served by a real server on a test listener.
type fixture struct {
	t       *testing.T
	s       *Server
	srv     *httptest.Server
	users   map[string]int64 // actor role → user ID
	schools map[string]int64 // "A", "B" (home district), "X" (other district)
	zones   map[string]int64
	targets map[string]int64 // user objects: "A" (in school A), "B" (in school B), "X" (other district)
	section map[string]int64 // "own", "X"
	jobs    map[string]int64 // actor role → a finished job of theirs

	students, staffs map[string]registryObject // per school "A", "B", "X"

	mods map[string]any // modules' own fixture data, made on first use by their test files
}

// actorRoles are the roles the authorization matrix is run for; "anon" has no session.
var actorRoles = []string{"anon", access.SysAdmin, access.SecAdmin, access.Auditor, access.Leader, access.Staff,
	access.SchoolAdmin, access.Inspector, access.Parent}

func newFixture(t *testing.T, dsn string) *fixture {
	t.Helper()
	dir := t.TempDir()
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	if err := os.MkdirAll(filepath.Join(dir, "keys"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "keys", "master.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), Config{DataDir: dir, DSN: dsn, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, s: s, users: map[string]int64{}, schools: map[string]int64{}, zones: map[string]int64{},
		targets: map[string]int64{}, section: map[string]int64{}, jobs: map[string]int64{}, mods: map[string]any{}}
	f.srv = httptest.NewServer(s.Router)
	t.Cleanup(func() { f.srv.Close(); s.Close() })
	f.seed()
	return f
}

func (f *fixture) seed() {
	ctx := context.Background()
	t := f.t
	err := f.s.DB.Tx(ctx, func(q db.Querier) error {
		for _, d := range []struct{ district, zone, school, sec string }{{home, "Z1", "A", "own"}, {home, "Z2", "B", ""}, {other, "ZX", "X", "X"}} {
			zid := db.NewID()
			if err := org.InsertZone(ctx, q, d.district, zid, d.zone+"片区", 1); err != nil {
				return err
			}
			f.zones[d.zone] = zid
			sid, err := org.InsertSchool(ctx, q, d.district, org.SchoolInput{Code: "33399010" + fmtInt(len(f.schools)) + "1",
				Name: "测试学校" + d.school, Type: "primary", Nature: "公办", Urban: "城区", ZoneID: zid})
			if err != nil {
				return err
			}
			f.schools[d.school] = sid
			if d.sec != "" {
				f.section[d.sec] = db.NewID()
				if err := org.InsertSection(ctx, q, d.district, f.section[d.sec], "基础教育科", 1); err != nil {
					return err
				}
			}
			tid, err := accounts.InsertUser(ctx, q, f.s.Keys, accounts.NewUser{District: d.district, Username: "target" + strings.ToLower(d.school),
				DisplayName: "目标" + d.school, Phone: "13800000000", Role: access.SchoolAdmin, SchoolID: sid, PasswordHash: "x"})
			if err != nil {
				return err
			}
			f.targets[d.school] = tid
		}
		for _, role := range actorRoles[1:] {
			u := accounts.NewUser{District: home, Username: "actor_" + role, DisplayName: "测试" + role, Phone: "13900000000",
				Role: role, PasswordHash: "x"}
			switch role {
			case access.SchoolAdmin:
				u.SchoolID = f.schools["A"]
			case access.Inspector:
				u.ZoneID = f.zones["Z1"]
			case access.Staff:
				u.Permissions = []string{access.OrgRead, access.PIIReveal, access.SafetyRead, access.SafetyWrite, access.IndicatorsRead,
					access.SupervisionRead, access.SupervisionWrite, access.EnrollRead, access.EnrollWrite, access.FitnessRead,
					access.FitnessWrite, access.ReportsRead, access.ReportsWrite}
			}
			id, err := accounts.InsertUser(ctx, q, f.s.Keys, u)
			if err != nil {
				return err
			}
			f.users[role] = id
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for role, uid := range f.users {
		f.jobs[role] = f.finishedJob(uid)
	}
	f.seedRegistry()
}

// finishedJob stores a succeeded job with a result file for a user.
func (f *fixture) finishedJob(owner int64) int64 {
	id := db.NewID()
	path := filepath.Join(f.t.TempDir(), "result.txt")
	if err := os.WriteFile(path, []byte("结果"), 0o600); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.s.DB.Write().Exec(context.Background(), `INSERT INTO jobs (district_code, id, kind, status, progress, result_path,
result_name, created_by, created_at, finished_at) VALUES (?, ?, 'audit.export', 'succeeded', 100, ?, 'result.txt', ?, ?, ?)`,
		home, id, path, owner, db.Now(), db.Now()); err != nil {
		f.t.Fatal(err)
	}
	return id
}

// client is a logged-in (or anonymous) API caller.
type client struct {
	f      *fixture
	cookie *http.Cookie
	csrf   string
}

func (f *fixture) as(role string) *client {
	if role == "anon" {
		return &client{f: f}
	}
	ck, csrf, err := f.s.Auth.IssueSession(context.Background(), home, f.users[role], auth.StageDone)
	if err != nil {
		f.t.Fatal(err)
	}
	return &client{f: f, cookie: ck, csrf: csrf}
}

// do sends a request; body may be nil, a string of JSON, or a value to encode.
func (c *client) do(method, path string, body any) (int, []byte) {
	c.f.t.Helper()
	status, out, _ := c.doRaw(method, path, body)
	return status, out
}

// doRaw is do that also returns the cookies the server set.
func (c *client) doRaw(method, path string, body any) (int, []byte, []*http.Cookie) {
	c.f.t.Helper()
	var r io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		if fields, ok := strings.CutPrefix(b, "multipart:"); ok {
			r, contentType = multipartBody(fields)
			break
		}
		r = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.f.srv.URL+path, r)
	if err != nil {
		c.f.t.Fatal(err)
	}
	if r != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if c.cookie != nil {
		req.AddCookie(c.cookie)
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out, res.Cookies()
}

func fmtInt(n int) string { return string(rune('0' + n)) }

func writeFile(path string, b []byte) error { return os.WriteFile(path, b, 0o600) }

// multipartBody encodes "name=value&…" form fields plus a small file in the field "file".
func multipartBody(fields string) (io.Reader, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, kv := range strings.Split(fields, "&") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			_ = w.WriteField(k, v)
		}
	}
	fw, _ := w.CreateFormFile("file", "学生.xlsx")
	_, _ = fw.Write([]byte("not really a workbook"))
	_ = w.Close()
	return &buf, w.FormDataContentType()
}
