package indicators

import (
	"fmt"
	"math"
	"slices"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Rounding is how an exact quota becomes whole posts.
type Rounding string

// Roundings.
const (
	RoundHalfUp Rounding = "half_up" // 四舍五入 (default): 41.5 → 42, 41.49 → 41
	RoundUp     Rounding = "up"      // 进一法: 41.01 → 42
	RoundDown   Rounding = "down"    // 去尾法: 41.99 → 41
)

// StaffConfig holds the staff:student ratios (students per post) by level and the rounding.
type StaffConfig struct {
	Ratios   map[Level]float64 `json:"ratios"`
	Rounding Rounding          `json:"rounding"`
}

// DefaultStaffConfig is the unified urban–rural standard: primary 1:19, junior 1:13.5, senior
// 1:12.5, quotas rounded half up to whole posts. Kindergartens have no default (their staffing
// follows a different standard); add a ratio for LevelKindergarten to include them.
func DefaultStaffConfig() StaffConfig {
	return StaffConfig{
		Ratios:   map[Level]float64{LevelPrimary: 19, LevelJunior: 13.5, LevelSenior: 12.5},
		Rounding: RoundHalfUp,
	}
}

// Validate checks the ratios and the rounding.
func (c StaffConfig) Validate() error {
	var f errs.Fields
	if len(c.Ratios) == 0 {
		f.Add("ratios", "至少要配置一个学段的师生比")
	}
	levels := make([]Level, 0, len(c.Ratios))
	for l := range c.Ratios {
		levels = append(levels, l)
	}
	slices.Sort(levels)
	for _, l := range levels {
		r := c.Ratios[l]
		switch {
		case l.Name() == "":
			f.Add("ratios."+string(l), fmt.Sprintf("学段 %q 无效", l))
		case !finite(r) || r <= 0:
			f.Add("ratios."+string(l), fmt.Sprintf("%s的师生比须为大于 0 的数（每名教职工对应的学生数，如 19）", l.Name()))
		}
	}
	switch c.Rounding {
	case RoundHalfUp, RoundUp, RoundDown, "":
	default:
		f.Add("rounding", "取整方式须为 half_up（四舍五入）、up（进一）或 down（去尾）")
	}
	return f.Err()
}

func (c StaffConfig) round(x float64) int {
	switch c.Rounding {
	case RoundUp:
		return int(math.Ceil(x - 1e-9))
	case RoundDown:
		return int(math.Floor(x + 1e-9))
	}
	return int(math.Floor(x + 0.5 + 1e-9))
}

// StaffFacts are one school's students by level and its 在编 staff (教职工).
type StaffFacts struct {
	SchoolID   string        `json:"school_id"`
	SchoolName string        `json:"school_name"`
	Students   map[Level]int `json:"students"`
	Staff      int           `json:"staff"` // actual 在编 staff
}

// Staff statuses.
const (
	StaffOver  = "超编"
	StaffShort = "缺编"
	StaffEven  = "持平"
)

// StaffResult is one school's quota against its staff.
type StaffResult struct {
	SchoolID   string  `json:"school_id"`
	SchoolName string  `json:"school_name"`
	QuotaExact float64 `json:"quota_exact"` // Σ students ÷ ratio
	Quota      int     `json:"quota"`       // rounded to whole posts
	Staff      int     `json:"staff"`
	Diff       int     `json:"diff"` // Staff − Quota: > 0 超编, < 0 缺编
	Status     string  `json:"status"`
}

// StaffReport is the 编制 report of a district.
type StaffReport struct {
	Config       StaffConfig   `json:"config"`
	Schools      []StaffResult `json:"schools"`
	QuotaExact   float64       `json:"quota_exact"`
	Quota        int           `json:"quota"` // Σ school quotas
	Staff        int           `json:"staff"`
	Diff         int           `json:"diff"`  // Staff − Quota for the district
	Over         int           `json:"over"`  // Σ 超编 of the schools over quota
	Short        int           `json:"short"` // Σ 缺编 of the schools under quota (positive)
	OverSchools  int           `json:"over_schools"`
	ShortSchools int           `json:"short_schools"`
}

// Staffing computes the quota of every school and the district. A school's exact quota is the sum
// over its levels of students ÷ ratio, rounded once to whole posts.
func Staffing(cfg StaffConfig, schools []StaffFacts) (StaffReport, error) {
	if cfg.Rounding == "" {
		cfg.Rounding = RoundHalfUp
	}
	if err := cfg.Validate(); err != nil {
		return StaffReport{}, err
	}
	var f errs.Fields
	rep := StaffReport{Config: cfg, Schools: make([]StaffResult, 0, len(schools))}
	for i, s := range schools {
		who := fmt.Sprintf("第 %d 所学校（%s）", i+1, s.SchoolName)
		if s.Staff < 0 {
			f.Add(fmt.Sprintf("schools[%d].staff", i+1), who+"：在编人数不能为负数")
		}
		levels := make([]Level, 0, len(s.Students))
		for l := range s.Students {
			levels = append(levels, l)
		}
		slices.Sort(levels)
		var exact float64
		for _, l := range levels {
			n := s.Students[l]
			if n < 0 {
				f.Add(fmt.Sprintf("schools[%d].students.%s", i+1, l), who+"：学生数不能为负数")
				continue
			}
			if n == 0 {
				continue
			}
			r, ok := cfg.Ratios[l]
			if !ok {
				name := l.Name()
				if name == "" {
					name = string(l)
				}
				f.Add(fmt.Sprintf("schools[%d].students.%s", i+1, l), who+"：未配置"+name+"的师生比")
				continue
			}
			exact += float64(n) / r
		}
		q := cfg.round(exact)
		res := StaffResult{SchoolID: s.SchoolID, SchoolName: s.SchoolName, QuotaExact: exact, Quota: q,
			Staff: s.Staff, Diff: s.Staff - q, Status: StaffEven}
		switch {
		case res.Diff > 0:
			res.Status = StaffOver
			rep.Over += res.Diff
			rep.OverSchools++
		case res.Diff < 0:
			res.Status = StaffShort
			rep.Short -= res.Diff
			rep.ShortSchools++
		}
		rep.QuotaExact += exact
		rep.Quota += q
		rep.Staff += s.Staff
		rep.Schools = append(rep.Schools, res)
	}
	if err := f.Err(); err != nil {
		return StaffReport{}, err
	}
	rep.Diff = rep.Staff - rep.Quota
	return rep, nil
}
