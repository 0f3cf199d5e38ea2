package fitness

import (
	"fmt"
	"testing"
)

func TestParseCell(t *testing.T) {
	for _, c := range []struct {
		field, text string
		want        float64
		set         bool
		bad         bool
	}{
		{"run_1000m", "215", 215, true, false},
		{"run_1000m", "3.35", 215, true, false},
		{"run_1000m", "3'35\"", 215, true, false},
		{"run_1000m", "3′35″", 215, true, false},
		{"run_1000m", "3:35", 215, true, false},
		{"run_800m", "3.5", 230, true, false}, // 3.50 → 3′50″
		{"run_800m", "29.59", 1799, true, false},
		{"run_800m", "30", 30, true, false}, // seconds from 30 up (then refused by Validate's range)
		{"run_50x8", "1.45", 105, true, false},
		{"run_50x8", "105.3", 105.3, true, false},
		{"run_50m", "9.5", 9.5, true, false}, // 50 m: always seconds
		{"run_50m", "", 0, false, false},
		{"height", "１２０．５", 120.5, true, false},
		{"sit_and_reach", "-3.2", -3.2, true, false},
		{"rope_skip_1min", "abc", 0, false, true},
		{"run_1000m", "3.65", 0, false, true}, // 65 seconds
	} {
		v, err := ParseCell(c.field, c.text)
		if (err != nil) != c.bad {
			t.Errorf("%s %q: err %v", c.field, c.text, err)
			continue
		}
		if !c.bad && (v.Set != c.set || v.Set && v.V != c.want) {
			t.Errorf("%s %q = %+v, want %v", c.field, c.text, v, c.want)
		}
	}
}

// TestParseCellTimeRule checks the rule for plain numbers in the long-run columns over every
// minute and second: m.ss below 30 is m′ss″, the same time in seconds reads back as itself, and
// the marked forms agree.
func TestParseCellTimeRule(t *testing.T) {
	for _, field := range []string{"run_800m", "run_1000m", "run_50x8"} {
		for m := 1; m < 30; m++ {
			for s := 0; s < 60; s++ {
				want := float64(m*60 + s)
				for _, text := range []string{fmt.Sprintf("%d.%02d", m, s), fmt.Sprintf("%d'%02d\"", m, s), fmt.Sprintf("%d:%02d", m, s),
					fmt.Sprintf("%d′%02d″", m, s), fmt.Sprint(m*60 + s)} {
					if text == fmt.Sprint(m*60+s) && m*60+s < minuteDotSecondBelow {
						continue
					}
					v, err := ParseCell(field, text)
					if err != nil || !v.Set || v.V != want {
						t.Fatalf("%s %q = %+v %v, want %v s", field, text, v, err, want)
					}
				}
			}
		}
	}
}

// FuzzParseCell: any text either parses to a finite value or gives a Chinese reason; a parsed
// long-run time is positive.
func FuzzParseCell(f *testing.F) {
	for _, s := range []string{"3.35", "215", "3'35\"", "3:35", "-1", "１２．５", "", "3.65", "1e3", "0:03:35"} {
		f.Add("run_1000m", s)
		f.Add("height", s)
	}
	f.Fuzz(func(t *testing.T, field, text string) {
		v, err := ParseCell(field, text)
		if err != nil {
			if Reason(err) == "" {
				t.Fatalf("%q: empty reason", text)
			}
			return
		}
		if v.Set && (v.V != v.V || v.V > 1e13 || v.V < -1e13) {
			t.Fatalf("%q = %v", text, v.V)
		}
		if it, ok := ItemByCode(field); ok && isTime(it) && v.Set && v.V <= 0 {
			t.Fatalf("%s %q = %v, a time must be positive", field, text, v.V)
		}
	})
}
