package reports

import (
	"fmt"
	"regexp"
	"strings"
)

var numberRe = regexp.MustCompile(`[0-9]+(\.[0-9]+)?`)

// Untraced checks that every number of the body is accounted for: a run showing a figure must show
// that figure's text, each chart bar its figure, and a number in the remaining wording must come from
// the given wording (template, plan, period labels) or appear in the appendix (figures and targets).
// It returns one line per number that is not.
func (d *Doc) Untraced(wording ...string) []string {
	allowed := map[string]bool{}
	for _, s := range wording {
		for _, n := range numberRe.FindAllString(s, -1) {
			allowed[n] = true
		}
	}
	appendix := map[string]bool{}
	for _, f := range d.Figures {
		for _, n := range numberRe.FindAllString(strings.Join(FigureRow(f), " "), -1) {
			appendix[n] = true
		}
	}
	for _, t := range d.Targets {
		for _, n := range numberRe.FindAllString(t.Text, -1) {
			appendix[n] = true
		}
	}
	var out []string
	for _, n := range numberRe.FindAllString(d.Title, -1) {
		if !allowed[n] {
			out = append(out, fmt.Sprintf("标题中的数字 %s", n))
		}
	}
	for _, b := range d.Blocks {
		for _, r := range append([]Run{{Text: b.Number}}, b.Runs...) {
			if r.Fig > 0 {
				if r.Fig > len(d.Figures) || d.Figures[r.Fig-1].Text != r.Text {
					out = append(out, fmt.Sprintf("第%d行：%q 不是数据 %d", b.Line, r.Text, r.Fig))
				}
				continue
			}
			for _, n := range numberRe.FindAllString(r.Text, -1) {
				if !allowed[n] && !appendix[n] {
					out = append(out, fmt.Sprintf("第%d行：%q 中的 %s 不在附件中", b.Line, r.Text, n))
				}
			}
		}
		if c := b.Chart; c != nil {
			for i, f := range c.Figs {
				if f < 1 || f > len(d.Figures) || d.Figures[f-1].Text != c.Texts[i] {
					out = append(out, fmt.Sprintf("第%d行：图表“%s”的%s不是数据 %d", b.Line, c.Title, c.Labels[i], f))
				}
			}
		}
	}
	return out
}
