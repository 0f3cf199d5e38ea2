package demo

import (
	"bytes"
	"context"
	"testing"
	"time"

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
	dist := Generate(1)
	if _, err := Install(ctx, d, keys, log, dist); err != nil {
		t.Fatal(err)
	}
	svc := safety.NewService(d, log, workflow.New(d, log, t.TempDir()))
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, workflow.China)
	sum, err := InstallSafety(ctx, svc, dist.District.Code, 1, now)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Campaigns != len(demoCampaigns) || sum.Hazards < 300 || sum.Overdue == 0 || sum.Escalated == 0 {
		t.Fatalf("summary %+v", sum)
	}
	states := map[string]int{}
	rows, err := d.Read().Query(ctx, `SELECT state, COUNT(*) FROM wf_items WHERE district_code = ? GROUP BY state`, dist.District.Code)
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
	_ = d.Read().QueryRow(ctx, `SELECT COUNT(DISTINCT item_id) FROM wf_events WHERE district_code = ? AND action = 'return'`, dist.District.Code).Scan(&returned)
	_ = d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM wf_items WHERE district_code = ? AND state = 'closed' AND closed_on > due_on`, dist.District.Code).Scan(&late)
	if returned == 0 || late == 0 {
		t.Errorf("sent back %d, closed late %d: want some of each", returned, late)
	}
	var future int
	_ = d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM wf_events WHERE district_code = ? AND at > ? AND action <> 'escalate'`,
		dist.District.Code, now.UnixMilli()).Scan(&future)
	if future != 0 {
		t.Errorf("%d events after the demo's today", future)
	}
}
