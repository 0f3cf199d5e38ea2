package workflow

import (
	"errors"
	"time"

	"github.com/edubureau/edubureau/internal/platform/workcal"
)

// China is the bureau's time zone: dates of deadlines are China Standard Time days.
var China = time.FixedZone("CST", 8*3600)

// DateLayout is the layout of the engine's dates.
const DateLayout = "2006-01-02"

// Today is t's day in China as 'YYYY-MM-DD'.
func Today(t time.Time) string { return t.In(China).Format(DateLayout) }

// DueDate returns the deadline n working days after start (a 'YYYY-MM-DD' day): the n-th working
// day after it. When the count reaches a year without calendar data it returns no date and the
// note saying which year must be entered; other errors (a malformed date) are returned.
func DueDate(cal *workcal.Calendar, start string, n int) (due, note string, err error) {
	if n <= 0 {
		return "", "", nil
	}
	d, err := time.ParseInLocation(DateLayout, start, China)
	if err != nil {
		return "", "", err
	}
	t, err := cal.AddWorkdays(d, n)
	if err != nil {
		var nd *workcal.NoDataError
		if errors.As(err, &nd) {
			return "", nd.Error() + "，办理期限暂无法计算", nil
		}
		return "", "", err
	}
	return t.Format(DateLayout), "", nil
}

// overdue reports whether an open item with deadline due is overdue on day today.
func overdue(final bool, due, today string) bool { return !final && due != "" && due < today }
