package fitness

import "math"

// GraduationScore is the 毕业成绩 (说明第8条): 毕业当年学年总分 × 50% + 其他学年学年总分的平均 ×
// 50%, rounded half up to one decimal, computed exactly from the totals taken to three decimals.
// A student with no other school year on record (a transfer in the final year) has the final
// year's total as the graduation score. Totals must be between 0 and 120.
func GraduationScore(finalYearTotal float64, otherYears []float64) (Tenths, error) {
	check := func(v float64) (int64, error) {
		if math.IsNaN(v) || v < 0 || v > 120 {
			return 0, errorf("", "学年总分须在 0～120 之间：%v", v)
		}
		m, _ := Val(v).milli(0, 120_000)
		return m, nil
	}
	final, err := check(finalYearTotal)
	if err != nil {
		return 0, err
	}
	n := int64(len(otherYears))
	if n == 0 {
		return Tenths(roundHalfUp(final, 100)), nil
	}
	var sum int64
	for _, v := range otherYears {
		m, err := check(v)
		if err != nil {
			return 0, err
		}
		sum += m
	}
	// (final/2 + sum/(2n)) thousandths = (final·n + sum) / (2n); tenths divide by 100 more.
	return Tenths(roundHalfUp(final*n+sum, 200*n)), nil
}

// GraduationLine is the graduation score below which 普通高中、中等职业学校和普通高等学校 graduates
// are handled as 结业或肄业 (说明第9条): 50.0.
const GraduationLine Tenths = 500

// BelowGraduationLine reports whether a graduate of finalGrade with the given 毕业成绩 is to be
// handled as 结业或肄业: senior high (grades 10–12, which includes 中职) and university (13–14)
// only; the rule does not apply to primary and junior schools.
func BelowGraduationLine(finalGrade int, score Tenths) bool {
	return finalGrade >= 10 && finalGrade <= MaxGrade && score < GraduationLine
}
