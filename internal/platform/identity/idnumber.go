package identity

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// IDNumber is a validated 18-character resident identity number.
type IDNumber struct {
	Number   string    // normalised: upper-case X in the check position
	AreaCode string    // address code, digits 1-6
	Birth    time.Time // birth date at 00:00 UTC
	Male     bool      // odd sequence number (digit 17)
}

// Sex returns "男" or "女".
func (n IDNumber) Sex() string {
	if n.Male {
		return "男"
	}
	return "女"
}

// AgeOn returns the age in full years on the calendar date of d (taken in
// d's own location). The age increases on the birthday itself; someone born
// on 29 February turns a year older on 1 March in common years. Dates before
// the birth give 0.
func (n IDNumber) AgeOn(d time.Time) int {
	y, m, day := d.Date()
	age := y - n.Birth.Year()
	if m < n.Birth.Month() || m == n.Birth.Month() && day < n.Birth.Day() {
		age--
	}
	return max(age, 0)
}

// checkWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11.
var checkWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const checkChars = "10X98765432"

// CheckDigit returns the check character ('0'-'9' or 'X') for the first 17
// digits of an identity number.
func CheckDigit(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, errorf("计算校验位需要17位数字，当前为%d位", utf8.RuneCountInString(first17))
	}
	sum := 0
	for i := range 17 {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, errorf("计算校验位需要17位数字，第%d位不是数字", i+1)
		}
		sum += int(c-'0') * checkWeights[i]
	}
	return checkChars[sum%11], nil
}

// MakeIDNumber builds a valid identity number from a 6-digit address code, a
// birth date (its calendar date in its own location) and a sequence number
// 0-999, odd for males. It is meant for demo-data generators and panics on
// arguments that cannot form a number.
func MakeIDNumber(area string, birth time.Time, seq int) string {
	if len(area) != 6 || !allDigits(area) {
		panic(fmt.Sprintf("identity: MakeIDNumber area %q is not 6 digits", area))
	}
	if seq < 0 || seq > 999 {
		panic(fmt.Sprintf("identity: MakeIDNumber sequence %d out of range 0-999", seq))
	}
	y, m, d := birth.Date()
	if y < 0 || y > 9999 {
		panic(fmt.Sprintf("identity: MakeIDNumber birth year %d out of range", y))
	}
	first17 := fmt.Sprintf("%s%04d%02d%02d%03d", area, y, m, d, seq)
	c, err := CheckDigit(first17)
	if err != nil {
		panic(err)
	}
	return first17 + string(c)
}

// ParseIDNumber validates an 18-character resident identity number against
// GB 11643-1999 and returns its parts. A lower-case x check character is
// accepted and normalised to X. The birth date must exist, fall on or after
// 1900-01-01 and not after the calendar date of today. Old 15-digit numbers
// are rejected.
func ParseIDNumber(s string, today time.Time) (IDNumber, error) {
	const label = "身份证号码"
	if s == "" {
		return IDNumber{}, errorf("%s为空", label)
	}
	if err := checkDigits(s, label, 0, true); err != nil {
		return IDNumber{}, err
	}
	switch len(s) {
	case 18:
	case 15:
		return IDNumber{}, errorf("%s为15位的旧号码，已停止使用，请填写18位身份证号码", label)
	default:
		return IDNumber{}, errorf("%s应为18位，当前为%d位", label, len(s))
	}
	return parse18(s, today, label)
}

// parse18 validates an 18-character body already known to hold digits with
// an optional X/x at the end.
func parse18(s string, today time.Time, label string) (IDNumber, error) {
	s = strings.ToUpper(s)
	if err := checkArea(s[:6], label); err != nil {
		return IDNumber{}, err
	}
	birth, err := parseBirth(s[6:14], today, label)
	if err != nil {
		return IDNumber{}, err
	}
	want, err := CheckDigit(s[:17])
	if err != nil {
		return IDNumber{}, err
	}
	if s[17] != want {
		return IDNumber{}, errorf("%s校验位错误：应为%c，实际为%c", label, want, s[17])
	}
	return IDNumber{
		Number:   s,
		AreaCode: s[:6],
		Birth:    birth,
		Male:     (s[16]-'0')%2 == 1,
	}, nil
}

// checkDigits reports the first character of s that is not an ASCII digit.
// allowX permits X or x as the last character. offset is added to positions
// so they count from the start of the cell the clerk sees.
func checkDigits(s, label string, offset int, allowX bool) error {
	pos := offset
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		pos++
		if r >= '0' && r <= '9' {
			continue
		}
		last := i == len(s)
		if allowX && last && (r == 'X' || r == 'x') {
			continue
		}
		hint := ""
		switch {
		case r == ' ' || r == '\t' || r == '\u3000':
			hint = "（空格，请删除）"
		case r >= '\uFF01' && r <= '\uFF5E':
			hint = "（全角字符，请改为半角）"
		case allowX && last:
			hint = "（最后一位校验位只能是数字或X）"
		}
		return errorf("%s含有非数字字符：第%d位为%s%s", label, pos, showRune(r, size), hint)
	}
	return nil
}

// showRune renders a rejected character for an error message.
func showRune(r rune, size int) string {
	switch {
	case r == utf8.RuneError && size == 1:
		return "无法识别的字符"
	case unicode.IsPrint(r):
		return "“" + string(r) + "”"
	default:
		return fmt.Sprintf("不可见字符%U", r)
	}
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var earliestBirth = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// parseBirth validates an 8-digit YYYYMMDD birth date.
func parseBirth(ymd string, today time.Time, label string) (time.Time, error) {
	shown := ymd[:4] + "-" + ymd[4:6] + "-" + ymd[6:]
	y := atoi(ymd[:4])
	m := time.Month(atoi(ymd[4:6]))
	d := atoi(ymd[6:])
	birth := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || birth.Day() != d {
		return time.Time{}, errorf("%s中的出生日期不存在：%s", label, shown)
	}
	if birth.Before(earliestBirth) {
		return time.Time{}, errorf("%s中的出生日期早于1900年：%s", label, shown)
	}
	ty, tm, td := today.Date()
	if birth.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, errorf("%s中的出生日期晚于今天：%s", label, shown)
	}
	return birth, nil
}

// atoi converts a short string of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
