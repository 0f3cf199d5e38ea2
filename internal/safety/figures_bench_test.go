package safety

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/workflow"
)

// benchDistrict writes n hazards over 120 schools in 5 zones directly (a large district's several
// years of records), and returns the service, a section member and an inspector.
func benchDistrict(b *testing.B, n int) (*Service, *access.Principal, *access.Principal) {
	ctx := context.Background()
	d := dbtest.SQLite(b)
	r := rand.New(rand.NewPCG(1, 2))
	zones := make([]int64, 5)
	schools := make([]int64, 120)
	err := d.Tx(ctx, func(q db.Querier) error {
		for i := range zones {
			zones[i] = db.NewID()
			if err := org.InsertZone(ctx, q, district, zones[i], fmt.Sprintf("片区%d", i), i); err != nil {
				return err
			}
		}
		for i := range schools {
			id, err := org.InsertSchool(ctx, q, district, org.SchoolInput{Code: fmt.Sprintf("3339%06d", i), Name: fmt.Sprintf("学校%d", i),
				Type: "primary", Nature: "公办", Urban: "城区", ZoneID: zones[i%len(zones)]})
			if err != nil {
				return err
			}
			schools[i] = id
		}
		items := db.NewBatch(q, "wf_items", []string{"district_code", "id", "type", "state", "state_at", "title", "school_id", "zone_id",
			"assignee_kind", "assignee_id", "start_on", "due_days", "due_on", "closed_at", "closed_on", "final_state", "created_at", "updated_at"}, "", 500)
		hz := db.NewBatch(q, "safety_hazards", []string{"district_code", "id", "school_id", "source", "category", "severity", "description",
			"found_on"}, "", 500)
		start := time.Date(2023, 1, 1, 9, 0, 0, 0, workflow.China)
		for range n {
			si := r.IntN(len(schools))
			found := start.AddDate(0, 0, r.IntN(1400))
			due := found.AddDate(0, 0, 7)
			state, final, closed := StateOpen, false, int64(0)
			closedOn := ""
			if r.IntN(10) < 8 {
				state, final = StateClosed, true
				c := found.AddDate(0, 0, 1+r.IntN(12))
				closed, closedOn = c.UnixMilli(), c.Format(workflow.DateLayout)
			}
			id := db.NewID()
			if err := items.Add(ctx, district, id, HazardType, state, found.UnixMilli(), "隐患", schools[si], zones[si%len(zones)], "school",
				schools[si], found.Format(workflow.DateLayout), 5, due.Format(workflow.DateLayout), closed, closedOn, final,
				found.UnixMilli(), found.UnixMilli()); err != nil {
				return err
			}
			if err := hz.Add(ctx, district, id, schools[si], Sources[r.IntN(3)], Categories[r.IntN(len(Categories))],
				Severities[r.IntN(3)], "灭火器过期", found.Format(workflow.DateLayout)); err != nil {
				return err
			}
		}
		if err := items.Flush(ctx); err != nil {
			return err
		}
		return hz.Flush(ctx)
	})
	if err != nil {
		b.Fatal(err)
	}
	log := audit.New(d, make([]byte, 32))
	s := NewService(d, log, workflow.New(d, log, b.TempDir()))
	staff := access.NewPrincipal(1, "s", "科员", access.Staff, district, 0, 0, 0, []string{access.SafetyRead, access.SafetyWrite})
	inspector := access.NewPrincipal(2, "i", "督学", access.Inspector, district, 0, zones[0], 0, nil)
	return s, staff, inspector
}

// BenchmarkHazardRates: the dashboard's groupings over 50,000 hazards.
//
//	go test ./internal/safety -run '^$' -bench Hazard -benchtime 20x
func BenchmarkHazardRates(b *testing.B) {
	s, staff, _ := benchDistrict(b, 50_000)
	ctx := context.Background()
	for _, by := range []string{ByDistrict, BySchool, ByMonth} {
		b.Run(by, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.rates(ctx, staff, by, HazardFilter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The dashboard: seven groupings from one read, all years and one year.
	all := []string{BySchool, ByCategory, ByMonth, ByCampaign, BySeverity, BySource, ByDistrict}
	b.Run("dashboard_all_years", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.ratesBy(ctx, staff, all, HazardFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("dashboard_one_year", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.ratesBy(ctx, staff, all, HazardFilter{From: "2025-01-01", To: "2025-12-31"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkListHazards: the ledger's first page for the section (every school) and for an
// inspector (one zone, overdue only).
func BenchmarkListHazards(b *testing.B) {
	s, staff, inspector := benchDistrict(b, 50_000)
	ctx := context.Background()
	b.Run("section_pending", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.ListHazards(ctx, staff, HazardFilter{State: "pending"}, "", 0, 20); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("inspector_overdue", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := s.ListHazards(ctx, inspector, HazardFilter{Overdue: true}, "", 0, 20); err != nil {
				b.Fatal(err)
			}
		}
	})
}
