package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/access"
)

// Bad request bodies get 400 (or 413) with the error envelope, and nothing is written.
func TestBadInput_EnvelopeAndNoWrite(t *testing.T) {
	f := newFixture(t, "")
	c := f.as(access.SysAdmin)
	before := f.count(`SELECT COUNT(*) FROM sections`)
	cases := []struct {
		name, body string
		status     int
		field      string
	}{
		{"malformed", `{"name":`, 400, ""},
		{"not an object", `[1,2]`, 400, ""},
		{"unknown field", `{"name":"新科室","colour":"red"}`, 400, "colour"},
		{"wrong type", `{"name":"新科室","sort":"first"}`, 400, "sort"},
		{"trailing data", `{"name":"新科室"} {"name":"又一个"}`, 400, ""},
		{"empty", ``, 400, ""},
		{"invalid value", `{"name":"科"}`, 400, "name"},
		{"oversized", `{"name":"` + strings.Repeat("科", 400000) + `"}`, 413, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := c.do("POST", "/api/v1/sections", tc.body)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			var env struct {
				Error struct {
					Code, Message string
					Fields        []struct{ Field, Message string }
				}
			}
			if err := json.Unmarshal(body, &env); err != nil || env.Error.Message == "" || env.Error.Code == "" {
				t.Fatalf("no error envelope: %s", body)
			}
			if !containsHan(env.Error.Message) {
				t.Errorf("message is not in Chinese: %q", env.Error.Message)
			}
			if tc.field != "" && (len(env.Error.Fields) == 0 || env.Error.Fields[0].Field != tc.field) {
				t.Errorf("fields %+v do not name %q", env.Error.Fields, tc.field)
			}
		})
	}
	if after := f.count(`SELECT COUNT(*) FROM sections`); after != before {
		t.Fatalf("bad input wrote %d sections", after-before)
	}
}

func containsHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// Every denial by the access policy is in the audit log.
func TestDenialsAreAudited(t *testing.T) {
	f := newFixture(t, "")
	sa := f.as(access.SchoolAdmin)
	if status, _ := sa.do("GET", "/api/v1/schools/"+itoa(f.schools["B"]), nil); status != 404 {
		t.Fatalf("other school: %d", status)
	}
	if status, _ := sa.do("GET", "/api/v1/users", nil); status != 403 {
		t.Fatalf("user list: %d", status)
	}
	n := f.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND result = 'denied' AND actor_id = ?`, f.users[access.SchoolAdmin])
	if n != 2 {
		t.Fatalf("%d denials audited, want 2", n)
	}
}

// Revealing a phone needs a reason, is audited, and the audit row never holds the value.
func TestReveal_AuditedWithoutTheValue(t *testing.T) {
	f := newFixture(t, "")
	c := f.as(access.Staff)
	path := "/api/v1/users/" + itoa(f.targets["A"])
	if status, body := c.do("GET", "/api/v1/users", nil); status != 403 {
		t.Fatalf("staff listing users: %d %s", status, body)
	}
	if status, _ := c.do("POST", path+"/reveal", `{"field":"phone","reason":""}`); status != 400 {
		t.Fatalf("reveal without a reason: %d", status)
	}
	status, body := c.do("POST", path+"/reveal", `{"field":"phone","reason":"核实家长联系方式"}`)
	if status != 200 || !strings.Contains(string(body), "13800000000") {
		t.Fatalf("reveal: %d %s", status, body)
	}
	if n := f.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'pii.reveal' AND detail LIKE '%核实家长联系方式%'`); n != 1 {
		t.Fatalf("reveal audited %d times", n)
	}
	if n := f.count(`SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%13800000000%'`); n != 0 {
		t.Fatal("the audit log holds the phone number")
	}
	sys := f.as(access.SysAdmin)
	_, list := sys.do("GET", "/api/v1/users?q=target", nil)
	if strings.Contains(string(list), "13800000000") || !strings.Contains(string(list), "138****0000") {
		t.Fatalf("list does not mask phones: %s", list)
	}
	if n := f.count(`SELECT COUNT(*) FROM users WHERE phone_enc LIKE '%13800000000%'`); n != 0 {
		t.Fatal("phone stored in clear")
	}
}
