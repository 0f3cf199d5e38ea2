package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Period is a report period: a calendar year (Half 0) or its first or second half (Half 1, 2).
type Period struct {
	Year int `json:"year"`
	Half int `json:"half"`
}

// ParsePeriod reads "2026", "2026H1" or "2026H2".
func ParsePeriod(s string) (Period, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	y, h, _ := strings.Cut(s, "H")
	p := Period{}
	var err error
	if p.Year, err = strconv.Atoi(y); err != nil || p.Year < 2000 || p.Year > 2100 {
		return p, errs.Field("period", "期间应写作 2026、2026H1 或 2026H2："+s)
	}
	if strings.Contains(s, "H") {
		if h != "1" && h != "2" {
			return p, errs.Field("period", "半年只能是 H1 或 H2："+s)
		}
		p.Half = int(h[0] - '0')
	}
	return p, nil
}

// String is the code of the period ("2026", "2026H1").
func (p Period) String() string {
	if p.Half == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%dH%d", p.Year, p.Half)
}

// Label is the period in Chinese ("2026年", "2026年上半年").
func (p Period) Label() string {
	switch p.Half {
	case 1:
		return fmt.Sprintf("%d年上半年", p.Year)
	case 2:
		return fmt.Sprintf("%d年下半年", p.Year)
	}
	return fmt.Sprintf("%d年", p.Year)
}

// Prev is the period before: the previous year, or the previous half.
func (p Period) Prev() Period {
	switch p.Half {
	case 0:
		return Period{Year: p.Year - 1}
	case 1:
		return Period{Year: p.Year - 1, Half: 2}
	}
	return Period{Year: p.Year, Half: 1}
}

// Next is the period after, of the same length.
func (p Period) Next() Period {
	switch p.Half {
	case 0:
		return Period{Year: p.Year + 1}
	case 1:
		return Period{Year: p.Year, Half: 2}
	}
	return Period{Year: p.Year + 1, Half: 1}
}

// Start and End bound the period (End exclusive), in China Standard Time.
func (p Period) Start() time.Time {
	m := time.January
	if p.Half == 2 {
		m = time.July
	}
	return time.Date(p.Year, m, 1, 0, 0, 0, 0, cst)
}

// End is the first instant after the period.
func (p Period) End() time.Time {
	if p.Half == 1 {
		return time.Date(p.Year, time.July, 1, 0, 0, 0, 0, cst)
	}
	return time.Date(p.Year+1, time.January, 1, 0, 0, 0, 0, cst)
}

// SchoolYear is the school year (starting in September) that the period reports on: the year
// starting in its autumn for a year or second half, the year that ends in it for a first half.
func (p Period) SchoolYear() int {
	if p.Half == 1 {
		return p.Year - 1
	}
	return p.Year
}

var cst = time.FixedZone("CST", 8*3600)
