package fitness

// Item is one test item of the standard. The order is the order of the score columns in the
// CLI output and of Result.Items.
type Item uint8

// The items of the standard (单项指标).
const (
	BMI              Item = iota // 体重指数（BMI），from height and weight
	VitalCapacity                // 肺活量, ml
	Run50m                       // 50米跑, s
	SitAndReach                  // 坐位体前屈, cm (may be negative)
	RopeSkip                     // 1分钟跳绳, count
	SitUp                        // 1分钟仰卧起坐, count
	Run50x8                      // 50米×8往返跑, s
	StandingLongJump             // 立定跳远, cm
	PullUp                       // 引体向上, count
	Run800m                      // 800米跑, s
	Run1000m                     // 1000米跑, s
)

// NumItems is the number of items; arrays indexed by Item have this length.
const NumItems = 11

type itemInfo struct {
	code   string // the item code of the data files
	cn     string // the name in the standard
	unit   string // the unit in Chinese
	higher bool   // a higher value is better (false: lower is better, the times)
	count  bool   // the value is a whole number of repetitions
	// lo and hi bound a plausible value, in thousandths of the unit (Validate rejects values
	// outside, Score clamps them). For BMI they bound the BMI itself.
	lo, hi int64
}

// items is written from the standard's text, independently of the data files; the tables are
// checked against it when they are loaded.
var items = [NumItems]itemInfo{
	BMI:              {"bmi", "体重指数（BMI）", "千克/米²", true, false, 0, 0},
	VitalCapacity:    {"vital_capacity", "肺活量", "毫升", true, false, 0, 10_000_000},
	Run50m:           {"run_50m", "50米跑", "秒", false, false, 5_000, 60_000},
	SitAndReach:      {"sit_and_reach", "坐位体前屈", "厘米", true, false, -50_000, 50_000},
	RopeSkip:         {"rope_skip_1min", "1分钟跳绳", "次", true, true, 0, 500_000},
	SitUp:            {"sit_up_1min", "1分钟仰卧起坐", "次", true, true, 0, 150_000},
	Run50x8:          {"run_50x8", "50米×8往返跑", "秒", false, false, 60_000, 600_000},
	StandingLongJump: {"standing_long_jump", "立定跳远", "厘米", true, false, 0, 400_000},
	PullUp:           {"pull_up", "引体向上", "次", true, true, 0, 100_000},
	Run800m:          {"run_800m", "800米跑", "秒", false, false, 90_000, 1_800_000},
	Run1000m:         {"run_1000m", "1000米跑", "秒", false, false, 90_000, 1_800_000},
}

// Plausible height and weight, in thousandths of a centimetre and of a kilogram.
const (
	heightLo, heightHi = 50_000, 250_000
	weightLo, weightHi = 5_000, 300_000
)

// Code is the item code used in the data files and the CLI ("run_50m").
func (it Item) Code() string {
	if int(it) >= NumItems {
		return ""
	}
	return items[it].code
}

// String returns the item's name in the standard ("50米跑").
func (it Item) String() string {
	if int(it) >= NumItems {
		return "未知项目"
	}
	return items[it].cn
}

// Unit is the unit of the item's raw value in Chinese ("秒").
func (it Item) Unit() string {
	if int(it) >= NumItems {
		return ""
	}
	return items[it].unit
}

// HigherIsBetter reports whether a higher raw value is better (false for the runs, which are
// times).
func (it Item) HigherIsBetter() bool { return int(it) < NumItems && items[it].higher }

// IsCount reports whether the item counts repetitions (rope skip, sit-up, pull-up): its raw
// value must be a whole number.
func (it Item) IsCount() bool { return int(it) < NumItems && items[it].count }

// ItemByCode finds an item by its code ("pull_up").
func ItemByCode(code string) (Item, bool) {
	for i := range items {
		if items[i].code == code {
			return Item(i), true
		}
	}
	return 0, false
}

// Sex is the student's sex; the zero value is invalid so that a forgotten field is caught.
type Sex uint8

// The two sexes of the tables.
const (
	Male   Sex = 1
	Female Sex = 2
)

// String returns 男 or 女.
func (s Sex) String() string {
	switch s {
	case Male:
		return "男"
	case Female:
		return "女"
	}
	return "未知性别"
}

// GradeName is the grade as the standard names it (1 → 一年级, 7 → 初一, 13 → 大一大二).
func GradeName(grade int) string {
	names := [...]string{"", "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三",
		"高一", "高二", "高三", "大一大二", "大三大四"}
	if grade < 1 || grade >= len(names) {
		return "未知年级"
	}
	return names[grade]
}

// MinGrade and MaxGrade bound the grade codes: 1–6 小学, 7–9 初中, 10–12 高中, 13 大一大二,
// 14 大三大四.
const (
	MinGrade = 1
	MaxGrade = 14
)
