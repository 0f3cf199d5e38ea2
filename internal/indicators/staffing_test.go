package indicators

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestStaffing(t *testing.T) {
	schools := []StaffFacts{
		{SchoolID: "P1", SchoolName: "第一小学", Students: map[Level]int{LevelPrimary: 1900}, Staff: 110},                 // quota 100: 超编 10
		{SchoolID: "J1", SchoolName: "第一中学", Students: map[Level]int{LevelJunior: 1350}, Staff: 90},                   // quota 100: 缺编 10
		{SchoolID: "P2", SchoolName: "第二小学", Students: map[Level]int{LevelPrimary: 1000}, Staff: 53},                  // 52.63 → 53: 持平
		{SchoolID: "P3", SchoolName: "第三小学", Students: map[Level]int{LevelPrimary: 1007}, Staff: 53},                  // 53.0 → 53
		{SchoolID: "P4", SchoolName: "第四小学", Students: map[Level]int{LevelPrimary: 1016}, Staff: 53},                  // 53.47 → 53
		{SchoolID: "N1", SchoolName: "九年一贯制", Students: map[Level]int{LevelPrimary: 190, LevelJunior: 27}, Staff: 10}, // 10 + 2 = 12
		{SchoolID: "S1", SchoolName: "完全中学", Students: map[Level]int{LevelJunior: 135, LevelSenior: 125}, Staff: 25},  // 10 + 10 = 20
	}
	rep, err := Staffing(DefaultStaffConfig(), schools)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		quota, diff int
		status      string
	}{{100, 10, StaffOver}, {100, -10, StaffShort}, {53, 0, StaffEven}, {53, 0, StaffEven}, {53, 0, StaffEven}, {12, -2, StaffShort}, {20, 5, StaffOver}}
	for i, w := range want {
		got := rep.Schools[i]
		if got.Quota != w.quota || got.Diff != w.diff || got.Status != w.status {
			t.Errorf("%s: quota %d (%.3f) diff %d %s, want %d %d %s", got.SchoolID, got.Quota, got.QuotaExact, got.Diff, got.Status, w.quota, w.diff, w.status)
		}
	}
	if rep.Quota != 391 || rep.Staff != 394 || rep.Diff != 3 || rep.Over != 15 || rep.Short != 12 || rep.OverSchools != 2 || rep.ShortSchools != 2 {
		t.Errorf("district %+v", rep)
	}

	// Rounding: half up by default, up and down on request.
	half := []StaffFacts{{SchoolID: "H", Students: map[Level]int{LevelPrimary: 19*41 + 10}}} // 41.526
	for rounding, quota := range map[Rounding]int{RoundHalfUp: 42, RoundUp: 42, RoundDown: 41, "": 42} {
		cfg := DefaultStaffConfig()
		cfg.Rounding = rounding
		r, err := Staffing(cfg, half)
		if err != nil || r.Schools[0].Quota != quota {
			t.Errorf("%q: %v %v", rounding, r.Schools, err)
		}
	}
	under := []StaffFacts{{SchoolID: "U", Students: map[Level]int{LevelPrimary: 19*41 + 9}}} // 41.47
	for rounding, quota := range map[Rounding]int{RoundHalfUp: 41, RoundUp: 42, RoundDown: 41} {
		cfg := DefaultStaffConfig()
		cfg.Rounding = rounding
		if r, _ := Staffing(cfg, under); r.Schools[0].Quota != quota {
			t.Errorf("%q: %v", rounding, r.Schools)
		}
	}
	// An exact whole quota is not pushed up by binary noise.
	cfg := DefaultStaffConfig()
	cfg.Rounding = RoundUp
	if r, _ := Staffing(cfg, []StaffFacts{{Students: map[Level]int{LevelJunior: 27 * 7}}}); r.Schools[0].Quota != 14 {
		t.Errorf("27×7 / 13.5: %v", r.Schools)
	}
}

func TestStaffing_Errors(t *testing.T) {
	_, err := Staffing(DefaultStaffConfig(), []StaffFacts{{SchoolID: "K", SchoolName: "中心幼儿园", Students: map[Level]int{LevelKindergarten: 200}}})
	if err == nil || !strings.Contains(err.Error(), "未配置幼儿园的师生比") {
		t.Errorf("kindergarten without ratio: %v", err)
	}
	_, err = Staffing(DefaultStaffConfig(), []StaffFacts{{SchoolName: "甲", Students: map[Level]int{LevelPrimary: -1}, Staff: -2}})
	if err == nil || !strings.Contains(err.Error(), "不能为负数") {
		t.Errorf("negative: %v", err)
	}
	bad := StaffConfig{Ratios: map[Level]float64{LevelPrimary: 0, "college": 10}, Rounding: "banker"}
	if err := bad.Validate(); err == nil {
		t.Error("bad config accepted")
	}
	if _, err := Staffing(StaffConfig{}, nil); err == nil {
		t.Error("no ratios accepted")
	}
}

// The district quota always equals the sum of the school quotas, and diff = over − short.
func TestStaffing_AddsUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var schools []StaffFacts
	for range 500 {
		schools = append(schools, StaffFacts{SchoolID: "x", Students: map[Level]int{
			LevelPrimary: rng.IntN(2500), LevelJunior: rng.IntN(1500)}, Staff: rng.IntN(300)})
	}
	rep, err := Staffing(DefaultStaffConfig(), schools)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, s := range rep.Schools {
		sum += s.Quota
	}
	if sum != rep.Quota || rep.Diff != rep.Over-rep.Short {
		t.Errorf("quota %d vs %d; diff %d, over %d, short %d", rep.Quota, sum, rep.Diff, rep.Over, rep.Short)
	}
}
