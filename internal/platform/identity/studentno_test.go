package identity

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseStudentNo(t *testing.T) {
	male, female := true, false
	valid := []struct {
		name, in, number, kind string
		birth                  time.Time
		male                   *bool
	}{
		{"formal", "G11010519491231002X", "G11010519491231002X", KindFormal, date(1949, 12, 31), &female},
		{"formal male", "G34052419800101001X", "G34052419800101001X", KindFormal, date(1980, 1, 1), &male},
		{"formal lowercase", "g11010519491231002x", "G11010519491231002X", KindFormal, date(1949, 12, 31), &female},
		{"no ID card", "J320106201509011239", "J320106201509011239", KindNoIDCard, date(2015, 9, 1), &male},
		{"no ID card lowercase", "j320106201509011239", "J320106201509011239", KindNoIDCard, date(2015, 9, 1), &male},
		{"temporary", "L320106201509014821", "L320106201509014821", KindTemporary, date(2015, 9, 1), nil},
		{"temporary leap day", "l110105200002290000", "L110105200002290000", KindTemporary, date(2000, 2, 29), nil},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseStudentNo(tc.in, today)
			if err != nil {
				t.Fatalf("ParseStudentNo(%q): %v", tc.in, err)
			}
			if got.Number != tc.number || got.Kind != tc.kind || !got.Birth.Equal(tc.birth) {
				t.Errorf("ParseStudentNo(%q) = %+v, want number %q kind %q birth %s", tc.in, got, tc.number, tc.kind, tc.birth.Format(time.DateOnly))
			}
			switch {
			case tc.male == nil && got.Male != nil:
				t.Errorf("ParseStudentNo(%q).Male = %v, want nil", tc.in, *got.Male)
			case tc.male != nil && (got.Male == nil || *got.Male != *tc.male):
				t.Errorf("ParseStudentNo(%q).Male = %v, want %v", tc.in, got.Male, *tc.male)
			}
		})
	}

	invalid := []struct{ name, in, reason string }{
		{"empty", "", "学籍号为空"},
		{"ID number without prefix", "11010519491231002X", "学籍号应以G、J或L开头，实际第1位为“1”"},
		{"unknown prefix", "K11010519491231002X", "学籍号应以G、J或L开头，实际第1位为“K”"},
		{"full-width prefix", "Ｇ11010519491231002X", "学籍号应以G、J或L开头，实际第1位为“Ｇ”"},
		{"too short", "G11010519491231002", "学籍号应为19位（1位字母加18位），当前为18位"},
		{"old 15-digit ID", "G110105491231002", "学籍号应为19位（1位字母加18位），当前为16位"},
		{"prefix only", "G", "学籍号应为19位（1位字母加18位），当前为1位"},
		{"full-width digit", "G１1010519491231002X", "学籍号含有非数字字符：第2位为“１”（全角字符，请改为半角）"},
		{"formal wrong check", "G110105194912310023", "学籍号校验位错误：应为X，实际为3"},
		{"formal bad province", "G91010519900101001X", "学籍号前两位省份代码无效：91"},
		{"formal future birth", "G11010520300101001X", "学籍号中的出生日期晚于今天：2030-01-01"},
		{"no ID card wrong check", "J320106201509011230", "学籍号校验位错误：应为9，实际为0"},
		{"no ID card bad date", "J11010519900230001X", "学籍号中的出生日期不存在：1990-02-30"},
		{"temporary with X", "L32010620150901482X", "学籍号含有非数字字符：第19位为“X”"},
		{"temporary bad date", "L110105190002290000", "学籍号中的出生日期不存在：1900-02-29"},
		{"temporary before 1900", "L110105189912310000", "学籍号中的出生日期早于1900年：1899-12-31"},
		{"temporary bad province", "L990000201509014821", "学籍号前两位省份代码无效：99"},
		{"temporary future", "L110105202506024821", "学籍号中的出生日期晚于今天：2025-06-02"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseStudentNo(tc.in, today)
			if err == nil {
				t.Fatalf("ParseStudentNo(%q) = %+v, want error %q", tc.in, got, tc.reason)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseStudentNo(%q) error %T, want *Error", tc.in, err)
			}
			if e.Reason != tc.reason {
				t.Errorf("ParseStudentNo(%q) reason\n got %q\nwant %q", tc.in, e.Reason, tc.reason)
			}
		})
	}
}

func FuzzParseStudentNo(f *testing.F) {
	for _, s := range []string{
		"G11010519491231002X", "g11010519491231002x", "J320106201509011239", "L320106201509014821",
		"11010519491231002X", "G", "", "L32010620150901482X", "Ｇ11010519491231002X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		no, err := ParseStudentNo(s, today)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Reason == "" {
				t.Fatalf("ParseStudentNo(%q) error %T %q, want *Error with a reason", s, err, err)
			}
			return
		}
		if len(no.Number) != 19 || no.Number != strings.ToUpper(s) || no.Kind != no.Number[:1] {
			t.Fatalf("ParseStudentNo(%q) = %+v", s, no)
		}
		if (no.Male == nil) != (no.Kind == KindTemporary) {
			t.Fatalf("ParseStudentNo(%q): kind %s with Male %v", s, no.Kind, no.Male)
		}
		again, err := ParseStudentNo(no.Number, today)
		if err != nil || again.Number != no.Number || again.Kind != no.Kind || !again.Birth.Equal(no.Birth) ||
			(again.Male == nil) != (no.Male == nil) || again.Male != nil && *again.Male != *no.Male {
			t.Fatalf("re-parse of %q = %+v, %v; want %+v", no.Number, again, err, no)
		}
	})
}
