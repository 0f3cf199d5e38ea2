package fitness

import (
	"strings"
)

// TimeForm says how a plain number in a time column is to be read. Only plain numbers are
// ambiguous: forms with a minute mark or a colon mean the same under both.
type TimeForm uint8

const (
	// Seconds reads a plain number as seconds: "215" and "215.5" are 215 s and 215.5 s, and
	// "3.35" is 3.35 s. This is the default.
	Seconds TimeForm = iota
	// MinuteDotSecond reads a plain number as 分.秒, the way some schools type endurance runs
	// into a number cell: "3.35" is 3′35″ (215 s), "3.05" is 3′05″, "4" is 4′00″. The first two
	// decimals are the seconds, so "3.5" (a spreadsheet's rendering of 3.50) is 3′50″, and
	// further decimals are fractions of a second ("3.355" is 3′35.5″). The seconds must be
	// below 60. Use it only for a column known to be written that way.
	MinuteDotSecond
)

// ParseTime reads a time in seconds, with a plain number read as seconds (see ParseTimeForm).
func ParseTime(s string) (float64, error) { return ParseTimeForm(s, Seconds) }

// ParseTimeForm reads a time and returns it in seconds. Accepted, with surrounding spaces and
// full-width digits allowed:
//
//	215, 215.5         plain number: seconds, or 分.秒 under MinuteDotSecond
//	3'35"  3'35.5"     minutes and seconds with ' or ′ (or ’) and an optional " or ″ (or ” or '')
//	3′35″  3'35  4'
//	3分35秒  3分35.5秒
//	3:35   3:35.5      minutes:seconds, as a spreadsheet writes a time
//	0:03:35            hours:minutes:seconds
//
// In the forms with minutes the seconds are below 60 and written with digits only. A time must
// be positive. Errors are Chinese sentences for the clerk.
func ParseTimeForm(s string, form TimeForm) (float64, error) {
	m, err := parseTimeMilli(s, form)
	if err != nil {
		return 0, err
	}
	return float64(m) / 1000, nil
}

func parseTimeMilli(s string, form TimeForm) (int64, error) {
	t := strings.TrimSpace(halfWidth(s))
	if t == "" {
		return 0, errorf("", "时间为空")
	}
	bad := func() (int64, error) {
		return 0, errorf("", "不是有效的时间：%s（可写作秒数 215 或 215.5，或写作 3'35\"、3:35）", s)
	}
	var total int64
	switch {
	case strings.Contains(t, ":"):
		parts := strings.Split(t, ":")
		if len(parts) > 3 {
			return bad()
		}
		for i, p := range parts {
			whole, _, _ := strings.Cut(p, ".")
			if !isUnsignedDecimal(p) || whole == "" || i < len(parts)-1 && whole != p {
				return bad() // only the last part may have decimals
			}
			if i > 0 && len(whole) != 2 {
				return bad() // minutes and seconds after a colon have two digits: 3:05
			}
			v, err := parseMilli(p)
			if err != nil {
				return bad()
			}
			if i > 0 && v >= 60_000 {
				return 0, errorf("", "时间中的分、秒须小于 60：%s", s)
			}
			total = total*60 + v
		}
	case strings.ContainsAny(t, "'′’‘分"):
		cut := strings.IndexAny(t, "'′’‘分")
		_, size := firstRune(t[cut:])
		mins, sec := t[:cut], t[cut+size:]
		for _, mark := range []string{"''", "\"", "″", "”", "“", "秒"} {
			if strings.HasSuffix(sec, mark) {
				sec = strings.TrimSuffix(sec, mark)
				break
			}
		}
		sec = strings.TrimSpace(sec)
		if mins == "" || !allDigits(mins) || sec != "" && !isUnsignedDecimal(sec) {
			return bad()
		}
		mv, err := parseMilli(mins)
		if err != nil {
			return bad()
		}
		var sv int64
		if sec != "" {
			if sv, err = parseMilli(sec); err != nil {
				return bad()
			}
		}
		if sv >= 60_000 {
			return 0, errorf("", "时间中的秒数须小于 60：%s", s)
		}
		total = mv*60 + sv
	default:
		if !isUnsignedDecimal(t) {
			if strings.HasPrefix(t, "-") {
				return 0, errorf("", "时间不能为负数：%s", s)
			}
			return bad()
		}
		if form == MinuteDotSecond {
			mins, frac, _ := strings.Cut(t, ".")
			if len(frac) == 1 {
				frac += "0"
			}
			sec := frac
			if len(frac) > 2 {
				sec = frac[:2] + "." + frac[2:]
			}
			if mins == "" {
				mins = "0"
			}
			mv, err1 := parseMilli(mins)
			sv := int64(0)
			var err2 error
			if sec != "" {
				sv, err2 = parseMilli(sec)
			}
			if err1 != nil || err2 != nil {
				return bad()
			}
			if sv >= 60_000 {
				return 0, errorf("", "“分.秒”写法的秒数须小于 60：%s", s)
			}
			total = mv*60 + sv
		} else {
			v, err := parseMilli(t)
			if err != nil {
				return bad()
			}
			total = v
		}
	}
	if total <= 0 {
		return 0, errorf("", "时间须大于 0：%s", s)
	}
	return total, nil
}

// isUnsignedDecimal reports whether s is digits with at most one decimal point and at least
// one digit.
func isUnsignedDecimal(s string) bool {
	i, f, _ := strings.Cut(s, ".")
	return (i != "" || f != "") && allDigits(i) && allDigits(f)
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}
