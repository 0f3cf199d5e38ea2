package enroll

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/identity"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

const dist = "339901"

type env struct {
	t       testing.TB
	s       *Service
	ctx     context.Context
	bureau  Actor
	schools []int64
}

func newEnv(t testing.TB, d *db.DB) *env {
	key := make([]byte, pii.KeySize)
	keys, err := pii.NewKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: context.Background(), s: &Service{DB: d, Keys: keys, Audit: audit.New(d, keys.AuditKey()),
		Now: func() time.Time { return time.Date(2027, 5, 15, 10, 0, 0, 0, time.UTC) }}}
	e.bureau = Actor{P: access.NewPrincipal(1, "zhaosheng", "招生办", access.Staff, dist, 0, 0, 0, []string{access.EnrollRead, access.EnrollWrite})}
	texts := []string{"人民路1-99号(单号)\n幸福小区", "人民路2-98号双号\n光明路全段", "建设街全段\n人民路以东"}
	for i, txt := range texts {
		id := db.NewID()
		if _, err := d.Write().Exec(e.ctx, `INSERT INTO schools (district_code, id, code, name, type, created_at, updated_at)
VALUES (?, ?, ?, ?, 'primary', ?, ?)`, dist, id, fmt.Sprintf("333990100%d", i), fmt.Sprintf("第%d小学", i+1), db.Now(), db.Now()); err != nil {
			t.Fatal(err)
		}
		e.schools = append(e.schools, id)
		if _, err := e.s.SetCatchment(e.ctx, e.bureau, id, txt); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e *env) campaign(seats int) Campaign {
	p := DefaultPolicy(2027, "primary")
	p.MaxChoices = 2
	for _, id := range e.schools {
		p.Plans = append(p.Plans, Plan{SchoolID: id, Classes: 1, ClassSize: seats})
	}
	c, err := e.s.CreateCampaign(e.ctx, e.bureau, p)
	if err != nil {
		e.t.Fatal(err)
	}
	if c, err = e.s.PublishCampaign(e.ctx, e.bureau, c.ID); err != nil {
		e.t.Fatal(err)
	}
	return c
}

func parent(id int64) *access.Principal {
	return access.NewPrincipal(id, fmt.Sprint("1390000", id), "家长", access.Parent, dist, 0, 0, 0, nil)
}

func childID(seq int) string {
	return identity.MakeIDNumber("339901", time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), seq)
}

func (e *env) input(c Campaign, seq int, addr string, choices ...int64) ApplicationInput {
	return ApplicationInput{CampaignID: c.ID, ChildName: "王小明", ChildIDNumber: childID(seq),
		Guardians: []Guardian{{Name: "王大明", Relation: "父亲", Phone: "13900000001"}}, HukouLocal: true, HukouAddress: addr,
		HousingType: "own", PropertyCert: fmt.Sprintf("浙(2020)青溪区不动产权第%07d号", seq), HomeAddress: addr, OwnerRelation: "父亲",
		Choices: choices}
}

func TestService_Workflow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.campaign(1)
		pub, err := e.s.PublicCampaign(e.ctx, dist, c.ID)
		if err != nil || pub.Policy.Plans[0].SchoolName != "第1小学" {
			t.Fatalf("policy page: %v %+v", err, pub.Policy.Plans)
		}
		t.Run("EditsShowOnceRepublished", func(t *testing.T) {
			p := pub.Policy
			p.Title = "2027年小学一年级招生方案（修订）"
			if _, err := e.s.UpdateCampaign(e.ctx, e.bureau, c.ID, p); err != nil {
				t.Fatal(err)
			}
			if got, _ := e.s.PublicCampaign(e.ctx, dist, c.ID); got.Policy.Title == p.Title {
				t.Fatal("an unpublished edit is on the policy page")
			}
			if _, err := e.s.PublishCampaign(e.ctx, e.bureau, c.ID); err != nil {
				t.Fatal(err)
			}
			vs, err := e.s.Versions(e.ctx, e.bureau, c.ID)
			if err != nil || len(vs) != 2 || vs[0].Version != 2 || vs[0].Policy.Title != p.Title || vs[1].Policy.Title == p.Title {
				t.Fatalf("versions: %v %+v", err, vs)
			}
			if got, _ := e.s.PublicCampaign(e.ctx, dist, c.ID); got.Policy.Title != p.Title || got.Version != 2 {
				t.Fatalf("published: %+v", got)
			}
		})
		t.Run("Lookup", func(t *testing.T) {
			r, err := e.s.Lookup(e.ctx, dist, "青溪区人民路二十三号")
			if err != nil || len(r.Schools) != 1 || r.Schools[0].ID != e.schools[0] {
				t.Fatalf("lookup: %v %+v", err, r)
			}
		})
		t.Run("CatchmentReportKeepsUnreadableLines", func(t *testing.T) {
			rep, err := e.s.Catchments(e.ctx, dist)
			if err != nil {
				t.Fatal(err)
			}
			flagged := 0
			for _, sc := range rep.Schools {
				flagged += sc.Flagged
			}
			if flagged != 1 {
				t.Fatalf("flagged lines: %d, want 1 (人民路以东)", flagged)
			}
			if len(rep.Overlaps) != 0 {
				t.Fatalf("overlaps: %v", rep.Overlaps)
			}
			gaps, err := e.s.Gaps(e.ctx, dist, "人民路1-120号")
			if err != nil || len(gaps) == 0 || !strings.Contains(gaps[0], "人民路") {
				t.Fatalf("gaps: %v %v", err, gaps)
			}
		})
		p1, p2, p3 := parent(101), parent(102), parent(103)
		a1, err := e.s.Submit(e.ctx, p1, e.input(c, 1, "人民路23号", e.schools[0], e.schools[1]))
		if err != nil {
			t.Fatal(err)
		}
		if a1.Classification.Category != CatHouseHukou {
			t.Fatalf("category %q, want house_hukou: %v", a1.Classification.Category, a1.Classification.Reasons)
		}
		t.Run("OverlapsWithinOneStage", func(t *testing.T) {
			junior := db.NewID()
			if _, err := d.Write().Exec(e.ctx, `INSERT INTO schools (district_code, id, code, name, type, created_at, updated_at)
VALUES (?, ?, '3339901099', '第一初中', 'junior', ?, ?)`, dist, junior, db.Now(), db.Now()); err != nil {
				t.Fatal(err)
			}
			// A junior school may cover primary schools' streets: not an overlap.
			if _, err := e.s.SetCatchment(e.ctx, e.bureau, junior, "人民路全段"); err != nil {
				t.Fatal(err)
			}
			rep, _ := e.s.Catchments(e.ctx, dist)
			if len(rep.Overlaps) != 0 {
				t.Fatalf("junior vs primary reported: %v", rep.Overlaps)
			}
			// Two primary schools on the same numbers: an overlap.
			if _, err := e.s.SetCatchment(e.ctx, e.bureau, e.schools[2], "建设街全段\n人民路以东\n人民路5-9号"); err != nil {
				t.Fatal(err)
			}
			rep, _ = e.s.Catchments(e.ctx, dist)
			// 5-9 odd with 第1小学's odd side, 6-8 even with 第2小学's even side.
			if len(rep.Overlaps) != 2 || !strings.Contains(rep.Overlaps[0], "人民路5-9号(单号) 同时划入 第1小学") ||
				!strings.Contains(rep.Overlaps[1], "人民路6-8号(双号) 同时划入 第2小学") {
				t.Fatalf("overlap: %v", rep.Overlaps)
			}
			if _, err := e.s.SetCatchment(e.ctx, e.bureau, e.schools[2], "建设街全段\n人民路以东"); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("OneApplicationPerChild", func(t *testing.T) {
			_, err := e.s.Submit(e.ctx, p2, e.input(c, 1, "人民路25号", e.schools[0]))
			if errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), "已报名") {
				t.Fatalf("duplicate child: %v", err)
			}
		})
		// Same property as a1, another family: a housing-lock conflict.
		in2 := e.input(c, 2, "人民路23号", e.schools[0])
		in2.PropertyCert = e.input(c, 1, "").PropertyCert
		a2, err := e.s.Submit(e.ctx, p2, in2)
		if err != nil {
			t.Fatal(err)
		}
		in3 := e.input(c, 3, "外省某地", e.schools[0], e.schools[1])
		in3.HukouLocal, in3.HousingType, in3.HomeAddress, in3.PermitMonths, in3.InsuranceMonths = false, "rent", "光明路8号", 12, 12
		a3, err := e.s.Submit(e.ctx, p3, in3)
		if err != nil {
			t.Fatal(err)
		}
		if a3.Classification.Category != CatMigrant || !a3.Classification.Migrant {
			t.Fatalf("migrant: %+v", a3.Classification)
		}
		t.Run("ParentsSeeOnlyTheirOwn", func(t *testing.T) {
			if _, err := e.s.MyApplication(e.ctx, p2, a1.ID); errs.Code(err) != errs.NotFound {
				t.Fatalf("other family's application: %v", err)
			}
			if _, err := e.s.Update(e.ctx, p2, a1.ID, e.input(c, 1, "人民路23号", e.schools[0])); errs.Code(err) != errs.NotFound {
				t.Fatalf("other family's update: %v", err)
			}
			list, err := e.s.MyApplications(e.ctx, p1)
			if err != nil || len(list) != 1 || list[0].ChildIDNumber != childID(1) {
				t.Fatalf("own list: %v %+v", err, list)
			}
		})
		t.Run("ReviewerSeesMaskedAndChecks", func(t *testing.T) {
			got, err := e.s.GetApplication(e.ctx, e.bureau, a2.ID)
			if err != nil || got.ChildName != "王*明" || strings.Contains(got.ChildIDNumber, childID(2)[6:14]) {
				t.Fatalf("masked: %v %q %q", err, got.ChildName, got.ChildIDNumber)
			}
			checks, err := e.s.Precheck(e.ctx, e.bureau, a2.ID)
			if err != nil {
				t.Fatal(err)
			}
			byCode := map[string]Check{}
			for _, c := range checks {
				byCode[c.Code] = c
			}
			if byCode["housing_lock"].OK || !byCode["age"].OK || byCode["documents"].OK {
				t.Fatalf("checks: %+v", checks)
			}
			other := Actor{P: access.NewPrincipal(9, "xiao", "学校", access.SchoolAdmin, dist, e.schools[2], 0, 0, nil)}
			if _, err := e.s.GetApplication(e.ctx, other, a2.ID); errs.Code(err) != errs.NotFound {
				t.Fatalf("other school's reviewer: %v", err)
			}
		})
		t.Run("EditUntilTheWindowCloses", func(t *testing.T) {
			in := e.input(c, 1, "人民路23号", e.schools[1], e.schools[0])
			got, err := e.s.Update(e.ctx, p1, a1.ID, in)
			if err != nil || got.Choices[0].ID != e.schools[1] || !got.Editable {
				t.Fatalf("update in window: %v %+v", err, got.Choices)
			}
			now := e.s.Now
			e.s.Now = func() time.Time { return time.Date(2027, 6, 1, 10, 0, 0, 0, time.UTC) }
			defer func() { e.s.Now = now }()
			if _, err := e.s.Update(e.ctx, p1, a1.ID, e.input(c, 1, "人民路23号", e.schools[0])); errs.Code(err) != errs.Conflict {
				t.Fatalf("update after reg_close: %v", err)
			}
			if got, _ := e.s.MyApplication(e.ctx, p1, a1.ID); got.Editable {
				t.Fatal("editable after the window closed")
			}
			e.s.Now = now
			if _, err := e.s.Update(e.ctx, p1, a1.ID, e.input(c, 1, "人民路23号", e.schools[0], e.schools[1])); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("RevealNeedsPermissionAndReason", func(t *testing.T) {
			if _, err := e.s.Reveal(e.ctx, e.bureau, a1.ID, RevealInput{Reason: "核对"}); errs.Code(err) != errs.Forbidden {
				t.Fatalf("reveal without 查看完整个人信息: %v", err)
			}
			rev := Actor{P: access.NewPrincipal(2, "zs2", "招生办", access.Staff, dist, 0, 0, 0, []string{access.EnrollRead, access.PIIReveal})}
			if _, err := e.s.Reveal(e.ctx, rev, a1.ID, RevealInput{}); errs.Code(err) != errs.Invalid {
				t.Fatalf("reveal without reason: %v", err)
			}
			got, err := e.s.Reveal(e.ctx, rev, a1.ID, RevealInput{Reason: "核对户籍信息"})
			if err != nil || got.ChildIDNumber != childID(1) {
				t.Fatalf("reveal: %v %q", err, got.ChildIDNumber)
			}
		})
		for _, id := range []int64{a1.ID, a2.ID, a3.ID} {
			if _, err := e.s.Decide(e.ctx, e.bureau, id, ReviewInput{Decision: AppApproved}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.s.Decide(e.ctx, e.bureau, a1.ID, ReviewInput{Decision: AppReturned}); errs.Code(err) != errs.Invalid {
			t.Fatalf("return without reason: %v", err)
		}
		fc, err := e.s.Freeze(e.ctx, e.bureau, c.ID)
		if err != nil || fc.ListHash == "" {
			t.Fatalf("freeze: %v %+v", err, fc)
		}
		if _, err := e.s.Submit(e.ctx, parent(104), e.input(c, 4, "人民路23号", e.schools[0])); errs.Code(err) != errs.Conflict {
			t.Fatalf("submit after freeze: %v", err)
		}
		dc, err := e.s.Draw(e.ctx, e.bureau, c.ID, DrawInput{Seed: "20270705-8841"})
		if err != nil || dc.ResultHash == "" {
			t.Fatalf("draw: %v", err)
		}
		t.Run("DrawIsInTheAuditLog", func(t *testing.T) {
			rows, _, err := e.s.Audit.Search(e.ctx, dist, audit.Query{Action: "enroll.draw", Limit: 5})
			if err != nil || len(rows) != 1 {
				t.Fatalf("draw records: %v %d", err, len(rows))
			}
			want := fmt.Sprintf("list_hash=%s\nseed=20270705-8841\nmechanism=da\nresult_hash=%s\n", fc.ListHash, dc.ResultHash)
			if rows[0].Detail != want {
				t.Fatalf("draw record %q, want %q", rows[0].Detail, want)
			}
			if v, err := e.s.Audit.Verify(e.ctx, dist); err != nil || !v.OK {
				t.Fatalf("audit chain: %v %+v", err, v)
			}
		})
		t.Run("ResultIsReproducible", func(t *testing.T) {
			list, _ := e.s.File(e.ctx, dist, c.ID, "applicants.csv")
			plan, _ := e.s.File(e.ctx, dist, c.ID, "schools.csv")
			res, _ := e.s.File(e.ctx, dist, c.ID, "result.csv")
			in, err := ReadInstance("s", strings.NewReader(string(plan)), "a", strings.NewReader(string(list)))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Allocate(in, "20270705-8841", DA)
			if err != nil || len(Verify(r, res)) != 0 || r.Hash() != dc.ResultHash || in.ListHash() != fc.ListHash {
				t.Fatalf("recompute: %v", err)
			}
		})
		// Seats 1 per school; a1 and a2 both want school 0 first with tier 1: one of them gets it.
		got1, _ := e.s.MyApplication(e.ctx, p1, a1.ID)
		got2, _ := e.s.MyApplication(e.ctx, p2, a2.ID)
		if got1.Result == nil || got2.Result == nil {
			t.Fatal("no result for the parents")
		}
		winner, loser, wp, lp := got1, got2, p1, p2
		if got2.Result.SchoolID == e.schools[0] {
			winner, loser, wp, lp = got2, got1, p2, p1
		}
		if winner.Result.Status != ResultAdmitted || winner.Result.SchoolID != e.schools[0] {
			t.Fatalf("winner: %+v", winner.Result)
		}
		pubList, err := e.s.PublicResults(e.ctx, dist, c.ID, 0)
		if err != nil || len(pubList) == 0 || pubList[0].Name != "王*明" {
			t.Fatalf("public list: %v %+v", err, pubList)
		}
		t.Run("DeclineOffersTheSeatToTheNext", func(t *testing.T) {
			if _, err := e.s.DeclineSeat(e.ctx, Actor{P: wp}, winner.ID); err != nil {
				t.Fatal(err)
			}
			v, err := e.s.Waitlist(e.ctx, e.bureau, c.ID)
			if err != nil || v.Open == nil || v.Open.Applicant != loser.No {
				t.Fatalf("offer: %v %+v", err, v)
			}
			mine, _ := e.s.MyApplication(e.ctx, lp, loser.ID)
			if mine.Offer == nil || mine.Offer.SchoolID != e.schools[0] {
				t.Fatalf("the family does not see the offer: %+v", mine.Offer)
			}
			if _, err := e.s.AnswerOffer(e.ctx, Actor{P: wp}, loser.ID, AnswerInput{Accept: true}); errs.Code(err) != errs.NotFound {
				t.Fatalf("another family answers the offer: %v", err)
			}
			if _, err := e.s.AnswerOffer(e.ctx, Actor{P: lp}, loser.ID, AnswerInput{Accept: true}); err != nil {
				t.Fatal(err)
			}
			after, _ := e.s.MyApplication(e.ctx, lp, loser.ID)
			if after.Result.SchoolID != e.schools[0] || after.Result.Status != ResultAdmitted {
				t.Fatalf("after 递补: %+v", after.Result)
			}
		})
		t.Run("Figures", func(t *testing.T) {
			f, err := FiguresFor(e.ctx, d.Read(), dist, 2027, 0)
			if err != nil {
				t.Fatal(err)
			}
			if f.Applicants != 3 || f.PlacesPlanned != 3 || f.MigrantApplicants != 1 || f.Admitted < 1 {
				t.Fatalf("figures: %+v", f)
			}
		})
	})
}

// childIDOn makes distinct ID numbers of children born in 2020–2021 for large n.
func childIDOn(n int) string {
	return identity.MakeIDNumber("339901", time.Date(2020, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n/999%360), n%999)
}

func TestService_BostonDraw(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := DefaultPolicy(2027, "junior")
		p.Mechanism, p.MaxChoices = Boston, 2
		for _, id := range e.schools[:2] {
			p.Plans = append(p.Plans, Plan{SchoolID: id, Classes: 1, ClassSize: 1})
		}
		c, err := e.s.CreateCampaign(e.ctx, e.bureau, p)
		if err != nil {
			t.Fatal(err)
		}
		if c, err = e.s.PublishCampaign(e.ctx, e.bureau, c.ID); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for i := range 3 {
			in := e.input(c, 10+i, "人民路23号", e.schools[0], e.schools[1])
			in.ChildIDNumber = identity.MakeIDNumber("339901", time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC), 10+i)
			a, err := e.s.Submit(e.ctx, parent(int64(200+i)), in)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.s.Decide(e.ctx, e.bureau, a.ID, ReviewInput{Decision: AppApproved}); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		}
		if _, err := e.s.Freeze(e.ctx, e.bureau, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Draw(e.ctx, e.bureau, c.ID, DrawInput{Seed: "boston"}); err != nil {
			t.Fatal(err)
		}
		// Everyone put school 0 first with the same tier: one gets it in round 1, one gets school 1
		// in round 2, one is left.
		ranks := map[int]int{}
		for i, id := range ids {
			a, err := e.s.MyApplication(e.ctx, parent(int64(200+i)), id)
			if err != nil || a.Result == nil {
				t.Fatalf("result: %v", err)
			}
			ranks[a.Result.ChoiceRank]++
		}
		if ranks[1] != 1 || ranks[2] != 1 || ranks[0] != 1 {
			t.Fatalf("choice ranks %v, want one each of 1, 2 and unplaced", ranks)
		}
		res, err := e.s.File(e.ctx, dist, c.ID, "result.csv")
		if err != nil || !strings.HasPrefix(string(res), "applicant_id,school_id,choice_rank,lottery\n") {
			t.Fatalf("result file: %v %q", err, res)
		}
	})
}

func TestService_HousingLockAcrossYears(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		past := DefaultPolicy(2023, "primary")
		past.Dates = DefaultPolicy(2027, "primary").Dates // open on the test clock
		past.Plans = []Plan{{SchoolID: e.schools[0], Classes: 1, ClassSize: 40}}
		c, err := e.s.CreateCampaign(e.ctx, e.bureau, past)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.PublishCampaign(e.ctx, e.bureau, c.ID); err != nil {
			t.Fatal(err)
		}
		older := e.input(c, 1, "人民路23号", e.schools[0])
		older.ChildIDNumber = identity.MakeIDNumber("339901", time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC), 5)
		a, err := e.s.Submit(e.ctx, parent(300), older)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Decide(e.ctx, e.bureau, a.ID, ReviewInput{Decision: AppApproved}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Freeze(e.ctx, e.bureau, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Draw(e.ctx, e.bureau, c.ID, DrawInput{Seed: "2023"}); err != nil {
			t.Fatal(err)
		}
		now := e.campaign(40)
		in := e.input(now, 2, "人民路23号", e.schools[0])
		in.PropertyCert = older.PropertyCert // the same flat, bought by another family
		b, err := e.s.Submit(e.ctx, parent(301), in)
		if err != nil {
			t.Fatal(err)
		}
		checks, err := e.s.Precheck(e.ctx, e.bureau, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			if c.Code == "housing_lock" && (c.OK || !strings.Contains(c.Detail, "2023年")) {
				t.Fatalf("housing lock: %+v", c)
			}
		}
	})
}
