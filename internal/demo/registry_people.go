package demo

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/platform/identity"
)

// idNumber hands out an ID number for a person registered at o and born
// on birth that no one else in the district has.
func (g *regGen) idNumber(o *regOrigin, birth time.Time, male bool) string {
	return identity.MakeIDNumber(o.area, birth, g.freeSeq(o, birth, male))
}

// freeSeq reserves a sequence number (odd for males) not yet used for the
// area and birth date, and returns it.
func (g *regGen) freeSeq(o *regOrigin, birth time.Time, male bool) int {
	y, m, d := birth.Date()
	base := o.num*100_000_000_000 + uint64(y*10000+int(m)*100+d)*1000
	parity := 0
	if male {
		parity = 1
	}
	for try := range 32 + 500 {
		seq := 2*(try-32) + parity // after 32 random draws, scan
		if try < 32 {
			seq = 2*g.r.IntN(500) + parity
		}
		if _, used := g.ids[base+uint64(seq)]; !used {
			g.ids[base+uint64(seq)] = struct{}{}
			return seq
		}
	}
	panic("demo: no free ID sequence number for " + o.area + birth.Format("20060102"))
}

// bornAged returns a birth date at which a person is age years old on
// 31 August of the school year's first year, the age cut-off of school
// entry: born 1 September age+1 years before to 31 August age years before.
func (g *regGen) bornAged(age int) time.Time {
	from := time.Date(g.year-age-1, 9, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(g.year-age, 9, 1, 0, 0, 0, 0, time.UTC).Sub(from).Hours() / 24)
	return time.Date(g.year-age-1, 9, 1+g.r.IntN(days), 0, 0, 0, 0, time.UTC)
}

// mobile hands out an 11-digit mobile number not used in the district yet.
func (g *regGen) mobile() string {
	for {
		i, n := g.r.IntN(len(mobilePrefixes)), g.r.IntN(100_000_000)
		key := uint64(i)<<32 | uint64(n)
		if _, used := g.phones[key]; !used {
			g.phones[key] = struct{}{}
			return mobilePrefixes[i] + regPad(n, 8)
		}
	}
}

// reservePhone keeps a number already given to an account from being
// handed out again.
func (g *regGen) reservePhone(phone string) {
	if len(phone) != 11 {
		return
	}
	for i, p := range mobilePrefixes {
		if strings.HasPrefix(phone, p) {
			n := 0
			for _, c := range phone[3:] {
				n = n*10 + int(c-'0')
			}
			g.phones[uint64(i)<<32|uint64(n)] = struct{}{}
			return
		}
	}
}

// regPad formats a non-negative n with at least width digits.
func regPad(n, width int) string {
	var b [20]byte
	i := len(b)
	for n > 0 || i > len(b)-width {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// regItoa formats a non-negative n.
func regItoa(n int) string { return regPad(n, 1) }

// femaleName guesses the sex of an adult's name from the last character of
// the given name, as the name generator draws it; draws when in doubt.
func (g *regGen) femaleName(name string) bool {
	last, _ := utf8.DecodeLastRuneInString(name)
	c := string(last)
	f := strings.Contains(strings.Join(adultFemale.second, ""), c)
	m := strings.Contains(strings.Join(adultMale.second, ""), c)
	if f != m {
		return f
	}
	return g.r.IntN(2) == 0
}
