package workflow

import (
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/workcal"
)

// CalendarInput is one year's 放假 and 调休 days as the administrator enters them.
type CalendarInput struct {
	Source         string   `json:"source"`
	Holidays       []string `json:"holidays"`
	MakeupWorkdays []string `json:"makeup_workdays"`
}

// Routes registers the working-day calendar endpoints: every signed-in bureau or school user
// reads it (deadlines are shown against it); the system administrator enters a year.
func (e *Engine) Routes(rt *httpapi.Router) {
	tag := "工作日历"
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/workflow/calendar", Summary: "工作日历：已录入节假日安排的年份",
		Tag: tag, Auth: httpapi.Full, Response: httpapi.List[CalendarYear]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := e.CalendarYears(c.R.Context(), c.P().District)
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/workflow/calendar/{year}", Summary: "录入或更正一年的节假日与调休安排（系统管理员）",
		Tag: tag, Auth: httpapi.Full, Request: CalendarInput{}, Response: CalendarYear{}, Handler: func(c *httpapi.Ctx) error {
			year, err := strconv.Atoi(c.R.PathValue("year"))
			if err != nil {
				return errs.Field("year", "年份无效")
			}
			var in CalendarInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			y, err := e.SetCalendarYear(c.R.Context(), c.P(), c.IP(), workcal.YearData{Year: year, Source: in.Source,
				Holidays: in.Holidays, MakeupWorkdays: in.MakeupWorkdays})
			if err != nil {
				return err
			}
			return c.OK(y)
		}})
}
