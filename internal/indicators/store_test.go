package indicators

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

const testDistrict = "339901"

// registryWriter inserts minimal registry rows for the facts tests.
type registryWriter struct {
	t   testing.TB
	ctx context.Context
	q   db.Querier
	seq int
}

func (w *registryWriter) exec(query string, args ...any) {
	w.t.Helper()
	if _, err := w.q.Exec(w.ctx, query, args...); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

func (w *registryWriter) school(district, code, name, typ, nature string, inclusive bool) int64 {
	id := db.NewID()
	w.exec(`INSERT INTO schools (district_code, id, code, name, type, nature, inclusive, principal, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, district, id, code, name, typ, nature, inclusive, "校长"+code, db.Now(), db.Now())
	return id
}

func (w *registryWriter) class(district string, school int64, year, grade, number int) int64 {
	id := db.NewID()
	w.exec(`INSERT INTO classes (district_code, id, school_id, school_year, grade, number, name, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, district, id, school, year, grade, number, fmt.Sprintf("%d年级%d班", grade, number), db.Now())
	return id
}

func (w *registryWriter) students(district string, school int64, grade int, class int64, n int, status string) {
	for range n {
		w.seq++
		w.exec(`INSERT INTO students (district_code, id, student_no, name, sex, birth_date, school_id, grade, class_id, status, created_at, updated_at)
VALUES (?, ?, ?, ?, '男', '2018-01-01', ?, ?, ?, ?, ?, ?)`, district, db.NewID(), fmt.Sprintf("S%06d", w.seq), "学生", school, grade,
			db.NullID(class), status, db.Now(), db.Now())
	}
}

type teacher struct {
	stage, post, education, subjects, backbone string
	cert, payroll                              bool
	hours                                      int
	status, name                               string
}

func (w *registryWriter) staff(district string, school int64, m teacher) {
	w.seq++
	if m.status == "" {
		m.status = "在职"
	}
	if m.post == "" {
		m.post = "专任教师"
	}
	if m.name == "" {
		m.name = fmt.Sprintf("教师%d", w.seq)
	}
	w.exec(`INSERT INTO staff (district_code, id, staff_no, name, sex, birth_date, education, post, subjects, backbone, on_payroll,
teacher_cert, school_id, joined_school_on, training_hours, status, stage, created_at, updated_at)
VALUES (?, ?, ?, ?, '女', '1985-01-01', ?, ?, ?, ?, ?, ?, ?, '2015-09-01', ?, ?, ?, ?, ?)`, district, db.NewID(), fmt.Sprintf("T%06d", w.seq),
		m.name, m.education, m.post, m.subjects, m.backbone, m.payroll, m.cert, school, m.hours, m.status, m.stage, db.Now(), db.Now())
}

func (w *registryWriter) facility(district string, school int64, year int, teach, sports, equip float64, mm, music, art, books int) {
	w.exec(`INSERT INTO facilities (district_code, school_id, year, teaching_area, sports_area, equipment_value, multimedia_rooms,
music_rooms, art_rooms, books, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, district, school, year, teach, sports, equip, mm,
		music, art, books, db.Now())
}

// testRegistry is a small district: a primary school P, a 九年一贯制 school N, a 民办普惠 kindergarten
// K, a 教学点 T of 10 pupils, and a school of another district.
type testRegistry struct{ P, N, K, T, X int64 }

func seedRegistry(t testing.TB, d *db.DB) testRegistry {
	ctx := context.Background()
	var r testRegistry
	err := d.Tx(ctx, func(q db.Querier) error {
		w := &registryWriter{t: t, ctx: ctx, q: q}
		r.P = w.school(testDistrict, "3399010001", "青溪小学", "primary", "公办", false)
		r.N = w.school(testDistrict, "3399010002", "青溪九年一贯制学校", "nine_year", "公办", false)
		r.K = w.school(testDistrict, "3399010003", "小星星幼儿园", "kindergarten", "民办", true)
		r.T = w.school(testDistrict, "3399010004", "山口教学点", "teaching_point", "公办", false)
		r.X = w.school("110101", "1101010001", "外区小学", "primary", "公办", false)

		// P: a class of 46 (over 45) and one of 44; a pupil without a class; two who left.
		w.students(testDistrict, r.P, 1, w.class(testDistrict, r.P, 2026, 1, 1), 46, "在读")
		w.students(testDistrict, r.P, 2, w.class(testDistrict, r.P, 2026, 2, 1), 44, "在读")
		w.students(testDistrict, r.P, 2, 0, 1, "在读")
		w.students(testDistrict, r.P, 2, 0, 2, "转出")
		w.class(testDistrict, r.P, 2025, 1, 1) // last year's class does not count
		for _, m := range []teacher{
			{stage: "primary", education: "本科", subjects: "体育", cert: true, payroll: true, hours: 360},
			{stage: "primary", education: "专科", subjects: "语文,音乐", cert: true, payroll: true, backbone: "县级"},
			{stage: "primary", education: "高中及以下", subjects: "数学", cert: true, payroll: true, hours: 400},
			{stage: "primary", education: "研究生", subjects: "美术史", cert: true, payroll: false},
			{stage: "primary", education: "专科", subjects: "语文", payroll: false},
			{stage: "primary", post: "行政", education: "本科", subjects: "语文", payroll: true, name: "校长3399010001"},
			{stage: "primary", education: "本科", subjects: "体育", payroll: true, status: "调出"},
		} {
			w.staff(testDistrict, r.P, m)
		}
		w.facility(testDistrict, r.P, 2026, 450, 700, 200000, 2, 1, 0, 3000)
		w.facility(testDistrict, r.P, 2025, 300, 600, 100000, 1, 0, 0, 2000)

		// N: 60 primary pupils and 40 junior; teachers of each part and one without a 学段.
		w.students(testDistrict, r.N, 3, w.class(testDistrict, r.N, 2026, 3, 1), 60, "在读")
		w.students(testDistrict, r.N, 8, w.class(testDistrict, r.N, 2026, 8, 1), 40, "在读")
		for _, m := range []teacher{
			{stage: "primary", education: "专科", subjects: "语文", payroll: true},
			{stage: "primary", education: "专科", subjects: "音乐", payroll: true},
			{stage: "primary", education: "本科", subjects: "数学", payroll: true, backbone: "市级"},
			{stage: "junior", education: "专科", subjects: "数学", payroll: true},
			{stage: "junior", education: "本科", subjects: "体育", payroll: true},
			{stage: "", education: "本科", subjects: "英语", payroll: true, backbone: "省级"},
		} {
			w.staff(testDistrict, r.N, m)
		}
		w.facility(testDistrict, r.N, 2026, 1000, 2000, 500000, 5, 2, 1, 8000)

		// K: 20 children in a 小班 of 20 (the limit is 25) and 8 in a 中班 of 31 whose other 23 left.
		w.students(testDistrict, r.K, -2, w.class(testDistrict, r.K, 2026, -2, 1), 20, "在读")
		w.students(testDistrict, r.K, -1, w.class(testDistrict, r.K, 2026, -1, 1), 31, "在读")
		for _, m := range []teacher{
			{stage: "kindergarten", education: "专科", subjects: "学前教育", cert: true},
			{stage: "kindergarten", education: "专科", subjects: "学前教育"},
			{stage: "kindergarten", education: "专科", subjects: "学前教育", cert: true},
			{stage: "kindergarten", post: "行政", education: "本科", cert: true, name: "校长3399010003"},
			{stage: "kindergarten", post: "教辅", education: "高中及以下"},
		} {
			w.staff(testDistrict, r.K, m)
		}

		w.students(testDistrict, r.T, 1, 0, 10, "在读")
		w.students("110101", r.X, 1, 0, 5, "在读")
		w.staff("110101", r.X, teacher{stage: "primary", education: "本科", subjects: "体育", payroll: true})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func part(t *testing.T, f *RegistryFacts, school int64, level Level) SchoolFacts {
	t.Helper()
	for _, p := range f.Parts {
		if p.ID == SchoolIDString(school) && p.Level == level {
			return p
		}
	}
	t.Fatalf("no %s part of school %d", level, school)
	return SchoolFacts{}
}

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestLoadFacts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := seedRegistry(t, d)
		ctx := context.Background()
		f, err := LoadFacts(ctx, d.Read(), testDistrict, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Schools) != 4 {
			t.Fatalf("schools = %d, want 4 (the other district's is left out)", len(f.Schools))
		}
		p := part(t, f, r.P, LevelPrimary)
		want := map[string]float64{
			"full_time_teachers": 5, "teachers_above_degree": 4, "backbone_teachers": 1, "pe_art_teachers": 2,
			"certified_teachers": 4, "trained_teachers": 2, "classes": 2, "compliant_classes": 1,
			"teaching_area_m2": 450, "sports_area_m2": 700, "equipment_value_yuan": 200000, "multimedia_rooms": 2,
			"music_rooms": 1, "art_rooms": 0, "books": 3000,
		}
		if p.Students != 91 {
			t.Errorf("P students = %d, want 91 (在读 only)", p.Students)
		}
		for k, v := range want {
			if !approx(p.Aggregates[k], v) {
				t.Errorf("P %s = %v, want %v", k, p.Aggregates[k], v)
			}
		}
		if f.Payroll[r.P] != 4 {
			t.Errorf("P payroll = %d, want 4 (serving 在编 staff, the principal included)", f.Payroll[r.P])
		}

		np := part(t, f, r.N, LevelPrimary)
		nj := part(t, f, r.N, LevelJunior)
		if np.Students != 60 || nj.Students != 40 || np.Name != "青溪九年一贯制学校（小学部）" {
			t.Errorf("N parts: %d %q / %d", np.Students, np.Name, nj.Students)
		}
		for _, c := range []struct {
			p    SchoolFacts
			name string
			want float64
		}{
			{np, "full_time_teachers", 3 + 0.6}, {nj, "full_time_teachers", 2 + 0.4},
			// primary: 专科 and above (3 + 0.6 of the shared 本科); junior: 本科 and above (1 + 0.4).
			{np, "teachers_above_degree", 3.6}, {nj, "teachers_above_degree", 1.4},
			{np, "backbone_teachers", 1.6}, {nj, "backbone_teachers", 0.4},
			{np, "pe_art_teachers", 1}, {nj, "pe_art_teachers", 1},
			{np, "teaching_area_m2", 600}, {nj, "teaching_area_m2", 400},
			{np, "sports_area_m2", 1200}, {nj, "multimedia_rooms", 2},
		} {
			if !approx(c.p.Aggregates[c.name], c.want) {
				t.Errorf("%s %s = %v, want %v", c.p.Name, c.name, c.p.Aggregates[c.name], c.want)
			}
		}

		k := part(t, f, r.K, LevelKindergarten)
		for name, v := range map[string]float64{"full_time_teachers": 3, "classes": 2, "compliant_classes": 1,
			"principals_and_teachers": 4, "certified_principals_and_teachers": 3, "inclusive_children": 51, "public_children": 0} {
			if !approx(k.Aggregates[name], v) {
				t.Errorf("K %s = %v, want %v", name, k.Aggregates[name], v)
			}
		}

		// Last year: the facilities of 2025, no classes.
		f25, err := LoadFacts(ctx, d.Read(), testDistrict, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if p25 := part(t, f25, r.P, LevelPrimary); p25.Aggregates["teaching_area_m2"] != 300 || p25.Aggregates["classes"] != 1 {
			t.Errorf("2025: teaching area %v, classes %v", p25.Aggregates["teaching_area_m2"], p25.Aggregates["classes"])
		}

		// The evaluation: the 教学点 of 10 is excluded, 毛入园率 waits for the population.
		ev, err := EvaluateYear(ctx, d.Read(), testDistrict, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(ev.Balance.Excluded) != 1 || ev.Balance.Excluded[0].SchoolID != SchoolIDString(r.T) {
			t.Errorf("excluded = %+v", ev.Balance.Excluded)
		}
		if len(ev.Balance.Schools) != 3 {
			t.Errorf("evaluated parts = %d, want 3", len(ev.Balance.Schools))
		}
		gross := ev.Preschool.Indicator("kg_gross_enrollment", LevelKindergarten)
		if gross == nil || gross.DistrictDefined {
			t.Fatalf("毛入园率 without population: %+v", gross)
		}
		if _, err := SavePopulation(ctx, d.Write(), testDistrict, "督导室", Population{Year: 2026, Children: 60, Source: "统计局"}); err != nil {
			t.Fatal(err)
		}
		pf, err := Preschool(ctx, d.Read(), testDistrict, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if pf.Indicators[0].IndicatorID != "kg_gross_enrollment" || !approx(pf.Indicators[0].Value, 85) || !pf.Indicators[0].Met {
			t.Errorf("毛入园率 = %+v, want 51/60 = 85%%, met", pf.Indicators[0])
		}

		// 编制: P has 91 primary pupils → 91/19 = 4.79 → 5 posts, 4 在编 → 缺编 1; N: 60/19 + 40/13.5 = 6.12 → 6, 6 在编.
		st, err := StaffingTotals(ctx, d.Read(), testDistrict, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if st.Short != 1+1 || st.Over != 0 { // T: 10/19 → 1 post, nobody 在编
			t.Errorf("staffing totals = %+v", st)
		}

		bf, err := Balance(ctx, d.Read(), testDistrict, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(bf.Levels) != 2 || bf.Levels[0].Schools != 2 || bf.Levels[1].Schools != 1 || len(bf.Levels[0].CVs) != 7 {
			t.Errorf("balance figures = %+v", bf)
		}
		all, err := Figures(ctx, d.Read(), testDistrict, 2026)
		if err != nil || all.Staffing != st || len(all.Balance.Levels) != 2 || all.Preschool.Children != 51 {
			t.Errorf("figures = %+v, %v", all, err)
		}
		fails, err := FailingSchools(ctx, d.Read(), testDistrict, 2026, r.P)
		if err != nil {
			t.Fatal(err)
		}
		// P misses only 网络多媒体教室 (2 per 91 pupils = 2.2 < 2.3, 95% of it): it still passes.
		if len(fails) != 1 || !fails[0].Pass || len(fails[0].Gaps) != 1 {
			t.Fatalf("P failing = %+v", fails)
		}
		if g := fails[0].Gaps[0]; g.IndicatorID != "multimedia_rooms_per100" || g.Gap == nil || g.Gap.Text != "网络多媒体教室缺 1 间" {
			t.Errorf("P gap = %+v %+v", g, g.Gap)
		}
	})
}

func TestStoredSetsAndPlans(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := d.Write()
		in := SetInput{ID: "zj_balance", Base: "balance_resources", Source: SourceProvince, Name: "浙江省优质均衡（加码）",
			Policy: "浙江省县域义务教育优质均衡发展督导评估实施办法", Version: "2024", Active: true,
			Indicators: []Indicator{{ID: "sports_area_per_student", Name: "生均体育运动场馆面积", Level: LevelPrimary,
				Numerator: "sports_area_m2", Denominator: Students, Factor: 1, Comparator: AtLeast, Threshold: 8, Unit: "m²/生",
				Policy: "浙江省加码", Version: "2024", Scope: ScopeSchool, CVLimit: 0.5}}}
		if _, err := SaveSet(ctx, q, testDistrict, "督导室", in, true); err != nil {
			t.Fatal(err)
		}
		if _, err := SaveSet(ctx, q, testDistrict, "督导室", in, true); errs.Code(err) != errs.Conflict {
			t.Errorf("duplicate set: %v", err)
		}
		bad := in
		bad.Indicators = []Indicator{{ID: "x", Name: "坏指标", Level: LevelPrimary, Numerator: "nothing"}}
		if _, err := SaveSet(ctx, q, testDistrict, "督导室", bad, false); errs.Code(err) != errs.Invalid {
			t.Errorf("invalid set: %v", err)
		}
		active, err := ActiveSet(ctx, q, testDistrict, "balance_resources")
		if err != nil {
			t.Fatal(err)
		}
		if active.ID != "zj_balance" || active.Set.Indicator("sports_area_per_student", LevelPrimary).Threshold != 8 ||
			len(active.Set.Indicators) != 14 {
			t.Errorf("active set = %s, %d indicators", active.ID, len(active.Set.Indicators))
		}
		if other, _ := ActiveSet(ctx, q, testDistrict, "balance_resources"); other.Source == SourceNational {
			t.Error("the national set is still active")
		}
		in.Active = false
		if _, err := SaveSet(ctx, q, testDistrict, "督导室", in, false); err != nil {
			t.Fatal(err)
		}
		if a, _ := ActiveSet(ctx, q, testDistrict, "balance_resources"); a.Source != SourceNational {
			t.Errorf("after deactivating, active = %s", a.ID)
		}
		if err := DeleteSet(ctx, q, testDistrict, "zj_balance"); err != nil {
			t.Fatal(err)
		}
		if err := DeleteSet(ctx, q, "110101", "zj_balance"); errs.Code(err) != errs.NotFound {
			t.Errorf("delete in another district: %v", err)
		}

		p, err := SavePlan(ctx, q, testDistrict, Plan{Year: 2026, SetID: "balance_resources", Name: "调配体艺教师",
			Changes: []Change{{Kind: ChangeAdd, To: SchoolRef{ID: "1"}, Aggregate: "sports_area_m2", Amount: 1230}}, AuthorID: 7, AuthorName: "督导室"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := GetPlan(ctx, q, testDistrict, p.ID)
		if err != nil || got.Name != "调配体艺教师" || len(got.Changes) != 1 || got.Changes[0].Amount != 1230 {
			t.Fatalf("plan = %+v, %v", got, err)
		}
		if _, err := GetPlan(ctx, q, "110101", p.ID); errs.Code(err) != errs.NotFound {
			t.Errorf("plan of another district: %v", err)
		}
		list, err := ListPlans(ctx, q, testDistrict, 2026)
		if err != nil || len(list) != 1 {
			t.Errorf("plans = %v, %v", list, err)
		}
		if _, err := SavePlan(ctx, q, testDistrict, Plan{Year: 2026, Name: " "}); errs.Code(err) != errs.Invalid {
			t.Errorf("unnamed plan: %v", err)
		}

		e, err := SaveManual(ctx, q, testDistrict, "督导室", ManualEntry{Year: 2026, Item: "teacher_pay", Met: true, Evidence: "区财政局 2026 年工资核定表"})
		if err != nil || e.Name == "" {
			t.Fatalf("manual = %+v, %v", e, err)
		}
		if _, err := SaveManual(ctx, q, testDistrict, "督导室", ManualEntry{Year: 2026, Item: "nothing", Evidence: "x"}); errs.Code(err) != errs.Invalid {
			t.Errorf("unknown item: %v", err)
		}
		items, err := ListManual(ctx, q, testDistrict, 2026)
		if err != nil || len(items) != len(ManualItems) {
			t.Fatalf("manual items = %d, %v", len(items), err)
		}
		for _, it := range items {
			if it.Item == "teacher_pay" && (!it.Met || it.UpdatedBy != "督导室") {
				t.Errorf("teacher_pay = %+v", it)
			}
		}

		cfg := StaffConfig{Ratios: map[Level]float64{LevelPrimary: 18, LevelJunior: 13.5}}
		if _, err := SaveStaffConfig(ctx, q, testDistrict, "督导室", cfg); err != nil {
			t.Fatal(err)
		}
		back, err := LoadStaffConfig(ctx, q, testDistrict)
		if err != nil || back.Ratios[LevelPrimary] != 18 || back.Rounding != RoundHalfUp {
			t.Errorf("staff config = %+v, %v", back, err)
		}
		if def, _ := LoadStaffConfig(ctx, q, "110101"); def.Ratios[LevelPrimary] != 19 {
			t.Errorf("default config = %+v", def)
		}
	})
}
