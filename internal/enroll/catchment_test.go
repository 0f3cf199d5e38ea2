package enroll

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"人民路２３号", "人民路23号"},
		{"人民路 23 号\u3000", "人民路23号"},
		{"人民路二十三号", "人民路23号"},
		{"人民路一百零五号", "人民路105号"},
		{"人民路一百〇五号", "人民路105号"},
		{"二〇八室", "208室"},
		{"十号", "10号"},
		{"一百五号", "150号"},
		{"两千零一号", "2001号"},
		{"二万零一号", "20001号"},
		{"百号", "百号"}, // not a number: left as written
		{"一二十号", "一二十号"},
		{"人民路一至九十九号", "人民路1至99号"},
		{"人民路一号至九十九号", "人民路1号至99号"},
		{"人民路1－99号（单号）", "人民路1-99号(单号)"},
		{"人民路1—99号", "人民路1-99号"},
		{"人民路1~99号", "人民路1-99号"},
		{"幸福小区二期三幢", "幸福小区2期3幢"},
		{"ａ座", "A座"},
		{"一品苑", "一品苑"},
		{"万科城", "万科城"},
		{"五四路", "五四路"},
		{"建设1路", "建设一路"},
		{"建设12路", "建设12路"},
		{"江苏省南京市鼓楼区人民路23号", "人民路23号"},
		{"江城市青溪区城关街道人民路23号", "人民路23号"},
		{"广西壮族自治区南宁市青秀区民族大道1号", "民族大道1号"},
		{"上海市浦东新区世纪大道100号", "世纪大道100号"},
		{"青溪区幸福小区", "幸福小区"},
		{"幸福小区5栋", "幸福小区5栋"}, // 小区 is not a district
		{"新城市花园3栋", "新城市花园3栋"},
		{"人民路\u200b23号\ufeff", "人民路23号"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Normalize(c.want); got != c.want {
			t.Errorf("Normalize not idempotent on %q: %q", c.want, got)
		}
	}
}

func TestParseAddress(t *testing.T) {
	cases := []struct {
		in   string
		want Address
	}{
		{"江城市青溪区城关街道人民路１０５号幸福小区５栋２单元３０１室",
			Address{Road: "人民路", Number: 105, Compound: "幸福小区", Building: "5", Unit: "2", Room: "301"}},
		{"人民路二十三号", Address{Road: "人民路", Number: 23}},
		{"人民路23-1号", Address{Road: "人民路", Number: 23}},
		{"人民路23号之一", Address{Road: "人民路", Number: 23}},
		{"人民路23号院5号楼3单元201", Address{Road: "人民路", Number: 23, Building: "5", Unit: "3", Room: "201"}},
		{"建设一路8号", Address{Road: "建设一路", Number: 8}},
		{"建设1路8号", Address{Road: "建设一路", Number: 8}},
		{"世纪大道100号", Address{Road: "世纪大道", Number: 100}},
		{"人民社区人民路23号", Address{Road: "人民路", Number: 23}},
		{"幸福小区5-2-301", Address{Compound: "幸福小区", Building: "5", Unit: "2", Room: "301"}},
		{"幸福小区5-301", Address{Compound: "幸福小区", Building: "5", Room: "301"}},
		{"幸福小区二期三幢一单元五零二室", Address{Compound: "幸福小区2期", Building: "3", Unit: "1", Room: "502"}},
		{"万科城A座1203室", Address{Compound: "万科城", Building: "A", Room: "1203"}},
		{"锦绣江南12栋", Address{Compound: "锦绣江南", Building: "12"}},
		{"阳光花园", Address{Compound: "阳光花园"}},
		{"幸福小区3号", Address{Compound: "幸福小区", Rest: "3号"}},
		{"人民路以东", Address{Rest: "人民路以东"}},
		{"五四路208号", Address{Road: "五四路", Number: 208}},
	}
	for _, c := range cases {
		got := ParseAddress(c.in)
		c.want.Text = Normalize(c.in)
		if got != c.want {
			t.Errorf("ParseAddress(%q) =\n%+v, want\n%+v", c.in, got, c.want)
		}
	}
}

func TestParseCatchmentLine(t *testing.T) {
	st := func(street string, from, to int, p Parity) Rule {
		return Rule{Kind: StreetNumbers, Street: street, From: from, To: to, Parity: p}
	}
	bl := func(compound string, from, to int, p Parity) Rule {
		return Rule{Kind: CompoundBuildings, Compound: compound, From: from, To: to, Parity: p}
	}
	cases := []struct {
		line string
		want []Rule
	}{
		{"人民路1-99号(单号)", []Rule{st("人民路", 1, 99, Odd)}},
		{"人民路１－９９号（单号）", []Rule{st("人民路", 1, 99, Odd)}},
		{"建设街2至58号双号", []Rule{st("建设街", 2, 58, Even)}},
		{"建设街2号至58号（双号）", []Rule{st("建设街", 2, 58, Even)}},
		{"人民路一至九十九号单号", []Rule{st("人民路", 1, 99, Odd)}},
		{"人民路单号1-99号", []Rule{st("人民路", 1, 99, Odd)}},
		{"人民路1-99", []Rule{st("人民路", 1, 99, AnyParity)}},
		{"人民路5号", []Rule{st("人民路", 5, 5, AnyParity)}},
		{"人民路100号以上", []Rule{st("人民路", 100, OpenEnd, AnyParity)}},
		{"人民路100号及以上(单号)", []Rule{st("人民路", 101, OpenEnd, Odd)}},
		{"人民路99号以下", []Rule{st("人民路", 1, 99, AnyParity)}},
		{"人民路100号以下双号", []Rule{st("人民路", 2, 100, Even)}},
		{"光明路全段", []Rule{{Kind: WholeStreet, Street: "光明路"}}},
		{"光明路全线", []Rule{{Kind: WholeStreet, Street: "光明路"}}},
		{"光明路", []Rule{{Kind: WholeStreet, Street: "光明路"}}},
		{"双塔路全段", []Rule{{Kind: WholeStreet, Street: "双塔路"}}},
		{"双塔路1-9号单号", []Rule{st("双塔路", 1, 9, Odd)}},
		{"人民路1-9号、单号11-19号", []Rule{st("人民路", 1, 9, AnyParity), st("人民路", 11, 19, Odd)}},
		{"青溪区光明路全段。", []Rule{{Kind: WholeStreet, Street: "光明路"}}},
		{"幸福小区", []Rule{{Kind: WholeCompound, Compound: "幸福小区"}}},
		{"幸福小区全部", []Rule{{Kind: WholeCompound, Compound: "幸福小区"}}},
		{"幸福小区二期", []Rule{{Kind: WholeCompound, Compound: "幸福小区2期"}}},
		{"幸福小区1-12栋", []Rule{bl("幸福小区", 1, 12, AnyParity)}},
		{"幸福小区1-12号楼", []Rule{bl("幸福小区", 1, 12, AnyParity)}},
		{"幸福小区一至十二幢", []Rule{bl("幸福小区", 1, 12, AnyParity)}},
		{"锦绣江南1-12栋", []Rule{bl("锦绣江南", 1, 12, AnyParity)}},
		{"人民路1-99号(单号)、2-50号(双号)", []Rule{st("人民路", 1, 99, Odd), st("人民路", 2, 50, Even)}},
		{"幸福小区1-5栋、8栋；阳光花园", []Rule{bl("幸福小区", 1, 5, AnyParity), bl("幸福小区", 8, 8, AnyParity), {Kind: WholeCompound, Compound: "阳光花园"}}},
		{"人民路1号,青溪区建设街2号", []Rule{st("人民路", 1, 1, AnyParity), st("建设街", 2, 2, AnyParity)}},
	}
	for _, c := range cases {
		got := ParseCatchmentLine(c.line)
		if len(got) != len(c.want) {
			t.Errorf("%q: %d rules %+v, want %d", c.line, len(got), got, len(c.want))
			continue
		}
		for i := range got {
			if !sameRule(got[i], c.want[i]) || got[i].Line != c.line {
				t.Errorf("%q rule %d = %+v, want %+v", c.line, i, got[i], c.want[i])
			}
		}
	}

	unreadable := []struct{ line, reason string }{
		{"人民路以东", "以东"},
		{"人民路东段", "东段"},
		{"建设街2-57号双号", "单双号不一致"},
		{"人民路99-1号", "起号大于止号"},
		{"人民路0-9号", "从 1 起"},
		{"锦绣江南", "小区名须以"},
		{"城关街道", ""},
		{"。", "只有标点"},
		{"2-50号", "缺少路名"},
	}
	for _, c := range unreadable {
		got := ParseCatchmentLine(c.line)
		if len(got) != 1 || got[0].Kind != Unparsed || got[0].Line != c.line || !strings.Contains(got[0].Reason, c.reason) {
			t.Errorf("%q: %+v, want one Unparsed rule mentioning %q", c.line, got, c.reason)
		}
	}
	// A line mixing readable and unreadable parts keeps both.
	got := ParseCatchmentLine("人民路1-99号、人民路以东")
	if len(got) != 2 || got[0].Kind != StreetNumbers || got[1].Kind != Unparsed {
		t.Errorf("mixed line: %+v", got)
	}
	if got := ParseCatchmentLine("  \u3000 "); got != nil {
		t.Errorf("blank line: %+v", got)
	}
}

// district is a small published catchment list.
func district() []Catchment {
	return []Catchment{
		ParseCatchment("人民路1-99号(单号)\n幸福小区\n光明路全段\n", "S1"),
		ParseCatchment("建设街2至58号双号\n阳光花园1-12栋\n人民路以东\n", "S2"),
		ParseCatchment("人民路50-120号\n", "S3", "S4"), // 多校划片
	}
}

func TestMatch(t *testing.T) {
	cs := district()
	cases := []struct {
		addr string
		want []string
	}{
		{"江城市青溪区人民路二十三号", []string{"S1"}},
		{"人民路51号", []string{"S1", "S3", "S4"}},
		{"人民路52号", []string{"S3", "S4"}},
		{"人民路121号", nil},
		{"建设街２０号", []string{"S2"}},
		{"建设街21号", nil},
		{"阳光花园5栋2单元301室", []string{"S2"}},
		{"阳光花园13栋", nil},
		{"幸福小区3-1-202", []string{"S1"}},
		{"光明路88号", []string{"S1"}},
		{"人民路23号阳光花园5栋", []string{"S1", "S2"}},
		{"人民路东侧某处", nil},
	}
	for _, c := range cases {
		if got := Match(c.addr, cs); !slices.Equal(got, c.want) {
			t.Errorf("Match(%q) = %v, want %v", c.addr, got, c.want)
		}
	}
	if got := OverlapAt("人民路23号阳光花园5栋", cs); !slices.Equal(got, []string{"S1", "S2"}) {
		t.Errorf("OverlapAt: %v", got)
	}
	if got := OverlapAt("人民路51号", cs); got != nil {
		t.Errorf("a zone is not an overlap: %v", got)
	}
	if u := cs[1].Unparsed(); len(u) != 1 || u[0].Line != "人民路以东" {
		t.Errorf("unparsed lines: %+v", u)
	}
}

func TestOverlaps(t *testing.T) {
	cs := []Catchment{
		ParseCatchment("人民路1-99号(单号)\n幸福小区\n建设街全段", "S1"),
		ParseCatchment("人民路51-151号\n人民路2-50号双号\n幸福小区3-5栋\n阳光花园", "S2"),
		ParseCatchment("建设街10号以上\n人民路1-200号", "S3", "S4"), // a zone: overlaps on purpose
		ParseCatchment("阳光花园1-2栋", "S2"),                  // same school: not an overlap
	}
	var got []string
	for _, o := range Overlaps(cs) {
		got = append(got, o.String())
	}
	want := []string{
		"人民路51-99号(单号) 同时划入 S1（人民路1-99号(单号)）和 S2（人民路51-151号）",
		"幸福小区3-5栋 同时划入 S1（幸福小区）和 S2（幸福小区3-5栋）",
	}
	if !slices.Equal(got, want) {
		t.Errorf("overlaps:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestGaps(t *testing.T) {
	cs := []Catchment{
		ParseCatchment("人民路1-99号(单号)\n幸福小区1-3栋", "S1"),
		ParseCatchment("人民路51-151号\n幸福小区5栋以上", "S2"),
		ParseCatchment("光明路全段", "S3", "S4"),
	}
	known := []Segment{
		{Street: "人民路", From: 1, To: 200},
		{Street: "光明路", From: 1, To: 80},
		{Street: "建设街", From: 1, To: 30},
		{Compound: "幸福小区", From: 1, To: 8},
	}
	var got []string
	for _, g := range Gaps(known, cs) {
		got = append(got, g.String())
	}
	want := []string{
		"人民路2-50号(双号) 未划入任何学校",
		"人民路152-200号 未划入任何学校",
		"建设街1-30号 未划入任何学校",
		"幸福小区4栋 未划入任何学校",
	}
	if !slices.Equal(got, want) {
		t.Errorf("gaps:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestGaps_AgainstBruteForce checks Gaps number by number on random rules.
func TestGaps_AgainstBruteForce(t *testing.T) {
	lines := []string{"人民路1-9号(单号)", "人民路4-20号双号", "人民路15-17号", "人民路30号以上(双号)", "人民路22号", "人民路25-33号(单号)", "人民路12号以下"}
	for mask := range 1 << len(lines) {
		var text []string
		for i, l := range lines {
			if mask&(1<<i) != 0 {
				text = append(text, l)
			}
		}
		cs := []Catchment{ParseCatchment(strings.Join(text, "\n"), "S")}
		seg := Segment{Street: "人民路", From: 1, To: 40}
		uncovered := map[int]bool{}
		for _, g := range Gaps([]Segment{seg}, cs) {
			for n := g.From; n <= g.To; n++ {
				if parityOK(n, g.Parity) {
					if uncovered[n] {
						t.Fatalf("%v: %d reported twice", text, n)
					}
					uncovered[n] = true
				}
			}
		}
		for n := 1; n <= 40; n++ {
			a := Address{Road: "人民路", Number: n}
			covered := len(MatchAddress(a, cs)) > 0
			if covered == uncovered[n] {
				t.Fatalf("%v: number %d covered=%v but reported uncovered=%v", text, n, covered, uncovered[n])
			}
		}
	}
}

// The index answers exactly as trying every rule does, for addresses on and off the rules' streets,
// inside and outside their ranges, with and without compounds and buildings.
func TestCatchmentIndex_AgreesWithEveryRule(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	roads := []string{"人民路", "建设街", "光明路", "解放大道", "青年路"}
	compounds := []string{"幸福小区", "阳光花园", "锦绣江南", "幸福小区二期"}
	var cs []Catchment
	for s := range 40 {
		var lines []string
		for range 1 + rng.IntN(4) {
			switch rng.IntN(5) {
			case 0:
				lines = append(lines, roads[rng.IntN(len(roads))]+"全段")
			case 1:
				from := 1 + rng.IntN(100)
				lines = append(lines, fmt.Sprintf("%s%d-%d号%s", roads[rng.IntN(len(roads))], from, from+rng.IntN(80), []string{"", "(单号)", "(双号)"}[rng.IntN(3)]))
			case 2:
				lines = append(lines, compounds[rng.IntN(len(compounds))])
			case 3:
				from := 1 + rng.IntN(10)
				lines = append(lines, fmt.Sprintf("%s%d-%d栋", compounds[rng.IntN(len(compounds))], from, from+rng.IntN(8)))
			default:
				lines = append(lines, roads[rng.IntN(len(roads))]+"以东")
			}
		}
		schools := []string{fmt.Sprintf("S%02d", s)}
		if s%7 == 0 {
			schools = append(schools, fmt.Sprintf("Z%02d", s))
		}
		cs = append(cs, ParseCatchment(strings.Join(lines, "\n"), schools...))
	}
	ix := NewCatchmentIndex(cs)
	matched := 0
	for range 5000 {
		addr := ""
		if rng.IntN(4) > 0 {
			addr += fmt.Sprintf("%s%d号", roads[rng.IntN(len(roads))], 1+rng.IntN(200))
		}
		if rng.IntN(2) == 0 {
			addr += fmt.Sprintf("%s%d栋%d单元", compounds[rng.IntN(len(compounds))], 1+rng.IntN(20), 1+rng.IntN(3))
		}
		a := ParseAddress(addr)
		got, want := ix.Match(a), MatchAddress(a, cs)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: index %v, every rule %v", addr, got, want)
		}
		if len(want) > 0 {
			matched++
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d of 5000 addresses matched a school: the test does not exercise the rules", matched)
	}
}
