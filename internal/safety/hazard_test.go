package safety

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/workflow"
)

const district = "339901"

type world struct {
	s                       *Service
	schoolA, schoolB        int64
	zone1, zone2, section   int64
	staff, inspector, inspB *access.Principal
	adminA, adminB          *access.Principal
	day                     *time.Time
}

func setDay(w *world, day string) {
	*w.day, _ = time.ParseInLocation("2006-01-02 15:04", day+" 10:00", workflow.China)
}

func newWorld(t *testing.T, d *db.DB) *world {
	ctx := context.Background()
	w := &world{zone1: db.NewID(), zone2: db.NewID(), section: db.NewID(), day: new(time.Time)}
	err := d.Tx(ctx, func(q db.Querier) error {
		for i, z := range []int64{w.zone1, w.zone2} {
			if err := org.InsertZone(ctx, q, district, z, []string{"城东片区", "城西片区"}[i], i); err != nil {
				return err
			}
		}
		var err error
		if w.schoolA, err = org.InsertSchool(ctx, q, district, org.SchoolInput{Code: "3339901001", Name: "青溪区实验小学", Type: "primary",
			Nature: "公办", Urban: "城区", ZoneID: w.zone1}); err != nil {
			return err
		}
		if w.schoolB, err = org.InsertSchool(ctx, q, district, org.SchoolInput{Code: "3339901002", Name: "青溪区第二中学", Type: "junior",
			Nature: "公办", Urban: "城区", ZoneID: w.zone2}); err != nil {
			return err
		}
		return org.InsertSection(ctx, q, district, w.section, "安全稳定科", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	flow := workflow.New(d, audit.New(d, bytes.Repeat([]byte{3}, 32)), t.TempDir())
	flow.Now = func() time.Time { *w.day = w.day.Add(time.Second); return *w.day } // each step a second later
	setDay(w, "2025-09-25")
	w.s = NewService(d, flow.Audit, flow)
	w.staff = access.NewPrincipal(1, "staff01", "安全科张三", access.Staff, district, 0, 0, w.section, []string{access.SafetyRead, access.SafetyWrite})
	w.inspector = access.NewPrincipal(2, "inspector1", "督学李四", access.Inspector, district, 0, w.zone1, 0, nil)
	w.inspB = access.NewPrincipal(3, "inspector2", "督学王五", access.Inspector, district, 0, w.zone2, 0, nil)
	w.adminA = access.NewPrincipal(4, "saA", "校长A", access.SchoolAdmin, district, w.schoolA, 0, 0, nil)
	w.adminB = access.NewPrincipal(5, "saB", "校长B", access.SchoolAdmin, district, w.schoolB, 0, 0, nil)
	return w
}

func finding(school int64) HazardInput {
	return HazardInput{SchoolID: school, Source: SourceVisit, SourceRef: "visit-1", Category: "消防", Severity: "一般",
		Location: "教学楼二楼东侧", Description: "灭火器压力不足，已过检验期"}
}

func TestHazardFromVisitToVerified(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		s := w.s
		h, err := s.Report(ctx, w.inspector, finding(w.schoolA))
		if err != nil {
			t.Fatal(err)
		}
		if h.State != StateOpen || h.AssigneeKind != workflow.AssignSchool || h.AssigneeID != w.schoolA || h.DueOn != "2025-10-09" ||
			h.SuperiorKind != workflow.AssignSection || h.SuperiorID != w.section || h.SchoolName != "青溪区实验小学" || h.ReporterName != "督学李四" {
			t.Fatalf("reported hazard: %+v", h)
		}
		// Scope: the other zone's inspector and the other school neither see nor report it.
		if _, err := s.GetHazard(ctx, w.inspB, h.ID); errs.Code(err) != errs.NotFound {
			t.Fatalf("other zone's inspector: %v", err)
		}
		if _, err := s.GetHazard(ctx, w.adminB, h.ID); errs.Code(err) != errs.NotFound {
			t.Fatalf("other school: %v", err)
		}
		if _, err := s.Report(ctx, w.inspB, finding(w.schoolA)); errs.Code(err) != errs.NotFound {
			t.Fatalf("reporting outside the zone: %v", err)
		}
		if _, err := s.Report(ctx, w.adminA, finding(w.schoolA)); errs.Code(err) != errs.Invalid {
			t.Fatalf("a school reporting a visit finding: %v", err)
		}
		list, total, err := s.ListHazards(ctx, w.adminB, HazardFilter{}, "", 0, 50)
		if err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("school B's list: %d, %v", total, err)
		}
		// The school submits evidence; the inspector sends it back once, then verifies.
		if _, err := s.Act(ctx, w.adminA, "", h.ID, "submit", "已更换灭火器"); errs.Code(err) != errs.Invalid {
			t.Fatalf("submit without a photo: %v", err)
		}
		// The inspector's site photo is not the school's rectification evidence.
		if _, err := s.Flow.Attach(ctx, w.inspector, "", HazardType, h.ID, "现场.png",
			bytes.NewReader([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), "隐患"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(ctx, w.adminA, "", h.ID, "submit", "已更换灭火器"); errs.Code(err) != errs.Invalid {
			t.Fatalf("submit with only the inspector's photo: %v", err)
		}
		if _, err := s.Flow.Attach(ctx, w.adminA, "", HazardType, h.ID, "整改后.jpg",
			bytes.NewReader([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00")), "隐患"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(ctx, w.adminA, "", h.ID, "submit", "已更换灭火器"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(ctx, w.adminA, "", h.ID, "verify", ""); errs.Code(err) != errs.Forbidden {
			t.Fatalf("the school verifying itself: %v", err)
		}
		if _, err := s.Act(ctx, w.inspector, "", h.ID, "return", ""); errs.Code(err) != errs.Invalid {
			t.Fatalf("sending back without a reason: %v", err)
		}
		if _, err := s.Act(ctx, w.inspector, "", h.ID, "return", "照片看不清压力表"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(ctx, w.adminA, "", h.ID, "submit", "补充照片"); errs.Code(err) != errs.Invalid {
			t.Fatalf("resubmitting needs new evidence: %v", err)
		}
		setDay(w, "2025-09-26")
		if _, err := s.Flow.Attach(ctx, w.adminA, "", HazardType, h.ID, "压力表.pdf", bytes.NewReader([]byte("%PDF-1.4\n%…")), "隐患"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(ctx, w.adminA, "", h.ID, "submit", "补充照片"); err != nil {
			t.Fatal(err)
		}
		before, _ := HazardTotals(ctx, d.Read(), district, FigureFilter{})
		done, err := s.Act(ctx, w.inspector, "", h.ID, "verify", "")
		if err != nil || done.State != StateClosed || done.ClosedOn != "2025-09-26" {
			t.Fatalf("verify: %+v, %v", done, err)
		}
		after, _ := HazardTotals(ctx, d.Read(), district, FigureFilter{})
		if before.Found != 1 || before.Rate != 0 || after.Rectified != 1 || after.Rate != 1 {
			t.Fatalf("整改率 before %+v after %+v", before, after)
		}
		det, err := s.GetHazard(ctx, w.adminA, h.ID)
		if err != nil || len(det.Attachments) != 3 || len(det.Actions) != 0 {
			t.Fatalf("detail: %+v, %v", det, err)
		}
		want := []string{"create", "attach", "attach", "submit", "return", "attach", "submit", "verify"}
		if len(det.History) != len(want) {
			t.Fatalf("history %+v", det.History)
		}
		for i, ev := range det.History {
			if ev.Action != want[i] {
				t.Fatalf("history[%d] = %s, want %s", i, ev.Action, want[i])
			}
		}
	})
}

func TestOverdueHazardEscalatesToTheSafetySection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		in := finding(w.schoolB)
		in.Severity = "较大" // 10 working days from 2025-09-25: 09-26, 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13, 10-14, 10-15
		h, err := w.s.Report(ctx, w.staff, in)
		if err != nil || h.DueOn != "2025-10-15" {
			t.Fatalf("report: due %s, %v", h.DueOn, err)
		}
		setDay(w, "2025-10-16")
		if _, err := w.s.Flow.Sweep(ctx, district); err != nil {
			t.Fatal(err)
		}
		list, total, err := w.s.ListHazards(ctx, w.staff, HazardFilter{Escalated: true}, "", 0, 10)
		if err != nil || total != 1 || !list[0].Escalated || !list[0].Overdue {
			t.Fatalf("escalated list: %d %+v %v", total, list, err)
		}
		todo, err := w.s.Todo(ctx, w.staff)
		if err != nil || todo.Escalated != 1 {
			t.Fatalf("section's todo: %+v %v", todo, err)
		}
		if todo, _ := w.s.Todo(ctx, w.inspector); todo.Escalated != 0 {
			t.Fatalf("zone 1 inspector sees zone 2's escalation: %+v", todo)
		}
		totals, _ := HazardTotals(ctx, d.Read(), district, FigureFilter{AsOf: "2025-10-16"})
		if totals.Overdue != 1 || totals.Pending != 1 {
			t.Fatalf("totals %+v", totals)
		}
	})
}

func TestCampaignFindingsBecomeHazards(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		s := w.s
		in := CampaignInput{Name: "2025年秋季开学安全专项检查", Checklist: []string{"消防设施完好", "食堂证照齐全"},
			SchoolIDs: []string{itoa(w.schoolA), itoa(w.schoolB)}, StartOn: "2025-09-01", EndOn: "2025-09-30"}
		if _, err := s.CreateCampaign(ctx, w.inspector, "", in); errs.Code(err) != errs.Forbidden {
			t.Fatalf("an inspector starting a campaign: %v", err)
		}
		c, err := s.CreateCampaign(ctx, w.staff, "", in)
		if err != nil || len(c.Targets) != 2 {
			t.Fatalf("create: %+v %v", c, err)
		}
		if got, err := s.GetCampaign(ctx, w.adminB, c.ID); err != nil || len(got.Targets) != 1 || got.Targets[0].SchoolID != w.schoolB {
			t.Fatalf("school B sees %+v %v", got, err)
		}
		res := ResultInput{SchoolID: itoa(w.schoolA), Results: []CheckResult{{OK: true}, {OK: false, Note: "健康证过期 2 人"}},
			Findings: []Finding{{Category: "食品", Severity: "较大", Location: "食堂", Description: "2 名从业人员健康证过期"},
				{Category: "消防", Severity: "一般", Location: "宿舍", Description: "疏散指示灯损坏"}}}
		if _, err := s.RecordResult(ctx, w.inspB, "", c.ID, res); errs.Code(err) != errs.NotFound {
			t.Fatalf("other zone's inspector recording: %v", err)
		}
		bad := res
		bad.Findings = []Finding{{Category: "天气", Severity: "一般", Description: "x"}}
		if _, err := s.RecordResult(ctx, w.inspector, "", c.ID, bad); errs.Code(err) != errs.Invalid {
			t.Fatalf("bad finding: %v", err)
		} else if e, _ := errs.As(err); e.Fields[0].Field != "findings[0].category" {
			t.Fatalf("bad finding field: %+v", e.Fields)
		}
		r, err := s.RecordResult(ctx, w.inspector, "", c.ID, res)
		if err != nil || r.Found != 2 || r.CheckedOn != "2025-09-25" || r.Results[1].Item != "食堂证照齐全" {
			t.Fatalf("result: %+v %v", r, err)
		}
		if _, err := s.RecordResult(ctx, w.inspector, "", c.ID, res); errs.Code(err) != errs.Conflict {
			t.Fatalf("recording twice: %v", err)
		}
		list, total, err := s.ListHazards(ctx, w.adminA, HazardFilter{CampaignID: c.ID}, "", 0, 10)
		if err != nil || total != 2 || list[0].Source != SourceCampaign || list[0].CampaignName != in.Name {
			t.Fatalf("campaign hazards: %d %+v %v", total, list, err)
		}
		byCampaign, err := HazardRates(ctx, d.Read(), district, ByCampaign, FigureFilter{})
		if err != nil || len(byCampaign) != 1 || byCampaign[0].Found != 2 || byCampaign[0].Name != in.Name {
			t.Fatalf("by campaign: %+v %v", byCampaign, err)
		}
		cs, _ := s.ListCampaigns(ctx, w.staff)
		if len(cs) != 1 || cs[0].Checked != 1 || cs[0].Schools != 2 || cs[0].Found != 2 {
			t.Fatalf("campaigns: %+v", cs)
		}
	})
}

func itoa(id int64) string { return fmtID(id) }
