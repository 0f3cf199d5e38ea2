package fitness

import (
	"math"
	"strconv"
	"strings"
)

// Rating is the 等级 of a 学年总分, or why a student has none.
type Rating string

// Ratings. The first four are the standard's; the last three mean the student has no 学年总分.
const (
	RatingExcellent  Rating = "优秀"  // 学年总分 ≥ 90.0
	RatingGood       Rating = "良好"  // 80.0 – 89.9
	RatingPass       Rating = "及格"  // 60.0 – 79.9
	RatingFail       Rating = "不及格" // ≤ 59.9
	RatingIncomplete Rating = "缺测"  // a required item was not tested
	RatingExempt     Rating = "免测"  // 免予执行《标准》 (Input.Exempt)
	RatingInvalid    Rating = "无效"  // grade or sex outside the standard (Validate says why)
)

// Scored reports whether the rating is one of the standard's four, that is whether the result
// has a 标准分 and a 学年总分 and counts in the rates.
func (r Rating) Scored() bool {
	return r == RatingExcellent || r == RatingGood || r == RatingPass || r == RatingFail
}

// Input is one student's results for one test (one school year, or its 补测).
type Input struct {
	Grade int // MinGrade … MaxGrade
	Sex   Sex
	// HeightCM and WeightKG give the BMI.
	HeightCM, WeightKG Value
	// Items holds the raw results indexed by Item, in the units of Item.Unit (times in seconds;
	// ParseTime reads other notations). Items[BMI] is not used. Values for items the grade and
	// sex do not test are ignored.
	Items [NumItems]Value
	// Exempt marks a student excused from the standard (免予执行, on a doctor's certificate,
	// approved by the school), with the reason; the student gets RatingExempt and is left out of
	// the rates' denominators.
	Exempt       bool
	ExemptReason string
}

// Set records a raw result for an item.
func (in *Input) Set(it Item, v float64) {
	if int(it) < NumItems {
		in.Items[it] = Val(v)
	}
}

// ItemResult is the outcome of one item.
type ItemResult struct {
	Required bool // the standard tests this item in the student's grade (and sex)
	Tested   bool // required and a value was given: Score is meaningful
	Score    int  // 0 … 100
	Bonus    int  // 附加分 earned by this item (rope skip, pull-up, sit-up, 800 m/1000 m)
}

// Result is one student's score under the standard.
type Result struct {
	Grade int
	Sex   Sex
	// BMI (rounded half up to one decimal) and its category (正常, 低体重, 超重, 肥胖) are set
	// when Items[BMI].Tested.
	BMI         Tenths
	BMICategory string
	Items       [NumItems]ItemResult
	// Bonus (附加分), Standard (标准分) and Total (学年总分 = 标准分 + 附加分) are meaningful only
	// when Rating.Scored(); otherwise they are zero and shown blank.
	Bonus    int
	Standard Tenths
	Total    Tenths
	Rating   Rating
	// ExemptReason is the reason of a RatingExempt.
	ExemptReason string
}

// Score scores one student:
//
//   - each required item scores the highest level whose threshold the raw value meets (value ≥
//     threshold, or ≤ for the times), 0 below the 10-point threshold; blank official cells
//     (table 1-13) are skipped;
//   - BMI = weight / height², rounded half up to one decimal with integer arithmetic, then
//     looked up in the closed bands of tables 1-1/1-2;
//   - bonus counts only beyond the 100-point threshold (primary rope skip, cap 20; from grade 7
//     pull-up and 1000 m for boys, sit-up and 800 m for girls, cap 10 each), total cap 20;
//   - 标准分 = Σ score × weight% (kept exactly in hundredths, then rounded half up to one
//     decimal), 学年总分 = 标准分 + 附加分, and the rating from 学年总分.
//
// A required item without a value makes the result RatingIncomplete (缺测): the scores of the
// items that were tested are still reported, but Bonus, Standard and Total are zero. An Exempt
// student gets RatingExempt likewise. Score does not allocate.
//
// Score expects an Input that passes Validate. It never panics on others: NaN counts as not
// tested, values outside Validate's plausible ranges are clamped into them, and a grade or sex
// outside the standard gives RatingInvalid.
func Score(in Input) Result {
	s := std()
	r := Result{Grade: in.Grade, Sex: in.Sex}
	gs := s.of(in.Grade, in.Sex)
	if gs == nil {
		r.Rating = RatingInvalid
		return r
	}
	complete := true
	sum, bonus := 0, 0 // sum is in hundredths: score × weight percent
	for _, it := range gs.list[:gs.n] {
		ir := &r.Items[it]
		ir.Required = true
		if it == BMI {
			h, okH := in.HeightCM.milli(heightLo, heightHi)
			w, okW := in.WeightKG.milli(weightLo, weightHi)
			if !okH || !okW {
				complete = false
				continue
			}
			r.BMI = bmiTenths(h, w)
			b := gs.bmiBand(r.BMI)
			ir.Tested, ir.Score, r.BMICategory = true, b.score, b.category
		} else {
			info := &items[it]
			v, ok := in.Items[it].milli(info.lo, info.hi)
			if !ok {
				complete = false
				continue
			}
			k := int32(v)
			if !info.higher {
				k = -k
			}
			t := &gs.table[it]
			ir.Tested, ir.Score = true, t.lookup(k)
			if b := &gs.bonus[it]; b.n > 0 {
				ir.Bonus = b.lookup(k - t.key[0])
			}
		}
		sum += ir.Score * gs.weight[it]
		bonus += ir.Bonus
	}
	switch {
	case in.Exempt:
		r.Rating, r.ExemptReason = RatingExempt, in.ExemptReason
	case !complete:
		r.Rating = RatingIncomplete
	default:
		r.Bonus = min(bonus, s.bonusMax)
		r.Standard = Tenths(roundHalfUp(int64(sum), 10))
		r.Total = r.Standard + Tenths(10*r.Bonus)
		r.Rating = s.rating(r.Total)
	}
	return r
}

// bmiTenths is weight(kg) / height(m)² in tenths, rounded half up, from thousandths of a kg and
// of a cm: BMI = (w/1000) / (h/100000)² = w·10⁷/h², so tenths = w·10⁸/h².
func bmiTenths(hMilli, wMilli int64) Tenths {
	return Tenths(roundHalfUp(wMilli*100_000_000, hMilli*hMilli))
}

func (gs *gradeSex) bmiBand(t Tenths) *bmiBand {
	for i := range gs.bmi[:len(gs.bmi)-1] {
		if int32(t) <= gs.bmi[i].hi {
			return &gs.bmi[i]
		}
	}
	return &gs.bmi[len(gs.bmi)-1]
}

func (s *standard) rating(total Tenths) Rating {
	switch t := int(total); {
	case t >= s.excellent:
		return RatingExcellent
	case t >= s.good:
		return RatingGood
	case t >= s.pass:
		return RatingPass
	}
	return RatingFail
}

// BodyMassIndex is weight(kg) / height(m)² rounded half up to one decimal, computed exactly from
// the values taken to three decimals (heights and weights outside the plausible ranges of
// Validate are clamped into them).
func BodyMassIndex(heightCM, weightKG float64) Tenths {
	h, _ := Val(heightCM).milli(heightLo, heightHi)
	w, _ := Val(weightKG).milli(weightLo, weightHi)
	if math.IsNaN(heightCM) || math.IsNaN(weightKG) {
		return 0
	}
	return bmiTenths(h, w)
}

// BMICategory is the band of a BMI for a grade and sex (正常, 低体重, 超重, 肥胖) and its score;
// ok is false for a grade or sex outside the standard.
func BMICategory(grade int, sex Sex, bmi Tenths) (category string, score int, ok bool) {
	gs := std().of(grade, sex)
	if gs == nil {
		return "", 0, false
	}
	b := gs.bmiBand(bmi)
	return b.category, b.score, true
}

// ScoreItem scores one raw value of an item for a grade and sex (for BMI, v is the BMI, rounded
// half up to one decimal first). ok is false when the grade and sex do not test the item.
func ScoreItem(it Item, grade int, sex Sex, v float64) (score int, ok bool) {
	gs := std().of(grade, sex)
	if gs == nil || int(it) >= NumItems || !gs.required[it] || math.IsNaN(v) {
		return 0, false
	}
	if it == BMI {
		m, _ := Val(v).milli(0, 1_000_000)
		return gs.bmiBand(Tenths(roundHalfUp(m, 100))).score, true
	}
	info := &items[it]
	m, _ := Val(v).milli(info.lo, info.hi)
	k := int32(m)
	if !info.higher {
		k = -k
	}
	return gs.table[it].lookup(k), true
}

// ItemBonus is the 附加分 a raw value earns for an item, grade and sex, capped per item (0 for
// items without bonus).
func ItemBonus(it Item, grade int, sex Sex, v float64) int {
	gs := std().of(grade, sex)
	if gs == nil || int(it) >= NumItems || gs.bonus[it].n == 0 || math.IsNaN(v) {
		return 0
	}
	info := &items[it]
	m, _ := Val(v).milli(info.lo, info.hi)
	k := int32(m)
	if !info.higher {
		k = -k
	}
	return gs.bonus[it].lookup(k - gs.table[it].key[0])
}

// Required lists the items the standard tests in a grade for a sex, in Item order (nil for a
// grade or sex outside the standard).
func Required(grade int, sex Sex) []Item {
	gs := std().of(grade, sex)
	if gs == nil {
		return nil
	}
	return append([]Item(nil), gs.list[:gs.n]...)
}

// Weight is the weight of an item in the 标准分 of a grade and sex, in percent (0 when the item
// is not tested).
func Weight(it Item, grade int, sex Sex) int {
	gs := std().of(grade, sex)
	if gs == nil || int(it) >= NumItems {
		return 0
	}
	return gs.weight[it]
}

// ItemLevel is the level of a single-item score (rules.json single_item_level_labels): 90–100
// 优秀, 80–85 良好, 60–78 及格, 0–50 不及格. Scores that are not levels of the tables give "".
func ItemLevel(score int) Rating {
	if score < 0 || score > 100 {
		return ""
	}
	return std().itemLevel[score]
}

// Validate checks an Input before it is scored and stored: grade and sex, the reason of an
// exemption, and every given value: a finite number within a plausible range (which catches
// unit mistakes such as a height in metres or a 1000 m time written as 3.35), whole numbers for
// the counts. Values for items the grade does not test are checked too but do not count.
func (in Input) Validate() error {
	if in.Grade < MinGrade || in.Grade > MaxGrade {
		return errorf("grade", "年级须为 1～14 的整数（1–6 小学，7–9 初中，10–12 高中，13 大一大二，14 大三大四）：%d", in.Grade)
	}
	if in.Sex != Male && in.Sex != Female {
		return errorf("sex", "性别须为男或女")
	}
	if in.Exempt && strings.TrimSpace(in.ExemptReason) == "" {
		return errorf("exempt_reason", "免予执行须填写原因")
	}
	if err := checkValue("height_cm", "身高", "厘米", in.HeightCM, heightLo, heightHi, false); err != nil {
		return err
	}
	if err := checkValue("weight_kg", "体重", "千克", in.WeightKG, weightLo, weightHi, false); err != nil {
		return err
	}
	for it := VitalCapacity; it < NumItems; it++ {
		info := &items[it]
		if err := checkValue(info.code, info.cn, info.unit, in.Items[it], info.lo, info.hi, info.count); err != nil {
			return err
		}
	}
	return nil
}

func checkValue(field, name, unit string, v Value, lo, hi int64, count bool) error {
	if !v.Set {
		return nil
	}
	text := strconv.FormatFloat(v.V, 'f', -1, 64)
	if math.IsNaN(v.V) || math.IsInf(v.V, 0) {
		return errorf(field, "%s不是有效数字：%s", name, text)
	}
	if x := v.V * 1000; x < float64(lo) || x > float64(hi) {
		return errorf(field, "%s超出合理范围（%s～%s %s）：%s", name, formatMilli(lo), formatMilli(hi), unit, text)
	}
	if count && v.V != math.Trunc(v.V) {
		return errorf(field, "%s须为整数：%s", name, text)
	}
	return nil
}

// formatMilli writes thousandths as a plain decimal without trailing zeros.
func formatMilli(m int64) string {
	return strconv.FormatFloat(float64(m)/1000, 'f', -1, 64)
}
