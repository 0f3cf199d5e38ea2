package reports

import "testing"

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		in, code, label, prev, next string
		schoolYear                  int
	}{
		{"2026", "2026", "2026年", "2025", "2027", 2026},
		{"2026H1", "2026H1", "2026年上半年", "2025H2", "2026H2", 2025},
		{"2026h2", "2026H2", "2026年下半年", "2026H1", "2027H1", 2026},
		{" 2025 ", "2025", "2025年", "2024", "2026", 2025},
	} {
		p, err := ParsePeriod(c.in)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if p.String() != c.code || p.Label() != c.label || p.Prev().String() != c.prev || p.Next().String() != c.next || p.SchoolYear() != c.schoolYear {
			t.Errorf("%q: got %s %s prev %s next %s school year %d", c.in, p, p.Label(), p.Prev(), p.Next(), p.SchoolYear())
		}
		if !p.Start().Before(p.End()) || p.Next().Start() != p.End() {
			t.Errorf("%q: periods do not follow each other", c.in)
		}
	}
	for _, bad := range []string{"", "26", "2026H3", "2026H", "H1", "二〇二六", "1999", "2026Q1"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseScope(t *testing.T) {
	for in, want := range map[string]string{"district": "district", "": "district", "school:12": "school:12", "zone:3": "zone:3", "type:primary": "type:primary"} {
		s, err := ParseScope(in)
		if err != nil || s.String() != want {
			t.Errorf("%q: %v %v", in, s, err)
		}
	}
	for _, bad := range []string{"school", "school:x", "zone:-1", "type:", "city"} {
		if _, err := ParseScope(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestChineseNumber(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 23: "二十三", 99: "九十九"} {
		if got := chineseNumber(n); got != want {
			t.Errorf("%d: %s", n, got)
		}
	}
}
