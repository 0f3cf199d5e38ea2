package supervision

import (
	"context"
	"fmt"
	"testing"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// BenchmarkCoverageReport is the district's coverage report over a year on SQLite: 5 zones, 125
// schools, 10 inspectors, a weekly visit by each inspector for `years` years.
func BenchmarkCoverageReport(b *testing.B) {
	for _, years := range []int{1, 5} {
		b.Run(fmt.Sprintf("years=%d", years), func(b *testing.B) {
			ctx := context.Background()
			d := dbtest.SQLite(b)
			s := &Service{DB: d}
			var visits int
			err := d.Tx(ctx, func(q db.Querier) error {
				for z := range 5 {
					zid := db.NewID()
					if err := org.InsertZone(ctx, q, district, zid, fmt.Sprintf("片区%d", z), z); err != nil {
						return err
					}
					var schools []int64
					for i := range 25 {
						id, err := org.InsertSchool(ctx, q, district, org.SchoolInput{Code: fmt.Sprintf("33399%02d%03d", z, i), Name: fmt.Sprintf("学校%d-%d", z, i),
							Type: "primary", Nature: "公办", Urban: "城区", ZoneID: zid})
						if err != nil {
							return err
						}
						schools = append(schools, id)
					}
					for k := range 2 {
						uid := db.NewID()
						if _, err := q.Exec(ctx, `INSERT INTO users (district_code, id, username, display_name, role, zone_id, password_hash, password_changed_at, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, 'x', 0, 0, 0)`, district, uid, fmt.Sprintf("i%d%d", z, k), "督学", access.Inspector, zid); err != nil {
							return err
						}
						start := date("2026-12-07").AddDate(-years, 0, 0)
						for w := 0; w < 52*years; w++ {
							v := Visit{ID: db.NewID(), SchoolID: schools[(w+k*13)%25], ZoneID: zid, InspectorID: uid, InspectorName: "督学",
								Date: start.AddDate(0, 0, 7*w+k).Format("2006-01-02"), Items: []string{"课后服务"}}
							if _, err := insertVisit(ctx, q, district, v, nil); err != nil {
								return err
							}
							visits++
						}
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			a := Actor{P: access.NewPrincipal(1, "s", "s", access.Leader, district, 0, 0, 0, nil)}
			b.ResetTimer()
			for b.Loop() {
				rep, err := s.Coverage(ctx, a, "2026-01-01", "2026-12-06", 0)
				if err != nil || rep.Schools != 125 {
					b.Fatal(err, rep.Schools)
				}
			}
			b.ReportMetric(float64(visits), "visits")
		})
	}
}
