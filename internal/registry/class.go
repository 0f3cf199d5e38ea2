package registry

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Class is a 班级 of a school year.
type Class struct {
	ID            int64  `json:"id"`
	SchoolID      int64  `json:"school_id"`
	SchoolYear    int    `json:"school_year"`
	Grade         int    `json:"grade"`
	GradeName     string `json:"grade_name"`
	Number        int    `json:"number"`
	Name          string `json:"name"`
	HeadTeacherID int64  `json:"head_teacher_id"`
	HeadTeacher   string `json:"head_teacher"`
	Size          int    `json:"size"`
}

// ClassInput creates a class.
type ClassInput struct {
	SchoolID      int64 `json:"school_id"`
	SchoolYear    int   `json:"school_year"`
	Grade         int   `json:"grade"`
	Number        int   `json:"number"`
	HeadTeacherID int64 `json:"head_teacher_id"`
}

// ClassName is the usual name of a class: "三年级（2）班".
func ClassName(grade, number int) string {
	return fmt.Sprintf("%s（%d）班", GradeName(grade), number)
}

// InsertClass stores a class (API and demo).
func InsertClass(ctx context.Context, q db.Querier, district string, id int64, in ClassInput) error {
	_, err := q.Exec(ctx, `INSERT INTO classes (district_code, id, school_id, school_year, grade, number, name, head_teacher_id, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, district, id, in.SchoolID, in.SchoolYear, in.Grade, in.Number, ClassName(in.Grade, in.Number),
		db.NullID(in.HeadTeacherID), db.Now())
	return err
}

// ListClasses returns a school's classes of a school year with their sizes.
func (s *Service) ListClasses(ctx context.Context, a Actor, schoolID int64, year int) ([]Class, error) {
	if err := access.Require(a.P, access.RegistryRead); err != nil {
		return nil, err
	}
	si, err := s.school(ctx, s.DB.Read(), a.P.District, schoolID)
	if err != nil {
		return nil, errs.NotFoundf("学校")
	}
	if err := access.Decide(a.P, access.RegistryRead, si.object(a.P.District), "学校"); err != nil {
		return nil, err
	}
	if year == 0 {
		year = CurrentSchoolYear(s.today())
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT c.id, c.school_id, c.school_year, c.grade, c.number, c.name, COALESCE(c.head_teacher_id, 0),
COALESCE(h.name, ''), (SELECT COUNT(*) FROM students t WHERE t.district_code = c.district_code AND t.class_id = c.id AND t.status = '在读')
FROM classes c LEFT JOIN staff h ON h.district_code = c.district_code AND h.id = c.head_teacher_id
WHERE c.district_code = ? AND c.school_id = ? AND c.school_year = ? ORDER BY c.grade, c.number`, a.P.District, schoolID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Class{}
	for rows.Next() {
		var c Class
		if err := rows.Scan(&c.ID, &c.SchoolID, &c.SchoolYear, &c.Grade, &c.Number, &c.Name, &c.HeadTeacherID, &c.HeadTeacher, &c.Size); err != nil {
			return nil, err
		}
		c.GradeName = GradeName(c.Grade)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CreateClass adds a class to a school in the caller's write scope.
func (s *Service) CreateClass(ctx context.Context, a Actor, in ClassInput) (Class, error) {
	if err := access.Require(a.P, access.RegistryWrite); err != nil {
		return Class{}, err
	}
	if in.SchoolYear == 0 {
		in.SchoolYear = CurrentSchoolYear(s.today())
	}
	id := db.NewID()
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		si, err := s.writableSchool(ctx, q, a, in.SchoolID)
		if err != nil {
			return err
		}
		var f errs.Fields
		if !SchoolTeaches(si.Type, in.Grade) {
			f.Add("grade", "该校没有"+GradeName(in.Grade))
		}
		if in.Number < 1 || in.Number > 99 {
			f.Add("number", "班号应为 1–99")
		}
		if err := f.Err(); err != nil {
			return err
		}
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM classes WHERE district_code = ? AND school_id = ? AND school_year = ? AND grade = ? AND number = ?`,
			a.P.District, in.SchoolID, in.SchoolYear, in.Grade, in.Number).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errs.Field("number", ClassName(in.Grade, in.Number)+"已存在")
		}
		if err := InsertClass(ctx, q, a.P.District, id, in); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("class.create", "class", fmt.Sprint(id), si.Name+ClassName(in.Grade, in.Number)))
	})
	if err != nil {
		return Class{}, err
	}
	return Class{ID: id, SchoolID: in.SchoolID, SchoolYear: in.SchoolYear, Grade: in.Grade, GradeName: GradeName(in.Grade),
		Number: in.Number, Name: ClassName(in.Grade, in.Number), HeadTeacherID: in.HeadTeacherID}, nil
}
