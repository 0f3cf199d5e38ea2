package server

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/enroll"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/identity"
)

// enrollFixture holds, in the home district and in the other one, a published campaign with
// applications (the fixture parent's own, another family's, one first-choosing school B) and a
// drawn campaign; fresh campaigns are made for the actions that change a campaign's state.
type enrollFixture struct {
	published, drawn map[string]int64 // "A" (home), "X"
	apps             map[string]int64 // "own", "family" (another family, school A), "B" (school B), "X"
	docs             map[string]int64 // "own", "B", "X"
	camps            int              // campaigns made (each needs its own year and stage)
	seq              int              // applications made (each needs its own child)
}

var enrollPhones int

func (f *fixture) bureau(district string) enroll.Actor {
	return enroll.Actor{P: access.NewPrincipal(1, "zs", "招生办", access.Staff, district, 0, 0, 0, []string{access.EnrollRead, access.EnrollWrite})}
}

func (f *fixture) enrollPolicy(year int, stage string, district string) enroll.Policy {
	p := enroll.DefaultPolicy(year, stage)
	day := func(n int) string { return time.Now().AddDate(0, 0, n).Format(time.DateOnly) }
	p.Dates = enroll.Schedule{RegOpen: day(-30), RegClose: day(30), ReviewClose: day(31), CorrectionClose: day(32), Draw: day(33),
		Publish: day(34), WaitlistClose: day(60)}
	if district == home {
		p.Plans = []enroll.Plan{{SchoolID: f.schools["A"], Classes: 1, ClassSize: 2}, {SchoolID: f.schools["B"], Classes: 1, ClassSize: 2}}
	} else {
		p.Plans = []enroll.Plan{{SchoolID: f.schools["X"], Classes: 1, ClassSize: 2}}
	}
	return p
}

// enrollCampaign creates and publishes a campaign of a fresh year and stage.
func (f *fixture) enrollCampaign(district string) int64 {
	m := f.enroll()
	m.camps++
	stage := enroll.Stages[m.camps%3].Code
	c, err := f.s.Enroll().CreateCampaign(context.Background(), f.bureau(district), f.enrollPolicy(2030+m.camps/3, stage, district))
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.s.Enroll().PublishCampaign(context.Background(), f.bureau(district), c.ID); err != nil {
		f.t.Fatal(err)
	}
	return c.ID
}

func (f *fixture) enrollInput(campaign int64, choice int64) enroll.ApplicationInput {
	m := f.enroll()
	m.seq++
	return enroll.ApplicationInput{CampaignID: campaign, ChildName: "李小明",
		ChildIDNumber: identity.MakeIDNumber("339901", time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), 100+m.seq),
		Guardians:     []enroll.Guardian{{Name: "李大明", Relation: "父亲", Phone: "13900000000"}}, HukouLocal: true,
		HukouAddress: "人民路3号", HousingType: "rent", HomeAddress: "人民路3号", Choices: []int64{choice}}
}

func (f *fixture) enrollApp(district string, owner int64, campaign, choice int64) int64 {
	p := access.NewPrincipal(owner, "p", "家长", access.Parent, district, 0, 0, 0, nil)
	a, err := f.s.Enroll().Submit(context.Background(), p, f.enrollInput(campaign, choice))
	if err != nil {
		f.t.Fatal(err)
	}
	return a.ID
}

// enrollDrawn makes a drawn campaign where the given owners' applications are admitted.
func (f *fixture) enrollDrawn(district string, owners ...int64) (int64, []int64) {
	ctx := context.Background()
	c := f.enrollCampaign(district)
	school := f.schools["A"]
	if district == other {
		school = f.schools["X"]
	}
	var apps []int64
	for _, o := range owners {
		id := f.enrollApp(district, o, c, school)
		if _, err := f.s.Enroll().Decide(ctx, f.bureau(district), id, enroll.ReviewInput{Decision: enroll.AppApproved}); err != nil {
			f.t.Fatal(err)
		}
		apps = append(apps, id)
	}
	if _, err := f.s.Enroll().Freeze(ctx, f.bureau(district), c); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.s.Enroll().Draw(ctx, f.bureau(district), c, enroll.DrawInput{Seed: "8841"}); err != nil {
		f.t.Fatal(err)
	}
	return c, apps
}

func (f *fixture) enroll() *enrollFixture {
	if m, ok := f.mods["enroll"].(*enrollFixture); ok {
		return m
	}
	m := &enrollFixture{published: map[string]int64{}, drawn: map[string]int64{}, apps: map[string]int64{}, docs: map[string]int64{}}
	f.mods["enroll"] = m
	ctx := context.Background()
	parent := f.users[access.Parent]
	m.published["A"], m.published["X"] = f.enrollCampaign(home), f.enrollCampaign(other)
	m.apps["own"] = f.enrollApp(home, parent, m.published["A"], f.schools["A"])
	m.apps["family"] = f.enrollApp(home, parent+1000, m.published["A"], f.schools["A"])
	m.apps["B"] = f.enrollApp(home, parent+1001, m.published["A"], f.schools["B"])
	m.apps["X"] = f.enrollApp(other, parent, m.published["X"], f.schools["X"])
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	for _, k := range []string{"own", "B", "X"} {
		district, owner := home, parent
		switch k {
		case "B":
			owner = parent + 1001
		case "X":
			district = other
		}
		p := access.NewPrincipal(owner, "p", "家长", access.Parent, district, 0, 0, 0, nil)
		d, err := f.s.Enroll().AddDocument(ctx, p, m.apps[k], "birth", "出生证明.pdf", pdf)
		if err != nil {
			f.t.Fatal(err)
		}
		m.docs[k] = d.ID
	}
	m.drawn["A"], _ = f.enrollDrawn(home, parent+2000)
	m.drawn["X"], _ = f.enrollDrawn(other, parent+2000)
	return m
}

func init() {
	two := func(a, x int64) []object { return []object{{name: "A", id: a}, {name: "X", id: x}} }
	objectKinds["enroll_campaign"] = func(f *fixture, role string) []object {
		m := f.enroll()
		return two(m.published["A"], m.published["X"])
	}
	objectKinds["enroll_drawn"] = func(f *fixture, role string) []object {
		m := f.enroll()
		out := two(m.drawn["A"], m.drawn["X"])
		for i := range out {
			out[i].vars = map[string]string{"{file}": "result.csv"}
		}
		return out
	}
	// The kinds below change a campaign's state, so each request that may succeed gets a fresh
	// one; every other role is refused before the object matters and shares the fixture's.
	objectKinds["enroll_fresh"] = func(f *fixture, role string) []object {
		if role != access.Staff {
			return two(f.enroll().published["A"], f.enroll().published["X"])
		}
		return two(f.enrollCampaign(home), f.enroll().published["X"])
	}
	objectKinds["enroll_frozen"] = func(f *fixture, role string) []object {
		if role != access.Staff {
			return two(f.enroll().published["A"], f.enroll().published["X"])
		}
		c := f.enrollCampaign(home)
		if _, err := f.s.Enroll().Freeze(context.Background(), f.bureau(home), c); err != nil {
			f.t.Fatal(err)
		}
		return two(c, f.enroll().published["X"])
	}
	objectKinds["enroll_drawn_fresh"] = func(f *fixture, role string) []object {
		if role != access.Staff {
			return two(f.enroll().drawn["A"], f.enroll().drawn["X"])
		}
		c, apps := f.enrollDrawn(home, f.users[access.Parent]+3000)
		return []object{{name: "A", id: c, vars: map[string]string{"{no}": fmt.Sprint(apps[0])}},
			{name: "X", id: f.enroll().drawn["X"], vars: map[string]string{"{no}": "1"}}}
	}
	objectKinds["enroll_new"] = func(f *fixture, role string) []object {
		m := f.enroll()
		m.camps += 3
		enrollPhones++
		pol, _ := json.Marshal(f.enrollPolicy(2030+m.camps/3, "primary", home))
		return []object{{name: "-", vars: map[string]string{"{policy}": string(pol), "{phone}": fmt.Sprintf("137%08d", enrollPhones)}}}
	}
	objectKinds["enroll_input"] = func(f *fixture, role string) []object {
		m := f.enroll()
		in, _ := json.Marshal(f.enrollInput(m.published["A"], f.schools["A"]))
		return []object{{name: "-", vars: map[string]string{"{input}": string(in)}}}
	}
	objectKinds["enroll_myapp"] = func(f *fixture, role string) []object {
		m := f.enroll()
		in, _ := json.Marshal(f.enrollInput(m.published["A"], f.schools["A"]))
		v := map[string]string{"{input}": string(in)}
		return []object{{name: "own", id: m.apps["own"], vars: v}, {name: "family", id: m.apps["family"], vars: v}, {name: "X", id: m.apps["X"], vars: v}}
	}
	objectKinds["enroll_myapp_admitted"] = func(f *fixture, role string) []object {
		if role != access.Parent {
			return []object{{name: "own", id: f.enroll().apps["own"]}, {name: "family", id: f.enroll().apps["family"]}}
		}
		parent := f.users[access.Parent]
		_, apps := f.enrollDrawn(home, parent, parent+4000)
		return []object{{name: "own", id: apps[0]}, {name: "family", id: apps[1]}}
	}
	objectKinds["enroll_myapp_offered"] = func(f *fixture, role string) []object {
		// Three applicants for school A's two seats: one declines, the one left out is offered the
		// seat and made the fixture parent's (ownership is moved after the draw).
		if role != access.Parent {
			return []object{{name: "own", id: f.enroll().apps["own"]}, {name: "family", id: f.enroll().apps["family"]}}
		}
		ctx := context.Background()
		parent := f.users[access.Parent]
		c, apps := f.enrollDrawn(home, parent+5000, parent+5001, parent+5002)
		var admitted, left []int64
		for _, id := range apps {
			var status string
			if err := f.s.DB.Read().QueryRow(ctx, `SELECT result_status FROM enroll_applications WHERE district_code = ? AND id = ?`, home, id).
				Scan(&status); err != nil {
				f.t.Fatal(err)
			}
			if status == enroll.ResultAdmitted {
				admitted = append(admitted, id)
			} else {
				left = append(left, id)
			}
		}
		if len(admitted) != 2 || len(left) != 1 {
			f.t.Fatalf("draw: admitted %v, left %v", admitted, left)
		}
		if _, err := f.s.Enroll().RecordWaitlist(ctx, f.bureau(home), c, enroll.WaitlistInput{Action: enroll.ActDecline, No: fmt.Sprint(admitted[0])}); err != nil {
			f.t.Fatal(err)
		}
		if _, err := f.s.DB.Write().Exec(ctx, `UPDATE enroll_applications SET parent_id = ? WHERE district_code = ? AND id = ?`, parent, home, left[0]); err != nil {
			f.t.Fatal(err)
		}
		return []object{{name: "own", id: left[0]}, {name: "family", id: admitted[1]}}
	}
	objectKinds["enroll_app"] = func(f *fixture, role string) []object {
		m := f.enroll()
		return []object{{name: "A", id: m.apps["family"]}, {name: "B", id: m.apps["B"]}, {name: "X", id: m.apps["X"]}}
	}
	objectKinds["enroll_doc"] = func(f *fixture, role string) []object {
		m := f.enroll()
		return []object{{name: "own", id: m.docs["own"]}, {name: "B", id: m.docs["B"]}, {name: "X", id: m.docs["X"]}}
	}
	everyone := func(s string) map[string]string {
		m := all(s)
		m["anon"] = s
		return m
	}
	readers := map[string]string{"leader": "200", "staff": "200", "school_admin": "200"}
	readers2 := map[string]string{"leader": "200 404", "staff": "200 404", "school_admin": "200 404"}
	writer2 := map[string]string{"staff": "200 404"}
	parentOnly := func(s string) map[string]string { return map[string]string{"parent": s} }
	const e = "/api/v1/enroll"
	moduleMatrix = append(moduleMatrix,
		matrixRow{"GET", e + "/public/campaigns", "", "", everyone("200")},
		matrixRow{"GET", e + "/public/campaigns/{id}", "enroll_campaign", "", everyone("200 404")},
		matrixRow{"GET", e + "/public/campaigns/{id}/results", "enroll_drawn", "", everyone("200 404")},
		matrixRow{"GET", e + "/public/campaigns/{id}/files/{file}", "enroll_drawn", "", everyone("200 404")},
		matrixRow{"GET", e + "/public/lookup", "", "", everyone("400")},
		matrixRow{"POST", e + "/public/signup", "enroll_new", `{"phone":"{phone}","password":"Qingxi-2027-Pass","name":"张家长"}`,
			only("409", map[string]string{"anon": "201"})},

		matrixRow{"GET", e + "/my/applications", "", "", only("403", parentOnly("200"))},
		matrixRow{"POST", e + "/my/preview", "enroll_input", "{input}", only("403", parentOnly("200"))},
		matrixRow{"POST", e + "/my/applications", "enroll_input", "{input}", only("403", parentOnly("201"))},
		matrixRow{"GET", e + "/my/applications/{id}", "enroll_myapp", "", only("403 403 403", parentOnly("200 404 404"))},
		matrixRow{"PUT", e + "/my/applications/{id}", "enroll_myapp", "{input}", only("403 403 403", parentOnly("200 404 404"))},
		matrixRow{"POST", e + "/my/applications/{id}/documents", "enroll_myapp", "multipart:kind=birth",
			only("403 403 403", parentOnly("400 404 404"))},
		matrixRow{"POST", e + "/my/applications/{id}/decline", "enroll_myapp_admitted", "", only("403 403", parentOnly("200 404"))},
		matrixRow{"POST", e + "/my/applications/{id}/offer", "enroll_myapp_offered", `{"accept":true}`, only("403 403", parentOnly("200 404"))},
		matrixRow{"GET", e + "/documents/{id}", "enroll_doc", "", only("403 403 403", map[string]string{"parent": "200 404 404",
			"leader": "200 200 404", "staff": "200 200 404", "school_admin": "200 404 404"})},

		matrixRow{"GET", e + "/campaigns", "", "", only("403", readers)},
		matrixRow{"POST", e + "/campaigns", "enroll_new", "{policy}", only("403", map[string]string{"staff": "201"})},
		matrixRow{"GET", e + "/campaigns/{id}", "enroll_campaign", "", only("403 403", readers2)},
		matrixRow{"GET", e + "/campaigns/{id}/versions", "enroll_campaign", "", only("403 403", readers2)},
		matrixRow{"PUT", e + "/campaigns/{id}", "enroll_campaign", `{"title":"2030年招生方案（修订）","dates":{"reg_open":"2026-01-01",
"reg_close":"2026-01-02","review_close":"2026-01-03","correction_close":"2026-01-04","draw":"2026-01-05","publish":"2026-01-06",
"waitlist_close":"2026-01-07"},"age_cutoff":"2030-08-31","min_age":6,"max_age":7,"categories":["hukou","other"],"lock_years":6,
"mechanism":"boston","max_choices":2,"plans":[]}`, only("403 403", writer2)},
		matrixRow{"POST", e + "/campaigns/{id}/publish", "enroll_fresh", "", only("403 403", writer2)},
		matrixRow{"POST", e + "/campaigns/{id}/precheck", "enroll_campaign", "", only("403 403", writer2)},
		matrixRow{"POST", e + "/campaigns/{id}/freeze", "enroll_fresh", "", only("403 403", writer2)},
		matrixRow{"POST", e + "/campaigns/{id}/draw", "enroll_frozen", `{"seed":"20300705"}`, only("403 403", writer2)},
		matrixRow{"GET", e + "/campaigns/{id}/waitlist", "enroll_drawn", "", only("403 403", readers2)},
		matrixRow{"POST", e + "/campaigns/{id}/waitlist", "enroll_drawn_fresh", `{"action":"decline","no":"{no}"}`, only("403 403", writer2)},
		matrixRow{"GET", e + "/campaigns/{id}/stats", "enroll_campaign", "", only("403 403", readers2)},
		matrixRow{"GET", e + "/applications", "", "", only("403", readers)},
		matrixRow{"GET", e + "/applications/{id}", "enroll_app", "", only("403 403 403", map[string]string{"leader": "200 200 404",
			"staff": "200 200 404", "school_admin": "200 404 404"})},
		matrixRow{"POST", e + "/applications/{id}/reveal", "enroll_app", `{"reason":"核对户籍信息"}`,
			only("403 403 403", map[string]string{"staff": "200 200 404", "school_admin": "200 404 404"})},
		matrixRow{"POST", e + "/applications/{id}/review", "enroll_app", `{"decision":"returned","reason":"请补充户口簿"}`,
			only("403 403 403", map[string]string{"staff": "200 200 404", "school_admin": "200 404 404"})},
		matrixRow{"GET", e + "/catchments", "", "", only("403", readers)},
		matrixRow{"PUT", e + "/catchments/{id}", "school", `{"text":"人民路1-99号(单号)\n幸福小区"}`,
			only("403 403 403", map[string]string{"staff": "200 200 404"})},
		matrixRow{"POST", e + "/catchments/gaps", "", `{"known":"人民路1-200号"}`, only("403", readers)},
	)
}
