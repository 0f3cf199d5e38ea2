package identity

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// today is the fixed "current date" used by the tests.
var today = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestParseIDNumber(t *testing.T) {
	valid := []struct {
		name, in, number, area string
		birth                  time.Time
		male                   bool
	}{
		{"official example Beijing", "11010519491231002X", "11010519491231002X", "110105", date(1949, 12, 31), false},
		{"official example Anhui", "34052419800101001X", "34052419800101001X", "340524", date(1980, 1, 1), true},
		{"lowercase x normalised", "11010519491231002x", "11010519491231002X", "110105", date(1949, 12, 31), false},
		{"leap day 1996", "440304199602291234", "440304199602291234", "440304", date(1996, 2, 29), true},
		{"leap day 2000", "110105200002290048", "110105200002290048", "110105", date(2000, 2, 29), false},
		{"Taiwan residence permit", "830000199001010020", "830000199001010020", "830000", date(1990, 1, 1), false},
		{"born today", "110105202506010029", "110105202506010029", "110105", date(2025, 6, 1), false},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseIDNumber(tc.in, today)
			if err != nil {
				t.Fatalf("ParseIDNumber(%q): %v", tc.in, err)
			}
			want := IDNumber{Number: tc.number, AreaCode: tc.area, Birth: tc.birth, Male: tc.male}
			if got != want {
				t.Errorf("ParseIDNumber(%q) = %+v, want %+v", tc.in, got, want)
			}
		})
	}

	invalid := []struct{ name, in, reason string }{
		{"empty", "", "身份证号码为空"},
		{"17 digits", "11010519491231002", "身份证号码应为18位，当前为17位"},
		{"19 digits", "11010519491231002X1", "身份证号码含有非数字字符：第18位为“X”"},
		{"20 digits", "110105194912310021234", "身份证号码应为18位，当前为21位"},
		{"old 15-digit number", "110105491231002", "身份证号码为15位的旧号码，已停止使用，请填写18位身份证号码"},
		{"full-width digit", "１10105194912310021", "身份证号码含有非数字字符：第1位为“１”（全角字符，请改为半角）"},
		{"full-width X", "11010519491231002Ｘ", "身份证号码含有非数字字符：第18位为“Ｘ”（全角字符，请改为半角）"},
		{"space", "110105 19491231002X", "身份证号码含有非数字字符：第7位为“ ”（空格，请删除）"},
		{"trailing space", "11010519491231002X ", "身份证号码含有非数字字符：第18位为“X”"},
		{"X not last", "1101051949123100X2", "身份证号码含有非数字字符：第17位为“X”"},
		{"bad check letter", "11010519491231002Y", "身份证号码含有非数字字符：第18位为“Y”（最后一位校验位只能是数字或X）"},
		{"control character", "1101051949\x0031002X", "身份证号码含有非数字字符：第11位为不可见字符U+0000"},
		{"invalid UTF-8", "110105\xff9491231002X", "身份证号码含有非数字字符：第7位为无法识别的字符"},
		{"province 91", "91010519900101001X", "身份证号码前两位省份代码无效：91"},
		{"province 00", "000000199001010010", "身份证号码前两位省份代码无效：00"},
		{"province 16", "160000199001010010", "身份证号码前两位省份代码无效：16"},
		{"province 84", "840000199001010010", "身份证号码前两位省份代码无效：84"},
		{"30 February", "11010519900230001X", "身份证号码中的出生日期不存在：1990-02-30"},
		{"29 February 1900", "110105190002290017", "身份证号码中的出生日期不存在：1900-02-29"},
		{"29 February 2023", "110105202302290010", "身份证号码中的出生日期不存在：2023-02-29"},
		{"month 13", "110105199013010010", "身份证号码中的出生日期不存在：1990-13-01"},
		{"month 00", "110105199000010010", "身份证号码中的出生日期不存在：1990-00-01"},
		{"day 00", "110105199001000010", "身份证号码中的出生日期不存在：1990-01-00"},
		{"31 April", "110105199004310010", "身份证号码中的出生日期不存在：1990-04-31"},
		{"before 1900", "110105189912310015", "身份证号码中的出生日期早于1900年：1899-12-31"},
		{"future", "11010520300101001X", "身份证号码中的出生日期晚于今天：2030-01-01"},
		{"tomorrow", "110105202506020016", "身份证号码中的出生日期晚于今天：2025-06-02"},
		{"wrong check digit", "110105194912310023", "身份证号码校验位错误：应为X，实际为3"},
		{"X where digit due", "34052419800101002X", "身份证号码校验位错误：应为8，实际为X"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseIDNumber(tc.in, today)
			if err == nil {
				t.Fatalf("ParseIDNumber(%q) = %+v, want error %q", tc.in, got, tc.reason)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseIDNumber(%q) error %T, want *Error", tc.in, err)
			}
			if e.Reason != tc.reason || err.Error() != tc.reason {
				t.Errorf("ParseIDNumber(%q) reason\n got %q\nwant %q", tc.in, e.Reason, tc.reason)
			}
			if got != (IDNumber{}) {
				t.Errorf("ParseIDNumber(%q) returned %+v with an error", tc.in, got)
			}
		})
	}
}

func TestParseIDNumberTodayLocation(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	// 1 June 2025 07:00 in Beijing is still 31 May in UTC: the calendar date
	// of today in its own location decides.
	now := time.Date(2025, 6, 1, 7, 0, 0, 0, shanghai)
	if _, err := ParseIDNumber("110105202506010029", now); err != nil {
		t.Errorf("born today (Beijing date): %v", err)
	}
	if _, err := ParseIDNumber("110105202506010029", now.UTC()); err == nil {
		t.Error("born 1 June accepted on 31 May UTC")
	}
}

func TestSexAndAge(t *testing.T) {
	id, err := ParseIDNumber("34052419800101001X", today)
	if err != nil {
		t.Fatal(err)
	}
	if id.Sex() != "男" {
		t.Errorf("Sex() = %q, want 男", id.Sex())
	}
	id, err = ParseIDNumber("11010519491231002X", today)
	if err != nil {
		t.Fatal(err)
	}
	if id.Sex() != "女" {
		t.Errorf("Sex() = %q, want 女", id.Sex())
	}

	leap := IDNumber{Birth: date(2000, 2, 29)}
	ages := []struct {
		id   IDNumber
		on   time.Time
		want int
	}{
		{id, date(2025, 6, 1), 75},
		{id, date(2024, 12, 30), 74},
		{id, date(2024, 12, 31), 75},
		{id, date(1949, 12, 31), 0},
		{id, date(1949, 1, 1), 0},
		{leap, date(2001, 2, 28), 0},
		{leap, date(2001, 3, 1), 1},
		{leap, date(2004, 2, 29), 4},
		{leap, time.Date(2004, 2, 29, 1, 0, 0, 0, time.FixedZone("CST", 8*3600)), 4},
	}
	for _, a := range ages {
		if got := a.id.AgeOn(a.on); got != a.want {
			t.Errorf("born %s, AgeOn(%s) = %d, want %d", a.id.Birth.Format(time.DateOnly), a.on.Format(time.DateOnly), got, a.want)
		}
	}
}

func TestCheckDigit(t *testing.T) {
	for first17, want := range map[string]byte{
		"11010519491231002": 'X',
		"34052419800101001": 'X',
		"44030419960229123": '4',
		"11010520000229004": '8',
	} {
		got, err := CheckDigit(first17)
		if err != nil || got != want {
			t.Errorf("CheckDigit(%q) = %q, %v; want %q", first17, got, err, want)
		}
	}
	for _, bad := range []string{"", "1101051949123100", "110105194912310021", "1101051949123100X", "１101051949123100"} {
		if _, err := CheckDigit(bad); err == nil {
			t.Errorf("CheckDigit(%q) succeeded", bad)
		}
	}
}

func TestMakeIDNumberPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"short area":   func() { MakeIDNumber("11010", date(1990, 1, 1), 1) },
		"letter area":  func() { MakeIDNumber("11010A", date(1990, 1, 1), 1) },
		"negative seq": func() { MakeIDNumber("110105", date(1990, 1, 1), -1) },
		"seq 1000":     func() { MakeIDNumber("110105", date(1990, 1, 1), 1000) },
		"year 10000":   func() { MakeIDNumber("110105", date(10000, 1, 1), 1) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		})
	}
}

var provinces = []string{
	"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
	"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
	"71", "81", "82", "83",
}

// randomID returns the parts and the result of MakeIDNumber for random input.
func randomID(r *rand.Rand) (area string, birth time.Time, seq int, number string) {
	area = provinces[r.IntN(len(provinces))]
	for range 4 {
		area += string(rune('0' + r.IntN(10)))
	}
	days := int(today.Sub(earliestBirth).Hours() / 24)
	birth = earliestBirth.AddDate(0, 0, r.IntN(days+1))
	seq = r.IntN(1000)
	return area, birth, seq, MakeIDNumber(area, birth, seq)
}

func TestMakeIDNumberRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		area, birth, seq, number := randomID(r)
		id, err := ParseIDNumber(number, today)
		if err != nil {
			t.Fatalf("MakeIDNumber(%q, %s, %d) = %q rejected: %v", area, birth.Format(time.DateOnly), seq, number, err)
		}
		want := IDNumber{Number: number, AreaCode: area, Birth: birth, Male: seq%2 == 1}
		if id != want {
			t.Fatalf("ParseIDNumber(%q) = %+v, want %+v", number, id, want)
		}
	}
}

// TestSingleSubstitutionDetected checks the MOD 11-2 guarantee: every weight
// is non-zero modulo the prime 11, so changing one character always changes
// the expected check character (or replaces the check character itself).
func TestSingleSubstitutionDetected(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		_, _, _, number := randomID(r)
		for pos := range 18 {
			alphabet := "0123456789"
			if pos == 17 {
				alphabet += "X"
			}
			for _, c := range []byte(alphabet) {
				if c == number[pos] {
					continue
				}
				mutated := number[:pos] + string(c) + number[pos+1:]
				want, err := CheckDigit(mutated[:17])
				if err != nil {
					t.Fatal(err)
				}
				if want == mutated[17] {
					t.Fatalf("%q -> %q: substitution at position %d not detected by check digit", number, mutated, pos+1)
				}
				if _, err := ParseIDNumber(mutated, today); err == nil {
					t.Fatalf("%q -> %q: substitution at position %d accepted", number, mutated, pos+1)
				}
			}
		}
	}
}

func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "34052419800101001X", "11010519491231002x", "440304199602291234",
		"110105491231002", "１10105194912310021", "11010519900230001X", "", "X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseIDNumber(s, today)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Reason == "" {
				t.Fatalf("ParseIDNumber(%q) error %T %q, want *Error with a reason", s, err, err)
			}
			return
		}
		if len(id.Number) != 18 || id.Number != strings.ToUpper(s) {
			t.Fatalf("ParseIDNumber(%q).Number = %q", s, id.Number)
		}
		again, err := ParseIDNumber(id.Number, today)
		if err != nil || again != id {
			t.Fatalf("re-parse of %q = %+v, %v; want %+v", id.Number, again, err, id)
		}
		seq := atoi(id.Number[14:17])
		if made := MakeIDNumber(id.AreaCode, id.Birth, seq); made != id.Number {
			t.Fatalf("MakeIDNumber of parts of %q = %q", id.Number, made)
		}
	})
}
