package supervision

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Visit is one 责任督学 visit to a school.
type Visit struct {
	ID            int64     `json:"id"`
	SchoolID      int64     `json:"school_id"`
	SchoolName    string    `json:"school_name"`
	ZoneID        int64     `json:"zone_id"`
	InspectorID   int64     `json:"inspector_id"`
	InspectorName string    `json:"inspector_name"`
	Date          string    `json:"date"` // YYYY-MM-DD
	Items         []string  `json:"items"`
	Notes         string    `json:"notes"`
	Findings      []Finding `json:"findings"`
	CreatedAt     time.Time `json:"created_at"`
}

// Finding is a problem found on a visit; HazardID is the 安全隐患 it became (0: not a hazard).
type Finding struct {
	ID          int64  `json:"id"`
	Seq         int    `json:"seq"`
	Category    string `json:"category"`
	Severity    string `json:"severity"`
	Description string `json:"description"`
	HazardID    int64  `json:"hazard_id"`
}

// VisitInput is a visit as logged. InspectorID is taken from the session for a 责任督学 and is
// required when bureau staff log a visit on an inspector's behalf.
type VisitInput struct {
	SchoolID    int64          `json:"school_id"`
	Date        string         `json:"date"`
	Items       []string       `json:"items"`
	Notes       string         `json:"notes"`
	Findings    []FindingInput `json:"findings"`
	InspectorID int64          `json:"inspector_id,omitempty"`
}

// FindingInput is a finding as logged.
type FindingInput struct {
	Category    string `json:"category"`
	Severity    string `json:"severity"`
	Description string `json:"description"`
}

// Normalize trims the input and checks it against today's date; the school and inspector are
// checked against the database by the store.
func (in *VisitInput) Normalize(today time.Time) error {
	var f errs.Fields
	if in.SchoolID <= 0 {
		f.Add("school_id", "请选择督导的学校")
	}
	in.Date = strings.TrimSpace(in.Date)
	if d, err := time.Parse("2006-01-02", in.Date); err != nil {
		f.Add("date", "督导日期格式应为 YYYY-MM-DD")
	} else if d.After(today) {
		f.Add("date", "督导日期不能晚于今天")
	} else if d.Year() < 2000 {
		f.Add("date", "督导日期早于 2000 年")
	}
	items := []string{}
	seen := map[string]bool{}
	for _, it := range in.Items {
		it = strings.TrimSpace(it)
		if it == "" || seen[it] {
			continue
		}
		if utf8.RuneCountInString(it) > 50 {
			f.Add("items", "督导事项“"+string([]rune(it)[:10])+"…”超过 50 个字")
		}
		seen[it] = true
		items = append(items, it)
	}
	if len(items) == 0 {
		f.Add("items", "请至少勾选一项督导事项")
	}
	if len(items) > 30 {
		f.Add("items", "督导事项不能超过 30 项")
	}
	in.Items = items
	in.Notes = strings.TrimSpace(in.Notes)
	if utf8.RuneCountInString(in.Notes) > 2000 {
		f.Add("notes", "督导情况记录不能超过 2000 字")
	}
	if len(in.Findings) > 20 {
		f.Add("findings", "一次督导最多记录 20 个问题")
	}
	for i := range in.Findings {
		fi := &in.Findings[i]
		fi.Category, fi.Severity, fi.Description = strings.TrimSpace(fi.Category), strings.TrimSpace(fi.Severity), strings.TrimSpace(fi.Description)
		field := "findings." + itoa(i)
		switch {
		case fi.Description == "":
			f.Add(field+".description", "第 "+itoa(i+1)+" 个问题未填写问题描述")
		case utf8.RuneCountInString(fi.Description) > 500:
			f.Add(field+".description", "第 "+itoa(i+1)+" 个问题的描述超过 500 字")
		}
		if fi.Category != "" && !IsHazardCategory(fi.Category) && !contains(OtherCategories, fi.Category) {
			f.Add(field+".category", "第 "+itoa(i+1)+" 个问题的类别“"+fi.Category+"”不在可选范围内")
		}
		if fi.Severity == "" {
			fi.Severity = "一般"
		}
		if !contains(Severities, fi.Severity) {
			f.Add(field+".severity", "第 "+itoa(i+1)+" 个问题的严重程度应为 一般、较大 或 重大")
		}
	}
	return f.Err()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
