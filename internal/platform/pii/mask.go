package pii

import (
	"strings"
	"unicode"
)

// MaskIDNumber keeps the first 3 and last 4 characters of an identity number
// and replaces the rest with one asterisk each, e.g. "110105194912310021" →
// "110***********0021". Values shorter than 8 characters are fully masked,
// so at most 7 characters are ever shown. It counts runes, not bytes.
func MaskIDNumber(s string) string {
	r := []rune(s)
	if len(r) < 8 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

// MaskStudentNo masks a student number like MaskIDNumber:
// "G11010519491231002X" → "G11************002X".
func MaskStudentNo(s string) string { return MaskIDNumber(s) }

// MaskPhone masks a telephone number. An 11-digit mobile number keeps its
// first 3 and last 4 digits ("13800000000" → "138****0000"). A landline
// written with an area code and a hyphen keeps the area code and the last 4
// digits ("0571-88886666" → "0571-****6666"). Any other value keeps only its
// last 4 digits; separators and other characters are left in place. Numbers
// with fewer than 7 digits keep only their last half.
func MaskPhone(s string) string {
	if len(s) == 11 && s[0] == '1' && isDigits(s) {
		return s[:3] + "****" + s[7:]
	}
	if area, local, ok := strings.Cut(s, "-"); ok && len(area) >= 3 && len(area) <= 4 && area[0] == '0' && isDigits(area) {
		return area + "-" + maskDigits(local)
	}
	return maskDigits(s)
}

// maskDigits replaces every digit (of any script, so full-width digits are
// masked too) with an asterisk except the last 4, or the last half when there
// are fewer than 7 digits.
func maskDigits(s string) string {
	r := []rune(s)
	n := 0
	for _, c := range r {
		if unicode.IsDigit(c) {
			n++
		}
	}
	keep := 4
	if n < 7 {
		keep = n / 2
	}
	seen := 0
	for i, c := range r {
		if unicode.IsDigit(c) {
			seen++
			if seen <= n-keep {
				r[i] = '*'
			}
		}
	}
	return string(r)
}

func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// MaskName masks a personal name by rune: one character is left as is, two
// keep the first ("张三" → "张*"), and longer names keep the first and last
// ("张小明" → "张*明", "欧阳小明" → "欧**明").
func MaskName(s string) string {
	r := []rune(s)
	switch len(r) {
	case 0, 1:
		return s
	case 2:
		return string(r[0]) + "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1])
}

// MaskAddress keeps the first 6 runes of an address, normally the province,
// city and district, and appends "****" whatever the remaining length.
// Addresses shorter than 12 runes keep only their first half (rounded down),
// so the masked form never shows most of a short address.
func MaskAddress(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	return string(r[:min(6, len(r)/2)]) + "****"
}
