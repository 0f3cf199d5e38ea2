package enroll

import (
	"strconv"
	"strings"
)

// RuleKind is the shape of a catchment rule.
type RuleKind int

// The kinds of rule.
const (
	// Unparsed: a line (or part of one) the parser cannot read precisely,
	// such as 人民路以东. It is kept, matches nothing, and is flagged for manual
	// handling.
	Unparsed RuleKind = iota
	// WholeStreet: every number on Street (光明路全段, or a bare 光明路).
	WholeStreet
	// StreetNumbers: the numbers From–To on Street with the given parity
	// (人民路1-99号(单号), 建设街2至58号双号, 人民路5号, 人民路100号以上).
	StreetNumbers
	// WholeCompound: every address in Compound (幸福小区).
	WholeCompound
	// CompoundBuildings: buildings From–To of Compound with the given parity
	// (幸福小区1-12栋).
	CompoundBuildings
)

// Parity restricts a range to odd or even numbers.
type Parity int

// The parities. 单号 are odd numbers, 双号 even ones.
const (
	AnyParity Parity = iota
	Odd
	Even
)

// OpenEnd (999999, the largest number the parser reads) is To for a range
// with no upper end (…号以上).
const OpenEnd = maxNumber

// Rule is one parsed catchment rule. Names are normalised (see Normalize).
// Ranges are inclusive at both ends: "以上" and "以下" include the number
// itself (民法典 第一千二百五十九条).
type Rule struct {
	Kind     RuleKind
	Street   string // WholeStreet, StreetNumbers
	Compound string // WholeCompound, CompoundBuildings
	From, To int    // StreetNumbers: house numbers; CompoundBuildings: buildings; To is OpenEnd for 以上
	Parity   Parity
	Text     string // the part of the line this rule was read from (normalised)
	Line     string // the whole line as published, for manual handling
	Reason   string // Unparsed: why, in Chinese
}

// String renders a parsed rule canonically (人民路1-99号(单号), 幸福小区1-12栋,
// 光明路全段); parsing the rendering gives the same rule. An unparsed rule
// renders as its text.
func (r Rule) String() string {
	var b strings.Builder
	switch r.Kind {
	case WholeStreet:
		return r.Street + "全段"
	case WholeCompound:
		return r.Compound
	case StreetNumbers:
		b.WriteString(r.Street)
		writeRange(&b, r.From, r.To, "号")
	case CompoundBuildings:
		b.WriteString(r.Compound)
		writeRange(&b, r.From, r.To, "栋")
	default:
		return r.Text
	}
	switch r.Parity {
	case Odd:
		b.WriteString("(单号)")
	case Even:
		b.WriteString("(双号)")
	}
	return b.String()
}

func writeRange(b *strings.Builder, from, to int, unit string) {
	switch {
	case to == OpenEnd:
		b.WriteString(strconv.Itoa(from) + unit + "以上")
	case from == to:
		b.WriteString(strconv.Itoa(from) + unit)
	default:
		b.WriteString(strconv.Itoa(from) + "-" + strconv.Itoa(to) + unit)
	}
}

// ParseCatchmentLine reads one published catchment line into rules. A blank
// line gives none; any other line gives at least one rule, and whatever
// cannot be read precisely becomes an Unparsed rule — nothing is dropped.
//
// The line is normalised first (full width, Chinese numerals; see Normalize),
// and leading divisions are removed from every name found (青溪区人民路 →
// 人民路). It may list several parts separated by 、 , or ; (outside
// brackets); a part without a name continues the previous part's street or
// compound (人民路1-99号(单号)、2-50号(双号); 幸福小区1-5栋、8栋). Each part is
//
//	road            路/街/道/巷/大道/大街/胡同 ending the name: the whole street
//	road 全段        also 全线 全路段 全街 全部 全程 整条
//	road N号                    one number
//	road N-M号  N至M号  N号-M号  N到M号   a range; 号 may be left out
//	road N号以上 / N号及以上      N and above; 以下/及以下: 1 to N
//	… followed or preceded by (单号) 单号 单数 奇数 单 / (双号) 双号 双数 偶数 双
//	compound        ending in 小区, 花园, 家园, 苑, 园, 村, … (optionally N期/N区)
//	compound 全部    also 全体
//	compound N栋, N-M栋, N栋以上 … with 栋, 幢, 号楼 or 座, and parity as above;
//	                 before a building range any name counts as a compound
//
// A range whose start exceeds its end, a parity that contradicts an end
// (2-58号单号), a number 0, or anything else (人民路以东, 人民路东段) is Unparsed.
func ParseCatchmentLine(line string) []Rule {
	t := string(normalizeText(line))
	if t == "" {
		return nil
	}
	body := strings.TrimRight(t, "。.,;、")
	if body == "" {
		return []Rule{{Kind: Unparsed, Text: t, Line: line, Reason: "只有标点"}}
	}
	var out []Rule
	var ctx partContext
	for _, part := range splitParts(body) {
		r := parsePart([]rune(part), &ctx)
		r.Text, r.Line = part, line
		out = append(out, r)
	}
	return out
}

// ParseCatchmentText parses every line of a published catchment text.
func ParseCatchmentText(text string) []Rule {
	var out []Rule
	for line := range strings.Lines(text) {
		out = append(out, ParseCatchmentLine(strings.TrimRight(line, "\r\n"))...)
	}
	return out
}

// splitParts splits on 、 , ; outside brackets; empty parts are kept so that
// "人民路1号,,2号" reports the empty part rather than hiding it.
func splitParts(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(', '[', '【':
			depth++
		case ')', ']', '】':
			depth--
		case '、', ',', ';':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + len(string(r))
			}
		}
	}
	return append(parts, s[start:])
}

// partContext carries the last street and compound to parts without a name.
type partContext struct {
	street, compound string
}

func unparsed(reason string) Rule { return Rule{Kind: Unparsed, Reason: reason} }

var (
	wholeStreetWords   = []string{"全段", "全线", "全路段", "全街", "全部", "全程", "整条"}
	wholeCompoundWords = []string{"全部", "全体"}
)

// maxPart bounds the length of one part of a line, in characters; real parts
// are a name and a range.
const maxPart = 64

// parsePart reads one part.
func parsePart(p []rune, ctx *partContext) Rule {
	if len(p) == 0 {
		return unparsed("空白的分项")
	}
	if len(p) > maxPart {
		return unparsed("分项过长，无法识别")
	}
	why := "" // the most specific reason a range was refused
	try := func(spec []rune, buildings bool) (Rule, bool) {
		r, ok, reason := parseSpec(spec, buildings)
		if !ok && why == "" {
			why = reason
		}
		return r, ok
	}
	// A part that starts with a number or a parity word continues the
	// previous name. (A name may start with a parity character too — 双塔路 —
	// so only a number makes it certain.)
	if _, n := parseParity(p, 0); isDigit(p[0]) || n > 0 {
		if ctx.street != "" {
			if r, ok := try(p, false); ok {
				r.Street = ctx.street
				return r
			}
		}
		if ctx.compound != "" {
			if r, ok := try(p, true); ok {
				r.Compound = ctx.compound
				return r
			}
		}
		if isDigit(p[0]) || p[0] == '(' {
			if why != "" {
				return unparsed(why)
			}
			return unparsed("缺少路名或小区名，或无法识别的门牌范围")
		}
		why = ""
	}
	// name + spec: try the longest name first.
	nameLen := 0
	for nameLen < len(p) && isNameRune(p[nameLen]) {
		nameLen++
	}
	for k := nameLen; k >= 2; k-- {
		head := string(p[:k])
		for _, w := range roadSuffixRunes {
			if !endsWithAny(p[:k], [][]rune{w}) || endsWithAny(p[:k], [][]rune{[]rune("街道")}) {
				continue // 街道 is a subdistrict, not a street
			}
			if word := string(p[k:]); word == "" || contains(wholeStreetWords, word) {
				*ctx = partContext{street: normalizeName(head)}
				return Rule{Kind: WholeStreet, Street: ctx.street}
			}
			if r, ok := try(p[k:], false); ok {
				*ctx = partContext{street: normalizeName(head)}
				r.Street = ctx.street
				return r
			}
		}
		if isCompoundName(p[:k]) {
			if word := string(p[k:]); word == "" || contains(wholeCompoundWords, word) {
				*ctx = partContext{compound: normalizeName(head)}
				return Rule{Kind: WholeCompound, Compound: ctx.compound}
			}
			if r, ok := try(p[k:], true); ok {
				*ctx = partContext{compound: normalizeName(head)}
				r.Compound = ctx.compound
				return r
			}
		}
	}
	// Any name before a building range is a compound (锦绣江南1-12栋).
	for k := 1; k < len(p); k++ {
		if !isDigit(p[k]) || isDigit(p[k-1]) || !allNameRunes(p[:k]) {
			continue
		}
		if r, ok := try(p[k:], true); ok {
			*ctx = partContext{compound: normalizeName(string(p[:k]))}
			r.Compound = ctx.compound
			return r
		}
	}
	if why != "" {
		return unparsed(why)
	}
	for _, w := range roadSuffixes {
		if strings.Contains(string(p[1:]), w) {
			return unparsed("路名后的内容无法识别为门牌号范围（如“以东”“东段”须人工划定）")
		}
	}
	return unparsed("无法识别为路名、门牌号范围或小区名（小区名须以小区、花园、苑、园、村等结尾，或后接楼栋范围）")
}

func allNameRunes(rs []rune) bool {
	for _, r := range rs {
		if !isNameRune(r) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, w := range list {
		if w == s {
			return true
		}
	}
	return false
}

// parseSpec reads a number range with optional parity: house numbers (unit
// 号, optional) or, when buildings, building numbers (栋 幢 号楼 座,
// required). An empty spec is not a range.
//
// It returns ok=false with an empty reason when p is not a range at all, and
// with a Chinese reason when it is a range that cannot be accepted.
func parseSpec(p []rune, buildings bool) (r Rule, ok bool, reason string) {
	kind := StreetNumbers
	if buildings {
		kind = CompoundBuildings
	}
	i := 0
	par := AnyParity
	if q, n := parseParity(p, i); n > i {
		par, i = q, n
	}
	num := func() (int, bool) {
		e := digitsAt(p, i)
		v, ok := atoiDigits(p[i:e])
		if !ok {
			return 0, false
		}
		i = e
		return v, true
	}
	unit := func() bool {
		if !buildings {
			if hasPrefixAt(p, i, "号") && !hasPrefixAt(p, i, "号楼") {
				i++
				return true
			}
			return false
		}
		for _, m := range buildingMarkers {
			if hasPrefixAt(p, i, m) {
				i += len([]rune(m))
				return true
			}
		}
		return false
	}
	from, ok := num()
	if !ok {
		return Rule{}, false, ""
	}
	hasUnit := unit()
	to := from
	above, below := false, false
	switch {
	case i < len(p) && isRangeSep(p[i]):
		i++
		if to, ok = num(); !ok {
			return Rule{}, false, ""
		}
		hasUnit = unit() || hasUnit
	case hasPrefixAt(p, i, "及以上") || hasPrefixAt(p, i, "以上"):
		if hasPrefixAt(p, i, "及") {
			i++
		}
		i += 2
		to, above = OpenEnd, true
	case hasPrefixAt(p, i, "及以下") || hasPrefixAt(p, i, "以下"):
		if hasPrefixAt(p, i, "及") {
			i++
		}
		i += 2
		from, to, below = 1, from, true
	}
	if buildings && !hasUnit {
		return Rule{}, false, ""
	}
	if q, n := parseParity(p, i); n > i {
		if par != AnyParity && q != par {
			return Rule{}, false, "单双号前后矛盾"
		}
		par, i = q, n
	}
	switch {
	case i != len(p):
		return Rule{}, false, ""
	case from < 1:
		return Rule{}, false, "号码须从 1 起"
	case from > to:
		return Rule{}, false, "起号大于止号"
	}
	if par != AnyParity {
		// 以上 and 以下 give a threshold, not a house: move it to the first
		// number of the parity. An explicit end must already have it.
		if above && !parityOK(from, par) {
			from++
		}
		if below {
			if !parityOK(to, par) {
				to--
			}
			if !parityOK(from, par) {
				from++
			}
		}
		if !parityOK(from, par) || (to != OpenEnd && !parityOK(to, par)) || from > to {
			return Rule{}, false, "起止号与单双号不一致"
		}
	}
	return Rule{Kind: kind, From: from, To: to, Parity: par}, true, ""
}

func parityOK(n int, p Parity) bool {
	switch p {
	case Odd:
		return n%2 == 1
	case Even:
		return n%2 == 0
	}
	return true
}

var parityWords = []struct {
	word string
	p    Parity
}{
	{"单号", Odd}, {"单数", Odd}, {"奇数", Odd}, {"单侧", Odd}, {"单", Odd},
	{"双号", Even}, {"双数", Even}, {"偶数", Even}, {"双侧", Even}, {"双", Even},
}

// parseParity reads a parity word, optionally in brackets, at i; it returns i
// unchanged when there is none.
func parseParity(p []rune, i int) (Parity, int) {
	j := i
	open := j < len(p) && p[j] == '('
	if open {
		j++
	}
	for _, w := range parityWords {
		if hasPrefixAt(p, j, w.word) {
			k := j + len([]rune(w.word))
			if open {
				if k >= len(p) || p[k] != ')' {
					return AnyParity, i
				}
				k++
			}
			return w.p, k
		}
	}
	return AnyParity, i
}
