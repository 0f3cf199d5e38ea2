package fitness

// CanRetest reports whether a result may be retaken (补测): only a 不及格 rating may, once in
// the same school year (说明第9条).
func CanRetest(r Result) bool { return r.Rating == RatingFail }

// Retest applies the 补测 rule of 说明第9条 — "测试成绩评定不及格者，在本学年度准予补测一次，补测
// 仍不及格，则学年成绩评定为不及格" — to a first result and its one retest, and returns the result
// that stands for the school year.
//
// The standard fixes only the consequence for the rating. This implementation keeps the better
// of the two by 学年总分 (the retest when equal): a retest that passes replaces the first
// result; one that fails again leaves the year 不及格 with the higher of the two totals, so a
// second chance never lowers a student's record. The retest is a complete test (all required
// items; carry over unchanged items into its Input if the school retests only the failed
// ones). Allowing a single retest per school year is the caller's record-keeping.
//
// Errors: the first result is not 不及格 (a 缺测 student is not retested but completes the test:
// score the completed Input again), the two results are of a different grade or sex, or the
// retest has no 学年总分 (缺测, 免测).
func Retest(first, retest Result) (Result, error) {
	if !CanRetest(first) {
		return first, errorf("", "只有评定为不及格的学生才能补测，本次评定为%s", first.Rating)
	}
	if first.Grade != retest.Grade || first.Sex != retest.Sex {
		return first, errorf("", "补测与原测试的年级或性别不一致")
	}
	if !retest.Rating.Scored() {
		return first, errorf("", "补测成绩为%s，无法评定", retest.Rating)
	}
	if retest.Total >= first.Total {
		return retest, nil
	}
	return first, nil
}
