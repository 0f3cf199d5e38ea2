package workflow

import (
	"strings"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/workcal"
)

func TestDueDate(t *testing.T) {
	cal := workcal.Default()
	for _, tc := range []struct {
		name, start string
		n           int
		due         string
	}{
		// 2025-09-26 Fri (1), 09-27 Sat rest, 09-28 Sun 调休上班 (2), 09-29 (3), 09-30 (4), 10-01…10-08 国庆中秋, 10-09 Thu (5).
		{"across 国庆 with the 调休 Sunday before it", "2025-09-25", 5, "2025-10-09"},
		// 10-10 Fri (1), 10-11 Sat 调休上班 (2).
		{"ends on a 调休 Saturday", "2025-10-09", 2, "2025-10-11"},
		{"a whole holiday week counts nothing", "2025-09-30", 1, "2025-10-09"},
		{"plain week", "2025-11-03", 5, "2025-11-10"},
		{"no deadline", "2025-11-03", 0, ""},
		// 2024: 09-29 Sun and 10-12 Sat are 调休上班; 10-01…10-07 rest.
		{"2024 国庆 both 调休 days", "2024-09-27", 3, "2024-10-08"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			due, note, err := DueDate(cal, tc.start, tc.n)
			if err != nil || note != "" || due != tc.due {
				t.Fatalf("DueDate(%s, %d) = %q, %q, %v; want %s", tc.start, tc.n, due, note, err, tc.due)
			}
		})
	}
}

func TestDueDateInYearWithoutCalendarSaysSo(t *testing.T) {
	due, note, err := DueDate(workcal.Default(), "2026-12-20", 20)
	if err != nil || due != "" {
		t.Fatalf("got %q, %v; want no date and a note", due, err)
	}
	if !strings.Contains(note, "2027年的节假日安排尚未录入") {
		t.Fatalf("note %q does not name the missing year", note)
	}
	if _, _, err := DueDate(workcal.Default(), "2025-13-01", 3); err == nil {
		t.Fatal("a malformed start date must be an error")
	}
}

func TestSniffAcceptsByContentNotName(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for _, tc := range []struct {
		head []byte
		name string
		kind string
	}{
		{png, "现场.png", "photo"},
		{png, "伪装.pdf", "photo"},
		{[]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "a.jpg", "photo"},
		{[]byte("%PDF-1.7\n"), "整改报告.pdf", "file"},
		{[]byte("PK\x03\x04\x14\x00\x06\x00"), "整改.docx", "file"},
		{[]byte("PK\x03\x04\x14\x00\x06\x00"), "压缩包.zip", ""},
		{[]byte("<html><script>alert(1)</script>"), "a.jpg", ""},
		{[]byte("MZ\x90\x00"), "a.exe", ""},
	} {
		kind, _, _, err := sniff(tc.head, tc.name)
		if kind != tc.kind || (tc.kind == "") != (err != nil) {
			t.Errorf("sniff(%q) = %q, %v; want %q", tc.name, kind, err, tc.kind)
		}
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{"../../etc/passwd": "passwd", `C:\照片\现场.jpg`: "现场.jpg", "": "附件", "a\x00b.png": "a_b.png"} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Property: the deadline is a working day, exactly n working days after the start, over every
// start day of the calendar's years and counts up to 40.
func TestDueDateIsTheNthWorkingDay(t *testing.T) {
	cal := workcal.Default()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, China)
	for day := start; day.Year() < 2026 || day.Month() < 10; day = day.AddDate(0, 0, 3) {
		for _, n := range []int{1, 2, 3, 5, 10, 20, 40} {
			due, note, err := DueDate(cal, day.Format(DateLayout), n)
			if err != nil || note != "" {
				t.Fatalf("%s + %d: %v %s", day.Format(DateLayout), n, err, note)
			}
			d, _ := time.ParseInLocation(DateLayout, due, China)
			if ok, _ := cal.IsWorkday(d); !ok {
				t.Fatalf("%s + %d = %s, not a working day", day.Format(DateLayout), n, due)
			}
			if got, _ := cal.WorkdaysBetween(day, d); got != n {
				t.Fatalf("%s + %d = %s, %d working days apart", day.Format(DateLayout), n, due, got)
			}
		}
	}
}

func TestIsAssignee(t *testing.T) {
	school := Item{AssigneeKind: AssignSchool, AssigneeID: 11, district: "339901"}
	section := Item{AssigneeKind: AssignSection, AssigneeID: 77, district: "339901"}
	person := Item{AssigneeKind: AssignUser, AssigneeID: 5, district: "339901"}
	p := func(user, school, section int64, district string) *access.Principal {
		return access.NewPrincipal(user, "u", "u", access.Staff, district, school, 0, section, nil)
	}
	for _, tc := range []struct {
		name string
		it   Item
		p    *access.Principal
		want bool
	}{
		{"the school's administrator", school, p(1, 11, 0, "339901"), true},
		{"another school", school, p(1, 12, 0, "339901"), false},
		{"a member of the section", section, p(1, 0, 77, "339901"), true},
		{"another section", section, p(1, 0, 78, "339901"), false},
		{"no section is not section 0's", Item{AssigneeKind: AssignSection, district: "339901"}, p(1, 0, 0, "339901"), false},
		{"the person", person, p(5, 0, 0, "339901"), true},
		{"the same ids in another district", school, p(1, 11, 0, "110101"), false},
		{"nobody", school, nil, false},
	} {
		if got := tc.it.IsAssignee(tc.p); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
