package supervision

import (
	"bytes"
	"context"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/workflow"
	"github.com/edubureau/edubureau/internal/safety"
)

// A finding becomes a hazard of the safety module, assigned to the school, with the visit as source.
func TestFindingBecomesSafetyHazard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		flow := workflow.New(d, audit.New(d, bytes.Repeat([]byte{3}, 32)), t.TempDir())
		svc := safety.NewService(d, w.s.Audit, flow)
		w.s.Hazards = SafetyHazards{Service: func() *safety.Service { return svc }}
		v, err := w.s.CreateVisit(ctx, w.actors["i1"], VisitInput{SchoolID: w.schools["A1"], Date: Today().Format("2006-01-02"),
			Items: []string{"校园安全与隐患排查"}, Findings: []FindingInput{{Category: "消防", Severity: "重大", Description: "教学楼二楼安全出口上锁"}}})
		if err != nil {
			t.Fatal(err)
		}
		f, err := w.s.FindingToHazard(ctx, w.actors["i1"], v.Findings[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		hz, err := svc.GetHazard(ctx, w.actors["sa"].P, f.HazardID)
		if err != nil {
			t.Fatalf("the school cannot read its hazard: %v", err)
		}
		if hz.Source != safety.SourceVisit || hz.Category != "消防" || hz.Severity != "重大" || hz.FoundOn != v.Date {
			t.Errorf("hazard %+v", hz)
		}
	})
}
