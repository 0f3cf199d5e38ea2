package indicators

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

func testService(d *db.DB) *Service {
	s := NewService(d, audit.New(d, make([]byte, 32)))
	s.Now = func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }
	return s
}

func TestServiceRecordsWhatIfExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := seedRegistry(t, d)
		s := testService(d)
		ctx := context.Background()
		section := Actor{P: access.NewPrincipal(1, "dd", "督导室", access.Staff, testDistrict, 0, 0, 0,
			[]string{access.IndicatorsRead, access.SupervisionWrite})}

		// The records behind a figure add up to it; names are masked without registry.read.
		rec, err := s.Records(ctx, section, 0, r.P, LevelPrimary, "full_time_teachers")
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Staff) != 5 || rec.Value != 5 || !rec.Masked {
			t.Fatalf("P teachers: %d records, value %v, masked %v", len(rec.Staff), rec.Value, rec.Masked)
		}
		for _, m := range rec.Staff {
			if []rune(m.Name)[1] != '*' {
				t.Errorf("name %q is not masked", m.Name)
			}
		}
		for _, c := range []struct {
			school int64
			level  Level
			agg    string
		}{{r.N, LevelPrimary, "backbone_teachers"}, {r.N, LevelJunior, "teachers_above_degree"}, {r.P, LevelPrimary, "pe_art_teachers"},
			{r.K, LevelKindergarten, "certified_principals_and_teachers"}} {
			rec, err := s.Records(ctx, section, 2026, c.school, c.level, c.agg)
			if err != nil {
				t.Fatal(err)
			}
			sum := 0.0
			for _, m := range rec.Staff {
				sum += m.Weight
			}
			if !approx(sum, rec.Value) || rec.Value == 0 {
				t.Errorf("%s %s: records weigh %v, figure %v", rec.SchoolName, c.agg, sum, rec.Value)
			}
		}
		cls, err := s.Records(ctx, section, 2026, r.P, LevelPrimary, "compliant_classes")
		if err != nil || len(cls.Classes) != 1 || cls.Classes[0].Students != 44 {
			t.Errorf("compliant classes = %+v, %v", cls, err)
		}
		if _, err := s.Records(ctx, section, 2026, r.X, LevelPrimary, "students"); errs.Code(err) != errs.NotFound {
			t.Errorf("another district's school: %v", err)
		}

		// What-if: one more 网络多媒体教室 makes P meet every indicator.
		sc, err := s.WhatIf(ctx, section, WhatIfRequest{Year: 2026, Changes: []Change{{Kind: ChangeAdd,
			To: SchoolRef{ID: SchoolIDString(r.P)}, Aggregate: "multimedia_rooms", Amount: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if b, a := sc.Before.School(SchoolIDString(r.P), LevelPrimary), sc.After.School(SchoolIDString(r.P), LevelPrimary); len(b.Unmet) != 1 || len(a.Unmet) != 0 {
			t.Errorf("P unmet before %v, after %v", b.Unmet, a.Unmet)
		}
		plan, err := s.SavePlan(ctx, section, SavePlanRequest{Name: "补足多媒体教室", WhatIfRequest: WhatIfRequest{Year: 2026,
			Changes: []Change{{Kind: ChangeAdd, To: SchoolRef{ID: SchoolIDString(r.P)}, Aggregate: "multimedia_rooms", Amount: 1}}}})
		if err != nil {
			t.Fatal(err)
		}
		opened, err := s.Plan(ctx, section, plan.ID)
		if err != nil || opened["scenario"] == nil {
			t.Errorf("opened plan = %v, %v", opened, err)
		}
		if _, err := s.SavePlan(ctx, section, SavePlanRequest{Name: "错误方案", WhatIfRequest: WhatIfRequest{Year: 2026,
			Changes: []Change{{Kind: ChangeMove, From: SchoolRef{ID: SchoolIDString(r.P)}, To: SchoolRef{ID: SchoolIDString(r.N), Level: LevelPrimary},
				Aggregate: "pe_art_teachers", Amount: 5}}}}); errs.Code(err) != errs.Invalid {
			t.Errorf("moving more teachers than the school has: %v", err)
		}

		// A school administrator cannot plan; the leader cannot save.
		admin := Actor{P: access.NewPrincipal(2, "sa", "校管理员", access.SchoolAdmin, testDistrict, r.P, 0, 0, nil)}
		if _, err := s.WhatIf(ctx, admin, WhatIfRequest{Year: 2026}); errs.Code(err) != errs.Forbidden {
			t.Errorf("school admin what-if: %v", err)
		}
		leader := Actor{P: access.NewPrincipal(3, "ld", "局长", access.Leader, testDistrict, 0, 0, 0, nil)}
		if _, err := s.SavePlan(ctx, leader, SavePlanRequest{Name: "x"}); errs.Code(err) != errs.Forbidden {
			t.Errorf("leader saves a plan: %v", err)
		}
		own, err := s.Scorecard(ctx, admin, 2026)
		if err != nil || len(own.Balance.Schools) != 1 || !own.DistrictHidden || own.Staffing.Quota != 5 {
			t.Errorf("school admin scorecard: %+v, %v", own, err)
		}

		var buf bytes.Buffer
		name, err := s.Export(ctx, leader, 2026, &buf)
		if err != nil || name != "督导评估指标_2026.xlsx" || !bytes.HasPrefix(buf.Bytes(), []byte("PK")) {
			t.Errorf("export %q, %d bytes, %v", name, buf.Len(), err)
		}
		trend, err := s.Trend(ctx, leader)
		if err != nil || len(trend) != 2 || trend[0].Year != 2025 || trend[1].Balance == nil {
			t.Errorf("trend = %+v, %v", trend, err)
		}
	})
}
