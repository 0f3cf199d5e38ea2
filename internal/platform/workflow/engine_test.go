package workflow

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/workcal"
)

const district = "339901"

var png = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 64)...)

func testType() *Type {
	return &Type{Code: "test.case", Name: "测试事项", Initial: "open", ReadPerm: access.SafetyRead, CommentPerm: access.SafetyWrite,
		States: []State{{Code: "open", Name: "待办"}, {Code: "done", Name: "已办结", Final: true}},
		Transitions: []Transition{
			{Action: "finish", Name: "办结", From: []string{"open"}, To: "done", Perm: access.SafetyWrite, Roles: []string{access.SchoolAdmin},
				Assignee: true, NeedAttachment: true},
		}}
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) set(day string) {
	c.t, _ = time.ParseInLocation(DateLayout+" 15:04", day+" 10:00", China)
}

func newEngine(t *testing.T, d *db.DB) (*Engine, *clock) {
	e := New(d, audit.New(d, bytes.Repeat([]byte{7}, 32)), t.TempDir())
	c := &clock{}
	c.set("2025-09-25")
	e.Now = c.now
	e.Register(testType())
	return e, c
}

func principal(role string, school, zone int64) *access.Principal {
	return access.NewPrincipal(db.NewID(), role+"1", "测试"+role, role, district, school, zone, 0, nil)
}

func create(t *testing.T, e *Engine, p *access.Principal, school, zone int64, days int) Item {
	t.Helper()
	var it Item
	err := e.DB.Tx(context.Background(), func(q db.Querier) error {
		var err error
		it, err = e.Create(context.Background(), q, p, "127.0.0.1", NewItem{Type: "test.case", Title: "灭火器过期", SchoolID: school,
			ZoneID: zone, AssigneeKind: AssignSchool, AssigneeID: school, SuperiorKind: AssignSection, SuperiorID: 77, DueDays: days})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func act(e *Engine, p *access.Principal, id int64, action string) (Item, error) {
	var it Item
	err := e.DB.Tx(context.Background(), func(q db.Querier) error {
		var err error
		it, err = e.Act(context.Background(), q, p, "127.0.0.1", "test.case", id, action, "已更换", "事项")
		return err
	})
	return it, err
}

func TestEngineFlowDeadlineAndEscalation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e, clk := newEngine(t, d)
		staff := principal(access.Staff, 0, 0)
		staff.Permissions[access.SafetyWrite], staff.Permissions[access.SafetyRead] = true, true
		school := principal(access.SchoolAdmin, 11, 1)
		otherSchool := principal(access.SchoolAdmin, 12, 2)
		otherInspector := principal(access.Inspector, 0, 2)

		late := create(t, e, staff, 11, 1, 5)
		if late.DueOn != "2025-10-09" || late.State != "open" || late.StateName != "待办" {
			t.Fatalf("created %+v; want due 2025-10-09 across 国庆 and the 调休 Sunday", late)
		}
		onTime := create(t, e, staff, 11, 1, 5)

		// Scope: another school and another zone's inspector do not see it.
		for _, p := range []*access.Principal{otherSchool, otherInspector} {
			if _, _, err := e.Load(ctx, d.Read(), p, "test.case", late.ID, "事项"); errs.Code(err) != errs.NotFound {
				t.Fatalf("%s outside scope: got %v, want not found", p.Role, err)
			}
		}
		// Guards: staff may not finish (role), evidence is required first.
		if _, err := act(e, staff, onTime.ID, "finish"); errs.Code(err) != errs.Forbidden {
			t.Fatalf("staff finishing: got %v, want forbidden", err)
		}
		if _, err := act(e, school, onTime.ID, "finish"); errs.Code(err) != errs.Invalid {
			t.Fatalf("finishing without evidence: got %v, want invalid", err)
		}
		if _, err := e.Attach(ctx, school, "", "test.case", onTime.ID, "现场.exe", bytes.NewReader([]byte("MZ\x90\x00")), "事项"); errs.Code(err) != errs.Invalid {
			t.Fatalf("an executable attachment: got %v, want invalid", err)
		}
		old := MaxPhoto
		MaxPhoto = 40
		_, err := e.Attach(ctx, school, "", "test.case", onTime.ID, "大图.png", bytes.NewReader(png), "事项")
		MaxPhoto = old
		if errs.Code(err) != errs.TooLarge {
			t.Fatalf("an oversized photo: got %v, want too_large", err)
		}
		a, err := e.Attach(ctx, school, "", "test.case", onTime.ID, "整改后.png", bytes.NewReader(png), "事项")
		if err != nil || a.Kind != "photo" || a.Size != int64(len(png)) {
			t.Fatalf("attach: %+v, %v", a, err)
		}
		clk.set("2025-10-09")
		done, err := act(e, school, onTime.ID, "finish")
		if err != nil || !done.Final || done.ClosedOn != "2025-10-09" {
			t.Fatalf("finish: %+v, %v", done, err)
		}
		if _, err := act(e, school, onTime.ID, "finish"); errs.Code(err) != errs.Conflict {
			t.Fatalf("finishing twice: got %v, want conflict", err)
		}

		// On its due day nothing is overdue; the day after, the open item escalates once.
		if r, err := e.Sweep(ctx, district); err != nil || r.Escalated != 0 {
			t.Fatalf("sweep on the due day: %+v, %v", r, err)
		}
		clk.set("2025-10-10")
		if r, err := e.Sweep(ctx, district); err != nil || r.Escalated != 1 {
			t.Fatalf("sweep after the due day: %+v, %v; want 1 escalated", r, err)
		}
		if r, err := e.Sweep(ctx, district); err != nil || r.Escalated != 0 {
			t.Fatalf("second sweep: %+v, %v; want nothing", r, err)
		}
		got, err := e.Get(ctx, d.Read(), district, late.ID)
		if err != nil || got.EscalatedAt == 0 || !got.Overdue {
			t.Fatalf("escalated item: %+v, %v", got, err)
		}
		hist, err := e.History(ctx, d.Read(), got)
		if err != nil || len(hist) != 2 || hist[1].Action != "escalate" || !strings.Contains(hist[1].Comment, "主管科室") {
			t.Fatalf("history of the escalated item: %+v, %v", hist, err)
		}
		doneHist, _ := e.History(ctx, d.Read(), done)
		if acts := actions(doneHist); acts != "create attach finish" {
			t.Fatalf("history of the finished item: %s", acts)
		}

		sla, err := e.ComputeSLA(ctx, d.Read(), district, SLAFilter{Type: "test.case"})
		if err != nil || sla.Total != 2 || sla.Closed != 1 || sla.ClosedOnTime != 1 || sla.OnTimeRate != 1 || sla.Overdue != 1 || sla.Escalated != 1 {
			t.Fatalf("SLA %+v, %v", sla, err)
		}
	})
}

func actions(evs []Event) string {
	out := []string{}
	for _, e := range evs {
		out = append(out, e.Action)
	}
	return strings.Join(out, " ")
}

func TestEngineWaitsForCalendarYear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e, clk := newEngine(t, d)
		clk.set("2026-12-21")
		staff := principal(access.Staff, 0, 0)
		staff.Permissions[access.SafetyRead] = true
		it := create(t, e, staff, 11, 1, 20)
		if it.DueOn != "" || !strings.Contains(it.DueNote, "2027年的节假日安排尚未录入") {
			t.Fatalf("item past the calendar: due %q note %q", it.DueOn, it.DueNote)
		}
		if _, err := e.SetCalendarYear(ctx, staff, "", workcal.YearData{Year: 2027}); errs.Code(err) != errs.Forbidden {
			t.Fatalf("staff entering the calendar: %v, want forbidden", err)
		}
		admin := principal(access.SysAdmin, 0, 0)
		bad := workcal.YearData{Year: 2027, MakeupWorkdays: []string{"2027-02-10"}} // a Wednesday
		if _, err := e.SetCalendarYear(ctx, admin, "", bad); errs.Code(err) != errs.Invalid {
			t.Fatalf("a weekday as 调休: %v, want invalid", err)
		}
		y := workcal.YearData{Year: 2027, Holidays: []string{"2027-01-01", "2027-01-02", "2027-01-03"}}
		if _, err := e.SetCalendarYear(ctx, admin, "", y); err != nil {
			t.Fatal(err)
		}
		got, _ := e.Get(ctx, d.Read(), district, it.ID)
		// 2026-12-22…31: 8 working days; 2027-01-04 onwards: 12 more → 2027-01-19.
		if got.DueOn != "2027-01-19" || got.DueNote != "" {
			t.Fatalf("after the year was entered: due %q note %q", got.DueOn, got.DueNote)
		}
		// A fresh engine over the same database loads the entered year.
		e2 := New(d, e.Audit, t.TempDir())
		if err := e2.LoadCalendar(ctx); err != nil || !e2.Cal.HasYear(2027) {
			t.Fatalf("reload: %v", err)
		}
	})
}
