package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

type page struct {
	Items []map[string]any `json:"items"`
	Total int              `json:"total"`
}

func decodePage(t *testing.T, body []byte) page {
	t.Helper()
	var p page
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return p
}

// A student is created, found by name, pinyin initials and ID number, masked in lists, transferred
// to another school (sending school starts, receiving school confirms) with the history kept.
func TestRegistry_StudentLifecycle(t *testing.T) {
	dbtest.EachDSN(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		sa := f.as(access.SchoolAdmin)
		idn := nextIDNumber(time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC))
		status, body := sa.do("POST", "/api/v1/students", fmt.Sprintf(`{"student_no":"G%s","name":"曾小明","id_number":"%s",
"school_id":%d,"grade":3,"ethnicity":"汉族","address":"青溪区人民路18号3幢201室","guardians":[{"name":"曾大明","relation":"父亲","phone":"13912345678"}]}`,
			idn, idn, f.schools["A"]))
		if status != 201 {
			t.Fatalf("create: %d %s", status, body)
		}
		var st map[string]any
		_ = json.Unmarshal(body, &st)
		id := int64(st["id"].(float64))
		if strings.Contains(string(body), idn) || strings.Contains(string(body), "13912345678") || strings.Contains(string(body), "18号3幢") {
			t.Fatalf("detail shows personal data in clear: %s", body)
		}
		for _, q := range []string{"曾小", "zxm", idn} {
			_, body := sa.do("GET", "/api/v1/students?q="+q, nil)
			if p := decodePage(t, body); p.Total != 1 || p.Items[0]["name"] != "曾小明" {
				t.Errorf("search %q: %s", q, body)
			}
		}
		if _, body := sa.do("GET", "/api/v1/students?q=cxm", nil); decodePage(t, body).Total != 0 {
			t.Errorf("曾 as a surname reads zēng, not céng: %s", body)
		}
		if status, body := sa.do("POST", fmt.Sprintf("/api/v1/students/%d/reveal", id), `{"field":"id_number","reason":"核对学籍"}`); status != 200 || !strings.Contains(string(body), idn) {
			t.Fatalf("reveal: %d %s", status, body)
		}
		status, body = sa.do("POST", fmt.Sprintf("/api/v1/students/%d/transfers", id), fmt.Sprintf(`{"to_school_id":%d,"to_grade":3,"reason":"随父母搬迁"}`, f.schools["B"]))
		if status != 200 {
			t.Fatalf("start transfer: %d %s", status, body)
		}
		var tr map[string]any
		_ = json.Unmarshal(body, &tr)
		tid := int64(tr["id"].(float64))
		if status, _ := sa.do("POST", fmt.Sprintf("/api/v1/transfers/%d/confirm", tid), nil); status != 404 {
			t.Fatalf("the sending school confirmed its own transfer: %d", status)
		}
		// The receiving school's administrator confirms.
		saB := f.newSchoolAdmin("B")
		if status, body := saB.do("POST", fmt.Sprintf("/api/v1/transfers/%d/confirm", tid), `{"note":"已接收"}`); status != 200 {
			t.Fatalf("confirm: %d %s", status, body)
		}
		if status, _ := sa.do("GET", fmt.Sprintf("/api/v1/students/%d", id), nil); status != 404 {
			t.Fatalf("the old school still sees the student: %d", status)
		}
		status, body = saB.do("GET", fmt.Sprintf("/api/v1/students/%d/history", id), nil)
		if status != 200 || !strings.Contains(string(body), "建立学籍") || !strings.Contains(string(body), "已转入") {
			t.Fatalf("history: %d %s", status, body)
		}
	})
}

// newSchoolAdmin signs in a second school administrator, of school k.
func (f *fixture) newSchoolAdmin(k string) *client {
	id := f.newLoginUser("sa_"+strings.ToLower(k), access.SchoolAdmin, "Initial-Passw0rd!")
	if _, err := f.s.DB.Write().Exec(f.t.Context(), `UPDATE users SET school_id = ? WHERE id = ?`, f.schools[k], id); err != nil {
		f.t.Fatal(err)
	}
	ck, csrf, err := f.s.Auth.IssueSession(f.t.Context(), home, id, "done")
	if err != nil {
		f.t.Fatal(err)
	}
	return &client{f: f, cookie: ck, csrf: csrf}
}

// Records that contradict themselves are refused with the field named, and nothing is written.
func TestRegistry_RefusesInconsistentRecords(t *testing.T) {
	f := newFixture(t, "")
	sa := f.as(access.SchoolAdmin)
	before := f.count(`SELECT COUNT(*) FROM students`)
	idn := nextIDNumber(time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC))
	status, body := sa.do("POST", "/api/v1/students", fmt.Sprintf(`{"student_no":"G%s","name":"王小明","id_number":"%s","sex":"%s",
"school_id":%d,"grade":3}`, idn, idn, map[string]string{"男": "女", "女": "男"}[sexOf(idn)], f.schools["A"]))
	if status != 400 || !strings.Contains(string(body), `"field":"sex"`) {
		t.Fatalf("sex contradicting the ID number: %d %s", status, body)
	}
	dup := f.students["A"]
	status, body = sa.do("POST", "/api/v1/students", fmt.Sprintf(`{"student_no":"%s","name":"王小明","id_number":"%s","school_id":%d,"grade":3}`,
		dup.studentNo, dup.idNumber, f.schools["A"]))
	if status != 400 || !strings.Contains(string(body), "已存在") {
		t.Fatalf("duplicate: %d %s", status, body)
	}
	if after := f.count(`SELECT COUNT(*) FROM students`); after != before {
		t.Fatal("a refused record was written")
	}
}

// A school administrator's lists and exports hold their own school's students and staff only.
func TestRegistry_SchoolAdminSeesOwnSchoolOnly(t *testing.T) {
	dbtest.EachDSN(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		sa := f.as(access.SchoolAdmin)
		for _, path := range []string{"/api/v1/students", "/api/v1/staff", fmt.Sprintf("/api/v1/students?school_id=%d", f.schools["B"])} {
			_, body := sa.do("GET", path, nil)
			p := decodePage(t, body)
			for _, it := range p.Items {
				if int64(it["school_id"].(float64)) != f.schools["A"] {
					t.Fatalf("%s lists a record of another school: %v", path, it)
				}
			}
			if strings.Contains(path, "school_id") && p.Total != 0 {
				t.Fatalf("%s: filtering by another school found %d records", path, p.Total)
			}
		}
		status, body := sa.do("POST", "/api/v1/registry/exports/students", `{}`)
		if status != 202 {
			t.Fatalf("export: %d %s", status, body)
		}
		var j map[string]any
		_ = json.Unmarshal(body, &j)
		job := sa.waitJob(t, int64(j["id"].(float64)))
		if !strings.Contains(job.Message, "共导出 1 名学生") {
			t.Fatalf("export of school A: %+v", job)
		}
	})
}
