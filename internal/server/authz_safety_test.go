package server

import (
	"bytes"
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/safety"
)

// Safety objects are made fresh for every request (transitions change them): a hazard of school
// A (zone Z1), of school B (zone Z2) and of school X (the other district), reported by a section
// member of that district; "hazard" has the school's evidence photo attached, "hazard_submitted"
// has it submitted for verification. Campaigns target one school each.

var safetyPNG = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 32)...)

// safetyPlace returns the district and school of k, first putting schools A and B back in their
// zones (the platform rows edit schools without a zone).
func (f *fixture) safetyPlace(k string) (district string, school int64) {
	if k == "X" {
		return other, f.schools["X"]
	}
	for s, z := range map[string]string{"A": "Z1", "B": "Z2"} {
		if _, err := f.s.DB.Write().Exec(context.Background(), `UPDATE schools SET zone_id = ? WHERE district_code = ? AND id = ?`,
			f.zones[z], home, f.schools[s]); err != nil {
			f.t.Fatal(err)
		}
	}
	return home, f.schools[k]
}

func safetyStaff(district string) *access.Principal {
	return access.NewPrincipal(1, "fixture_staff", "测试科员", access.Staff, district, 0, 0, 0, []string{access.SafetyRead, access.SafetyWrite})
}

func (f *fixture) freshHazard(k string, submitted bool) (int64, int64) {
	ctx := context.Background()
	svc := f.s.Safety()
	district, school := f.safetyPlace(k)
	h, err := svc.Report(ctx, safetyStaff(district), safety.HazardInput{SchoolID: school, Source: safety.SourceVisit, Category: "消防",
		Severity: "一般", Location: "教学楼", Description: "灭火器过期"})
	if err != nil {
		f.t.Fatal(err)
	}
	// The evidence is the school's own: uploaded by the fixture's school administrator for school A.
	uploader := int64(2)
	if k == "A" {
		uploader = f.users[access.SchoolAdmin]
	}
	sp := access.NewPrincipal(uploader, "fixture_school", "测试校长", access.SchoolAdmin, district, school, 0, 0, nil)
	a, err := svc.Flow.Attach(ctx, sp, "", safety.HazardType, h.ID, "整改后.png", bytes.NewReader(safetyPNG), "隐患")
	if err != nil {
		f.t.Fatal(err)
	}
	if submitted {
		if _, err := svc.Act(ctx, sp, "", h.ID, "submit", "已更换灭火器"); err != nil {
			f.t.Fatal(err)
		}
	}
	return h.ID, a.ID
}

func (f *fixture) freshCampaign(k string) int64 {
	district, school := f.safetyPlace(k)
	c, err := f.s.Safety().CreateCampaign(context.Background(), safetyStaff(district), "", safety.CampaignInput{Name: "开学安全检查",
		Checklist: []string{"消防设施"}, SchoolIDs: []string{fmt.Sprint(school)}, StartOn: "2026-09-01", EndOn: "2026-09-30"})
	if err != nil {
		f.t.Fatal(err)
	}
	return c.ID
}

func init() {
	abx := []string{"A", "B", "X"}
	objectKinds["hazard"] = func(f *fixture, role string) []object {
		out := []object{}
		for _, k := range abx {
			id, _ := f.freshHazard(k, false)
			out = append(out, object{name: k, id: id})
		}
		return out
	}
	objectKinds["hazard_submitted"] = func(f *fixture, role string) []object {
		out := []object{}
		for _, k := range abx {
			id, _ := f.freshHazard(k, true)
			out = append(out, object{name: k, id: id})
		}
		return out
	}
	objectKinds["hazard_attachment"] = func(f *fixture, role string) []object {
		out := []object{}
		for _, k := range abx {
			id, aid := f.freshHazard(k, false)
			out = append(out, object{name: k, id: id, vars: map[string]string{"{aid}": fmt.Sprint(aid)}})
		}
		return out
	}
	objectKinds["hazard_school"] = func(f *fixture, role string) []object {
		src := safety.SourceVisit
		if role == access.SchoolAdmin {
			src = safety.SourceSelf
		}
		out := []object{}
		for _, k := range abx {
			f.safetyPlace(k)
			out = append(out, object{name: k, id: f.schools[k], vars: map[string]string{"{src}": src, "{hschool}": fmt.Sprint(f.schools[k])}})
		}
		return out
	}
	objectKinds["safety_campaign"] = func(f *fixture, role string) []object {
		out := []object{}
		for _, k := range abx {
			_, school := f.safetyPlace(k)
			out = append(out, object{name: k, id: f.freshCampaign(k), vars: map[string]string{"{csch}": fmt.Sprint(school)}})
		}
		return out
	}
	readers := map[string]string{"leader": "200", "staff": "200", "school_admin": "200", "inspector": "200"}
	read3 := map[string]string{"leader": "200 200 404", "staff": "200 200 404", "school_admin": "200 404 404", "inspector": "200 404 404"}
	write3 := func(ok string) map[string]string {
		return map[string]string{"leader": "403 403 404", "staff": ok + " " + ok + " 404", "school_admin": ok + " 404 404", "inspector": ok + " 404 404"}
	}
	moduleMatrix = append(moduleMatrix,
		matrixRow{"GET", "/api/v1/safety/meta", "", "", only("403", readers)},
		matrixRow{"PUT", "/api/v1/safety/deadlines", "", `{"deadlines":[{"severity":"一般","workdays":5}]}`,
			only("403", map[string]string{"staff": "200"})},
		matrixRow{"GET", "/api/v1/safety/hazards", "", "", only("403", readers)},
		matrixRow{"POST", "/api/v1/safety/hazards", "hazard_school",
			`{"school_id":"{hschool}","source":"{src}","category":"消防","severity":"一般","location":"食堂","description":"灭火器过期"}`,
			only("403 403 403", map[string]string{"staff": "201 201 404", "school_admin": "201 404 404", "inspector": "201 404 404"})},
		matrixRow{"GET", "/api/v1/safety/hazards/{id}", "hazard", "", only("403 403 403", read3)},
		// Submitting rectification: the assigned school only.
		matrixRow{"POST", "/api/v1/safety/hazards/{id}/actions", "hazard", `{"action":"submit","comment":"已更换灭火器"}`,
			only("403 403 403", map[string]string{"leader": "403 403 404", "staff": "403 403 404", "school_admin": "200 404 404",
				"inspector": "403 404 404"})},
		// Verifying: the zone's inspector or a section member, never the school.
		matrixRow{"POST", "/api/v1/safety/hazards/{id}/actions", "hazard_submitted", `{"action":"verify"}`,
			only("403 403 403", map[string]string{"leader": "403 403 404", "staff": "200 200 404", "school_admin": "403 404 404",
				"inspector": "200 404 404"})},
		matrixRow{"POST", "/api/v1/safety/hazards/{id}/actions", "hazard_submitted", `{"action":"return","comment":"照片不清楚"}`,
			only("403 403 403", map[string]string{"leader": "403 403 404", "staff": "200 200 404", "school_admin": "403 404 404",
				"inspector": "200 404 404"})},
		// Cancelling: a section member only.
		matrixRow{"POST", "/api/v1/safety/hazards/{id}/actions", "hazard", `{"action":"cancel","comment":"重复上报"}`,
			only("403 403 403", map[string]string{"leader": "403 403 404", "staff": "200 200 404", "school_admin": "403 404 404",
				"inspector": "403 404 404"})},
		matrixRow{"POST", "/api/v1/safety/hazards/{id}/comments", "hazard", `{"comment":"请尽快整改"}`, only("403 403 403", write3("200"))},
		// The fixture's upload is not a photo: refused as a format after the access checks.
		matrixRow{"POST", "/api/v1/safety/hazards/{id}/attachments", "hazard", "multipart:note=1", only("403 403 403", write3("400"))},
		matrixRow{"GET", "/api/v1/safety/hazards/{id}/attachments/{aid}", "hazard_attachment", "", only("403 403 403", read3)},
		matrixRow{"GET", "/api/v1/safety/todo", "", "", only("403", readers)},
		matrixRow{"GET", "/api/v1/safety/dashboard", "", "", only("403", readers)},
		matrixRow{"GET", "/api/v1/safety/campaigns", "", "", only("403", readers)},
		matrixRow{"POST", "/api/v1/safety/campaigns", "",
			`{"name":"专项检查{uniq}","checklist":["消防设施"],"school_ids":["{schoolB}"],"start_on":"2026-09-01","end_on":"2026-09-30"}`,
			only("403", map[string]string{"staff": "201"})},
		matrixRow{"GET", "/api/v1/safety/campaigns/{id}", "safety_campaign", "", only("403 403 403", read3)},
		matrixRow{"POST", "/api/v1/safety/campaigns/{id}/results", "safety_campaign",
			`{"school_id":"{csch}","checked_on":"2026-09-10","results":[{"item":"消防设施","ok":true,"note":""}],"findings":[]}`,
			only("403 403 403", map[string]string{"staff": "200 200 404", "school_admin": "200 404 404", "inspector": "200 404 404"})},
		matrixRow{"GET", "/api/v1/workflow/calendar", "", "", all("200")},
		matrixRow{"PUT", "/api/v1/workflow/calendar/{year}", "", calendar2026, only("403", map[string]string{"sysadmin": "200"})},
	)
}

// calendar2026 is the 2026 announcement as shipped, entered again by the administrator.
const calendar2026 = `{"source":"国务院办公厅关于2026年部分节假日安排的通知","holidays":["2026-01-01","2026-01-02","2026-01-03",
"2026-02-15","2026-02-16","2026-02-17","2026-02-18","2026-02-19","2026-02-20","2026-02-21","2026-02-22","2026-02-23","2026-04-04",
"2026-04-05","2026-04-06","2026-05-01","2026-05-02","2026-05-03","2026-05-04","2026-05-05","2026-06-19","2026-06-20","2026-06-21",
"2026-09-25","2026-09-26","2026-09-27","2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"],
"makeup_workdays":["2026-01-04","2026-02-14","2026-02-28","2026-05-09","2026-09-20","2026-10-10"]}`
