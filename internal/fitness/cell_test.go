package fitness

import "testing"

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
