package fitness

import (
	"context"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

func TestComputeStats(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		good := grade1Boy(120) // 94.5 优秀, BMI 16.0 正常
		heavy := grade1Boy(120)
		heavy.WeightKG = Val(30) // BMI 20.8: 肥胖 for a first-grade boy
		slow := grade1Boy(120)
		slow.Set(Run50m, 14) // 50 m fails
		girl := Input{Grade: 1, Sex: Female, Exempt: true, ExemptReason: "骨折"}
		a1, a2 := w.student(t, w.schoolA, 1, "男"), w.student(t, w.schoolA, 1, "男")
		b1, b2 := w.student(t, w.schoolB, 1, "男"), w.student(t, w.schoolB, 1, "女")
		w.save(t, Entry{StudentID: a1, SchoolYear: 2025, Input: good}, Entry{StudentID: a2, SchoolYear: 2025, Input: heavy},
			Entry{StudentID: b1, SchoolYear: 2025, Input: slow}, Entry{StudentID: b2, SchoolYear: 2025, Input: girl},
			Entry{StudentID: a1, SchoolYear: 2024, Input: slow})
		if err := SetTargets(ctx, d.Write(), testDistrict, 2025, []Target{{Metric: "pass_rate", Value: 95}, {Metric: "fail_rate", Value: 5}}); err != nil {
			t.Fatal(err)
		}
		st, err := ComputeStats(ctx, d.Read(), testDistrict, 2025, Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if st.Total.Records != 4 || st.Total.Exempt != 1 || st.Total.Tested != 3 || st.Total.BMIMeasured != 3 || st.Total.Obese != 1 ||
			st.Total.ObeseRate != 33.33 || st.Total.Overweight != 0 {
			t.Errorf("total: %+v", st.Total)
		}
		var run50 ItemRate
		for _, it := range st.Total.Items {
			if it.Item == "run_50m" {
				run50 = it
			}
			if it.Item == "bmi" {
				t.Error("BMI is reported by 超重率/肥胖率, not as an item pass rate")
			}
		}
		if run50.Tested != 3 || run50.Passed != 2 || run50.PassRate != 66.67 {
			t.Errorf("50 m: %+v", run50)
		}
		if len(st.ByGradeSex) != 2 || st.ByGradeSex[0].Key != "1-男" || st.ByGradeSex[0].Tested != 3 || st.ByGradeSex[1].Key != "1-女" ||
			st.ByGradeSex[1].Exempt != 1 || st.ByGradeSex[1].Expected != 0 {
			t.Errorf("by grade and sex: %+v", st.ByGradeSex)
		}
		if len(st.BySchool) != 2 || st.BySchool[0].Name != "甲小学" || st.BySchool[0].Rank != 1 || st.BySchool[1].Rank != 2 {
			t.Errorf("ranking: %+v", st.BySchool)
		}
		if len(st.ByZone) != 2 || len(st.ByClass) != 0 {
			t.Errorf("zones %d classes %d", len(st.ByZone), len(st.ByClass))
		}
		if len(st.Trend) != 2 || st.Trend[0].SchoolYear != 2024 || st.Trend[0].Tested != 1 || st.Trend[1].Tested != 3 {
			t.Errorf("trend: %+v", st.Trend)
		}
		// Targets are tracked against the district figures: 合格率 (≥) and 不及格率 (≤).
		if len(st.Targets) != 2 || st.Targets[0].Metric != "pass_rate" || st.Targets[0].Actual != st.Total.PassRate ||
			st.Targets[0].Met != (st.Total.PassRate >= 95) || st.Targets[1].Op != "≤" {
			t.Errorf("targets: %+v", st.Targets)
		}
		one, err := ComputeStats(ctx, d.Read(), testDistrict, 2025, Scope{SchoolID: w.schoolB})
		if err != nil {
			t.Fatal(err)
		}
		if one.Total.Records != 2 || len(one.BySchool) != 1 || len(one.ByClass) != 1 || one.ByClass[0].Name != "未分班" {
			t.Errorf("school B: %+v", one)
		}
	})
}
