package reports

import (
	"embed"
	"strings"
)

//go:embed templates/*.txt
var defaultFS embed.FS

// Template kinds: the annual summary (with next year's plan) and the half-year summary.
const (
	KindAnnual   = "annual"
	KindHalfYear = "half-year"
)

// Kinds lists the template kinds with their Chinese names.
var Kinds = []struct{ Code, Name string }{{KindAnnual, "年度工作总结"}, {KindHalfYear, "半年工作总结"}}

// DefaultTemplate is the shipped template text of a kind ("" when unknown).
func DefaultTemplate(kind string) string {
	b, err := defaultFS.ReadFile("templates/" + kind + ".txt")
	if err != nil {
		return ""
	}
	return strings.TrimLeft(string(b), "\ufeff")
}

// KindFor is the template kind that fits a period: annual for a year, half-year for a half.
func KindFor(p Period) string {
	if p.Half == 0 {
		return KindAnnual
	}
	return KindHalfYear
}
