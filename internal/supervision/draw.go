package supervision

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// The life of a draw. A draw is made from a population frozen when it is created (its files and
// their hash); the hash is announced (公示) before the seed is entered; the seed gives the result;
// after inspection the results per target are recorded and published.
const (
	DrawFrozen    = "frozen"    // 名单已冻结，未公示 (not public)
	DrawAnnounced = "announced" // 名单与哈希已公示，待抽取
	DrawDrawn     = "drawn"     // 已抽取，检查中
	DrawPublished = "published" // 检查结果已公开
)

// DrawStatusName is the Chinese name of a status.
func DrawStatusName(s string) string {
	switch s {
	case DrawFrozen:
		return "名单已冻结（未公示）"
	case DrawAnnounced:
		return "已公示，待抽取"
	case DrawDrawn:
		return "已抽取，检查中"
	case DrawPublished:
		return "检查结果已公开"
	}
	return s
}

// Public says whether a draw in this status appears on the public page.
func Public(status string) bool {
	return status == DrawAnnounced || status == DrawDrawn || status == DrawPublished
}

// Populations a draw is made from.
const (
	PopulationSchools = "schools" // schools and kindergartens of the district, filtered by type
	PopulationUpload  = "upload"  // targets uploaded as CSV (training institutions, …)
)

// Conclusions of an inspection.
var Conclusions = []string{"合格", "限期整改", "不合格", "未能检查"}

// DrawInput creates a draw.
type DrawInput struct {
	Title       string   `json:"title"`
	Population  string   `json:"population"`             // schools | upload
	SchoolTypes []string `json:"school_types,omitempty"` // schools: the types drawn from (all when empty)
	TargetsCSV  string   `json:"targets_csv,omitempty"`  // upload: targets.csv (target_id,name)
	N           int      `json:"n"`
	PerTarget   int      `json:"per_target"`
	PoolIDs     []int64  `json:"pool_ids,omitempty"` // inspectors of the pool drawn from (all active when empty)
}

// Normalize trims and checks the input that does not need the database.
func (in *DrawInput) Normalize() error {
	var f errs.Fields
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		f.Add("title", "请填写抽查事项名称")
	} else if utf8.RuneCountInString(in.Title) > 100 {
		f.Add("title", "抽查事项名称不能超过 100 字")
	}
	switch in.Population {
	case PopulationSchools:
		if in.TargetsCSV != "" {
			f.Add("targets_csv", "从学校名录抽取时不能上传检查对象")
		}
	case PopulationUpload:
		if strings.TrimSpace(in.TargetsCSV) == "" {
			f.Add("targets_csv", "请上传检查对象名单（CSV：target_id,name）")
		}
		if len(in.SchoolTypes) > 0 {
			f.Add("school_types", "上传名单时不能按学校类型筛选")
		}
	default:
		f.Add("population", "抽取范围应为 schools（学校与幼儿园名录）或 upload（上传名单）")
	}
	if in.N < 1 {
		f.Add("n", "抽取数量须至少为 1")
	}
	if in.PerTarget < 1 {
		f.Add("per_target", "每个检查对象的检查人员数须至少为 1")
	}
	return f.Err()
}

// Draw is a draw as the bureau sees it.
type Draw struct {
	ID             int64        `json:"id"`
	Title          string       `json:"title"`
	Population     string       `json:"population"`
	Filter         string       `json:"filter"` // what the population was drawn from, in words
	N              int          `json:"n"`
	PerTarget      int          `json:"per_target"`
	Status         string       `json:"status"`
	StatusName     string       `json:"status_name"`
	TargetCount    int          `json:"target_count"`
	PoolSize       int          `json:"pool_size"`
	ConflictCount  int          `json:"conflict_count"`
	PopulationHash string       `json:"population_hash"`
	Sums           string       `json:"sums"`
	Seed           string       `json:"seed"`
	DrawHash       string       `json:"draw_hash"`
	CreatedAt      time.Time    `json:"created_at"`
	AnnouncedAt    *time.Time   `json:"announced_at"`
	DrawnAt        *time.Time   `json:"drawn_at"`
	PublishedAt    *time.Time   `json:"published_at"`
	Targets        []DrawTarget `json:"targets"`
	Inspected      int          `json:"inspected"`
}

// DrawTarget is one drawn target with its inspectors and, after inspection, the result.
type DrawTarget struct {
	Order          int      `json:"order"`
	TargetID       string   `json:"target_id"`
	TargetName     string   `json:"target_name"`
	SchoolID       int64    `json:"school_id,omitempty"`
	InspectorIDs   []string `json:"inspector_ids"`
	InspectorNames []string `json:"inspector_names"`
	Conclusion     string   `json:"conclusion"`
	Result         string   `json:"result"`
	InspectedOn    string   `json:"inspected_on"`
}

// ResultInput records the inspection of one drawn target.
type ResultInput struct {
	Conclusion  string `json:"conclusion"`
	Result      string `json:"result"`
	InspectedOn string `json:"inspected_on"`
}

// Normalize checks a result. The result text is published: it speaks of the institution, never of
// persons.
func (in *ResultInput) Normalize(today time.Time) error {
	var f errs.Fields
	in.Conclusion, in.Result, in.InspectedOn = strings.TrimSpace(in.Conclusion), strings.TrimSpace(in.Result), strings.TrimSpace(in.InspectedOn)
	if !contains(Conclusions, in.Conclusion) {
		f.Add("conclusion", "检查结论应为 "+strings.Join(Conclusions, "、")+" 之一")
	}
	if utf8.RuneCountInString(in.Result) > 500 {
		f.Add("result", "检查结果说明不能超过 500 字")
	}
	if d, err := time.Parse("2006-01-02", in.InspectedOn); err != nil {
		f.Add("inspected_on", "检查日期格式应为 YYYY-MM-DD")
	} else if d.After(today) {
		f.Add("inspected_on", "检查日期不能晚于今天")
	}
	return f.Err()
}
