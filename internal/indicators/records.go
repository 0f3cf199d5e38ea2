package indicators

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// StaffRecord is a member of staff behind a figure. The name is masked unless the caller may read
// the registry; ID numbers and contacts are never shown here.
type StaffRecord struct {
	StaffNo       string  `json:"staff_no"`
	Name          string  `json:"name"`
	Stage         string  `json:"stage"`
	Post          string  `json:"post"`
	Education     string  `json:"education"`
	Subjects      string  `json:"subjects"`
	Backbone      string  `json:"backbone"`
	TeacherCert   bool    `json:"teacher_cert"`
	TrainingHours int     `json:"training_hours"`
	OnPayroll     bool    `json:"on_payroll"`
	Weight        float64 `json:"weight"` // 1, or the part's share for staff without a 学段 in a 一贯制 school
}

// ClassRecord is a class behind a figure.
type ClassRecord struct {
	Name      string `json:"name"`
	Grade     int    `json:"grade"`
	Students  int    `json:"students"`
	Limit     int    `json:"limit"`
	Compliant bool   `json:"compliant"`
}

// Records are the registry records behind one aggregate of a school part.
type Records struct {
	SchoolID   string        `json:"school_id"`
	SchoolName string        `json:"school_name"`
	Level      Level         `json:"level"`
	Aggregate  string        `json:"aggregate"`
	Label      string        `json:"label"`
	Unit       string        `json:"unit"`
	Value      float64       `json:"value"`  // the aggregate as the indicators use it
	Kind       string        `json:"kind"`   // staff, classes or facility
	Source     string        `json:"source"` // where the figure comes from, in Chinese
	Masked     bool          `json:"masked"`
	Staff      []StaffRecord `json:"staff,omitempty"`
	Classes    []ClassRecord `json:"classes,omitempty"`
	Facility   *float64      `json:"facility_value,omitempty"` // the school's whole figure of the year
	Share      float64       `json:"share"`                    // the part's share of the school's students
}

var teacherAggregates = map[string]func(r StaffRecord, level Level, principal string) bool{
	"full_time_teachers": func(r StaffRecord, _ Level, _ string) bool { return r.Post == "专任教师" },
	"teachers_above_degree": func(r StaffRecord, l Level, _ string) bool {
		ok := r.Education == "研究生" || r.Education == "本科" || (l == LevelPrimary && r.Education == "专科")
		return r.Post == "专任教师" && ok
	},
	"backbone_teachers": func(r StaffRecord, _ Level, _ string) bool { return r.Post == "专任教师" && r.Backbone != "" },
	"pe_art_teachers": func(r StaffRecord, _ Level, _ string) bool {
		subs := strings.Split(r.Subjects, ",")
		return r.Post == "专任教师" && (slices.Contains(subs, "体育") || slices.Contains(subs, "音乐") || slices.Contains(subs, "美术"))
	},
	"certified_teachers": func(r StaffRecord, _ Level, _ string) bool { return r.Post == "专任教师" && r.TeacherCert },
	"trained_teachers": func(r StaffRecord, _ Level, _ string) bool {
		return r.Post == "专任教师" && r.TrainingHours >= TrainingTarget
	},
	"principals_and_teachers": func(r StaffRecord, _ Level, p string) bool {
		return r.Post == "专任教师" || (r.Post == "行政" && r.Name == p)
	},
	"certified_principals_and_teachers": func(r StaffRecord, _ Level, p string) bool {
		return (r.Post == "专任教师" || (r.Post == "行政" && r.Name == p)) && r.TeacherCert
	},
}

var facilityColumns = map[string]string{"teaching_area_m2": "teaching_area", "sports_area_m2": "sports_area",
	"equipment_value_yuan": "equipment_value", "multimedia_rooms": "multimedia_rooms", "music_rooms": "music_rooms",
	"art_rooms": "art_rooms", "books": "books"}

// Records returns the records behind an aggregate of a school part in a year.
func (s *Service) Records(ctx context.Context, a Actor, year int, schoolID int64, level Level, aggregate string) (*Records, error) {
	if err := access.Require(a.P, access.IndicatorsRead); err != nil {
		return nil, err
	}
	year, err := s.year(year)
	if err != nil {
		return nil, err
	}
	agg, ok := LookupAggregate(aggregate)
	if !ok || agg.DistrictOnly {
		return nil, errs.Field("aggregate", fmt.Sprintf("统计量 %q 没有明细", aggregate))
	}
	q := s.DB.Read()
	facts, err := LoadFactsDB(ctx, s.DB, a.P.District, year)
	if err != nil {
		return nil, err
	}
	school, ok := facts.SchoolByID(schoolID)
	obj := access.Object{District: a.P.District, SchoolID: schoolID, ZoneID: school.ZoneID}
	if !ok {
		obj.District = ""
	}
	if err := access.Decide(a.P, access.IndicatorsRead, obj, "学校"); err != nil {
		return nil, err
	}
	var p *SchoolFacts
	for i := range facts.Parts {
		if facts.Parts[i].ID == SchoolIDString(schoolID) && facts.Parts[i].Level == level {
			p = &facts.Parts[i]
		}
	}
	if p == nil {
		return nil, errs.E(errs.NotFound, "该学校没有%s学段的在读学生", level.Name())
	}
	by := facts.StudentsByLevel[schoolID]
	total := 0
	for _, n := range by {
		total += n
	}
	out := &Records{SchoolID: p.ID, SchoolName: p.Name, Level: level, Aggregate: aggregate, Label: aggregateLabel(aggregate, level),
		Unit: agg.Unit, Value: p.Value(aggregate), Share: float64(p.Students) / float64(total), Masked: !a.P.Can(access.RegistryRead)}

	switch {
	case teacherAggregates[aggregate] != nil:
		out.Kind, out.Source = "staff", "教职工信息（在职）"
		counted := teacherAggregates[aggregate]
		rows, err := q.Query(ctx, `SELECT staff_no, name, stage, post, education, subjects, backbone, teacher_cert, training_hours, on_payroll
FROM staff WHERE district_code = ? AND school_id = ? AND status = '在职' ORDER BY staff_no`, a.P.District, schoolID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out.Staff = []StaffRecord{}
		for rows.Next() {
			var r StaffRecord
			if err := rows.Scan(&r.StaffNo, &r.Name, &r.Stage, &r.Post, &r.Education, &r.Subjects, &r.Backbone, &r.TeacherCert,
				&r.TrainingHours, &r.OnPayroll); err != nil {
				return nil, err
			}
			sl := stageLevel(r.Stage)
			switch _, own := by[sl]; {
			case sl == level:
				r.Weight = 1
			case !own:
				r.Weight = out.Share // shared among the parts
			default:
				continue
			}
			if !counted(r, level, school.Principal) {
				continue
			}
			if out.Masked {
				r.Name = pii.MaskName(r.Name)
			}
			out.Staff = append(out.Staff, r)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	case aggregate == "classes" || aggregate == "compliant_classes" || aggregate == Students:
		out.Kind, out.Source = "classes", "班级与学生学籍（在读）"
		rows, err := q.Query(ctx, `SELECT c.name, c.grade, (SELECT COUNT(*) FROM students t WHERE t.district_code = c.district_code
AND t.class_id = c.id AND t.status = '在读') FROM classes c WHERE c.district_code = ? AND c.school_id = ? AND c.school_year = ?
ORDER BY c.grade, c.number`, a.P.District, schoolID, year)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out.Classes = []ClassRecord{}
		for rows.Next() {
			var c ClassRecord
			if err := rows.Scan(&c.Name, &c.Grade, &c.Students); err != nil {
				return nil, err
			}
			if gradeLevel(c.Grade) != level {
				continue
			}
			c.Limit = ClassSizeLimit(c.Grade)
			c.Compliant = c.Students <= c.Limit
			if aggregate == "compliant_classes" && !c.Compliant {
				continue
			}
			out.Classes = append(out.Classes, c)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	case facilityColumns[aggregate] != "":
		out.Kind, out.Source = "facility", fmt.Sprintf("%d 学年办学条件", year)
		var v float64
		err := q.QueryRow(ctx, `SELECT `+facilityColumns[aggregate]+` FROM facilities WHERE district_code = ? AND school_id = ? AND year = ?`,
			a.P.District, schoolID, year).Scan(&v)
		switch {
		case err == nil:
			out.Facility = &v
		case !db.IsNoRows(err):
			return nil, err
		}
	default:
		return nil, errs.Field("aggregate", fmt.Sprintf("统计量“%s”没有明细", agg.Label))
	}
	return out, nil
}
