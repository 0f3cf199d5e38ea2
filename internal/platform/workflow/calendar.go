package workflow

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/workcal"
)

// CalendarYear is one year of the working-day calendar as the administrator sees it.
type CalendarYear struct {
	workcal.YearData
	Entered bool `json:"entered"` // entered by the administrator (else shipped with this version)
}

// LoadCalendar applies the years the system administrator has entered (stored in the database)
// over the shipped calendar; the server calls it once at start.
func (e *Engine) LoadCalendar(ctx context.Context) error {
	rows, err := e.DB.Read().Query(ctx, `SELECT data FROM wf_calendar_years ORDER BY updated_at`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return err
		}
		if err := e.Cal.UnmarshalYear([]byte(data)); err != nil {
			return fmt.Errorf("工作日历：%w", err)
		}
	}
	return rows.Err()
}

// CalendarYears lists the years with data.
func (e *Engine) CalendarYears(ctx context.Context, district string) ([]CalendarYear, error) {
	entered := map[int]bool{}
	rows, err := e.DB.Read().Query(ctx, `SELECT year FROM wf_calendar_years WHERE district_code = ?`, district)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			rows.Close()
			return nil, err
		}
		entered[y] = true
	}
	rows.Close()
	out := []CalendarYear{}
	for _, y := range e.Cal.Years() {
		yd, _ := e.Cal.YearData(y)
		out = append(out, CalendarYear{YearData: yd, Entered: entered[y]})
	}
	return out, nil
}

// SetCalendarYear enters or replaces a year's 放假 and 调休 days (system administrator): checked
// by the calendar's rules, stored, audited, and applied at once; open items waiting for the year
// get their deadlines.
func (e *Engine) SetCalendarYear(ctx context.Context, p *access.Principal, ip string, y workcal.YearData) (CalendarYear, error) {
	if err := access.Require(p, access.SettingsManage); err != nil {
		return CalendarYear{}, err
	}
	if y.Year < 2000 || y.Year > 2100 {
		return CalendarYear{}, errs.Field("year", "年份应在 2000–2100 之间")
	}
	// Check on a scratch calendar holding the other years, so the live one changes only once stored.
	scratch := workcal.New()
	for _, other := range e.Cal.Years() {
		if other != y.Year {
			od, _ := e.Cal.YearData(other)
			_ = scratch.SetYearData(od)
		}
	}
	if err := scratch.SetYearData(y); err != nil {
		return CalendarYear{}, errs.Field("holidays", err.Error())
	}
	clean, _ := scratch.YearData(y.Year)
	data, _ := json.Marshal(clean)
	err := e.DB.Tx(ctx, func(q db.Querier) error {
		if _, err := q.Exec(ctx, `DELETE FROM wf_calendar_years WHERE district_code = ? AND year = ?`, p.District, y.Year); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `INSERT INTO wf_calendar_years (district_code, year, data, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)`,
			p.District, y.Year, string(data), p.UserID, db.Now()); err != nil {
			return err
		}
		return e.Audit.Append(ctx, q, p.District, audit.By(p, ip, "workflow.calendar", "calendar", fmt.Sprint(y.Year),
			fmt.Sprintf("录入%d年节假日安排：放假 %d 天，调休上班 %d 天", y.Year, len(clean.Holidays), len(clean.MakeupWorkdays))))
	})
	if err != nil {
		return CalendarYear{}, err
	}
	if err := e.Cal.SetYearData(clean); err != nil {
		return CalendarYear{}, err
	}
	if _, err := e.Sweep(ctx, p.District); err != nil {
		return CalendarYear{}, err
	}
	return CalendarYear{YearData: clean, Entered: true}, nil
}
