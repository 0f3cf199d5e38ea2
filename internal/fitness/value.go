package fitness

import (
	"math"
	"strconv"
	"strings"
)

// Value is an optional measurement: Set is false when the item was not tested (a blank cell).
type Value struct {
	V   float64
	Set bool
}

// Val is a measured value.
func Val(v float64) Value { return Value{V: v, Set: true} }

// milli converts a set, finite value to thousandths of its unit, clamped to [lo, hi]. The
// standard's thresholds are multiples of 0.1, so comparing in thousandths is exact for every
// value written with at most three decimals; more decimals are rounded to three (which also
// absorbs float artefacts such as 10.499999999999998 from a spreadsheet export). NaN counts as
// not tested.
func (v Value) milli(lo, hi int64) (int64, bool) {
	if !v.Set || math.IsNaN(v.V) {
		return 0, false
	}
	x := v.V * 1000
	if x <= float64(lo) {
		return lo, true
	}
	if x >= float64(hi) {
		return hi, true
	}
	return int64(math.Round(x)), true
}

// Tenths is a number with one decimal place, held exactly as an integer count of tenths
// (945 is 94.5). BMI, 标准分 and 学年总分 are Tenths.
type Tenths int

// String formats with exactly one decimal: "94.5", "100.0", "0.0".
func (t Tenths) String() string {
	n := int(t)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return sign + strconv.Itoa(n/10) + "." + strconv.Itoa(n%10)
}

// Float64 is the value as a float (94.5).
func (t Tenths) Float64() float64 { return float64(t) / 10 }

// roundHalfUp divides a non-negative n by a positive d and rounds half up.
func roundHalfUp(n, d int64) int64 { return (2*n + d) / (2 * d) }

// ParseNumber reads a decimal number as written in a spreadsheet cell: optional spaces, an
// optional minus sign, digits and at most one decimal point ("12.5", "-3", ".5"). Full-width
// digits, point and minus (１２．５) are accepted. Exponents, thousands separators, NaN and Inf
// are not numbers here. The result is exact to three decimals (further digits are rounded).
func ParseNumber(s string) (float64, error) {
	m, err := parseMilli(s)
	if err != nil {
		return 0, err
	}
	return float64(m) / 1000, nil
}

// parseMilli parses a decimal number to thousandths, exactly (half away from zero beyond the
// third decimal).
func parseMilli(s string) (int64, error) {
	t := strings.TrimSpace(halfWidth(s))
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, t[1:]
	} else if strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	intPart, frac, _ := strings.Cut(t, ".")
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return 0, errorf("", "不是数字：%s", s)
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 12 {
		return 0, errorf("", "数值过大：%s", s)
	}
	var m int64
	for _, c := range intPart {
		m = m*10 + int64(c-'0')
	}
	for i := range 3 {
		m *= 10
		if i < len(frac) {
			m += int64(frac[i] - '0')
		}
	}
	if len(frac) > 3 && frac[3] >= '5' {
		m++
	}
	if neg {
		m = -m
	}
	return m, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// halfWidth turns full-width digits and signs (as typed with a Chinese input method) into
// ASCII.
func halfWidth(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		case r == '－' || r == '−':
			return '-'
		case r == '＋':
			return '+'
		case r == '：':
			return ':'
		case r == '＇':
			return '\''
		case r == '＂':
			return '"'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
