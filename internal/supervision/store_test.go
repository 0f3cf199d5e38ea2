package supervision

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
	"github.com/edubureau/edubureau/internal/safety"
)

const district = "339901"

// world is a district with two zones: Z1 (schools A1 primary, A2 kindergarten; inspectors i1, i2)
// and Z2 (school B1 primary; inspector i3), a school admin of A1, bureau staff and a leader.
type world struct {
	s       *Service
	zones   map[string]int64
	schools map[string]int64
	codes   map[string]string
	actors  map[string]Actor
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	w := &world{s: &Service{DB: d, Audit: audit.New(d, keys.AuditKey())}, zones: map[string]int64{}, schools: map[string]int64{},
		codes: map[string]string{}, actors: map[string]Actor{}}
	err = d.Tx(ctx, func(q db.Querier) error {
		for i, z := range []string{"Z1", "Z2"} {
			w.zones[z] = db.NewID()
			if err := org.InsertZone(ctx, q, district, w.zones[z], z+"片区", i); err != nil {
				return err
			}
		}
		for i, sc := range []struct{ key, zone, typ string }{{"A1", "Z1", "primary"}, {"A2", "Z1", "kindergarten"}, {"B1", "Z2", "primary"}} {
			w.codes[sc.key] = "333990100" + string(rune('1'+i))
			id, err := org.InsertSchool(ctx, q, district, org.SchoolInput{Code: w.codes[sc.key], Name: "学校" + sc.key, Type: sc.typ,
				Nature: "公办", Urban: "城区", ZoneID: w.zones[sc.zone]})
			if err != nil {
				return err
			}
			w.schools[sc.key] = id
		}
		for _, u := range []struct {
			key, role, zone, school string
			perms                   []string
		}{{"i1", access.Inspector, "Z1", "", nil}, {"i2", access.Inspector, "Z1", "", nil}, {"i3", access.Inspector, "Z2", "", nil},
			{"sa", access.SchoolAdmin, "", "A1", nil}, {"saB", access.SchoolAdmin, "", "B1", nil},
			{"staff", access.Staff, "", "", []string{access.SupervisionRead, access.SupervisionWrite}}, {"leader", access.Leader, "", "", nil},
			{"other", access.Staff, "", "", []string{access.SafetyRead}}} {
			nu := accounts.NewUser{District: district, Username: u.key, DisplayName: "督学" + u.key, Phone: "13800000000", Role: u.role,
				ZoneID: w.zones[u.zone], SchoolID: w.schools[u.school], Permissions: u.perms, PasswordHash: "x"}
			id, err := accounts.InsertUser(ctx, q, keys, nu)
			if err != nil {
				return err
			}
			w.actors[u.key] = Actor{P: access.NewPrincipal(id, u.key, nu.DisplayName, u.role, district, w.schools[u.school], w.zones[u.zone], 0, u.perms)}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func code(err error) string {
	if err == nil {
		return ""
	}
	return errs.Code(err)
}

func TestVisits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		today := Today().Format("2006-01-02")
		in := VisitInput{SchoolID: w.schools["A1"], Date: today, Items: []string{"食堂与食品安全", " 课后服务 ", "课后服务"},
			Findings: []FindingInput{{Category: "食品", Severity: "较大", Description: "食堂留样记录缺 3 天"}, {Description: "作业公示不全"}}}
		v, err := w.s.CreateVisit(ctx, w.actors["i1"], in)
		if err != nil {
			t.Fatal(err)
		}
		if v.InspectorName != "督学i1" || len(v.Items) != 2 || len(v.Findings) != 2 || v.Findings[1].Severity != "一般" || v.ZoneID != w.zones["Z1"] {
			t.Fatalf("visit %+v", v)
		}
		t.Run("ScopeOnCreate", func(t *testing.T) {
			in := in
			in.SchoolID = w.schools["B1"]
			if _, err := w.s.CreateVisit(ctx, w.actors["i1"], in); code(err) != errs.Invalid {
				t.Errorf("visit to another zone's school: %v", err)
			}
			if _, err := w.s.CreateVisit(ctx, w.actors["sa"], in); code(err) != errs.Forbidden {
				t.Errorf("school admin logging a visit: %v", err)
			}
			in.SchoolID, in.Date = w.schools["A1"], Today().AddDate(0, 0, 1).Format("2006-01-02")
			if _, err := w.s.CreateVisit(ctx, w.actors["i1"], in); code(err) != errs.Invalid {
				t.Errorf("visit dated tomorrow: %v", err)
			}
			in.Date = today
			if _, err := w.s.CreateVisit(ctx, w.actors["staff"], in); code(err) != errs.Invalid {
				t.Errorf("staff without inspector: %v", err)
			}
			in.InspectorID = w.actors["i3"].P.UserID
			if sv, err := w.s.CreateVisit(ctx, w.actors["staff"], in); err != nil || sv.InspectorName != "督学i3" {
				t.Errorf("staff on behalf of i3: %v %+v", err, sv)
			}
		})
		t.Run("WhoReads", func(t *testing.T) {
			for _, c := range []struct {
				actor string
				total int
				get   string
			}{{"i1", 1, ""}, {"i2", 0, errs.NotFound}, {"i3", 1, errs.NotFound}, {"sa", 2, ""}, {"saB", 0, errs.NotFound},
				{"staff", 2, ""}, {"leader", 2, ""}} {
				_, total, err := w.s.ListVisits(ctx, w.actors[c.actor], VisitFilter{}, 0, 50)
				if err != nil || total != c.total {
					t.Errorf("%s lists %d visits (%v), want %d", c.actor, total, err, c.total)
				}
				if _, err := w.s.GetVisit(ctx, w.actors[c.actor], v.ID); code(err) != c.get {
					t.Errorf("%s reads the visit: %v, want %q", c.actor, err, c.get)
				}
			}
			if _, _, err := w.s.ListVisits(ctx, w.actors["other"], VisitFilter{}, 0, 50); code(err) != errs.Forbidden {
				t.Errorf("staff without SupervisionRead: %v", err)
			}
		})
		t.Run("FindingToHazard", func(t *testing.T) {
			if _, err := w.s.FindingToHazard(ctx, w.actors["i1"], v.Findings[0].ID); code(err) != errs.Conflict {
				t.Errorf("without the safety module: %v", err)
			}
			rep := &fakeHazards{}
			w.s.Hazards = rep
			if _, err := w.s.FindingToHazard(ctx, w.actors["i2"], v.Findings[0].ID); code(err) != errs.NotFound {
				t.Errorf("another inspector's finding: %v", err)
			}
			if _, err := w.s.FindingToHazard(ctx, w.actors["i1"], v.Findings[1].ID); code(err) != errs.Invalid {
				t.Errorf("a finding without a safety category: %v", err)
			}
			f, err := w.s.FindingToHazard(ctx, w.actors["i1"], v.Findings[0].ID)
			if err != nil || f.HazardID != 4242 || rep.got.SchoolID != w.schools["A1"] || rep.got.Category != "食品" {
				t.Fatalf("hazard: %v %+v %+v", err, f, rep.got)
			}
			if _, err := w.s.FindingToHazard(ctx, w.actors["i1"], v.Findings[0].ID); code(err) != errs.Conflict {
				t.Errorf("second time: %v", err)
			}
			got, _ := w.s.GetVisit(ctx, w.actors["sa"], v.ID)
			if got.Findings[0].HazardID != 4242 {
				t.Errorf("hazard id not kept: %+v", got.Findings)
			}
		})
	})
}

type fakeHazards struct{ got FindingHazard }

func (f *fakeHazards) ReportFinding(ctx context.Context, p *access.Principal, ip string, h FindingHazard) (int64, error) {
	f.got = h
	return 4242, nil
}

func TestCoverageAndRule(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		// i1 visits A1 on Tuesday 3 and 10 November 2026; nobody visits A2.
		for _, day := range []string{"2026-11-03", "2026-11-10"} {
			if _, err := insertVisit(ctx, d.Write(), district, Visit{ID: db.NewID(), SchoolID: w.schools["A1"], ZoneID: w.zones["Z1"],
				InspectorID: w.actors["i1"].P.UserID, InspectorName: "督学i1", Date: day, Items: []string{"课后服务"}}, nil); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := w.s.Coverage(ctx, w.actors["staff"], "2026-11-01", "2026-11-30", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Zones) != 2 || rep.Schools != 3 || rep.NotVisited != 2 || rep.Inspectors != 3 || rep.InspectorsBelow != 3 {
			t.Fatalf("report %+v", rep)
		}
		z1 := rep.Zones[0]
		if z1.Schools[0].Name != "学校A2" || !z1.Schools[0].NotVisited || z1.Schools[1].Visits != 2 || z1.Inspectors[1].Name != "督学i2" || len(z1.Inspectors[1].ShortIn) != 4 || len(z1.Inspectors[0].ShortIn) != 2 {
			t.Errorf("zone 1 %+v", z1)
		}
		// An inspector sees their zone only, and not another zone on request.
		mine, err := w.s.Coverage(ctx, w.actors["i3"], "2026-11-01", "2026-11-30", 0)
		if err != nil || len(mine.Zones) != 1 || mine.Zones[0].ZoneID != w.zones["Z2"] {
			t.Errorf("inspector's coverage %v %+v", err, mine)
		}
		if _, err := w.s.Coverage(ctx, w.actors["i3"], "2026-11-01", "2026-11-30", w.zones["Z1"]); code(err) != errs.NotFound {
			t.Errorf("inspector asking for another zone: %v", err)
		}
		if _, err := w.s.Coverage(ctx, w.actors["sa"], "2026-11-01", "2026-11-30", 0); code(err) != errs.Forbidden {
			t.Errorf("school admin reads coverage: %v", err)
		}
		// A rule of two visits a week switches i1 below the rule in every week; one visit a quarter per school is met by A1.
		if _, err := w.s.SetRule(ctx, w.actors["i1"], w.zones["Z1"], DefaultRule); code(err) != errs.Forbidden {
			t.Errorf("inspector sets the rule: %v", err)
		}
		z, err := w.s.SetRule(ctx, w.actors["staff"], w.zones["Z1"], Rule{InspectorMin: 2, InspectorPeriod: Week, SchoolMin: 1, SchoolPeriod: Quarter})
		if err != nil || !z.RuleStored || z.Rule.InspectorMin != 2 || len(z.Inspectors) != 2 {
			t.Fatalf("rule %v %+v", err, z)
		}
		rep, _ = w.s.Coverage(ctx, w.actors["staff"], "2026-10-01", "2026-12-31", w.zones["Z1"])
		if c := rep.Zones[0]; c.SchoolsBelow != 1 || c.Schools[1].BelowRule || c.InspectorsBelow != 2 {
			t.Errorf("with the new rule %+v", c)
		}
		if _, err := w.s.SetRule(ctx, w.actors["staff"], w.zones["Z1"], Rule{InspectorMin: 1, InspectorPeriod: "day", SchoolPeriod: Month}); code(err) != errs.Invalid {
			t.Errorf("bad rule: %v", err)
		}
		f, err := SupervisionFigures(ctx, d.Read(), district, "2026-11-01", "2026-11-30", 0)
		if err != nil || f.Inspectors != 3 || f.Zones != 2 || f.Schools != 3 || f.Visits != 2 || f.SchoolsCovered != 1 {
			t.Errorf("figures %v %+v", err, f)
		}
		f, _ = SupervisionFigures(ctx, d.Read(), district, "2026-11-01", "2026-11-30", w.zones["Z2"])
		if f.Inspectors != 1 || f.Visits != 0 || f.Schools != 1 {
			t.Errorf("zone 2 figures %+v", f)
		}
	})
}

func TestDraws(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		staff := w.actors["staff"]
		var pool []PoolMember
		for _, m := range []PoolInput{{"JC01", "王检查", "教育局"}, {"JC02", "李检查", "教育局"}, {"JC03", "赵检查", "市场监管局"}, {"JC04", "钱检查", "消防救援大队"}, {"JC05", "孙检查", "教育局"}, {"JC06", "周检查", "卫健局"}} {
			pm, err := w.s.AddToPool(ctx, staff, m)
			if err != nil {
				t.Fatal(err)
			}
			pool = append(pool, pm)
		}
		if _, err := w.s.AddToPool(ctx, staff, PoolInput{Code: "JC01", Name: "重复"}); code(err) != errs.Invalid {
			t.Errorf("duplicate code: %v", err)
		}
		if _, err := w.s.AddToPool(ctx, w.actors["i1"], PoolInput{Code: "JC09", Name: "督学"}); code(err) != errs.Forbidden {
			t.Errorf("inspector adds to the pool: %v", err)
		}
		// JC01 and JC02 may not inspect A1.
		for _, pm := range pool[:2] {
			if _, err := w.s.DeclareConflict(ctx, staff, ConflictInput{PoolID: pm.ID, TargetID: w.codes["A1"], Reason: "近亲属在该校任职"}); err != nil {
				t.Fatal(err)
			}
		}
		dr, err := w.s.CreateDraw(ctx, staff, DrawInput{Title: "2026 年秋季学校安全双随机抽查", Population: PopulationSchools,
			SchoolTypes: []string{"primary"}, N: 2, PerTarget: 2})
		if err != nil {
			t.Fatal(err)
		}
		if dr.Status != DrawFrozen || dr.TargetCount != 2 || dr.PoolSize != 6 || dr.ConflictCount != 2 || len(dr.PopulationHash) != 64 {
			t.Fatalf("draw %+v", dr)
		}
		// The public sees nothing before the announcement, and the seed cannot come first.
		if ps, _ := w.s.PublicDraws(ctx, district); len(ps) != 0 {
			t.Errorf("frozen draw is public: %+v", ps)
		}
		if _, err := w.s.PublicDrawByID(ctx, district, dr.ID); code(err) != errs.NotFound {
			t.Errorf("frozen draw by id: %v", err)
		}
		if _, err := w.s.EnterSeed(ctx, staff, dr.ID, "20261204"); code(err) != errs.Conflict {
			t.Errorf("seed before announcement: %v", err)
		}
		if _, err := w.s.AnnounceDraw(ctx, staff, dr.ID); err != nil {
			t.Fatal(err)
		}
		ps, _ := w.s.PublicDraws(ctx, district)
		if len(ps) != 1 || ps[0].Seed != "" || len(ps[0].Targets) != 0 || ps[0].PopulationHash != dr.PopulationHash {
			t.Fatalf("announced draw %+v", ps)
		}
		if _, err := w.s.EnterSeed(ctx, staff, dr.ID, " 有空格"); code(err) != errs.Invalid {
			t.Errorf("seed with a space: %v", err)
		}
		dr, err = w.s.EnterSeed(ctx, staff, dr.ID, "2026-12-04 抽签 7391")
		if err != nil {
			t.Fatal(err)
		}
		if dr.Status != DrawDrawn || len(dr.Targets) != 2 {
			t.Fatalf("drawn %+v", dr)
		}
		for _, tg := range dr.Targets {
			if len(tg.InspectorIDs) != 2 || len(tg.InspectorNames) != 2 {
				t.Errorf("target %+v", tg)
			}
			if tg.TargetID == w.codes["A1"] && (contains(tg.InspectorIDs, "JC01") || contains(tg.InspectorIDs, "JC02")) {
				t.Errorf("a conflicted inspector was drawn: %+v", tg)
			}
			if tg.SchoolID == 0 {
				t.Errorf("target without its school: %+v", tg)
			}
		}
		// Anyone can recompute the result from the published files.
		files := map[string][]byte{}
		for _, name := range []string{TargetsFile, InspectorsFile, ConflictsFile, SumsFile, DrawFile} {
			b, err := w.s.PublicFile(ctx, district, dr.ID, name)
			if err != nil {
				t.Fatal(name, err)
			}
			files[name] = b
		}
		sums, hash := HashFiles(files[TargetsFile], files[InspectorsFile], files[ConflictsFile])
		if sums != string(files[SumsFile]) || hash != dr.PopulationHash {
			t.Errorf("population hash %s, published %s", hash, dr.PopulationHash)
		}
		p, err := Thaw(files[TargetsFile], files[InspectorsFile], files[ConflictsFile])
		if err != nil {
			t.Fatal(err)
		}
		again, err := safety.RunDraw(safety.DrawInput{Seed: "2026-12-04 抽签 7391", N: 2, PerTarget: 2, Targets: p.Targets, Inspectors: p.Inspectors, Conflicts: p.Conflicts})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_ = safety.WriteDrawCSV(&b, again)
		if b.String() != string(files[DrawFile]) || Sha256Hex(b.Bytes()) != dr.DrawHash {
			t.Errorf("recomputed draw.csv differs:\n%s\npublished:\n%s", b.String(), files[DrawFile])
		}
		if _, err := w.s.PublicFile(ctx, district, dr.ID, ResultsFile); code(err) != errs.NotFound {
			t.Errorf("results before publication: %v", err)
		}
		// Results, then publication.
		if _, err := w.s.PublishResults(ctx, staff, dr.ID); code(err) != errs.Invalid {
			t.Errorf("publish without results: %v", err)
		}
		for _, tg := range dr.Targets {
			if _, err := w.s.RecordResult(ctx, staff, dr.ID, tg.Order, ResultInput{Conclusion: "限期整改", Result: "消防通道堆放杂物，已责令整改",
				InspectedOn: Today().Format("2006-01-02")}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.s.RecordResult(ctx, staff, dr.ID, 9, ResultInput{Conclusion: "合格", InspectedOn: "2026-01-05"}); code(err) != errs.NotFound {
			t.Errorf("result for an order not drawn: %v", err)
		}
		ps, _ = w.s.PublicDraws(ctx, district)
		if ps[0].Targets[0].Conclusion != "" {
			t.Errorf("result public before publication: %+v", ps[0].Targets[0])
		}
		if _, err := w.s.PublishResults(ctx, staff, dr.ID); err != nil {
			t.Fatal(err)
		}
		pd, err := w.s.PublicDrawByID(ctx, district, dr.ID)
		if err != nil || pd.Targets[0].Conclusion != "限期整改" || !contains(pd.Files, ResultsFile) {
			t.Errorf("published %v %+v", err, pd)
		}
		// Figures count the draw and its inspected targets.
		f, err := SupervisionFigures(ctx, d.Read(), district, Today().AddDate(0, 0, -1).Format("2006-01-02"), Today().AddDate(0, 0, 1).Format("2006-01-02"), 0)
		if err != nil || f.Draws != 1 || f.DrawTargets != 2 || f.TargetsInspected != 2 {
			t.Errorf("figures %v %+v", err, f)
		}
		// The audit log holds the seed and both hashes.
		rows, _, err := w.s.Audit.Search(ctx, district, audit.Query{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			if r.Action == "supervision.draw_drawn" && strings.Contains(r.Detail, "2026-12-04 抽签 7391") && strings.Contains(r.Detail, dr.DrawHash) &&
				strings.Contains(r.Detail, dr.PopulationHash) {
				found = true
			}
		}
		if !found {
			t.Error("the draw is not in the audit log with its seed and hashes")
		}
	})
}

func TestUnstaffableDrawIsRefusedAndAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		staff := w.actors["staff"]
		pm, _ := w.s.AddToPool(ctx, staff, PoolInput{Code: "JC01", Name: "王检查"})
		if _, err := w.s.DeclareConflict(ctx, staff, ConflictInput{PoolID: pm.ID, TargetID: "PX001", Reason: "曾在该机构兼职"}); err != nil {
			t.Fatal(err)
		}
		dr, err := w.s.CreateDraw(ctx, staff, DrawInput{Title: "校外培训机构抽查", Population: PopulationUpload,
			TargetsCSV: "target_id,name\nPX001,青溪学而思\n", N: 1, PerTarget: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.AnnounceDraw(ctx, staff, dr.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.s.EnterSeed(ctx, staff, dr.ID, "seed")
		if code(err) != errs.Invalid || !strings.Contains(err.Error(), "PX001") {
			t.Fatalf("unstaffable draw: %v", err)
		}
		again, _ := w.s.GetDraw(ctx, staff, dr.ID)
		if again.Status != DrawAnnounced {
			t.Errorf("status after a failed draw: %s", again.Status)
		}
		rows, _, _ := w.s.Audit.Search(ctx, district, audit.Query{Limit: 50})
		if len(rows) == 0 || rows[0].Result != "failed" || !strings.Contains(rows[0].Detail, "seed") {
			t.Errorf("failed draw not audited: %+v", rows[0])
		}
	})
}

func TestInactivePoolMemberIsLeftOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		staff := w.actors["staff"]
		a, _ := w.s.AddToPool(ctx, staff, PoolInput{Code: "JC01", Name: "王检查"})
		if _, err := w.s.AddToPool(ctx, staff, PoolInput{Code: "JC02", Name: "李检查"}); err != nil {
			t.Fatal(err)
		}
		off := false
		if m, err := w.s.UpdatePoolMember(ctx, staff, a.ID, PoolPatch{Active: &off}); err != nil || m.Active {
			t.Fatalf("deactivate: %v %+v", err, m)
		}
		if _, err := w.s.UpdatePoolMember(ctx, w.actors["i1"], a.ID, PoolPatch{Active: &off}); code(err) != errs.Forbidden {
			t.Errorf("inspector changes the pool: %v", err)
		}
		dr, err := w.s.CreateDraw(ctx, staff, DrawInput{Title: "抽查", Population: PopulationSchools, N: 1, PerTarget: 1})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := w.s.DrawFileFor(ctx, staff, dr.ID, InspectorsFile)
		if dr.PoolSize != 1 || strings.Contains(string(b), "JC01") {
			t.Errorf("inactive member in the draw: %s", b)
		}
	})
}
