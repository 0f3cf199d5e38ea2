package enroll

import (
	"strconv"
	"strings"
	"unicode"
)

// Words that end a road name and a compound (residential estate) name,
// longest first where one ends another.
var (
	roadSuffixes     = []string{"大道", "大街", "胡同", "路", "街", "道", "巷"}
	compoundSuffixes = []string{"小区", "花园", "家园", "新村", "公寓", "大厦", "广场", "山庄", "宿舍", "苑", "园", "村", "城", "府", "邸", "庭", "湾", "居", "坊", "里"}
	buildingMarkers  = []string{"号楼", "栋", "幢", "座"}
)

// Address is an address split into the parts catchments are written in. The
// parts are substrings of the normalised text; numbers are as written there
// (Arabic digits after Normalize).
type Address struct {
	Text     string // Normalize(input)
	Road     string // 人民路; empty when none was found
	Number   int    // 门牌号 on Road (23 for 23号, 23-1号 and 23号之一); 0 when none
	Compound string // 幸福小区, 幸福小区2期; empty when none
	Building string // 栋/幢/号楼/座: "5", "A"; empty when none
	Unit     string // 单元: "2"; empty when none
	Room     string // 室: "301"; empty when none
	Rest     string // text after the recognised parts, if any
}

// ParseAddress normalises s and splits it into road and number, then
// compound, building, unit and room. Recognised forms:
//
//	[divisions] 路名 N号 [院] [小区 [N栋|N幢|N号楼|N座] [N单元] [N室]]
//	[divisions] 小区 [N期] [N栋…] [N单元] [N室]
//	小区 B-U-R or B-R (5-2-301, 5-301)
//
// A road name ends in 路, 街, 道, 巷, 大道, 大街 or 胡同 and is followed by
// its number; a compound name either ends in a compound word (小区, 花园, 苑,
// 村, …, optionally followed by N期 or N区) or is followed by a building,
// unit or room. What cannot be read is left in Rest, never guessed.
func ParseAddress(s string) Address {
	t := []rune(Normalize(s))
	a := Address{Text: string(t)}
	i := 0
	if name, num, next, ok := findRoadNumber(t); ok {
		a.Road, a.Number, i = name, num, next
		if i < len(t) && t[i] == '院' {
			i++
		}
	}
	i = parseCompound(t, i, &a)
	a.Rest = string(t[i:])
	return a
}

// String renders the recognised parts canonically: 人民路23号幸福小区5栋2单元301室.
// Parsing the rendering gives the same parts back.
func (a Address) String() string {
	var b strings.Builder
	if a.Road != "" {
		b.WriteString(a.Road)
		if a.Number > 0 {
			b.WriteString(strconv.Itoa(a.Number) + "号")
		}
	}
	b.WriteString(a.Compound)
	if a.Building != "" {
		b.WriteString(a.Building + "栋")
	}
	if a.Unit != "" {
		b.WriteString(a.Unit + "单元")
	}
	if a.Room != "" {
		b.WriteString(a.Room + "室")
	}
	b.WriteString(a.Rest)
	return b.String()
}

// maxNumber bounds house and building numbers, which keeps arithmetic on
// ranges far from overflow.
const maxNumber = 999999

// atoiDigits parses ASCII digits (at most 6, so the value is ≤ maxNumber).
func atoiDigits(rs []rune) (int, bool) {
	if len(rs) == 0 || len(rs) > 6 {
		return 0, false
	}
	n := 0
	for _, r := range rs {
		if !isDigit(r) {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// digitsAt returns the end of the run of ASCII digits starting at i.
func digitsAt(t []rune, i int) int {
	for i < len(t) && isDigit(t[i]) {
		i++
	}
	return i
}

func hasPrefixAt(t []rune, i int, w string) bool {
	for _, r := range w {
		if i >= len(t) || t[i] != r {
			return false
		}
		i++
	}
	return true
}

// isNameRune reports whether r may be part of a road or compound name.
func isNameRune(r rune) bool {
	if strings.ContainsRune("号栋幢室", r) {
		return false
	}
	return unicode.Is(unicode.Han, r) || r >= 'A' && r <= 'Z' || isDigit(r) || r == '·'
}

// nameStops are words after which a road name starts afresh (人民社区人民路).
var nameStops = []string{"社区", "居委会", "村委会", "小区"}

// findRoadNumber finds the first "road name + number + 号" in t and returns
// the name, the number and the index after 号. 号楼 is a building, not a
// house number.
func findRoadNumber(t []rune) (name string, num, next int, ok bool) {
	for k := 1; k < len(t); k++ {
		for _, w := range roadSuffixes {
			if !hasPrefixAt(t, k, w) || w == "道" && t[k-1] == '街' {
				continue
			}
			e := k + len([]rune(w))
			d := digitsAt(t, e)
			n, valid := atoiDigits(t[e:d])
			if !valid || n == 0 {
				continue
			}
			end := d
			// 23-1号, 23之1号: a sub-number, which catchments do not use.
			if end+1 < len(t) && (t[end] == '-' || t[end] == '之') && isDigit(t[end+1]) {
				end = digitsAt(t, end+1)
			}
			if end >= len(t) || t[end] != '号' || hasPrefixAt(t, end, "号楼") {
				continue
			}
			start := k
			for start > 0 && isNameRune(t[start-1]) {
				start--
			}
			nm := string(t[start:k])
			for _, stop := range nameStops {
				if x := strings.LastIndex(nm, stop); x >= 0 {
					nm = nm[x+len(stop):]
				}
			}
			// A name cannot start with a digit; divisions before it go, as
			// at the start of the text (0号城关街道人民路 → 人民路).
			nm = strings.TrimSuffix(normalizeName(strings.TrimLeft(nm, "0123456789")+w), w)
			if nm == "" {
				continue
			}
			next = end + 1
			// 23号之一 (之 followed by a numeral that was not converted).
			if hasPrefixAt(t, next, "之") && next+1 < len(t) && (isNumeral(t[next+1]) || isDigit(t[next+1])) {
				next += 2
				for next < len(t) && (isNumeral(t[next]) || isDigit(t[next])) {
					next++
				}
			}
			return nm + w, n, next, true
		}
	}
	return "", 0, 0, false
}

// parseCompound reads [compound] [building] [unit] [room] from t[i:] into a
// and returns the index after what it recognised.
func parseCompound(t []rune, i int, a *Address) int {
	// The compound ends where a building, unit or room starts.
	b := i
	for b < len(t) && isNameRune(t[b]) {
		if isBlockStart(t, b) {
			break
		}
		b++
	}
	name := string(t[i:b])
	switch {
	case name == "":
	case b < len(t) && isBlockStart(t, b):
		a.Compound = normalizeName(name)
		i = b
	default:
		if n := compoundLen(t[i:b]); n > 0 {
			a.Compound = normalizeName(string(t[i : i+n]))
			i += n
		}
		return i
	}
	return parseBlock(t, i, a)
}

// isBlockStart reports whether t[b:] starts a building, unit or room: an
// ASCII digit run (or one letter) followed by a building marker, 单元 or 室,
// or digits-digits (5-2-301).
func isBlockStart(t []rune, b int) bool {
	if b > 0 && isDigit(t[b-1]) {
		return false // inside a number
	}
	e := digitsAt(t, b)
	if e == b {
		if t[b] >= 'A' && t[b] <= 'Z' && (b == 0 || !(t[b-1] >= 'A' && t[b-1] <= 'Z')) {
			e = b + 1
		} else {
			return false
		}
	}
	for _, m := range buildingMarkers {
		if hasPrefixAt(t, e, m) {
			return true
		}
	}
	if hasPrefixAt(t, e, "单元") || hasPrefixAt(t, e, "室") {
		return true
	}
	return e > b && isDigit(t[b]) && e+1 < len(t) && t[e] == '-' && isDigit(t[e+1])
}

// compoundLen returns the length of the longest prefix of name that is a
// compound name (see isCompoundName), or 0.
func compoundLen(name []rune) int {
	for end := len(name); end > 0; end-- {
		if isCompoundName(name[:end]) {
			return end
		}
	}
	return 0
}

// isCompoundName reports whether name ends in a compound word with at least
// one character before it, optionally followed by N期 or N区 (幸福小区2期).
func isCompoundName(name []rune) bool {
	if n := len(name); n > 2 && (name[n-1] == '期' || name[n-1] == '区') && isDigit(name[n-2]) {
		d := n - 2
		for d > 0 && isDigit(name[d-1]) {
			d--
		}
		if endsWithAny(name[:d], compoundSuffixRunes) {
			return true
		}
	}
	return endsWithAny(name, compoundSuffixRunes)
}

// endsWithAny reports whether rs ends with one of the words, with at least
// one character before it.
func endsWithAny(rs []rune, words [][]rune) bool {
	for _, w := range words {
		if len(rs) > len(w) && runesEqual(rs[len(rs)-len(w):], w) {
			return true
		}
	}
	return false
}

// startsWithAny reports whether rs starts with one of the words.
func startsWithAny(rs []rune, words [][]rune) bool {
	for _, w := range words {
		if len(rs) >= len(w) && runesEqual(rs[:len(w)], w) {
			return true
		}
	}
	return false
}

func runesEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func runeWords(ws []string) [][]rune {
	out := make([][]rune, len(ws))
	for i, w := range ws {
		out[i] = []rune(w)
	}
	return out
}

var (
	roadSuffixRunes     = runeWords(roadSuffixes)
	compoundSuffixRunes = runeWords(compoundSuffixes)
)

// parseBlock reads building, unit and room from t[i:].
func parseBlock(t []rune, i int, a *Address) int {
	token := func(j int) int { // digits, or a single letter
		if e := digitsAt(t, j); e > j {
			return e
		}
		if j < len(t) && t[j] >= 'A' && t[j] <= 'Z' {
			return j + 1
		}
		return j
	}
	// Dashed form: B-U-R or B-R.
	if e := digitsAt(t, i); e > i && e+1 < len(t) && t[e] == '-' && isDigit(t[e+1]) {
		e2 := digitsAt(t, e+1)
		if e2+1 < len(t) && t[e2] == '-' && isDigit(t[e2+1]) {
			e3 := digitsAt(t, e2+1)
			a.Building, a.Unit, a.Room = string(t[i:e]), string(t[e+1:e2]), string(t[e2+1:e3])
			return skipRoomMarker(t, e3)
		}
		a.Building, a.Room = string(t[i:e]), string(t[e+1:e2])
		return skipRoomMarker(t, e2)
	}
	if e := token(i); e > i {
		for _, m := range buildingMarkers {
			if hasPrefixAt(t, e, m) {
				a.Building = string(t[i:e])
				i = e + len([]rune(m))
				break
			}
		}
	}
	if e := digitsAt(t, i); e > i && hasPrefixAt(t, e, "单元") {
		a.Unit = string(t[i:e])
		i = e + 2
	}
	// A room: N室 or N房; after a building or unit also N号 or a bare N at
	// the end (5栋301). A bare 3号 after a compound is left alone: it may be a
	// building as well as a room.
	block := a.Building != "" || a.Unit != ""
	if e := token(i); e > i {
		switch {
		case e < len(t) && (t[e] == '室' || t[e] == '房'),
			block && e < len(t) && t[e] == '号',
			block && e == len(t):
			a.Room = string(t[i:e])
			i = skipRoomMarker(t, e)
		}
	}
	return i
}

func skipRoomMarker(t []rune, i int) int {
	if i < len(t) && strings.ContainsRune("室号房", t[i]) {
		return i + 1
	}
	return i
}
