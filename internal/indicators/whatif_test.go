package indicators

import (
	"reflect"
	"strings"
	"testing"
)

func whatIfDistrict() DistrictFacts {
	rich := with(exactPrimary("A"), "pe_art_teachers", 14)                        // 1.4 per 100: can spare 5
	poor := with(exactPrimary("B"), "pe_art_teachers", 5, "multimedia_rooms", 20) // 87% of 2.3: the one allowed miss
	nine, _ := SplitByLevel(SchoolFacts{ID: "N", Name: "九年一贯制", Type: "nine_year", Students: 1500,
		Aggregates: map[string]float64{"sports_area_m2": 15000}},
		LevelPart{Level: LevelPrimary, Students: 1000}, LevelPart{Level: LevelJunior, Students: 500})
	return DistrictFacts{Schools: append([]SchoolFacts{rich, poor}, nine...)}
}

func TestWhatIf_MoveTeachersFlipsSchool(t *testing.T) {
	d := whatIfDistrict()
	before := EvaluateDistrict(BalanceSet(), d)
	if b := before.School("B", LevelPrimary); b.Pass || b.MetCount != 5 {
		t.Fatalf("B before: %+v", b)
	}
	gap := before.Indicator("pe_art_per100", LevelPrimary).Schools[1].Gap
	if gap == nil || gap.Text != "体艺专任教师缺 4 人" {
		t.Fatalf("gap %+v", gap)
	}
	snapshot := whatIfDistrict()

	sc, err := WhatIf(BalanceSet(), d, []Change{
		{Kind: ChangeMove, From: SchoolRef{ID: "A"}, To: SchoolRef{ID: "B"}, Aggregate: "pe_art_teachers", Amount: gap.Amount},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d, snapshot) {
		t.Fatal("WhatIf modified the facts it was given")
	}
	if b := sc.After.School("B", LevelPrimary); !b.Pass || b.MetCount != 6 {
		t.Fatalf("B after: %+v", b)
	}
	if a := sc.After.School("A", LevelPrimary); !a.Pass || a.MetCount != 7 {
		t.Fatalf("A after: %+v", a)
	}
	if !hasFlip(sc.Flips, "school", "B", true) {
		t.Fatalf("flips %+v", sc.Flips)
	}
	// The CV of the indicator is recomputed too.
	if sc.Before.Indicator("pe_art_per100", LevelPrimary).CV <= sc.After.Indicator("pe_art_per100", LevelPrimary).CV {
		t.Error("moving teachers to the poorer school should lower the CV")
	}
}

func hasFlip(flips []Flip, kind, school string, after bool) bool {
	for _, f := range flips {
		if f.Kind == kind && f.SchoolID == school && f.After == after {
			return true
		}
	}
	return false
}

func TestWhatIf_AddAndNewSchool(t *testing.T) {
	d := whatIfDistrict()
	sc, err := WhatIf(BalanceSet(), d, []Change{
		{Kind: ChangeAdd, To: SchoolRef{ID: "B"}, Aggregate: "multimedia_rooms", Amount: 4},
		{Kind: ChangeAdd, To: SchoolRef{ID: "B"}, Aggregate: "pe_art_teachers", Amount: 4},
		{Kind: ChangeAdd, To: SchoolRef{ID: "N", Level: LevelJunior}, Aggregate: "sports_area_m2", Amount: 100.5},
		{Kind: ChangeNewSchool, School: &SchoolFacts{ID: "C", Name: "新建第三小学", Type: "primary", Level: LevelPrimary, Students: 0,
			Aggregates: exactPrimary("C").Aggregates}},
		{Kind: ChangeMove, From: SchoolRef{ID: "A"}, To: SchoolRef{ID: "C"}, Aggregate: Students, Amount: 1000},
	})
	if err != nil {
		t.Fatal(err)
	}
	after := sc.After
	if len(after.Schools) != 5 || !after.School("B", LevelPrimary).Pass || !after.School("C", LevelPrimary).Pass {
		t.Fatalf("after %+v", after.Schools)
	}
	if got := after.Indicator("sports_area_per_student", LevelJunior).Schools[0].Value; !near(got, 10.201) {
		t.Errorf("junior part sports area per student %v", got)
	}
	// A lost all its students: its values are undefined and it fails.
	if a := after.School("A", LevelPrimary); a.Pass || !strings.Contains(a.Reason, "项指标未达标") {
		t.Errorf("A without students: %+v", a)
	}
	if d.Schools[1].Aggregates["multimedia_rooms"] != 20 || len(d.Schools) != 4 {
		t.Error("facts modified")
	}
}

func TestApply_Errors(t *testing.T) {
	d := whatIfDistrict()
	cases := []struct {
		name   string
		change Change
		want   string
	}{
		{"unknown school", Change{Kind: ChangeAdd, To: SchoolRef{ID: "Z"}, Aggregate: "sports_area_m2", Amount: 1}, "学校 \"Z\" 不存在"},
		{"ambiguous part", Change{Kind: ChangeAdd, To: SchoolRef{ID: "N"}, Aggregate: "sports_area_m2", Amount: 1}, "请指明学段"},
		{"missing part", Change{Kind: ChangeAdd, To: SchoolRef{ID: "A", Level: LevelJunior}, Aggregate: "sports_area_m2", Amount: 1}, "没有初中学段"},
		{"not enough to move", Change{Kind: ChangeMove, From: SchoolRef{ID: "B"}, To: SchoolRef{ID: "A"}, Aggregate: "pe_art_teachers", Amount: 6}, "只有体艺专任教师 5 人"},
		{"half a teacher", Change{Kind: ChangeMove, From: SchoolRef{ID: "A"}, To: SchoolRef{ID: "B"}, Aggregate: "pe_art_teachers", Amount: 1.5}, "须为整数"},
		{"negative move", Change{Kind: ChangeMove, From: SchoolRef{ID: "A"}, To: SchoolRef{ID: "B"}, Aggregate: "pe_art_teachers", Amount: -1}, "须为正数"},
		{"same school", Change{Kind: ChangeMove, From: SchoolRef{ID: "A"}, To: SchoolRef{ID: "A"}, Aggregate: "pe_art_teachers", Amount: 1}, "同一所学校"},
		{"remove too much", Change{Kind: ChangeAdd, To: SchoolRef{ID: "B"}, Aggregate: "multimedia_rooms", Amount: -21}, "不能减少 21 间"},
		{"unknown aggregate", Change{Kind: ChangeAdd, To: SchoolRef{ID: "B"}, Aggregate: "swimming_pools", Amount: 1}, "不能调整"},
		{"district aggregate", Change{Kind: ChangeAdd, To: SchoolRef{ID: "B"}, Aggregate: "resident_children_3_5", Amount: 1}, "不能调整"},
		{"duplicate new school", Change{Kind: ChangeNewSchool, School: &SchoolFacts{ID: "A", Name: "甲", Level: LevelPrimary}}, "已存在"},
		{"new school without data", Change{Kind: ChangeNewSchool}, "缺少新学校"},
		{"unknown kind", Change{Kind: "demolish"}, "未知的调整类型"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Apply(d, []Change{{Kind: ChangeAdd, To: SchoolRef{ID: "A"}, Aggregate: "sports_area_m2", Amount: 1}, c.change})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "第 2 项调整") {
				t.Fatalf("%v, want %q", err, c.want)
			}
		})
	}
	if !reflect.DeepEqual(d, whatIfDistrict()) {
		t.Error("a failed Apply modified the facts")
	}
}
