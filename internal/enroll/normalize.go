package enroll

import (
	"strconv"
	"strings"
	"unicode"
)

// Normalize returns the canonical text form of an address or a catchment
// line, the form in which names are compared:
//
//  1. full-width ASCII (Ｕ+FF01–FF5E) becomes half-width, the ideographic
//     space a space; every dash (‐ ‑ ‒ – — ― − ﹣) and wave (〜 ∼ ~) becomes
//     "-";
//  2. white space, control and format characters (zero-width space, BOM) are
//     removed, since they carry no meaning in a Chinese address;
//  3. ASCII letters are upper-cased (a座 = A座);
//  4. a run of Chinese numerals (〇零一二两三四五六七八九十百千万) becomes
//     Arabic digits when it is followed by a unit of an address (号 栋 幢 座
//     单元 室 层 楼 期 区 弄 组 排 户 门 段) or by a range separator (- 至 到)
//     and a digit: 二十三号 → 23号, 一百零五号 → 105号, 二〇八室 → 208室,
//     一至九十九号 → 1至99号. Other runs stay as written, so names keep their
//     numerals (一品苑, 万科城, 十里河, 五四路, 二环路); a run that is not a
//     well-formed number (百号) stays too. Conversely a single digit between a
//     Chinese character and 路/街/巷/道 is a road ordinal and is written in
//     Chinese: 建设1路 → 建设一路. Longer numbers in road names are left
//     alone (54路 may be 五四路 or 五十四路);
//  5. leading administrative divisions are removed, repeatedly: a name of 2–8
//     Chinese characters ending in 省, 自治区, 特别行政区, 市, 自治州, 地区, 盟,
//     区, 县, 旗, 街道, 镇 or 乡 (江苏省南京市鼓楼区, 城关街道). The name ends at
//     the first such suffix. It is kept when it is really part of a place
//     name: 小区/社区/园区/校区/片区/景区/厂区/营区/住宅区/生活区/商业区/工业区/
//     开发区 are not districts, and nothing is removed when what follows would
//     be empty, would start with a digit, or would start with a road or
//     compound word (新城市花园 stays).
//
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	return string(stripAdmin(normalizeText(s)))
}

// normalizeText does steps 1–4: everything but removing divisions, which
// the catchment parser applies to each name it finds instead.
func normalizeText(s string) []rune {
	return roadOrdinals(convertNumerals(fold(s)))
}

// normalizeName removes leading divisions from a road or compound name.
func normalizeName(name string) string { return string(stripAdmin([]rune(name))) }

// fold does steps 1–3.
func fold(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		switch r {
		case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63, '~', 0x301C, 0x223C:
			r = '-'
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		out = append(out, r)
	}
	return out
}

// roadOrdinals writes a lone digit between a Chinese character and a road
// word in Chinese (建设1路 → 建设一路).
func roadOrdinals(rs []rune) []rune {
	const chinese = "〇一二三四五六七八九"
	for i := 1; i+1 < len(rs); i++ {
		if !isDigit(rs[i]) || !unicode.Is(unicode.Han, rs[i-1]) {
			continue
		}
		if next := rs[i+1]; next != '路' && next != '街' && next != '巷' && next != '道' {
			continue
		}
		if rs[i] == '0' {
			continue
		}
		rs[i] = []rune(chinese)[rs[i]-'0']
	}
	return rs
}

// numeralValue returns the value of a Chinese numeral character: 0–9 for
// digits, 10/100/1000/10000 for the multipliers.
func numeralValue(r rune) (int, bool) {
	switch r {
	case '〇', '零':
		return 0, true
	case '一':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	case '十':
		return 10, true
	case '百':
		return 100, true
	case '千':
		return 1000, true
	case '万':
		return 10000, true
	}
	return 0, false
}

func isNumeral(r rune) bool { _, ok := numeralValue(r); return ok }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// numeralUnits are the characters after which a run of Chinese numerals is
// a number (单元 is matched by its first character).
const numeralUnits = "号栋幢座单室层楼期区弄组排户门段"

func isRangeSep(r rune) bool { return r == '-' || r == '至' || r == '到' }

// convertNumerals does step 4.
func convertNumerals(rs []rune) []rune {
	type run struct {
		start, end int
		digits     string
		conv       bool
	}
	var runs []run
	for i := 0; i < len(rs); {
		if !isNumeral(rs[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(rs) && isNumeral(rs[j]) {
			j++
		}
		runs = append(runs, run{start: i, end: j})
		i = j
	}
	if len(runs) == 0 {
		return rs
	}
	// Right to left, so that a run followed by "至" and another run knows
	// whether that run became digits (一至九十九号 → 1至99号).
	for k := len(runs) - 1; k >= 0; k-- {
		i := runs[k].end
		follow := false
		if i < len(rs) {
			switch {
			case strings.ContainsRune(numeralUnits, rs[i]):
				follow = true
			case isRangeSep(rs[i]) && i+1 < len(rs):
				follow = isDigit(rs[i+1]) || k+1 < len(runs) && runs[k+1].start == i+1 && runs[k+1].conv
			}
		}
		if follow {
			runs[k].digits, runs[k].conv = chineseNumber(rs[runs[k].start:runs[k].end])
		}
	}
	out := make([]rune, 0, len(rs)+8)
	prev := 0
	for _, r := range runs {
		if !r.conv {
			continue
		}
		out = append(out, rs[prev:r.start]...)
		out = append(out, []rune(r.digits)...)
		prev = r.end
	}
	return append(out, rs[prev:]...)
}

// chineseNumber converts a run of Chinese numerals to decimal digits. A run
// without multipliers is read digit by digit (二〇八 → 208); otherwise it must
// be a well-formed number below 10⁸ (一百零五 → 105, 十二 → 12, 一百五 → 150).
func chineseNumber(run []rune) (string, bool) {
	multiplier := false
	for _, r := range run {
		if v, _ := numeralValue(r); v >= 10 {
			multiplier = true
		}
	}
	if !multiplier {
		b := make([]byte, len(run))
		for i, r := range run {
			v, _ := numeralValue(r)
			b[i] = byte('0' + v)
		}
		return string(b), true
	}
	total, section := 0, 0
	digit := -1
	lastUnit := 100000 // multipliers within a section must decrease
	zero := false      // a 零 since the last multiplier
	wan := false
	for _, r := range run {
		v, _ := numeralValue(r)
		switch {
		case v < 10 && (r == '零' || r == '〇'):
			if digit >= 0 {
				return "", false
			}
			zero = true
		case v < 10:
			if digit >= 0 {
				return "", false
			}
			digit = v
		case v == 10000:
			if wan || digit < 0 && section == 0 {
				return "", false
			}
			if digit >= 0 {
				section += digit
			}
			total, section, digit, lastUnit, zero, wan = section*10000, 0, -1, 100000, false, true
		default:
			if v >= lastUnit {
				return "", false
			}
			if digit < 0 {
				if v != 10 || zero {
					return "", false
				}
				digit = 1 // 十二 = 12, 一百十 = 110
			}
			section += digit * v
			digit, lastUnit, zero = -1, v, false
		}
	}
	if digit >= 0 {
		if !zero && lastUnit >= 100 && lastUnit < 100000 {
			section += digit * lastUnit / 10 // 一百五 = 150, 三千二 = 3200
		} else if !zero && wan && lastUnit == 100000 {
			section += digit * 1000 // 三万五 = 35000
		} else {
			section += digit
		}
	}
	return strconv.Itoa(total + section), true
}

// Administrative suffixes (step 5), longest first where one ends another.
var adminSuffixes = []string{"特别行政区", "自治区", "自治州", "自治县", "地区", "街道", "省", "市", "盟", "区", "县", "旗", "镇", "乡"}

// notDistrict are words ending in 区 that name no district.
var notDistrict = []string{"小区", "社区", "园区", "校区", "片区", "景区", "厂区", "营区", "住宅区", "生活区", "商业区", "工业区", "开发区", "保税区", "示范区", "城区", "街区", "新区小区"}

// stripAdmin does step 5.
func stripAdmin(rs []rune) []rune {
	for {
		n := adminPrefix(rs)
		if n == 0 {
			return rs
		}
		rs = rs[n:]
	}
}

// adminPrefix returns the length of a removable administrative division at
// the start of rs, or 0.
func adminPrefix(rs []rune) int {
	for end := 3; end < len(rs) && end <= 8+len(adminSuffixRunes[0]); end++ {
		head := rs[:end]
		for _, suf := range adminSuffixRunes {
			if len(head) <= len(suf) || !runesEqual(head[len(head)-len(suf):], suf) {
				continue
			}
			name := head[:len(head)-len(suf)]
			if len(name) < 2 || len(name) > 8 || !adminName(name) {
				continue
			}
			if len(suf) == 1 && suf[0] == '区' && endsWithAny(head, notDistrictRunes) {
				continue
			}
			if placeWordAhead(rs[end:]) || isDigit(rs[end]) {
				continue // part of a name, or no name follows
			}
			return end
		}
	}
	return 0
}

// adminName reports whether name can be the name of a division: Chinese
// characters that do not end a road or number a house.
func adminName(name []rune) bool {
	for _, r := range name {
		if !unicode.Is(unicode.Han, r) || strings.ContainsRune("路街号栋幢室", r) {
			return false
		}
	}
	return true
}

// placeWordAhead reports whether rest, the text after a would-be division,
// shows the division to be part of a name: rest starts with a two-character
// road or compound word (花园, 大道, …), or its leading run of Chinese
// characters is just such a word (新城市花园 → 花园; 江城市苑 → 苑).
func placeWordAhead(rest []rune) bool {
	n := 0 // the leading run, up to one more than the longest word
	for n < len(rest) && n <= 4 && unicode.Is(unicode.Han, rest[n]) {
		n++
	}
	for _, ws := range [][][]rune{roadSuffixRunes, compoundSuffixRunes} {
		for _, w := range ws {
			if len(w) >= 2 && startsWithAny(rest, [][]rune{w}) || runesEqual(rest[:n], w) {
				return true
			}
		}
	}
	return false
}

var (
	adminSuffixRunes = runeWords(adminSuffixes)
	notDistrictRunes = runeWords(notDistrict)
)
