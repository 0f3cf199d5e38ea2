package workcal

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

var cst = time.FixedZone("CST", 8*3600)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }

func mustWorkday(t *testing.T, c *Calendar, d time.Time, want bool) {
	t.Helper()
	got, err := c.IsWorkday(d)
	if err != nil {
		t.Fatalf("IsWorkday(%s): %v", d.Format(DateLayout), err)
	}
	if got != want {
		t.Fatalf("IsWorkday(%s %s) = %v, want %v", d.Format(DateLayout), d.Weekday(), got, want)
	}
}

func mustAdd(t *testing.T, c *Calendar, start time.Time, n int, want time.Time) {
	t.Helper()
	got, err := c.AddWorkdays(start, n)
	if err != nil {
		t.Fatalf("AddWorkdays(%s, %d): %v", start.Format(DateLayout), n, err)
	}
	if !got.Equal(want) || got.Location() != want.Location() {
		t.Fatalf("AddWorkdays(%s, %d) = %s, want %s", start.Format(DateLayout), n, got, want)
	}
}

// The embedded years match the announcements: counts of dates per notice, weekday of every
// 调休 day, a source line, and the number of working days in each year (checked against an
// independent holiday library when the data was entered).
func TestEmbeddedData(t *testing.T) {
	c := Default()
	if got := c.Years(); !slices.Equal(got, []int{2024, 2025, 2026}) {
		t.Fatalf("years %v", got)
	}
	want := map[int]struct{ holidays, makeups, workdays int }{
		2024: {1 + 8 + 3 + 5 + 1 + 3 + 7, 2 + 1 + 2 + 1 + 2, 251},
		2025: {1 + 8 + 3 + 5 + 3 + 8, 2 + 1 + 2, 248},
		2026: {3 + 9 + 3 + 5 + 3 + 3 + 7, 1 + 2 + 1 + 2, 248},
	}
	for year, w := range want {
		y, ok := c.YearData(year)
		if !ok {
			t.Fatalf("%d missing", year)
		}
		if !strings.Contains(y.Source, "国务院办公厅关于") || !strings.Contains(y.Source, "部分节假日安排的通知") {
			t.Errorf("%d source %q", year, y.Source)
		}
		if len(y.Holidays) != w.holidays || len(y.MakeupWorkdays) != w.makeups {
			t.Errorf("%d: %d holidays, %d makeups; want %d, %d", year, len(y.Holidays), len(y.MakeupWorkdays), w.holidays, w.makeups)
		}
		for _, s := range y.MakeupWorkdays {
			d, _ := time.Parse(DateLayout, s)
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				t.Errorf("%d makeup %s is %s", year, s, wd)
			}
		}
		// Counted from the day before the year (2023 has no data, but its last day is not counted).
		n, err := c.WorkdaysBetween(date(year-1, 12, 31), date(year, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		if n != w.workdays {
			t.Errorf("%d has %d working days, want %d", year, n, w.workdays)
		}
	}
}

// Announced ranges, day by day, for the holidays the issue names.
func TestAnnouncedDays(t *testing.T) {
	c := Default()
	// 2025 国庆节、中秋节：10月1日至8日放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
	for d := 1; d <= 8; d++ {
		mustWorkday(t, c, date(2025, 10, d), false)
	}
	mustWorkday(t, c, date(2025, 9, 28), true)
	mustWorkday(t, c, date(2025, 10, 11), true)
	mustWorkday(t, c, date(2025, 10, 12), false) // an ordinary Sunday
	mustWorkday(t, c, date(2025, 10, 9), true)
	// 2024 春节: 除夕 2月9日 was only "encouraged" to be a rest day: a working day.
	mustWorkday(t, c, date(2024, 2, 9), true)
	mustWorkday(t, c, date(2024, 2, 4), true) // 星期日上班
	// 2026 春节：2月15日至23日放假；2月14日（周六）、2月28日（周六）上班。
	mustWorkday(t, c, date(2026, 2, 14), true)
	mustWorkday(t, c, date(2026, 2, 23), false)
	mustWorkday(t, c, date(2026, 2, 24), true)
	mustWorkday(t, c, date(2026, 2, 28), true)
	// Clock and location: 23:30 in Beijing on 10月8日 is still the holiday.
	mustWorkday(t, c, time.Date(2025, 10, 8, 23, 30, 0, 0, cst), false)
}

func TestDeadlineAcrossNationalDay(t *testing.T) {
	c := Default()
	// Received Tuesday 2025-09-30; the next day starts the 8-day holiday.
	mustAdd(t, c, date(2025, 9, 30), 1, date(2025, 10, 9))
	mustAdd(t, c, date(2025, 9, 30), 2, date(2025, 10, 10))
	// The third working day is the 调休 Saturday 10月11日.
	mustAdd(t, c, date(2025, 9, 30), 3, date(2025, 10, 11))
	mustAdd(t, c, date(2025, 9, 30), 4, date(2025, 10, 13))
	// Received on a holiday: counting starts with the first working day after it.
	mustAdd(t, c, date(2025, 10, 3), 1, date(2025, 10, 9))
	// 2024: received Friday 9月27日; the 调休 Sunday 9月29日 is the first working day.
	mustAdd(t, c, date(2024, 9, 27), 1, date(2024, 9, 29))
	mustAdd(t, c, date(2024, 9, 27), 2, date(2024, 9, 30))
	mustAdd(t, c, date(2024, 9, 27), 3, date(2024, 10, 8))
	// 15 working days (a 信访 reply deadline) from 2025-09-26.
	mustAdd(t, c, date(2025, 9, 26), 15, date(2025, 10, 23))
	n, err := c.WorkdaysBetween(date(2025, 9, 26), date(2025, 10, 23))
	if err != nil || n != 15 {
		t.Fatalf("WorkdaysBetween = %d, %v", n, err)
	}
}

func TestMakeupSaturdayCounts(t *testing.T) {
	c := Default()
	mustWorkday(t, c, date(2026, 10, 10), true) // 2026 国庆 调休 Saturday
	// Friday 2026-10-09 + 1 working day is that Saturday, not Monday.
	mustAdd(t, c, date(2026, 10, 9), 1, date(2026, 10, 10))
	mustAdd(t, c, date(2026, 10, 9), 2, date(2026, 10, 12))
	n, err := c.WorkdaysBetween(date(2026, 10, 9), date(2026, 10, 12))
	if err != nil || n != 2 {
		t.Fatalf("WorkdaysBetween over the 调休 Saturday = %d, %v", n, err)
	}
}

func TestWeekendsSkipped(t *testing.T) {
	c := Default()
	mustWorkday(t, c, date(2025, 3, 8), false)
	mustWorkday(t, c, date(2025, 3, 9), false)
	mustAdd(t, c, date(2025, 3, 7), 1, date(2025, 3, 10))  // Friday → Monday
	mustAdd(t, c, date(2025, 3, 8), 1, date(2025, 3, 10))  // Saturday → Monday
	mustAdd(t, c, date(2025, 3, 3), 5, date(2025, 3, 10))  // Monday + 5 → next Monday
	mustAdd(t, c, date(2025, 3, 3), 10, date(2025, 3, 17)) // two weeks
}

func TestZeroAndNegative(t *testing.T) {
	c := Default()
	// n = 0 is the start day itself, even a holiday, and needs no data.
	mustAdd(t, c, date(2025, 10, 1), 0, date(2025, 10, 1))
	mustAdd(t, c, time.Date(2031, 5, 6, 14, 0, 0, 0, cst), 0, date(2031, 5, 6))
	// Negative n counts back.
	mustAdd(t, c, date(2025, 10, 9), -1, date(2025, 9, 30))
	mustAdd(t, c, date(2025, 10, 13), -1, date(2025, 10, 11)) // the 调休 Saturday
	mustAdd(t, c, date(2025, 10, 13), -2, date(2025, 10, 10))
	if n, err := c.WorkdaysBetween(date(2025, 10, 9), date(2025, 10, 9)); err != nil || n != 0 {
		t.Fatalf("same day: %d, %v", n, err)
	}
	if n, err := c.WorkdaysBetween(date(2025, 10, 13), date(2025, 9, 30)); err != nil || n != -4 { // 10月9日、10日、11日（调休）、13日
		t.Fatalf("reversed: %d, %v", n, err)
	}
}

func TestYearWithoutData(t *testing.T) {
	c := Default()
	const msg = "2027年的节假日安排尚未录入，请系统管理员更新日历"
	check := func(what string, err error) {
		t.Helper()
		if err == nil || err.Error() != msg || !errors.Is(err, ErrNoData) {
			t.Fatalf("%s: %v", what, err)
		}
		var nd *NoDataError
		if !errors.As(err, &nd) || nd.Year != 2027 {
			t.Fatalf("%s: %#v", what, err)
		}
	}
	_, err := c.IsWorkday(date(2027, 1, 4))
	check("IsWorkday", err)
	// A deadline that runs into 2027 is not guessed.
	_, err = c.AddWorkdays(date(2026, 12, 28), 5)
	check("AddWorkdays", err)
	_, err = c.WorkdaysBetween(date(2026, 12, 1), date(2027, 1, 10))
	check("WorkdaysBetween", err)
	// Within 2026 the same start works.
	mustAdd(t, c, date(2026, 12, 28), 3, date(2026, 12, 31))
	if _, err := c.IsWorkday(date(2023, 12, 29)); err == nil || !strings.HasPrefix(err.Error(), "2023年") {
		t.Fatalf("2023: %v", err)
	}
	if _, err := c.MarshalYear(2027); !errors.Is(err, ErrNoData) {
		t.Fatalf("MarshalYear: %v", err)
	}
}

func TestSetYear(t *testing.T) {
	c := Default()
	bad := []struct {
		name              string
		holidays, makeups []time.Time
		want              string
	}{
		{"makeup on a weekday", nil, []time.Time{date(2027, 2, 3)}, "必须是周六或周日"},
		{"both lists", []time.Time{date(2027, 2, 6)}, []time.Time{date(2027, 2, 6)}, "同时列为"},
		{"outside the year", []time.Time{date(2028, 1, 1)}, nil, "不在该年"},
		{"November of the year before", []time.Time{date(2026, 11, 30)}, nil, "不在该年"},
		{"makeup in October of the year before", nil, []time.Time{date(2026, 10, 4)}, "不在该年"},
	}
	for _, b := range bad {
		if err := c.SetYear(2027, b.holidays, b.makeups); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: %v", b.name, err)
		}
		if c.HasYear(2027) {
			t.Fatalf("%s: year entered despite the error", b.name)
		}
	}
	// An administrator enters an announcement (made up for the test) that starts in December.
	hol := []time.Time{date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 1), date(2027, 2, 8)}
	mk := []time.Time{date(2026, 12, 26), date(2027, 2, 6)}
	if err := c.SetYear(2027, hol, mk); err != nil {
		t.Fatal(err)
	}
	mustWorkday(t, c, date(2026, 12, 26), true)
	mustWorkday(t, c, date(2026, 12, 31), false)
	mustWorkday(t, c, date(2027, 1, 1), false)
	mustWorkday(t, c, date(2027, 1, 4), true)
	mustWorkday(t, c, date(2027, 2, 6), true)
	mustWorkday(t, c, date(2027, 2, 8), false)
	mustAdd(t, c, date(2026, 12, 30), 1, date(2027, 1, 4))
	y, _ := c.YearData(2027)
	if !slices.Equal(y.Holidays, []string{"2026-12-31", "2027-01-01", "2027-02-08"}) {
		t.Fatalf("holidays %v", y.Holidays)
	}
	// The other year cannot give the shared December date the opposite meaning.
	d, _ := c.YearData(2026)
	d.Holidays = append(d.Holidays, "2026-12-26")
	if err := c.SetYearData(d); err == nil || !strings.Contains(err.Error(), "另一年度") {
		t.Fatalf("cross-year conflict: %v", err)
	}
	// Replacing a year drops its old dates.
	if err := c.SetYear(2027, nil, nil); err != nil {
		t.Fatal(err)
	}
	mustWorkday(t, c, date(2027, 2, 8), true)
	mustWorkday(t, c, date(2027, 2, 6), false)
	mustWorkday(t, c, date(2026, 12, 31), true)
	mustWorkday(t, c, date(2026, 12, 26), false)
	// Default returns independent copies.
	if Default().HasYear(2027) {
		t.Fatal("SetYear changed another calendar")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	c := Default()
	b, err := c.MarshalYear(2025)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"year":2025,"source":"国务院办公厅关于2025年`) ||
		!strings.Contains(string(b), `"makeup_workdays":["2025-01-26","2025-02-08","2025-04-27","2025-09-28","2025-10-11"]`) {
		t.Fatalf("json %s", b)
	}
	fresh := New()
	if _, err := fresh.IsWorkday(date(2025, 5, 6)); !errors.Is(err, ErrNoData) {
		t.Fatalf("empty calendar: %v", err)
	}
	if err := fresh.UnmarshalYear(b); err != nil {
		t.Fatal(err)
	}
	for d := date(2025, 1, 1); d.Year() == 2025; d = d.AddDate(0, 0, 1) {
		w1, _ := c.IsWorkday(d)
		w2, err := fresh.IsWorkday(d)
		if err != nil || w1 != w2 {
			t.Fatalf("%s: %v %v %v", d.Format(DateLayout), w1, w2, err)
		}
	}
	b2, _ := fresh.MarshalYear(2025)
	if string(b) != string(b2) {
		t.Fatalf("round trip changed the JSON:\n%s\n%s", b, b2)
	}
	for _, in := range []string{
		`{"year":2027,"holidays":["2027-13-01"],"makeup_workdays":[]}`,
		`{"year":2027,"holidays":[],"makeup_workdays":["2027-02-03"]}`,
		`{"year":2027,"holiday":[]}`,
		`not json`,
	} {
		if err := fresh.UnmarshalYear([]byte(in)); err == nil {
			t.Errorf("accepted %s", in)
		}
	}
	if _, err := Load([]byte(`{"years":[{"year":2027,"holidays":["2027-02-03"],"makeup_workdays":["2027-02-03"]}]}`)); err == nil {
		t.Fatal("Load accepted a contradictory year")
	}
}

// AddWorkdays and WorkdaysBetween agree, and the deadline is always a working day.
func TestAddAndBetweenAgree(t *testing.T) {
	c := Default()
	r := rand.New(rand.NewPCG(7, 7))
	for range 2000 {
		start := date(2024, 3, 1).AddDate(0, 0, r.IntN(975))
		n := r.IntN(30)
		end, err := c.AddWorkdays(start, n)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.WorkdaysBetween(start, end)
		if err != nil || got != n {
			t.Fatalf("%s + %d = %s, between %d %v", start.Format(DateLayout), n, end.Format(DateLayout), got, err)
		}
		if n > 0 {
			mustWorkday(t, c, end, true)
			back, err := c.AddWorkdays(end, -n)
			if err != nil {
				t.Fatal(err)
			}
			// Counting back lands on the last working day not after start.
			if back.After(start) {
				t.Fatalf("back %s after start %s", back.Format(DateLayout), start.Format(DateLayout))
			}
		}
	}
}
