package excel

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"", " ", "张三", "\u3000张　三\u00a0", "１２３ＡＢＣ", "（东校区）", "a\u200bb", "#N/A", "＃ＶＡＬＵＥ！",
	"\xff\xfe", "1.10105E+17", "110105E+12", "13800000000.0", "110105200001011234.0", "138 0000 0000",
	"+86 138-0000-0000", "(0571)88888888", "110105********1234", "2015-09-01", "2015/9/1", "2015.9.1",
	"2015年9月1日", "20150901", "42248", "42248.5", "60", "9/1/2015", "13/9/2015", "15-9-1",
	"2015-09-01T00:00:00Z", "2015/9/1 0:00", "1,234.5", "12.5%", "-", "1e400", "\x00\x01", "北京 海淀\n中关村",
}

// FuzzText: Text never panics, is idempotent, and leaves no white space at the ends, no run of
// spaces, no invisible character and no convertible full-width character.
func FuzzText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Text(s)
		if err != nil {
			if out != "" {
				t.Fatalf("error with output %q", out)
			}
			return
		}
		again, err := Text(out)
		if err != nil || again != out {
			t.Fatalf("not idempotent: %q → %q → %q (%v)", s, out, again, err)
		}
		if !utf8.ValidString(out) || strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.Contains(out, "  ") {
			t.Fatalf("Text(%q) = %q", s, out)
		}
		for _, r := range out {
			if r != ' ' && unicode.IsSpace(r) || invisible(r) || halfWidth(r) != r {
				t.Fatalf("Text(%q) = %q keeps %U", s, out, r)
			}
		}
		if Blank(s) != (out == "") {
			t.Fatalf("Blank(%q) = %v but Text = %q", s, Blank(s), out)
		}
	})
}

// FuzzDigits: the code normalisers never panic, return only what they promise, and accept their
// own output unchanged.
func FuzzDigits(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, 10)
		f.Add(s, 0)
	}
	f.Add("110105200001011234", 18)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n %= 40
		if d, err := Digits(s, n); err == nil {
			if d != "" && !allDigits(d) || n > 0 && d != "" && len(d) != n {
				t.Fatalf("Digits(%q, %d) = %q", s, n, d)
			}
			if again, err := Digits(d, n); err != nil || again != d {
				t.Fatalf("Digits not idempotent: %q → %q → %q (%v)", s, d, again, err)
			}
		}
		if id, err := IDLike(s); err == nil {
			for _, r := range id {
				if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
					t.Fatalf("IDLike(%q) = %q", s, id)
				}
			}
			if again, err := IDLike(id); err != nil || again != id {
				t.Fatalf("IDLike not idempotent: %q → %q → %q (%v)", s, id, again, err)
			}
		}
		if p, err := Phone(s); err == nil && p != "" {
			if again, err := Phone(p); err != nil || again != p {
				t.Fatalf("Phone not idempotent: %q → %q → %q (%v)", s, p, again, err)
			}
		}
		_, _ = Int(s)
		_, _ = Decimal(s)
		_, _ = Bool(s)
		_, _ = Enum(s, map[string]string{"01": "汉族", "02": "蒙古族"})
	})
}

// FuzzDate: Date never panics; an accepted date is midnight UTC within MinYear–MaxYear and reads
// back the same from its 2006-01-02 form.
func FuzzDate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, false)
	}
	f.Add("0", true)
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		d, err := parseDate(s, date1904)
		if err != nil || d.IsZero() {
			return
		}
		if d.Year() < MinYear || d.Year() > MaxYear || d.Hour() != 0 || d.Minute() != 0 || d.Location().String() != "UTC" {
			t.Fatalf("parseDate(%q) = %v", s, d)
		}
		again, err := parseDate(d.Format("2006-01-02"), date1904)
		if err != nil || !again.Equal(d) {
			t.Fatalf("not stable: %q → %v → %v (%v)", s, d, again, err)
		}
	})
}
