package fitness

import "testing"

func TestParseTime(t *testing.T) {
	cases := []struct {
		in   string
		form TimeForm
		want float64
	}{
		{"215", Seconds, 215},
		{"215.5", Seconds, 215.5},
		{" 9.8 ", Seconds, 9.8},
		{"3.35", Seconds, 3.35}, // a plain number is seconds unless the column says otherwise
		{`3'35"`, Seconds, 215},
		{`3'35.5"`, Seconds, 215.5},
		{"3′35″", Seconds, 215},
		{"3’35”", Seconds, 215},
		{"3'35''", Seconds, 215},
		{"3'35", Seconds, 215},
		{"4'", Seconds, 240},
		{"3'05\"", Seconds, 185},
		{"3分35秒", Seconds, 215},
		{"3分35.5秒", Seconds, 215.5},
		{"３＇３５＂", Seconds, 215},
		{"3:35", Seconds, 215},
		{"3:35.5", Seconds, 215.5},
		{"3：35", Seconds, 215},
		{"0:03:35", Seconds, 215},
		{"1:00:00", Seconds, 3600},
		{"3.35", MinuteDotSecond, 215},
		{"3.05", MinuteDotSecond, 185},
		{"3.5", MinuteDotSecond, 230}, // 3.50: 3'50"
		{"3.355", MinuteDotSecond, 215.5},
		{"4", MinuteDotSecond, 240},
		{"4.00", MinuteDotSecond, 240},
		{"0.59", MinuteDotSecond, 59},
		{`3'35"`, MinuteDotSecond, 215},
		{"3:35", MinuteDotSecond, 215},
	}
	for _, c := range cases {
		got, err := ParseTimeForm(c.in, c.form)
		if err != nil || got != c.want {
			t.Errorf("ParseTimeForm(%q, %d) = %v, %v; want %v", c.in, c.form, got, err, c.want)
		}
		if c.form == Seconds {
			if got2, err2 := ParseTime(c.in); got2 != got || (err2 == nil) != (err == nil) {
				t.Errorf("ParseTime(%q) differs from ParseTimeForm(…, Seconds)", c.in)
			}
		}
	}

	errs := []struct {
		in     string
		form   TimeForm
		reason string
	}{
		{"", Seconds, "时间为空"},
		{"  ", Seconds, "时间为空"},
		{"abc", Seconds, `不是有效的时间：abc（可写作秒数 215 或 215.5，或写作 3'35"、3:35）`},
		{"-5", Seconds, "时间不能为负数：-5"},
		{"0", Seconds, "时间须大于 0：0"},
		{`3'75"`, Seconds, `时间中的秒数须小于 60：3'75"`},
		{"3:75", Seconds, "时间中的分、秒须小于 60：3:75"},
		{"3.75", MinuteDotSecond, "“分.秒”写法的秒数须小于 60：3.75"},
		{"3:5", Seconds, "不是有效的时间：3:5（可写作秒数 215 或 215.5，或写作 3'35\"、3:35）"},
	}
	for _, c := range errs {
		_, err := ParseTimeForm(c.in, c.form)
		if err == nil || err.Error() != c.reason {
			t.Errorf("ParseTimeForm(%q, %d) error %v, want %s", c.in, c.form, err, c.reason)
		}
	}
	for _, in := range []string{"1e3", "'35", "3'-5\"", "3:+5", "3.5:00", ":35", "3::35", "1:2:3:4", "3'35\"x", "3 35", "NaN", "3'35'"} {
		if got, err := ParseTime(in); err == nil {
			t.Errorf("ParseTime(%q) = %v, accepted", in, got)
		}
	}
}
