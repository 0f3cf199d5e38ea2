package fitness

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"
)

// The tests below read the data files themselves, with their own simple parsing, and take every
// expectation from the rows (the score of the row, the next lower row, the neighbouring band),
// never from the package's lookup structures.

type dataRow map[string]string

func readData(t testing.TB, name string) []dataRow {
	t.Helper()
	f, err := os.Open("data/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []dataRow
	for _, rec := range recs[1:] {
		r := dataRow{}
		for i, h := range recs[0] {
			r[h] = rec[i]
		}
		rows = append(rows, r)
	}
	return rows
}

func (r dataRow) num(t testing.TB, col string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(r[col], 64)
	if err != nil {
		t.Fatalf("%s: %v", col, err)
	}
	return v
}

func (r dataRow) sex() Sex {
	if r["sex"] == "M" {
		return Male
	}
	return Female
}

// lowerIsBetter is read from the standard, not from the data: the four runs are times.
var lowerIsBetter = map[string]bool{"run_50m": true, "run_50x8": true, "run_800m": true, "run_1000m": true}

// step is the smallest difference of each item's unit in the tables: 1 for counts and
// millilitres, 0.1 for centimetres and seconds.
var step = map[string]float64{
	"vital_capacity": 1, "rope_skip_1min": 1, "sit_up_1min": 1, "pull_up": 1,
	"run_50m": 0.1, "sit_and_reach": 0.1, "standing_long_jump": 0.1, "run_50x8": 0.1, "run_800m": 0.1, "run_1000m": 0.1,
}

// worse moves a value one step in the worse direction.
func worse(item string, v float64) float64 {
	if lowerIsBetter[item] {
		return v + step[item]
	}
	return v - step[item]
}

// better moves a value d in the better direction.
func better(item string, v, d float64) float64 {
	if lowerIsBetter[item] {
		return v - d
	}
	return v + d
}

// itemInput is a student of the grade and sex with only one item tested.
func itemInput(t testing.TB, code string, grade int, sex Sex, v float64) (Input, Item) {
	t.Helper()
	it, ok := ItemByCode(code)
	if !ok {
		t.Fatalf("unknown item %s", code)
	}
	in := Input{Grade: grade, Sex: sex}
	in.Set(it, v)
	return in, it
}

type groupKey struct {
	item  string
	grade int
	sex   Sex
}

func groupRows(t testing.TB, rows []dataRow, scoreCol string) (map[groupKey][]dataRow, []groupKey) {
	groups := map[groupKey][]dataRow{}
	for _, r := range rows {
		k := groupKey{r["item"], int(r.num(t, "grade")), r.sex()}
		groups[k] = append(groups[k], r)
	}
	keys := make([]groupKey, 0, len(groups))
	for k, g := range groups {
		slices.SortFunc(g, func(a, b dataRow) int { return cmp.Compare(b.num(t, scoreCol), a.num(t, scoreCol)) })
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b groupKey) int {
		return cmp.Or(cmp.Compare(a.item, b.item), cmp.Compare(a.grade, b.grade), cmp.Compare(a.sex, b.sex))
	})
	return groups, keys
}

func TestSingleItemTables_EveryThresholdAndOneStepWorse(t *testing.T) {
	rows := readData(t, "single_item_scores.csv")
	if len(rows) != 3077 {
		t.Fatalf("single_item_scores.csv has %d rows, the README says 3,077", len(rows))
	}
	groups, keys := groupRows(t, rows, "score")
	cases := 0
	for _, k := range keys {
		t.Run(fmt.Sprintf("%s/%s/%s", k.item, GradeName(k.grade), k.sex), func(t *testing.T) {
			g := groups[k]
			wantBetter := "higher"
			if lowerIsBetter[k.item] {
				wantBetter = "lower"
			}
			it, _ := ItemByCode(k.item)
			if it.HigherIsBetter() != !lowerIsBetter[k.item] {
				t.Errorf("%s.HigherIsBetter() = %v", k.item, it.HigherIsBetter())
			}
			for i, r := range g {
				if r["better"] != wantBetter {
					t.Fatalf("row %v: better = %s, want %s", r, r["better"], wantBetter)
				}
				th, score := r.num(t, "threshold"), int(r.num(t, "score"))
				// the next lower row (skipping blank official cells, which are absent) or 0
				below := 0
				if i+1 < len(g) {
					below = int(g[i+1].num(t, "score"))
				}
				for _, c := range []struct {
					v    float64
					want int
				}{{th, score}, {worse(k.item, th), below}} {
					in, it := itemInput(t, k.item, k.grade, k.sex, c.v)
					res := Score(in)
					got := res.Items[it]
					if !got.Required || !got.Tested || got.Score != c.want {
						t.Errorf("%s %s %s = %v: got %+v, want score %d", GradeName(k.grade), k.sex, k.item, c.v, got, c.want)
					}
					if s, ok := ScoreItem(it, k.grade, k.sex, c.v); !ok || s != c.want {
						t.Errorf("ScoreItem(%s, %d, %s, %v) = %d, %v; want %d", k.item, k.grade, k.sex, c.v, s, ok, c.want)
					}
					if res.Rating != RatingIncomplete {
						t.Errorf("a student with one item has rating %s, want 缺测", res.Rating)
					}
					cases++
				}
			}
			// far better than the 100-point threshold still scores 100
			top := g[0].num(t, "threshold")
			if s, _ := ScoreItem(it, k.grade, k.sex, better(k.item, top, 5)); s != 100 {
				t.Errorf("beyond the 100-point threshold: %d", s)
			}
		})
	}
	t.Logf("%d groups, %d threshold cases", len(keys), cases)
}

func TestSingleItemTables_BlankOfficialCellsAreSkipped(t *testing.T) {
	blank := readData(t, "blank_cells_in_official_table.csv")
	if len(blank) != 43 {
		t.Fatalf("%d blank cells, the README says 43", len(blank))
	}
	present := map[groupKey]map[int]bool{}
	for _, r := range readData(t, "single_item_scores.csv") {
		k := groupKey{r["item"], int(r.num(t, "grade")), r.sex()}
		if present[k] == nil {
			present[k] = map[int]bool{}
		}
		present[k][int(r.num(t, "score"))] = true
	}
	for _, b := range blank {
		k := groupKey{b["item"], int(b.num(t, "grade")), b.sex()}
		score := int(b.num(t, "score"))
		if present[k][score] {
			t.Errorf("blank cell %v has a row in single_item_scores.csv", b)
		}
		it, _ := ItemByCode(k.item)
		for n := 0; n <= 40; n++ {
			if s, _ := ScoreItem(it, k.grade, k.sex, float64(n)); s == score {
				t.Errorf("%s %s %d pull-ups scores %d, a blank cell of table 1-13", GradeName(k.grade), k.sex, n, s)
			}
		}
	}
}

// bmiInput is a student with height 100 cm, whose BMI is exactly the weight in kg.
func bmiInput(grade int, sex Sex, bmi float64) Input {
	return Input{Grade: grade, Sex: sex, HeightCM: Val(100), WeightKG: Val(bmi)}
}

func TestBMIBands_EdgesBothEndsAndOneTenthOutside(t *testing.T) {
	rows := readData(t, "bmi_scores.csv")
	if len(rows) != 112 {
		t.Fatalf("bmi_scores.csv has %d rows, the README says 112", len(rows))
	}
	// bandOf finds the row whose closed interval holds a BMI, independently of the package.
	bandOf := func(grade int, sex Sex, bmi float64) dataRow {
		var found dataRow
		for _, r := range rows {
			if int(r.num(t, "grade")) != grade || r.sex() != sex {
				continue
			}
			lo, hi := math.Inf(-1), math.Inf(1)
			if r["min_inclusive"] != "" {
				lo = r.num(t, "min_inclusive")
			}
			if r["max_inclusive"] != "" {
				hi = r.num(t, "max_inclusive")
			}
			if bmi >= lo-1e-9 && bmi <= hi+1e-9 {
				if found != nil {
					t.Fatalf("BMI %.1f is in two bands of grade %d %s", bmi, grade, sex)
				}
				found = r
			}
		}
		if found == nil {
			t.Fatalf("BMI %.1f is in no band of grade %d %s", bmi, grade, sex)
		}
		return found
	}
	cases := 0
	for _, r := range rows {
		grade, sex := int(r.num(t, "grade")), r.sex()
		var edges []float64
		if r["min_inclusive"] != "" {
			lo := r.num(t, "min_inclusive")
			edges = append(edges, lo, lo-0.1)
		}
		if r["max_inclusive"] != "" {
			hi := r.num(t, "max_inclusive")
			edges = append(edges, hi, hi+0.1)
		}
		for _, bmi := range edges {
			bmi = math.Round(bmi*10) / 10
			want := bandOf(grade, sex, bmi)
			res := Score(bmiInput(grade, sex, bmi))
			if res.BMI.Float64() != bmi || res.Items[BMI].Score != int(want.num(t, "score")) || res.BMICategory != want["category"] {
				t.Errorf("%s %s BMI %.1f: got %s %s %d, want %s %s", GradeName(grade), sex, bmi, res.BMI, res.BMICategory,
					res.Items[BMI].Score, want["category"], want["score"])
			}
			cases++
		}
	}
	t.Logf("%d BMI edge cases", cases)
}

func TestBMI_RoundsHalfUpExactly(t *testing.T) {
	cases := []struct {
		height, weight float64
		want           string
	}{
		// exact quarter values where float division then rounding gives the lower tenth
		{160, 41.6, "16.3"}, // 16.25
		{160, 48.0, "18.8"}, // 18.75
		{160, 54.4, "21.3"}, // 21.25
		{120, 23.4, "16.3"}, // 16.25
		{200, 80.2, "20.1"}, // 20.05
		{200, 72.6, "18.2"}, // 18.15
		{200, 72.596, "18.1"},
		{120, 23.04, "16.0"},
		{100, 16, "16.0"},
		{175.5, 70.25, "22.8"}, // 22.808…
	}
	for _, c := range cases {
		if got := BodyMassIndex(c.height, c.weight).String(); got != c.want {
			t.Errorf("BMI(%v cm, %v kg) = %s, want %s", c.height, c.weight, got, c.want)
		}
		if got := Score(Input{Grade: 8, Sex: Female, HeightCM: Val(c.height), WeightKG: Val(c.weight)}).BMI.String(); got != c.want {
			t.Errorf("Score BMI(%v cm, %v kg) = %s, want %s", c.height, c.weight, got, c.want)
		}
	}
	// 18.15 rounds into 超重 for a first-grade boy (正常 ends at 18.1), 18.149 stays 正常.
	if r := Score(Input{Grade: 1, Sex: Male, HeightCM: Val(200), WeightKG: Val(72.6)}); r.BMICategory != "超重" || r.Items[BMI].Score != 80 {
		t.Errorf("BMI 18.15: %s %d", r.BMICategory, r.Items[BMI].Score)
	}
	if r := Score(Input{Grade: 1, Sex: Male, HeightCM: Val(200), WeightKG: Val(72.596)}); r.BMICategory != "正常" || r.Items[BMI].Score != 100 {
		t.Errorf("BMI 18.149: %s %d", r.BMICategory, r.Items[BMI].Score)
	}
}

func TestBonusTables_EveryRowAndOneStepShort(t *testing.T) {
	rows := readData(t, "bonus_scores.csv")
	if len(rows) != 560 {
		t.Fatalf("bonus_scores.csv has %d rows, the README says 560", len(rows))
	}
	// the 100-point thresholds, from the single-item table
	top := map[groupKey]float64{}
	for _, r := range readData(t, "single_item_scores.csv") {
		if r["score"] == "100" {
			top[groupKey{r["item"], int(r.num(t, "grade")), r.sex()}] = r.num(t, "threshold")
		}
	}
	groups, keys := groupRows(t, rows, "bonus_points")
	cases := 0
	for _, k := range keys {
		g := groups[k] // highest bonus first
		th, ok := top[k]
		if !ok {
			t.Fatalf("no 100-point threshold for %v", k)
		}
		for i, r := range g {
			points, margin := int(r.num(t, "bonus_points")), r.num(t, "required_margin")
			prev := 0
			if i+1 < len(g) {
				prev = int(g[i+1].num(t, "bonus_points"))
			}
			unitStep := step[k.item]
			for _, c := range []struct {
				v    float64
				want int
			}{{better(k.item, th, margin), points}, {better(k.item, th, margin-unitStep), prev}} {
				in, it := itemInput(t, k.item, k.grade, k.sex, c.v)
				got := Score(in).Items[it]
				if got.Score != 100 || got.Bonus != c.want {
					t.Errorf("%s %s %s = %v (100 分 at %v): score %d bonus %d, want 100 and %d",
						GradeName(k.grade), k.sex, k.item, c.v, th, got.Score, got.Bonus, c.want)
				}
				if b := ItemBonus(it, k.grade, k.sex, c.v); b != c.want {
					t.Errorf("ItemBonus = %d, want %d", b, c.want)
				}
				cases++
			}
		}
		// at the 100-point threshold itself there is no bonus
		if in, it := itemInput(t, k.item, k.grade, k.sex, th); Score(in).Items[it].Bonus != 0 {
			t.Errorf("%v: bonus at the 100-point threshold", k)
		}
	}
	t.Logf("%d bonus cases", cases)
}

func TestBonus_RopeSkipIsOnePointPerTwoSkips(t *testing.T) {
	// rules.json: 每超2次+1分，超40次+20分; the README's example: ⌊(120 − 109) / 2⌋ = 5.
	for grade := 1; grade <= 6; grade++ {
		for _, sex := range []Sex{Male, Female} {
			var top float64
			for n := 0.0; n < 300; n++ {
				if s, _ := ScoreItem(RopeSkip, grade, sex, n); s == 100 {
					top = n
					break
				}
			}
			for over := 0.0; over <= 60; over++ {
				want := min(20, int(over)/2)
				if got := ItemBonus(RopeSkip, grade, sex, top+over); got != want {
					t.Errorf("grade %d %s rope skip %v over: bonus %d, want %d", grade, sex, over, got, want)
				}
			}
		}
	}
}

func TestBonus_Caps(t *testing.T) {
	t.Run("primary rope skip 20", func(t *testing.T) {
		for grade := 1; grade <= 6; grade++ {
			r := Score(fullInput(grade, Female, 1e6))
			if r.Bonus != 20 || r.Items[RopeSkip].Bonus != 20 || r.Total != r.Standard+200 {
				t.Errorf("grade %d: bonus %d", grade, r.Bonus)
			}
			if r.Items[SitUp].Bonus != 0 || r.Items[Run50x8].Bonus != 0 {
				t.Errorf("grade %d: primary sit-ups or 50×8 earned a bonus", grade)
			}
		}
	})
	t.Run("secondary 10 each and 20 in all", func(t *testing.T) {
		for grade := 7; grade <= 14; grade++ {
			for _, sex := range []Sex{Male, Female} {
				r := Score(fullInput(grade, sex, 1e6))
				a, b := PullUp, Run1000m
				if sex == Female {
					a, b = SitUp, Run800m
				}
				if r.Items[a].Bonus != 10 || r.Items[b].Bonus != 10 || r.Bonus != 20 {
					t.Errorf("grade %d %s: bonus %d + %d = %d", grade, sex, r.Items[a].Bonus, r.Items[b].Bonus, r.Bonus)
				}
				if r.Standard != 1000 || r.Total != 1200 || r.Total.String() != "120.0" || r.Rating != RatingExcellent {
					t.Errorf("grade %d %s: standard %s total %s %s", grade, sex, r.Standard, r.Total, r.Rating)
				}
			}
		}
	})
}

// fullInput is a student of grade and sex with every item: a BMI of 16.0 at 150 cm (正常 except
// where noted) and every raw value pushed d beyond the best 100-point threshold.
func fullInput(grade int, sex Sex, d float64) Input {
	in := Input{Grade: grade, Sex: sex, HeightCM: Val(150), WeightKG: Val(0.16 * 150 * 1.5)}
	if grade >= 10 {
		in.WeightKG = Val(0.2 * 150 * 1.5) // BMI 20.0, 正常 for grades 10–14
	}
	for it := VitalCapacity; it < NumItems; it++ {
		if it.HigherIsBetter() {
			in.Set(it, d)
		} else {
			in.Set(it, 0)
		}
	}
	return in
}

func TestWeights_ItemsOfEachGrade(t *testing.T) {
	// the README's list of test items per grade, read independently of weights.csv
	want := func(grade int, sex Sex) []Item {
		switch {
		case grade <= 2:
			return []Item{BMI, VitalCapacity, Run50m, SitAndReach, RopeSkip}
		case grade <= 4:
			return []Item{BMI, VitalCapacity, Run50m, SitAndReach, RopeSkip, SitUp}
		case grade <= 6:
			return []Item{BMI, VitalCapacity, Run50m, SitAndReach, RopeSkip, SitUp, Run50x8}
		case sex == Male:
			return []Item{BMI, VitalCapacity, Run50m, SitAndReach, StandingLongJump, PullUp, Run1000m}
		}
		return []Item{BMI, VitalCapacity, Run50m, SitAndReach, SitUp, StandingLongJump, Run800m}
	}
	rows := readData(t, "weights.csv")
	for grade := MinGrade; grade <= MaxGrade; grade++ {
		for _, sex := range []Sex{Male, Female} {
			got := Required(grade, sex)
			if !slices.Equal(got, want(grade, sex)) {
				t.Errorf("grade %d %s: items %v, want %v", grade, sex, got, want(grade, sex))
			}
			sum := 0
			for _, it := range got {
				sum += Weight(it, grade, sex)
			}
			if sum != 100 {
				t.Errorf("grade %d %s: weights sum to %d", grade, sex, sum)
			}
		}
	}
	if len(rows) != 19 {
		t.Errorf("weights.csv has %d rows, the README says 19", len(rows))
	}
	// spot checks against the standard's table of weights
	for _, c := range []struct {
		it    Item
		grade int
		sex   Sex
		want  int
	}{
		{SitAndReach, 1, Male, 30}, {SitAndReach, 3, Female, 20}, {SitAndReach, 5, Male, 10}, {SitAndReach, 7, Male, 10},
		{SitUp, 3, Male, 10}, {SitUp, 5, Female, 20}, {SitUp, 8, Female, 10}, {SitUp, 8, Male, 0},
		{Run1000m, 12, Male, 20}, {Run800m, 12, Male, 0}, {BMI, 14, Female, 15}, {PullUp, 4, Male, 0},
	} {
		if got := Weight(c.it, c.grade, c.sex); got != c.want {
			t.Errorf("Weight(%s, %d, %s) = %d, want %d", c.it, c.grade, c.sex, got, c.want)
		}
	}
}
