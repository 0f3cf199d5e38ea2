// Package workcal is the working-day (工作日) calendar behind every deadline counted in working
// days: hazard rectification, hotline cases, follow-ups.
//
// A day is a working day when it is Monday to Friday and not a public holiday (放假), or when it
// is a Saturday or Sunday that the State Council moved to a working day (调休上班). Holidays and
// 调休 change every year with the 国务院办公厅 announcement, so they are data, not code: the
// embedded file calendar/cn.json holds the years known when this build was made, and the
// system administrator enters each new year (SetYear / SetYearData), stored as YearData JSON.
//
// A year without data is never guessed: every question about one of its days answers an error
// that wraps ErrNoData (see NoDataError), so the UI can say that the calendar must be updated.
//
// Days are calendar days: a time.Time stands for its year, month and day in its own location,
// so callers pass times in China Standard Time (Asia/Shanghai) and the clock part is ignored.
package workcal

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

//go:embed calendar/cn.json
var embedded []byte

// ErrNoData is wrapped by every error about a day whose year has no calendar data.
var ErrNoData = errors.New("节假日安排尚未录入")

// NoDataError reports the first year without calendar data that a question needed.
type NoDataError struct {
	Year int
}

func (e *NoDataError) Error() string {
	return fmt.Sprintf("%d年的节假日安排尚未录入，请系统管理员更新日历", e.Year)
}

// Unwrap lets errors.Is(err, ErrNoData) recognise it.
func (e *NoDataError) Unwrap() error { return ErrNoData }

// dayKind is what the data says of one date.
type dayKind uint8

const (
	holiday dayKind = iota + 1 // 放假: a rest day whatever the weekday
	makeup                     // 调休上班: a weekend day that is a working day
)

// day is a calendar date without clock or location, comparable and usable as a map key.
type day struct {
	y int
	m time.Month
	d int
}

func dayOf(t time.Time) day {
	y, m, d := t.Date()
	return day{y, m, d}
}

func (d day) time(loc *time.Location) time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, loc) }

func (d day) add(n int) day { return dayOf(d.time(time.UTC).AddDate(0, 0, n)) }

func (d day) weekend() bool {
	wd := d.time(time.UTC).Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

func (d day) before(o day) bool {
	if d.y != o.y {
		return d.y < o.y
	}
	if d.m != o.m {
		return d.m < o.m
	}
	return d.d < o.d
}

func (d day) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, int(d.m), d.d) }

// DateLayout is the layout of the dates in YearData.
const DateLayout = "2006-01-02"

// YearData is one year's announcement as stored (the embedded file, the database, an
// administrator's upload): the rest days and the 调休 working days, as "2006-01-02" dates.
type YearData struct {
	Year int `json:"year"`
	// Source names the announcement, e.g. "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）".
	Source string `json:"source,omitempty"`
	// Holidays are the 放假 dates, whole announced ranges (weekend days inside a range included).
	Holidays []string `json:"holidays"`
	// MakeupWorkdays are the 调休 weekend days that are working days (上班).
	MakeupWorkdays []string `json:"makeup_workdays"`
}

// file is the layout of calendar/cn.json.
type file struct {
	Country string     `json:"country"`
	Note    string     `json:"note,omitempty"`
	Years   []YearData `json:"years"`
}

// yearEntry is one year's data, parsed.
type yearEntry struct {
	source   string
	holidays []day
	makeups  []day
}

// Calendar answers working-day questions from per-year data. It is safe for concurrent use;
// SetYear replaces a year while others read.
type Calendar struct {
	mu    sync.RWMutex
	years map[int]yearEntry
	kinds map[day]dayKind // every date named by any year's data
}

// New returns a calendar with no data: every question answers ErrNoData until years are set.
func New() *Calendar {
	return &Calendar{years: map[int]yearEntry{}, kinds: map[day]dayKind{}}
}

// Default returns a new calendar loaded with the embedded data (2024–2026 at this writing).
// Each call returns its own copy, so SetYear on one does not change another.
func Default() *Calendar {
	c, err := Load(embedded)
	if err != nil {
		panic("workcal: embedded calendar/cn.json: " + err.Error())
	}
	return c
}

// Load reads a calendar file in the layout of calendar/cn.json ({"years": [YearData…]}).
func Load(data []byte) (*Calendar, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("日历文件格式错误：%w", err)
	}
	c := New()
	for _, y := range f.Years {
		if err := c.SetYearData(y); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Years lists the years that have data, ascending.
func (c *Calendar) Years() []int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	ys := make([]int, 0, len(c.years))
	for y := range c.years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// HasYear reports whether the year has data.
func (c *Calendar) HasYear(year int) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.years[year]
	return ok
}

// SetYear enters (or replaces) one year's announcement: the 放假 dates and the 调休 上班 dates.
// Dates are taken as calendar days (see the package comment). Rules:
//   - every date lies in the year, or in December of the year before: an announcement may start
//     the 元旦 holiday, or set a 调休 working day, in the last days of the previous December;
//   - a make-up working day must be a Saturday or a Sunday (a weekday is a working day already);
//   - a holiday may fall on any day: the announced ranges (such as 10月1日至7日) include weekend
//     days, which are entered as announced and change nothing;
//   - no date may be both a holiday and a make-up working day, in this year's data or against
//     another year's data (a December date entered by both years);
//   - a date listed twice in the same list is kept once.
//
// On error the calendar is unchanged.
func (c *Calendar) SetYear(year int, holidays, makeupWorkdays []time.Time) error {
	return c.setYear(year, "", toDays(holidays), toDays(makeupWorkdays))
}

// SetYearData is SetYear for stored data, keeping its source line.
func (c *Calendar) SetYearData(y YearData) error {
	hs, err := parseDates(y.Year, "holidays", y.Holidays)
	if err != nil {
		return err
	}
	ms, err := parseDates(y.Year, "makeup_workdays", y.MakeupWorkdays)
	if err != nil {
		return err
	}
	return c.setYear(y.Year, y.Source, hs, ms)
}

// YearData returns one year's data for storage, dates sorted; ok is false when it has none.
func (c *Calendar) YearData(year int) (y YearData, ok bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.years[year]
	if !ok {
		return YearData{}, false
	}
	y = YearData{Year: year, Source: e.source, Holidays: []string{}, MakeupWorkdays: []string{}}
	for _, d := range e.holidays {
		y.Holidays = append(y.Holidays, d.String())
	}
	for _, d := range e.makeups {
		y.MakeupWorkdays = append(y.MakeupWorkdays, d.String())
	}
	return y, true
}

// MarshalYear is the JSON of one year's data for storage; ErrNoData (a NoDataError) when the
// year has none.
func (c *Calendar) MarshalYear(year int) ([]byte, error) {
	y, ok := c.YearData(year)
	if !ok {
		return nil, &NoDataError{Year: year}
	}
	return json.Marshal(y)
}

// UnmarshalYear enters a year from the JSON written by MarshalYear, with SetYear's rules.
func (c *Calendar) UnmarshalYear(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var y YearData
	if err := dec.Decode(&y); err != nil {
		return fmt.Errorf("年度日历格式错误：%w", err)
	}
	return c.SetYearData(y)
}

func toDays(ts []time.Time) []day {
	ds := make([]day, len(ts))
	for i, t := range ts {
		ds[i] = dayOf(t)
	}
	return ds
}

func parseDates(year int, field string, ss []string) ([]day, error) {
	ds := make([]day, 0, len(ss))
	for i, s := range ss {
		t, err := time.Parse(DateLayout, s)
		if err != nil {
			return nil, fmt.Errorf("%d年日历 %s 第 %d 项“%s”不是 YYYY-MM-DD 格式的日期", year, field, i+1, s)
		}
		ds = append(ds, dayOf(t))
	}
	return ds, nil
}

// sortedUnique sorts and removes repeated dates.
func sortedUnique(ds []day) []day {
	out := slices.Clone(ds)
	slices.SortFunc(out, func(a, b day) int {
		switch {
		case a.before(b):
			return -1
		case b.before(a):
			return 1
		}
		return 0
	})
	return slices.Compact(out)
}

func (c *Calendar) setYear(year int, source string, holidays, makeups []day) error {
	if year < 1949 || year > 9999 {
		return fmt.Errorf("年份 %d 无效", year)
	}
	holidays, makeups = sortedUnique(holidays), sortedUnique(makeups)
	inRange := func(d day) bool {
		return d.y == year || (d.y == year-1 && d.m == time.December)
	}
	for _, d := range holidays {
		if !inRange(d) {
			return fmt.Errorf("%d年日历：放假日期 %s 不在该年（或上一年12月）内", year, d)
		}
	}
	isHoliday := map[day]bool{}
	for _, d := range holidays {
		isHoliday[d] = true
	}
	for _, d := range makeups {
		if !inRange(d) {
			return fmt.Errorf("%d年日历：调休上班日期 %s 不在该年（或上一年12月）内", year, d)
		}
		if !d.weekend() {
			return fmt.Errorf("%d年日历：调休上班日期 %s 是%s，调休上班日必须是周六或周日", year, d, weekdayName(d))
		}
		if isHoliday[d] {
			return fmt.Errorf("%d年日历：%s 同时列为放假日和调休上班日", year, d)
		}
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	// Dates other years name, so that a December date cannot be given two meanings.
	others := map[day]dayKind{}
	for y, e := range c.years {
		if y == year {
			continue
		}
		for _, d := range e.holidays {
			others[d] = holiday
		}
		for _, d := range e.makeups {
			others[d] = makeup
		}
	}
	for _, d := range holidays {
		if others[d] == makeup {
			return fmt.Errorf("%d年日历：%s 在另一年度的日历中是调休上班日", year, d)
		}
	}
	for _, d := range makeups {
		if others[d] == holiday {
			return fmt.Errorf("%d年日历：%s 在另一年度的日历中是放假日", year, d)
		}
	}
	c.years[year] = yearEntry{source: source, holidays: holidays, makeups: makeups}
	kinds := others
	for _, d := range holidays {
		kinds[d] = holiday
	}
	for _, d := range makeups {
		kinds[d] = makeup
	}
	c.kinds = kinds
	return nil
}

func weekdayName(d day) string {
	return [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}[d.time(time.UTC).Weekday()]
}

// isWorkday answers for one day; the caller holds the read lock.
func (c *Calendar) isWorkday(d day) (bool, error) {
	if _, ok := c.years[d.y]; !ok {
		return false, &NoDataError{Year: d.y}
	}
	switch c.kinds[d] {
	case holiday:
		return false, nil
	case makeup:
		return true, nil
	}
	return !d.weekend(), nil
}

// IsWorkday reports whether d's calendar day is a working day. The error wraps ErrNoData when
// d's year has no data.
func (c *Calendar) IsWorkday(d time.Time) (bool, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.isWorkday(dayOf(d))
}

// AddWorkdays returns the deadline n working days after start: the start day itself is not
// counted (the 信访 convention, counting from the next day), whatever it is, and the deadline is
// the n-th working day after it. So a case received on a Friday with n = 1 is due the following
// Monday (if a working day), and one received on a holiday counts from the first working day.
// The result is the deadline day at 00:00 in start's location; the deadline runs to the end of
// that day.
//
// n = 0 returns start's day itself without consulting the calendar. A negative n counts back:
// the |n|-th working day before start. The error wraps ErrNoData when the count reaches a year
// without data.
func (c *Calendar) AddWorkdays(start time.Time, n int) (time.Time, error) {
	loc := start.Location()
	d := dayOf(start)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	for n > 0 {
		d = d.add(step)
		ok, err := c.isWorkday(d)
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			n--
		}
	}
	return d.time(loc), nil
}

// WorkdaysBetween counts the working days after a's day up to and including b's day, so that
// WorkdaysBetween(a, AddWorkdays(a, n)) == n for n ≥ 0, and a day counts as elapsed once it has
// begun (a case received on day a has used WorkdaysBetween(a, today) of its working days). When b
// is before a the answer is the negative of WorkdaysBetween(b, a); it is 0 on the same day. The
// error wraps ErrNoData when a day in between has no data.
func (c *Calendar) WorkdaysBetween(a, b time.Time) (int, error) {
	from, to := dayOf(a), dayOf(b)
	sign := 1
	if to.before(from) {
		from, to, sign = to, from, -1
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	n := 0
	for d := from; d.before(to); {
		d = d.add(1)
		ok, err := c.isWorkday(d)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return sign * n, nil
}
