package fitness

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"regexp"
	"testing"
)

// workedExample is the README's: 一年级男生 BMI 16.0, 肺活量 1350, 50米 10.5, 坐位体前屈 12.5, 跳绳 120.
func workedExample() Input {
	in := Input{Grade: 1, Sex: Male, HeightCM: Val(120), WeightKG: Val(23.04)} // 23.04 / 1.2² = 16.0
	in.Set(VitalCapacity, 1350)
	in.Set(Run50m, 10.5)
	in.Set(SitAndReach, 12.5)
	in.Set(RopeSkip, 120)
	return in
}

func TestScore_ReadmeWorkedExample(t *testing.T) {
	r := Score(workedExample())
	want := map[Item]int{BMI: 100, VitalCapacity: 80, Run50m: 85, SitAndReach: 85, RopeSkip: 100}
	for it := range Item(NumItems) {
		w, required := want[it]
		got := r.Items[it]
		if got.Required != required || got.Tested != required || got.Score != w {
			t.Errorf("%s: %+v, want score %d (required %v)", it, got, w, required)
		}
	}
	if r.BMI.String() != "16.0" || r.BMICategory != "正常" {
		t.Errorf("BMI %s %s", r.BMI, r.BMICategory)
	}
	// bonus ⌊(120 − 109) / 2⌋ = 5: 标准分 89.5, 学年总分 94.5, 优秀
	if r.Items[RopeSkip].Bonus != 5 || r.Bonus != 5 {
		t.Errorf("bonus %d (rope skip %d), want 5", r.Bonus, r.Items[RopeSkip].Bonus)
	}
	if r.Standard.String() != "89.5" || r.Total.String() != "94.5" || r.Rating != RatingExcellent {
		t.Errorf("标准分 %s 学年总分 %s %s, want 89.5 94.5 优秀", r.Standard, r.Total, r.Rating)
	}
	if r.Standard.Float64() != 89.5 || r.Total.Float64() != 94.5 {
		t.Errorf("Float64: %v %v", r.Standard.Float64(), r.Total.Float64())
	}
}

func TestScore_StandardScoreRoundsHalfUpFromHundredths(t *testing.T) {
	// 初一男生 with 肺活量 at its 85-point threshold (3150 ml) and 100 everywhere else, no bonus:
	// 100×15 + 85×15 + 100×20 + 100×10 + 100×10 + 100×10 + 100×20 = 9775 hundredths = 97.75 → 97.8.
	in := fullInput(7, Male, 0)
	in.Set(VitalCapacity, 3150)
	in.Set(Run50m, 7.8)
	in.Set(SitAndReach, 17.6)
	in.Set(StandingLongJump, 225)
	in.Set(PullUp, 13)    // the 100-point threshold: no bonus
	in.Set(Run1000m, 235) // 3'55", the 100-point threshold
	r := Score(in)
	if r.Items[VitalCapacity].Score != 85 {
		t.Fatalf("肺活量 score %d", r.Items[VitalCapacity].Score)
	}
	if r.Standard.String() != "97.8" || r.Bonus != 0 || r.Total.String() != "97.8" || r.Rating != RatingExcellent {
		t.Errorf("标准分 %s bonus %d 学年总分 %s, want 97.8, 0, 97.8", r.Standard, r.Bonus, r.Total)
	}
	// 0.1 s slower at 1000 m scores 95: 9775 − 5×20 = 9675 → 96.75 → 96.8
	in.Set(Run1000m, 235.1)
	if r := Score(in); r.Items[Run1000m].Score != 95 || r.Standard.String() != "96.8" {
		t.Errorf("1000 m %d, 标准分 %s, want 95 and 96.8", r.Items[Run1000m].Score, r.Standard)
	}
	// 4 s faster earns 1 bonus point: 学年总分 97.8 + 1
	in.Set(Run1000m, 231)
	if r := Score(in); r.Bonus != 1 || r.Total.String() != "98.8" {
		t.Errorf("bonus %d 学年总分 %s, want 1 and 98.8", r.Bonus, r.Total)
	}
}

func TestScore_RatingBands(t *testing.T) {
	s := std()
	for _, c := range []struct {
		total Tenths
		want  Rating
	}{
		{1200, RatingExcellent}, {900, RatingExcellent}, {899, RatingGood}, {800, RatingGood},
		{799, RatingPass}, {600, RatingPass}, {599, RatingFail}, {0, RatingFail},
	} {
		if got := s.rating(c.total); got != c.want {
			t.Errorf("rating(%s) = %s, want %s", c.total, got, c.want)
		}
	}
	for _, r := range []Rating{RatingExcellent, RatingGood, RatingPass, RatingFail} {
		if !r.Scored() {
			t.Errorf("%s not scored", r)
		}
	}
	for _, r := range []Rating{RatingIncomplete, RatingExempt, RatingInvalid, ""} {
		if r.Scored() {
			t.Errorf("%q scored", r)
		}
	}
}

func TestScore_MissingItemIsIncomplete(t *testing.T) {
	in := workedExample()
	in.Items[SitAndReach] = Value{}
	r := Score(in)
	if r.Rating != RatingIncomplete || r.Bonus != 0 || r.Standard != 0 || r.Total != 0 {
		t.Errorf("got %s bonus %d standard %s total %s", r.Rating, r.Bonus, r.Standard, r.Total)
	}
	if !r.Items[SitAndReach].Required || r.Items[SitAndReach].Tested {
		t.Errorf("坐位体前屈: %+v", r.Items[SitAndReach])
	}
	if r.Items[RopeSkip].Score != 100 || r.Items[VitalCapacity].Score != 80 || r.BMI.String() != "16.0" {
		t.Errorf("the tested items lost their scores: %+v", r.Items)
	}

	in = workedExample()
	in.HeightCM = Value{}
	if r := Score(in); r.Rating != RatingIncomplete || r.Items[BMI].Tested {
		t.Errorf("no height: %s %+v", r.Rating, r.Items[BMI])
	}
	in = workedExample()
	in.Items[Run50m] = Val(math.NaN())
	if r := Score(in); r.Rating != RatingIncomplete {
		t.Errorf("NaN: %s", r.Rating)
	}
	// a value for an item the grade does not test neither counts nor completes anything
	in = workedExample()
	in.Set(PullUp, 10)
	in.Set(Run1000m, 200)
	if r := Score(in); r.Total.String() != "94.5" || r.Items[PullUp].Required || r.Items[PullUp].Tested {
		t.Errorf("extra items changed the result: %s %+v", r.Total, r.Items[PullUp])
	}
}

func TestScore_ExemptAndInvalid(t *testing.T) {
	in := workedExample()
	in.Exempt, in.ExemptReason = true, "先天性心脏病，医院证明"
	r := Score(in)
	if r.Rating != RatingExempt || r.ExemptReason != in.ExemptReason || r.Total != 0 || r.Bonus != 0 {
		t.Errorf("exempt: %+v", r)
	}
	for _, in := range []Input{{Grade: 0, Sex: Male}, {Grade: 15, Sex: Female}, {Grade: 3}, {Grade: 3, Sex: 3}} {
		if r := Score(in); r.Rating != RatingInvalid {
			t.Errorf("%+v: %s", in, r.Rating)
		}
	}
}

func TestScore_DoesNotAllocate(t *testing.T) {
	in := fullInput(8, Female, 50)
	if n := testing.AllocsPerRun(100, func() { Score(in) }); n != 0 {
		t.Errorf("Score allocates %v times", n)
	}
}

func TestScore_UniversityGrades(t *testing.T) {
	// the university groups (13 大一大二, 14 大三大四) score and earn bonuses like the others
	for _, grade := range []int{13, 14} {
		r := Score(fullInput(grade, Male, 1e6))
		if r.Rating != RatingExcellent || r.Total != 1200 {
			t.Errorf("grade %d: %s %s", grade, r.Rating, r.Total)
		}
		if GradeName(grade) == "未知年级" {
			t.Errorf("grade %d has no name", grade)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := workedExample()
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	set := func(f func(*Input)) Input { in := workedExample(); f(&in); return in }
	cases := []struct {
		in     Input
		field  string
		reason string
	}{
		{set(func(in *Input) { in.Grade = 15 }), "grade", "年级须为 1～14 的整数（1–6 小学，7–9 初中，10–12 高中，13 大一大二，14 大三大四）：15"},
		{set(func(in *Input) { in.Sex = 0 }), "sex", "性别须为男或女"},
		{set(func(in *Input) { in.Exempt = true; in.ExemptReason = " " }), "exempt_reason", "免予执行须填写原因"},
		{set(func(in *Input) { in.HeightCM = Val(1.2) }), "height_cm", "身高超出合理范围（50～250 厘米）：1.2"},
		{set(func(in *Input) { in.WeightKG = Val(math.Inf(1)) }), "weight_kg", "体重不是有效数字：+Inf"},
		{set(func(in *Input) { in.Set(RopeSkip, 12.5) }), "rope_skip_1min", "1分钟跳绳须为整数：12.5"},
		{set(func(in *Input) { in.Set(Run50m, 3) }), "run_50m", "50米跑超出合理范围（5～60 秒）：3"},
		{set(func(in *Input) { in.Set(Run1000m, 3.35) }), "run_1000m", "1000米跑超出合理范围（90～1800 秒）：3.35"},
		{set(func(in *Input) { in.Set(SitAndReach, -60) }), "sit_and_reach", "坐位体前屈超出合理范围（-50～50 厘米）：-60"},
	}
	for _, c := range cases {
		err := c.in.Validate()
		var fe *Error
		if !errors.As(err, &fe) || fe.Field != c.field || fe.Reason != c.reason {
			t.Errorf("Validate: %#v, want %s: %s", err, c.field, c.reason)
		}
	}
	if err := set(func(in *Input) { in.Set(SitAndReach, -3.5) }).Validate(); err != nil {
		t.Errorf("negative sit-and-reach: %v", err)
	}
}

func TestItemLevel(t *testing.T) {
	for score, want := range map[int]Rating{100: RatingExcellent, 90: RatingExcellent, 85: RatingGood, 80: RatingGood,
		78: RatingPass, 60: RatingPass, 50: RatingFail, 10: RatingFail, 0: RatingFail, 83: "", 101: "", -1: ""} {
		if got := ItemLevel(score); got != want {
			t.Errorf("ItemLevel(%d) = %q, want %q", score, got, want)
		}
	}
}

func TestTenths_String(t *testing.T) {
	for v, want := range map[Tenths]string{0: "0.0", 5: "0.5", 895: "89.5", 1000: "100.0", 1200: "120.0", -5: "-0.5", -123: "-12.3"} {
		if got := v.String(); got != want {
			t.Errorf("Tenths(%d) = %s, want %s", int(v), got, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{"12.5": 12.5, " -3 ": -3, ".5": 0.5, "12.": 12, "１２．５": 12.5, "+7": 7,
		"0010": 10, "10.4999999999": 10.5, "10.4994": 10.499, "1350": 1350} {
		got, err := ParseNumber(in)
		if err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "1e3", "NaN", "Inf", "1,350", "1.2.3", "-", ".", "--1", "0x10", "12 5"} {
		if _, err := ParseNumber(in); err == nil {
			t.Errorf("ParseNumber(%q) accepted", in)
		}
	}
	if _, err := ParseNumber("abc"); err == nil || err.Error() != "不是数字：abc" {
		t.Errorf("error: %v", err)
	}
}

func TestGraduationScore(t *testing.T) {
	cases := []struct {
		final  float64
		others []float64
		want   string
	}{
		{94.5, []float64{80.0, 85.3, 90.1}, "89.8"}, // 47.25 + 42.5667
		{90.1, []float64{80.0}, "85.1"},             // 85.05 exactly: half up (floats give 85.0)
		{60.0, []float64{40.0, 41.0}, "50.3"},       // 30 + 20.25 = 50.25
		{72.3, nil, "72.3"},
		{120, []float64{120, 120}, "120.0"},
		{0, []float64{0}, "0.0"},
	}
	for _, c := range cases {
		got, err := GraduationScore(c.final, c.others)
		if err != nil || got.String() != c.want {
			t.Errorf("GraduationScore(%v, %v) = %s, %v; want %s", c.final, c.others, got, err, c.want)
		}
	}
	for _, c := range [][2]float64{{-1, 50}, {121, 50}, {50, math.NaN()}, {math.Inf(1), 50}} {
		if _, err := GraduationScore(c[0], []float64{c[1]}); err == nil {
			t.Errorf("GraduationScore(%v, %v) accepted", c[0], c[1])
		}
	}
	for _, c := range []struct {
		grade int
		score Tenths
		want  bool
	}{{12, 499, true}, {12, 500, false}, {9, 300, false}, {6, 0, false}, {10, 0, true}, {14, 499, true}} {
		if got := BelowGraduationLine(c.grade, c.score); got != c.want {
			t.Errorf("BelowGraduationLine(%d, %s) = %v", c.grade, c.score, got)
		}
	}
}

func TestRetest(t *testing.T) {
	failing := workedExample()
	failing.Set(VitalCapacity, 100)
	failing.Set(Run50m, 20)
	failing.Set(SitAndReach, -20)
	failing.Set(RopeSkip, 0)
	first := Score(failing)
	if first.Rating != RatingFail || !CanRetest(first) {
		t.Fatalf("first: %s %s", first.Rating, first.Total)
	}
	pass := Score(workedExample())
	if got, err := Retest(first, pass); err != nil || got != pass {
		t.Errorf("a passing retest must stand: %v %+v", err, got)
	}
	worse := failing
	worse.HeightCM, worse.WeightKG = Val(100), Val(40) // 肥胖: BMI scores 60 instead of 100
	second := Score(worse)
	if second.Total >= first.Total || second.Rating != RatingFail {
		t.Fatalf("second: %s %s", second.Rating, second.Total)
	}
	if got, err := Retest(first, second); err != nil || got != first || got.Rating != RatingFail {
		t.Errorf("a worse retest must not lower the record: %v %+v", err, got)
	}
	if _, err := Retest(pass, first); err == nil || err.Error() != "只有评定为不及格的学生才能补测，本次评定为优秀" {
		t.Errorf("retest of a pass: %v", err)
	}
	other := workedExample()
	other.Grade = 2
	if _, err := Retest(first, Score(other)); err == nil {
		t.Error("retest of another grade accepted")
	}
	missing := workedExample()
	missing.Items[RopeSkip] = Value{}
	if _, err := Retest(first, Score(missing)); err == nil || err.Error() != "补测成绩为缺测，无法评定" {
		t.Errorf("incomplete retest: %v", err)
	}
}

func TestDataFilesUnchanged(t *testing.T) {
	readme, err := os.ReadFile("data/README.md")
	if err != nil {
		t.Fatal(err)
	}
	sums := regexp.MustCompile("\\| `([a-z_]+\\.(?:csv|json))` \\| `([0-9a-f]{64})` \\|").FindAllStringSubmatch(string(readme), -1)
	if len(sums) != 6 {
		t.Fatalf("data/README.md lists %d checksums, want 6", len(sums))
	}
	for _, m := range sums {
		b, err := os.ReadFile("data/" + m[1])
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != m[2] {
			t.Errorf("data/%s differs from the copy recorded in data/README.md", m[1])
		}
		if emb, err := dataFS.ReadFile("data/" + m[1]); err == nil && string(emb) != string(b) {
			t.Errorf("embedded %s differs", m[1])
		}
	}
}
