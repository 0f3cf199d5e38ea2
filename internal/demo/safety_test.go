package demo

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/db"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/pii"
	"github.com/edubureau/edubureau/internal/platform/workflow"
	"github.com/edubureau/edubureau/internal/safety"
)

func TestSafetyYearHasEveryState(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	log := audit.New(d, keys.AuditKey())
	district := "339901"
	// A small district written directly (no password hashing): two zones of six schools, their
	// administrators, an inspector per zone and a member of the safety section.
	err = d.Tx(ctx, func(q db.Querier) error {
		sec := db.NewID()
		if err := org.InsertSection(ctx, q, district, sec, "安全稳定科", 1); err != nil {
			return err
		}
		if _, err := accounts.InsertUser(ctx, q, keys, accounts.NewUser{District: district, Username: "staff01", DisplayName: "安全科员",
			Phone: "13900000001", Role: access.Staff, SectionID: sec, PasswordHash: "x"}); err != nil {
			return err
		}
		for z := range 2 {
			zid := db.NewID()
			if err := org.InsertZone(ctx, q, district, zid, fmt.Sprintf("片区%d", z), z); err != nil {
				return err
			}
			if _, err := accounts.InsertUser(ctx, q, keys, accounts.NewUser{District: district, Username: fmt.Sprintf("inspector%d", z),
				DisplayName: "督学", Phone: fmt.Sprintf("1390000010%d", z), Role: access.Inspector, ZoneID: zid, PasswordHash: "x"}); err != nil {
				return err
			}
			for i := range 6 {
				code := fmt.Sprintf("33399%d%04d", z, i)
				sid, err := org.InsertSchool(ctx, q, district, org.SchoolInput{Code: code, Name: "学校" + code, Type: "primary",
					Nature: "公办", Urban: "城区", ZoneID: zid})
				if err != nil {
					return err
				}
				if _, err := accounts.InsertUser(ctx, q, keys, accounts.NewUser{District: district, Username: "sa" + code, DisplayName: "校长",
					Phone: "1380000" + code[6:], Role: access.SchoolAdmin, SchoolID: sid, PasswordHash: "x"}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := safety.NewService(d, log, workflow.New(d, log, t.TempDir()))
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, workflow.China)
	sum, err := InstallSafety(ctx, svc, district, 1, now)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Campaigns != len(demoCampaigns) || sum.Hazards < 250 || sum.Overdue == 0 || sum.Escalated == 0 {
		t.Fatalf("summary %+v", sum)
	}
	states := map[string]int{}
	rows, err := d.Read().Query(ctx, `SELECT state, COUNT(*) FROM wf_items WHERE district_code = ? GROUP BY state`, district)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		states[s] = n
	}
	rows.Close()
	for _, s := range []string{safety.StateOpen, safety.StateSubmitted, safety.StateClosed, safety.StateCancelled} {
		if states[s] == 0 {
			t.Errorf("no hazard in state %s: %v", s, states)
		}
	}
	var returned, late int
	_ = d.Read().QueryRow(ctx, `SELECT COUNT(DISTINCT item_id) FROM wf_events WHERE district_code = ? AND action = 'return'`, district).Scan(&returned)
	_ = d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM wf_items WHERE district_code = ? AND state = 'closed' AND closed_on > due_on`, district).Scan(&late)
	if returned == 0 || late == 0 {
		t.Errorf("sent back %d, closed late %d: want some of each", returned, late)
	}
	var future int
	_ = d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM wf_events WHERE district_code = ? AND at > ? AND action <> 'escalate'`,
		district, now.UnixMilli()).Scan(&future)
	if future != 0 {
		t.Errorf("%d events after the demo's today", future)
	}
}
