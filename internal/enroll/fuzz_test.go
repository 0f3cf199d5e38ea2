package enroll

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// seedLines are realistic published lines and awkward variants.
var seedLines = []string{
	"人民路1-99号(单号)", "建设街2至58号双号", "光明路全段", "幸福小区", "幸福小区1-12栋",
	"人民路100号以上", "人民路以东", "人民路１－９９号（单号）", "人民路一至九十九号单号",
	"人民路1-99号(单号)、2-50号(双号)", "幸福小区1-5栋、8栋", "锦绣江南1-12栋", "青溪区建设一路2-100号双号",
	"人民路99号以下", "幸福小区二期", "幸福小区1-12号楼", "人民路5号", "。", "人民路1号,,2号",
	"江城市青溪区城关街道人民路１０５号幸福小区５栋２单元３０１室", "幸福小区5-2-301", "万科城A座1203室",
	"人民路23号之一", "人民路23-1号", "五四路二〇八号", "(单号)1-9号", "人民路一百零五号至二百号",
	"\ufeff人民路\u200b1号", "ｂ座", "十万号", "一百五十号", "二万零一号", "a-1-1", "路1号", "号号号", "青溪区双路", "双塔路1-9号单号",
}

func FuzzParseCatchmentLine(f *testing.F) {
	for _, s := range seedLines {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		rules := ParseCatchmentLine(line)
		if Normalize(line) == "" {
			if len(rules) != 0 {
				t.Fatalf("blank line %q gave rules", line)
			}
			return
		}
		if len(rules) == 0 {
			t.Fatalf("line %q dropped", line)
		}
		for _, r := range rules {
			if r.Line != line {
				t.Fatalf("rule of %q lost its line: %q", line, r.Line)
			}
			if r.Kind == Unparsed {
				if r.Reason == "" {
					t.Fatalf("unparsed part of %q without a reason", line)
				}
				continue
			}
			if r.Kind == StreetNumbers || r.Kind == CompoundBuildings {
				if r.From < 1 || r.From > r.To || r.To > OpenEnd || !parityOK(r.From, r.Parity) || r.To != OpenEnd && !parityOK(r.To, r.Parity) {
					t.Fatalf("bad range in %q: %+v", line, r)
				}
			}
			// The canonical rendering reads back as the same rule.
			back := ParseCatchmentLine(r.String())
			if len(back) != 1 || !sameRule(back[0], r) {
				t.Fatalf("%q: rule %+v renders as %q, which reads back as %+v", line, r, r.String(), back)
			}
		}
	})
}

func sameRule(a, b Rule) bool {
	return a.Kind == b.Kind && a.Street == b.Street && a.Compound == b.Compound && a.From == b.From && a.To == b.To && a.Parity == b.Parity
}

func FuzzNormalizeAddress(f *testing.F) {
	for _, s := range seedLines {
		f.Add(s)
	}
	for _, s := range []string{"江苏省南京市鼓楼区人民路二十三号", "新城市花园3栋", "上海市浦东新区世纪大道100号", "一百号楼", "二〇八室", "三门县人民路1号"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if n2 := Normalize(n); n2 != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, n2)
		}
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Fatalf("valid input %q normalised to invalid UTF-8 %q", s, n)
		}
		a := ParseAddress(s)
		if a.Text != n {
			t.Fatalf("Text %q, Normalize %q", a.Text, n)
		}
		if b := ParseAddress(n); b != a {
			t.Fatalf("parsing the normalised text differs: %+v vs %+v", a, b)
		}
		if a.Rest == "" {
			c := ParseAddress(a.String())
			c.Text = a.Text
			if c != a {
				t.Fatalf("%q: parts %+v render as %q, which parse as %+v", s, a, a.String(), c)
			}
		}
		if got, want := fuzzIndex.Match(a), MatchAddress(a, fuzzCatchments); !slices.Equal(got, want) {
			t.Fatalf("%q: index matched %v, every rule %v", s, got, want)
		}
	})
}

// fuzzCatchments are rules on the streets and compounds of the seeds, for checking the index.
var fuzzCatchments = []Catchment{
	ParseCatchment("人民路1-99号(单号)\n幸福小区\n光明路全段\n五四路200-210号", "S1"),
	ParseCatchment("建设街2至58号双号\n阳光花园1-12栋\n人民路以东\n幸福小区5栋", "S2"),
	ParseCatchment("人民路50-120号\n万科城A座", "S3", "S4"),
	ParseCatchment("人民路100号以上\n幸福小区二期\n建设一路2-100号双号", "S5"),
}

var fuzzIndex = NewCatchmentIndex(fuzzCatchments)
