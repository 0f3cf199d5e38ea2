package server

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/supervision"
)

// supervisionFixture holds a second inspector of zone Z1, an inspector of zone Z2, an inspector of
// the other district, and a pool member in each district.
type supervisionFixture struct {
	peer, zone2, otherInsp int64
	pool                   map[string]int64 // "home", "X"
}

func (f *fixture) supervision() *supervisionFixture {
	if m, ok := f.mods["supervision"].(*supervisionFixture); ok {
		return m
	}
	ctx := context.Background()
	m := &supervisionFixture{pool: map[string]int64{}}
	insp := func(district, name string, zone int64) int64 {
		id, err := accounts.InsertUser(ctx, f.s.DB.Write(), f.s.Keys, accounts.NewUser{District: district, Username: "sup_" + name,
			DisplayName: name, Phone: "13700000001", Role: access.Inspector, ZoneID: zone, PasswordHash: "x"})
		if err != nil {
			f.t.Fatal(err)
		}
		return id
	}
	m.peer, m.zone2, m.otherInsp = insp(home, "同片区督学", f.zones["Z1"]), insp(home, "二片区督学", f.zones["Z2"]), insp(other, "外区督学", f.zones["ZX"])
	for k, d := range map[string]string{"home": home, "X": other} {
		pm, err := f.s.Supervision().AddToPool(ctx, supervision.Actor{P: supStaff(d)}, supervision.PoolInput{Code: "JC-" + k, Name: "检查员" + k})
		if err != nil {
			f.t.Fatal(err)
		}
		m.pool[k] = pm.ID
	}
	f.mods["supervision"] = m
	return m
}

// supStaff is a bureau principal of a district with the supervision permissions.
func supStaff(district string) *access.Principal {
	return access.NewPrincipal(1, "sup_staff", "科室", access.Staff, district, 0, 0, 0,
		[]string{access.OrgRead, access.SupervisionRead, access.SupervisionWrite})
}

// supVisit stores a visit with one 消防 finding and returns the visit and finding ids.
func (f *fixture) supVisit(district string, school, inspector int64) (int64, int64) {
	ctx := context.Background()
	vid, fid := db.NewID(), db.NewID()
	if _, err := f.s.DB.Write().Exec(ctx, `INSERT INTO supervision_visits (district_code, id, school_id, zone_id, inspector_id, inspector_name,
visit_date, items, notes, created_at, updated_at) VALUES (?, ?, ?, (SELECT zone_id FROM schools WHERE district_code = ? AND id = ?), ?, '督学', '2026-11-20', '["课后服务"]', '', ?, ?)`,
		district, vid, school, district, school, inspector, db.Now(), db.Now()); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.s.DB.Write().Exec(ctx, `INSERT INTO supervision_findings (district_code, id, visit_id, seq, category, severity, description)
VALUES (?, ?, ?, 1, '消防', '一般', '灭火器过期')`, district, fid, vid); err != nil {
		f.t.Fatal(err)
	}
	return vid, fid
}

// supDraw makes a draw of a district brought to a stage: frozen, announced, drawn, resulted
// (every target has its result) or published.
func (f *fixture) supDraw(district, stage string) int64 {
	f.supervision()
	ctx := context.Background()
	svc, a := f.s.Supervision(), supervision.Actor{P: supStaff(district)}
	d, err := svc.CreateDraw(ctx, a, supervision.DrawInput{Title: "培训机构抽查", Population: supervision.PopulationUpload,
		TargetsCSV: "target_id,name\nPX1,机构一\nPX2,机构二\n", N: 1, PerTarget: 1})
	if err != nil {
		f.t.Fatal(err)
	}
	steps := []func() error{
		func() error { _, err := svc.AnnounceDraw(ctx, a, d.ID); return err },
		func() error { _, err := svc.EnterSeed(ctx, a, d.ID, "seed"); return err },
		func() error {
			_, err := svc.RecordResult(ctx, a, d.ID, 1, supervision.ResultInput{Conclusion: "合格", InspectedOn: "2026-11-30"})
			return err
		},
		func() error { _, err := svc.PublishResults(ctx, a, d.ID); return err },
	}
	n := map[string]int{"frozen": 0, "announced": 1, "drawn": 2, "resulted": 3, "published": 4}[stage]
	for _, st := range steps[:n] {
		if err := st(); err != nil {
			f.t.Fatal(err)
		}
	}
	return d.ID
}

func init() {
	objectKinds["sup_zone"] = func(f *fixture, role string) []object {
		return []object{{name: "Z1", id: f.zones["Z1"]}, {name: "Z2", id: f.zones["Z2"]}, {name: "ZX", id: f.zones["ZX"]}}
	}
	objectKinds["sup_school"] = func(f *fixture, role string) []object {
		m := f.supervision()
		vars := map[string]string{"{inspector}": fmt.Sprint(m.zone2)}
		return []object{{name: "A", id: f.schools["A"], vars: vars}, {name: "B", id: f.schools["B"], vars: vars}, {name: "X", id: f.schools["X"], vars: vars}}
	}
	// Visits (and their findings), fresh for every role: by the fixture inspector to school A, by
	// another inspector of zone Z1 to school A, to school B, and in the other district.
	visits := func(f *fixture, finding bool) []object {
		m := f.supervision()
		out := []object{}
		for _, v := range []struct {
			name, district, school string
			insp                   int64
		}{{"own", home, "A", f.users[access.Inspector]}, {"A-peer", home, "A", m.peer}, {"B", home, "B", m.zone2}, {"X", other, "X", m.otherInsp}} {
			vid, fid := f.supVisit(v.district, f.schools[v.school], v.insp)
			id := vid
			if finding {
				id = fid
			}
			out = append(out, object{name: v.name, id: id})
		}
		return out
	}
	objectKinds["sup_visit"] = func(f *fixture, role string) []object { return visits(f, false) }
	objectKinds["sup_finding"] = func(f *fixture, role string) []object { return visits(f, true) }
	objectKinds["sup_pool"] = func(f *fixture, role string) []object {
		m := f.supervision()
		return []object{{name: "home", id: m.pool["home"], vars: map[string]string{"{pool}": fmt.Sprint(m.pool["home"])}},
			{name: "X", id: m.pool["X"], vars: map[string]string{"{pool}": fmt.Sprint(m.pool["X"])}}}
	}
	objectKinds["sup_conflict"] = func(f *fixture, role string) []object {
		m := f.supervision()
		out := []object{}
		for _, k := range []string{"home", "X"} {
			d := map[string]string{"home": home, "X": other}[k]
			id := db.NewID()
			if _, err := f.s.DB.Write().Exec(context.Background(), `INSERT INTO supervision_conflicts (district_code, id, pool_id, target_id, reason,
declared_by, declared_at) VALUES (?, ?, ?, ?, '亲属任职', 1, ?)`, d, id, m.pool[k], fmt.Sprintf("T%d", id), db.Now()); err != nil {
				f.t.Fatal(err)
			}
			out = append(out, object{name: k, id: id})
		}
		return out
	}
	draws := func(stage string) func(f *fixture, role string) []object {
		return func(f *fixture, role string) []object {
			vars := map[string]string{"{order}": "1", "{name}": "targets.csv"}
			return []object{{name: "home", id: f.supDraw(home, stage), vars: vars}, {name: "X", id: f.supDraw(other, stage), vars: vars}}
		}
	}
	for _, st := range []string{"frozen", "announced", "drawn", "resulted"} {
		objectKinds["sup_draw_"+st] = draws(st)
	}
	// Public draws: a published draw of the deployment's district, a frozen one, and a published one
	// of another district (not the public page's).
	objectKinds["sup_public"] = func(f *fixture, role string) []object {
		vars := map[string]string{"{name}": "draw.csv"}
		return []object{{name: "published", id: f.supDraw(home, "published"), vars: vars}, {name: "frozen", id: f.supDraw(home, "frozen"), vars: vars},
			{name: "X", id: f.supDraw(other, "published"), vars: vars}}
	}

	bureauRead := map[string]string{"leader": "200", "staff": "200"}
	zoneRead := map[string]string{"leader": "200", "staff": "200", "inspector": "200"}
	staffOnly := func(s string) map[string]string { return only("403 403", map[string]string{"staff": s}) }
	moduleMatrix = append(moduleMatrix, []matrixRow{
		{"GET", "/api/v1/supervision/options", "", "", all("200")},
		{"GET", "/api/v1/supervision/zones", "", "", only("403", zoneRead)},
		{"PUT", "/api/v1/supervision/zones/{id}/rule", "sup_zone", `{"inspector_min":1,"inspector_period":"week","school_min":2,"school_period":"month"}`,
			only("403 403 403", map[string]string{"staff": "200 200 404"})},
		{"GET", "/api/v1/supervision/visits", "", "", only("403", map[string]string{"leader": "200", "staff": "200", "inspector": "200", "school_admin": "200"})},
		{"POST", "/api/v1/supervision/visits", "sup_school", `{"school_id":{id},"date":"2026-11-20","items":["课后服务"],"findings":[{"category":"消防","severity":"一般","description":"灭火器过期"}],"inspector_id":{inspector}}`,
			only("403 403 403", map[string]string{"staff": "201 201 400", "inspector": "201 400 400"})},
		{"GET", "/api/v1/supervision/visits/{id}", "sup_visit", "", only("403 403 403 403", map[string]string{"leader": "200 200 200 404",
			"staff": "200 200 200 404", "inspector": "200 404 404 404", "school_admin": "200 200 404 404"})},
		{"POST", "/api/v1/supervision/findings/{id}/hazard", "sup_finding", "", only("403 403 403 403", map[string]string{
			"staff": "200 200 200 404", "inspector": "200 404 404 404"})},
		{"GET", "/api/v1/supervision/coverage", "", "", only("403", zoneRead)},
		{"GET", "/api/v1/supervision/pool", "", "", only("403", bureauRead)},
		{"POST", "/api/v1/supervision/pool", "", `{"code":"JC{uniq}","name":"王检查","unit":"教育局"}`, only("403", map[string]string{"staff": "201"})},
		{"PATCH", "/api/v1/supervision/pool/{id}", "sup_pool", `{"active":true}`, staffOnly("200 404")},
		{"GET", "/api/v1/supervision/conflicts", "", "", only("403", bureauRead)},
		{"POST", "/api/v1/supervision/conflicts", "sup_pool", `{"pool_id":{pool},"target_id":"T{uniq}","reason":"近亲属在该机构任职"}`, staffOnly("201 400")},
		{"DELETE", "/api/v1/supervision/conflicts/{id}", "sup_conflict", "", staffOnly("204 404")},
		{"POST", "/api/v1/supervision/targets/import", "", "multipart:x=1", only("403", map[string]string{"staff": "400"})},
		{"GET", "/api/v1/supervision/draws", "", "", only("403", bureauRead)},
		{"POST", "/api/v1/supervision/draws", "", `{"title":"抽查{uniq}","population":"upload","targets_csv":"target_id,name\nP1,机构一\n","n":1,"per_target":1}`,
			only("403", map[string]string{"staff": "201"})},
		{"GET", "/api/v1/supervision/draws/{id}", "sup_draw_frozen", "", only("403 403", map[string]string{"leader": "200 404", "staff": "200 404"})},
		{"POST", "/api/v1/supervision/draws/{id}/announce", "sup_draw_frozen", "", staffOnly("200 404")},
		{"POST", "/api/v1/supervision/draws/{id}/seed", "sup_draw_announced", `{"seed":"s{uniq}"}`, staffOnly("200 404")},
		{"PUT", "/api/v1/supervision/draws/{id}/targets/{order}", "sup_draw_drawn", `{"conclusion":"合格","result":"","inspected_on":"2026-11-30"}`,
			staffOnly("200 404")},
		{"POST", "/api/v1/supervision/draws/{id}/publish", "sup_draw_resulted", "", staffOnly("200 404")},
		{"GET", "/api/v1/supervision/draws/{id}/files/{name}", "sup_draw_frozen", "", only("403 403", map[string]string{"leader": "200 404", "staff": "200 404"})},
		{"GET", "/api/v1/public/draws", "", "", only("200", map[string]string{"anon": "200"})},
		{"GET", "/api/v1/public/draws/{id}", "sup_public", "", only("200 404 404", map[string]string{"anon": "200 404 404"})},
		{"GET", "/api/v1/public/draws/{id}/files/{name}", "sup_public", "", only("200 404 404", map[string]string{"anon": "200 404 404"})},
	}...)
}
