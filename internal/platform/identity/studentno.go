package identity

import (
	"time"
	"unicode/utf8"
)

// Student number kinds.
const (
	KindFormal    = "G" // G followed by the student's identity number
	KindNoIDCard  = "J" // J followed by 18 characters built like an identity number
	KindTemporary = "L" // L, address code, birth date and 4 random digits
)

// StudentNo is a validated national student number (全国学籍号).
type StudentNo struct {
	Number string    // normalised: upper-case prefix and check character
	Kind   string    // KindFormal, KindNoIDCard or KindTemporary
	Birth  time.Time // birth date at 00:00 UTC
	Male   *bool     // nil for temporary (L) numbers, which carry no sex
}

// ParseStudentNo validates a national student number:
//
//   - G + an 18-character identity number, checked as by ParseIDNumber;
//   - J + 18 characters with the same structure and MOD 11-2 check character,
//     issued to children without an identity card;
//   - L + 6-digit address code + 8-digit birth date + 4 random digits,
//     a temporary number without a check character.
//
// A lower-case prefix or check character is accepted and normalised. The
// embedded identity number is deliberately not exposed: a student number is
// not a substitute for the identity number and must not be turned into one.
func ParseStudentNo(s string, today time.Time) (StudentNo, error) {
	const label = "学籍号"
	if s == "" {
		return StudentNo{}, errorf("%s为空", label)
	}
	first, size := utf8.DecodeRuneInString(s)
	var kind string
	switch first {
	case 'G', 'g':
		kind = KindFormal
	case 'J', 'j':
		kind = KindNoIDCard
	case 'L', 'l':
		kind = KindTemporary
	default:
		return StudentNo{}, errorf("%s应以G、J或L开头，实际第1位为%s", label, showRune(first, size))
	}
	body := s[1:]
	if err := checkDigits(body, label, 1, kind != KindTemporary); err != nil {
		return StudentNo{}, err
	}
	if len(body) != 18 {
		return StudentNo{}, errorf("%s应为19位（1位字母加18位），当前为%d位", label, len(s))
	}
	if kind == KindTemporary {
		if err := checkArea(body[:6], label); err != nil {
			return StudentNo{}, err
		}
		birth, err := parseBirth(body[6:14], today, label)
		if err != nil {
			return StudentNo{}, err
		}
		return StudentNo{Number: kind + body, Kind: kind, Birth: birth}, nil
	}
	id, err := parse18(body, today, label)
	if err != nil {
		return StudentNo{}, err
	}
	male := id.Male
	return StudentNo{Number: kind + id.Number, Kind: kind, Birth: id.Birth, Male: &male}, nil
}
