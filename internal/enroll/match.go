package enroll

import (
	"cmp"
	"slices"
)

// Catchment is a school's catchment (单校划片), or a zone shared by several
// schools (多校划片), as parsed rules.
type Catchment struct {
	Schools []string // one school id, or the schools of a 多校划片 zone
	Rules   []Rule
}

// ParseCatchment parses a published catchment text (one rule per line) for
// the given school or schools.
func ParseCatchment(text string, schools ...string) Catchment {
	return Catchment{Schools: slices.Clone(schools), Rules: ParseCatchmentText(text)}
}

// Unparsed returns the rules that need manual handling.
func (c Catchment) Unparsed() []Rule {
	var out []Rule
	for _, r := range c.Rules {
		if r.Kind == Unparsed {
			out = append(out, r)
		}
	}
	return out
}

// Covers reports whether the rule covers the address. Unparsed rules cover
// nothing. A street rule needs the road to match exactly (after
// normalisation) and, unless it covers the whole street, the house number;
// a compound rule needs the compound and, for a building range, the building
// number.
func (r Rule) Covers(a Address) bool {
	switch r.Kind {
	case WholeStreet:
		return a.Road != "" && a.Road == r.Street
	case StreetNumbers:
		return a.Road != "" && a.Road == r.Street && r.inRange(a.Number)
	case WholeCompound:
		return a.Compound != "" && a.Compound == r.Compound
	case CompoundBuildings:
		if a.Compound == "" || a.Compound != r.Compound {
			return false
		}
		b, ok := atoiDigits([]rune(a.Building))
		return ok && r.inRange(b)
	}
	return false
}

func (r Rule) inRange(n int) bool {
	return n >= r.From && n <= r.To && n >= 1 && parityOK(n, r.Parity)
}

// Match returns the schools whose catchments cover the address, sorted and
// without repeats. More than one school means a 多校划片 zone or an overlap
// between catchments; none means the address needs manual handling.
func Match(address string, catchments []Catchment) []string {
	return MatchAddress(ParseAddress(address), catchments)
}

// MatchAddress is Match for an address already parsed.
func MatchAddress(a Address, catchments []Catchment) []string {
	var out []string
	for _, c := range catchments {
		for _, r := range c.Rules {
			if r.Covers(a) {
				out = append(out, c.Schools...)
				break
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// CatchmentIndex finds the rules that can cover an address by its road and its compound (a rule
// covers an address only when these are equal), so that a lookup reads the few rules of one street
// instead of every rule of the district. Match gives the same answer as MatchAddress.
type CatchmentIndex struct {
	catchments []Catchment
	byRoad     map[string][]ruleAt
	byCompound map[string][]ruleAt
}

type ruleAt struct{ c, r int }

// NewCatchmentIndex indexes the rules of cs (which it keeps; do not change them afterwards).
func NewCatchmentIndex(cs []Catchment) *CatchmentIndex {
	ix := &CatchmentIndex{catchments: cs, byRoad: map[string][]ruleAt{}, byCompound: map[string][]ruleAt{}}
	for c, cm := range cs {
		for r, rule := range cm.Rules {
			switch rule.Kind {
			case WholeStreet, StreetNumbers:
				ix.byRoad[rule.Street] = append(ix.byRoad[rule.Street], ruleAt{c, r})
			case WholeCompound, CompoundBuildings:
				ix.byCompound[rule.Compound] = append(ix.byCompound[rule.Compound], ruleAt{c, r})
			}
		}
	}
	return ix
}

// Match returns the schools whose catchments cover a, sorted and without repeats.
func (ix *CatchmentIndex) Match(a Address) []string {
	var out []string
	var seen []int
	try := func(refs []ruleAt) {
		for _, at := range refs {
			if !slices.Contains(seen, at.c) && ix.catchments[at.c].Rules[at.r].Covers(a) {
				seen = append(seen, at.c)
				out = append(out, ix.catchments[at.c].Schools...)
			}
		}
	}
	if a.Road != "" {
		try(ix.byRoad[a.Road])
	}
	if a.Compound != "" {
		try(ix.byCompound[a.Compound])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// OverlapAt returns the schools of the single-school catchments that cover
// the address when there are two or more of them (an overlap to resolve), or
// nil. Zones (多校划片) are left out: they overlap on purpose.
func OverlapAt(address string, catchments []Catchment) []string {
	var single []Catchment
	for _, c := range catchments {
		if len(c.Schools) == 1 {
			single = append(single, c)
		}
	}
	if got := Match(address, single); len(got) >= 2 {
		return got
	}
	return nil
}

// Overlap is a stretch covered by two single-school catchments of different
// schools.
type Overlap struct {
	SchoolA, SchoolB string // SchoolA < SchoolB
	RuleA, RuleB     Rule
	Common           Rule // the common part, as a rule (street numbers or buildings)
}

// String describes the overlap in Chinese.
func (o Overlap) String() string {
	return o.Common.String() + " 同时划入 " + o.SchoolA + "（" + o.RuleA.Line + "）和 " + o.SchoolB + "（" + o.RuleB.Line + "）"
}

// Overlaps reports every pair of rules of single-school catchments of
// different schools that cover a common address: two street rules on the
// same street whose ranges share a number of a common parity, or two
// compound rules on the same compound whose buildings intersect. A street
// rule and a compound rule are not compared: where a compound lies on a
// street is not in the text. Zones (多校划片) overlap on purpose and are
// skipped.
func Overlaps(catchments []Catchment) []Overlap {
	type owned struct {
		school string
		rule   Rule
	}
	byName := map[string][]owned{}
	var names []string
	for _, c := range catchments {
		if len(c.Schools) != 1 {
			continue
		}
		for _, r := range c.Rules {
			var key string
			switch r.Kind {
			case WholeStreet, StreetNumbers:
				key = "S" + r.Street
			case WholeCompound, CompoundBuildings:
				key = "C" + r.Compound
			default:
				continue
			}
			if _, seen := byName[key]; !seen {
				names = append(names, key)
			}
			byName[key] = append(byName[key], owned{c.Schools[0], r})
		}
	}
	var out []Overlap
	for _, key := range names {
		rules := byName[key]
		for x := range rules {
			for y := x + 1; y < len(rules); y++ {
				a, b := rules[x], rules[y]
				if a.school == b.school {
					continue
				}
				common, ok := intersect(a.rule, b.rule)
				if !ok {
					continue
				}
				if a.school > b.school {
					a, b = b, a
				}
				out = append(out, Overlap{SchoolA: a.school, SchoolB: b.school, RuleA: a.rule, RuleB: b.rule, Common: common})
			}
		}
	}
	return out
}

// span returns a rule's range, whole streets and compounds being 1–OpenEnd.
func span(r Rule) (from, to int, p Parity) {
	if r.Kind == WholeStreet || r.Kind == WholeCompound {
		return 1, OpenEnd, AnyParity
	}
	return r.From, r.To, r.Parity
}

// intersect returns the common part of two rules on the same street or
// compound.
func intersect(a, b Rule) (Rule, bool) {
	af, at, ap := span(a)
	bf, bt, bp := span(b)
	from, to := max(af, bf), min(at, bt)
	p := ap
	switch {
	case ap == AnyParity:
		p = bp
	case bp != AnyParity && bp != ap:
		return Rule{}, false
	}
	if !parityOK(from, p) {
		from++
	}
	if to != OpenEnd && !parityOK(to, p) {
		to--
	}
	if from > to {
		return Rule{}, false
	}
	c := Rule{Kind: StreetNumbers, Street: a.Street, From: from, To: to, Parity: p}
	if a.Kind == WholeCompound || a.Kind == CompoundBuildings {
		c = Rule{Kind: CompoundBuildings, Compound: a.Compound, From: from, To: to, Parity: p}
	}
	if from == 1 && to == OpenEnd && p == AnyParity {
		if c.Kind == StreetNumbers {
			c.Kind = WholeStreet
		} else {
			c.Kind = WholeCompound
		}
	}
	c.Text = c.String()
	return c, true
}

// Segment is a known stretch of a street (house numbers From–To) or of a
// compound (buildings From–To), e.g. from the door-plate register.
type Segment struct {
	Street   string // set one of Street and Compound
	Compound string
	From, To int
}

// Gap is a part of a known segment that no catchment covers.
type Gap struct {
	Segment Segment
	From    int
	To      int
	Parity  Parity // AnyParity: every number From–To; Odd/Even: only those
}

// String describes the gap in Chinese: 人民路101-199号(单号) 未划入任何学校.
func (g Gap) String() string {
	var r Rule
	if g.Segment.Compound != "" {
		r = Rule{Kind: CompoundBuildings, Compound: g.Segment.Compound, From: g.From, To: g.To, Parity: g.Parity}
	} else {
		r = Rule{Kind: StreetNumbers, Street: g.Segment.Street, From: g.From, To: g.To, Parity: g.Parity}
	}
	return r.String() + " 未划入任何学校"
}

// Gaps returns, for each known segment in order, the numbers that no rule of
// any catchment (single-school or zone) covers, as maximal ranges: a run in
// which every number is uncovered is one AnyParity gap; where only odd (or
// only even) numbers are uncovered the gap is given with that parity.
// Segment names are normalised like catchment lines.
func Gaps(known []Segment, catchments []Catchment) []Gap {
	var out []Gap
	for _, seg := range known {
		seg.Street, seg.Compound = Normalize(seg.Street), Normalize(seg.Compound)
		lo, hi := max(seg.From, 1), min(seg.To, OpenEnd)
		if lo > hi {
			continue
		}
		// Uncovered intervals per parity class, in number space.
		unc := [2][][2]int{}
		for cls := range 2 { // 0: even, 1: odd
			p := Even
			if cls == 1 {
				p = Odd
			}
			var cov [][2]int
			for _, c := range catchments {
				for _, r := range c.Rules {
					if !ruleOnSegment(r, seg) {
						continue
					}
					f, t, rp := span(r)
					if rp != AnyParity && rp != p {
						continue
					}
					f, t = max(f, lo), min(t, hi)
					if f <= t {
						cov = append(cov, [2]int{f, t})
					}
				}
			}
			unc[cls] = complement(cov, lo, hi, p)
		}
		out = append(out, combineGaps(seg, unc[1], unc[0])...)
	}
	return out
}

func ruleOnSegment(r Rule, s Segment) bool {
	switch r.Kind {
	case WholeStreet, StreetNumbers:
		return s.Compound == "" && r.Street == s.Street
	case WholeCompound, CompoundBuildings:
		return s.Compound != "" && r.Compound == s.Compound
	}
	return false
}

// complement returns the maximal intervals of numbers of parity p in
// [lo, hi] not in any of cov, each with both ends of parity p.
func complement(cov [][2]int, lo, hi int, p Parity) [][2]int {
	slices.SortFunc(cov, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	var out [][2]int
	next := lo // first number not yet known to be covered
	for _, c := range append(cov, [2]int{hi + 1, hi + 1}) {
		if c[0] > next {
			f, t := next, c[0]-1
			if !parityOK(f, p) {
				f++
			}
			if !parityOK(t, p) {
				t--
			}
			if f <= t {
				out = append(out, [2]int{f, t})
			}
		}
		next = max(next, c[1]+1)
	}
	return out
}

// combineGaps merges the odd and even uncovered intervals: where both
// parities are uncovered over a stretch, one AnyParity gap.
func combineGaps(seg Segment, odd, even [][2]int) []Gap {
	// Cut the number line at every interval end; inside a piece the status
	// of each parity is constant.
	cuts := []int{}
	for _, iv := range append(slices.Clone(odd), even...) {
		cuts = append(cuts, iv[0], iv[1]+1)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	in := func(ivs [][2]int, n int) bool {
		for _, iv := range ivs {
			if n >= iv[0] && n <= iv[1] {
				return true
			}
		}
		return false
	}
	var out []Gap
	for k := 0; k+1 < len(cuts); k++ {
		f, t := cuts[k], cuts[k+1]-1
		first := func(p Parity) int { // the first number of parity p in the piece
			if parityOK(f, p) {
				return f
			}
			return f + 1
		}
		o := first(Odd) <= t && in(odd, first(Odd))
		e := first(Even) <= t && in(even, first(Even))
		var g Gap
		switch {
		case o && e:
			g = Gap{Segment: seg, From: f, To: t, Parity: AnyParity}
		case o:
			g = Gap{Segment: seg, From: f, To: t, Parity: Odd}
		case e:
			g = Gap{Segment: seg, From: f, To: t, Parity: Even}
		default:
			continue
		}
		if g.Parity != AnyParity {
			if !parityOK(g.From, g.Parity) {
				g.From++
			}
			if !parityOK(g.To, g.Parity) {
				g.To--
			}
			if g.From > g.To {
				continue
			}
		}
		// Merge with the previous gap when contiguous and alike; a single
		// number next to an every-number gap joins it (the ends of parity
		// intervals fall one apart).
		if n := len(out); n > 0 {
			prev := &out[n-1]
			switch {
			case prev.Parity == g.Parity && contiguous(*prev, g),
				prev.Parity == AnyParity && g.From == g.To && prev.To+1 == g.From:
				prev.To = g.To
				continue
			case g.Parity == AnyParity && prev.From == prev.To && prev.To+1 == g.From:
				prev.To, prev.Parity = g.To, AnyParity
				continue
			}
		}
		out = append(out, g)
	}
	for i := range out {
		if out[i].From == out[i].To {
			out[i].Parity = AnyParity // one number has no parity to state
		}
	}
	return out
}

func contiguous(a, b Gap) bool {
	if a.Parity == AnyParity {
		return a.To+1 == b.From
	}
	return a.To+2 == b.From
}
