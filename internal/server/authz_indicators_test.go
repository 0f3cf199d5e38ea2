package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/indicators"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// indicatorsFixture: a pupil in each fixture school (so that each has a primary part), a plan and
// an indicator set in the home district and in the other one.
type indicatorsFixture struct {
	plans map[string]int64
	sets  map[string]string
}

func (f *fixture) indicators() *indicatorsFixture {
	if m, ok := f.mods["indicators"].(*indicatorsFixture); ok {
		return m
	}
	ctx := context.Background()
	m := &indicatorsFixture{plans: map[string]int64{}, sets: map[string]string{}}
	for _, k := range []string{"A", "B", "X"} {
		district := home
		if k == "X" {
			district = other
		}
		f.insertStudent(ctx, district, f.schools[k])
	}
	for _, k := range []string{"own", "X"} {
		district := home
		if k == "X" {
			district = other
		}
		m.plans[k] = f.indicatorPlan(district)
		m.sets[k] = f.indicatorSet(district)
	}
	f.mods["indicators"] = m
	return m
}

var indicatorSeq int

func (f *fixture) indicatorPlan(district string) int64 {
	p, err := indicators.SavePlan(context.Background(), f.s.DB.Write(), district, indicators.Plan{Year: 2026, Name: "测试方案",
		Changes: []indicators.Change{{Kind: indicators.ChangeAdd, To: indicators.SchoolRef{ID: "1"}, Aggregate: "sports_area_m2", Amount: 10}}})
	if err != nil {
		f.t.Fatal(err)
	}
	return p.ID
}

func (f *fixture) indicatorSet(district string) string {
	indicatorSeq++
	id := fmt.Sprintf("fixture_set_%d", indicatorSeq)
	_, err := indicators.SaveSet(context.Background(), f.s.DB.Write(), district, "fixture", indicators.SetInput{ID: id, Base: "balance_resources",
		Source: indicators.SourceProvince, Name: "加码", Policy: "省文件", Version: "2024"}, true)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func init() {
	objectKinds["indicator_school_a"] = func(f *fixture, role string) []object {
		f.indicators()
		return []object{{name: "A", vars: map[string]string{"{ischool}": fmt.Sprint(f.schools["A"])}}}
	}
	objectKinds["indicator_plan"] = func(f *fixture, role string) []object {
		m := f.indicators()
		return []object{{name: "own", id: m.plans["own"]}, {name: "X", id: m.plans["X"]}}
	}
	objectKinds["indicator_fresh_plan"] = func(f *fixture, role string) []object {
		f.indicators()
		return []object{{name: "own", id: f.indicatorPlan(home)}, {name: "X", id: f.indicatorPlan(other)}}
	}
	objectKinds["indicator_set"] = func(f *fixture, role string) []object {
		m := f.indicators()
		return []object{{name: "own", vars: map[string]string{"{set}": m.sets["own"]}}, {name: "X", vars: map[string]string{"{set}": m.sets["X"]}}}
	}
	objectKinds["indicator_fresh_set"] = func(f *fixture, role string) []object {
		f.indicators()
		return []object{{name: "own", vars: map[string]string{"{set}": f.indicatorSet(home)}}, {name: "X", vars: map[string]string{"{set}": f.indicatorSet(other)}}}
	}
	objectKinds["indicator_school"] = func(f *fixture, role string) []object {
		f.indicators()
		// The platform rows edit schools without a zone: put A and B back in theirs.
		for s, z := range map[string]string{"A": "Z1", "B": "Z2"} {
			if _, err := f.s.DB.Write().Exec(context.Background(), `UPDATE schools SET zone_id = ? WHERE district_code = ? AND id = ?`,
				f.zones[z], home, f.schools[s]); err != nil {
				f.t.Fatal(err)
			}
		}
		return []object{{name: "A", id: f.schools["A"]}, {name: "B", id: f.schools["B"]}, {name: "X", id: f.schools["X"]}}
	}
	objectKinds["indicator_manual"] = func(f *fixture, role string) []object {
		f.indicators()
		return []object{{name: "-", vars: map[string]string{"{item}": "teacher_pay"}}}
	}

	// Readers: 局领导, 科室人员 with indicators.read, 学校管理员 (own school), 责任督学 (own zone).
	readers := map[string]string{"leader": "200", "staff": "200", "school_admin": "200", "inspector": "200"}
	// District work: 局领导 and 科室人员 read; only 科室人员 with supervision.write write.
	district := map[string]string{"leader": "200", "staff": "200"}
	writer := func(status string) map[string]string { return map[string]string{"staff": status} }
	setBody := `{"id":"{set}","base":"balance_resources","source":"province","name":"浙江加码","policy":"浙江省实施办法","version":"2024",
"active":false,"indicators":[{"id":"sports_area_per_student","name":"生均体育运动场馆面积","level":"primary","numerator":"sports_area_m2",
"denominator":"students","factor":1,"comparator":">=","threshold":8,"unit":"m²/生","policy":"浙江省加码","version":"2024","scope":"school","cv_limit":0.5}]}`
	moduleMatrix = append(moduleMatrix,
		matrixRow{"GET", "/api/v1/indicators/scorecard", "", "", only("403", readers)},
		matrixRow{"GET", "/api/v1/indicators/trend", "", "", only("403", readers)},
		matrixRow{"GET", "/api/v1/indicators/export", "", "", only("403", readers)},
		matrixRow{"GET", "/api/v1/indicators/records", "", "", only("403", map[string]string{"leader": "400", "staff": "400", "school_admin": "400",
			"inspector": "400"})},
		matrixRow{"GET", "/api/v1/indicators/records?year=2026&school={id}&level=primary&aggregate=students", "indicator_school", "",
			only("403 403 403", map[string]string{"leader": "200 200 404", "staff": "200 200 404", "school_admin": "200 404 404",
				"inspector": "200 404 404"})},
		matrixRow{"POST", "/api/v1/indicators/whatif", "indicator_school_a",
			`{"year":2026,"changes":[{"kind":"add","to":{"id":"{ischool}"},"aggregate":"sports_area_m2","amount":100}]}`, only("403", district)},
		matrixRow{"GET", "/api/v1/indicators/plans", "", "", only("403", district)},
		matrixRow{"POST", "/api/v1/indicators/plans", "indicator_school_a",
			`{"name":"方案{uniq}","year":2026,"changes":[{"kind":"add","to":{"id":"{ischool}"},"aggregate":"sports_area_m2","amount":100}]}`,
			only("403", writer("201"))},
		matrixRow{"GET", "/api/v1/indicators/plans/{id}", "indicator_plan", "", only("403 403", map[string]string{"leader": "200 404", "staff": "200 404"})},
		matrixRow{"DELETE", "/api/v1/indicators/plans/{id}", "indicator_fresh_plan", "", only("403 403", writer("204 404"))},
		matrixRow{"GET", "/api/v1/indicators/sets", "", "", only("403", readers)},
		matrixRow{"POST", "/api/v1/indicators/sets", "indicator_school_a", strings.ReplaceAll(setBody, "{set}", "new_set_{uniq}"), only("403", writer("201"))},
		matrixRow{"PUT", "/api/v1/indicators/sets/{set}", "indicator_set", setBody, only("403 403", writer("200 404"))},
		matrixRow{"DELETE", "/api/v1/indicators/sets/{set}", "indicator_fresh_set", "", only("403 403", writer("204 404"))},
		matrixRow{"GET", "/api/v1/indicators/population", "", "", only("403", district)},
		matrixRow{"PUT", "/api/v1/indicators/population/{year}", "", `{"children_3_5":3000,"source":"区统计局"}`, only("403", writer("200"))},
		matrixRow{"PUT", "/api/v1/indicators/manual/{year}/{item}", "indicator_manual", `{"met":true,"evidence":"区财政局工资核定表"}`,
			only("403", writer("200"))},
		matrixRow{"GET", "/api/v1/indicators/staffing-config", "", "", only("403", readers)},
		matrixRow{"PUT", "/api/v1/indicators/staffing-config", "", `{"ratios":{"primary":19,"junior":13.5,"senior":12.5},"rounding":"half_up"}`,
			only("403", writer("200"))},
	)
}

// TestIndicatorsScope: a school administrator's scorecard holds their own school only and no
// district figure; an inspector's holds the schools of their zone with the district figures.
func TestIndicatorsScope(t *testing.T) {
	dbtest.EachDSN(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		f.indicators()
		if _, err := f.s.DB.Write().Exec(context.Background(), `INSERT INTO facilities (district_code, school_id, year, teaching_area,
sports_area, equipment_value, multimedia_rooms, updated_at) VALUES (?, ?, 2026, 10, 10, 1000, 1, ?)`, home, f.schools["A"], db.Now()); err != nil {
			t.Fatal(err)
		}
		schools := func(role string) (indicators.Scorecard, []string) {
			status, body := f.as(role).do("GET", "/api/v1/indicators/scorecard?year=2026", nil)
			if status != 200 {
				t.Fatalf("%s: %d %s", role, status, body)
			}
			var sc indicators.Scorecard
			if err := json.Unmarshal(body, &sc); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range sc.Balance.Schools {
				ids = append(ids, s.SchoolID)
			}
			return sc, ids
		}
		a, b := fmt.Sprint(f.schools["A"]), fmt.Sprint(f.schools["B"])

		sc, ids := schools("leader")
		if strings.Join(ids, ",") != a+","+b && strings.Join(ids, ",") != b+","+a || sc.DistrictHidden || sc.Figures == nil {
			t.Errorf("leader: schools %v, hidden %v", ids, sc.DistrictHidden)
		}
		sc, ids = schools("inspector")
		if strings.Join(ids, ",") != a || sc.DistrictHidden || sc.Figures == nil || sc.Balance.Indicators[0].CVDefined != true {
			t.Errorf("inspector: schools %v, hidden %v", ids, sc.DistrictHidden)
		}
		sc, ids = schools("school_admin")
		if strings.Join(ids, ",") != a || !sc.DistrictHidden || sc.Figures != nil || sc.PreschoolFacts != nil {
			t.Errorf("school admin: schools %v, hidden %v", ids, sc.DistrictHidden)
		}
		for _, ir := range sc.Balance.Indicators {
			if ir.CVDefined || ir.DistrictDefined || ir.CV != 0 || len(ir.Schools) != 1 {
				t.Errorf("school admin sees district figures of %s: %+v", ir.Indicator.ID, ir)
			}
		}
		_, body := f.as("school_admin").do("GET", "/api/v1/indicators/scorecard?year=2026", nil)
		if strings.Contains(string(body), b) {
			t.Errorf("school admin's scorecard names school B")
		}
		_, body = f.as("school_admin").do("GET", "/api/v1/indicators/trend", nil)
		if strings.Contains(string(body), `"balance"`) || strings.Contains(string(body), b) {
			t.Errorf("school admin's trend holds district figures: %s", body)
		}
	})
}
