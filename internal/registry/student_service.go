package registry

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// StudentFilter selects students.
type StudentFilter struct {
	SchoolID int64
	Grade    *int
	ClassID  int64
	Status   string
	Migrant  *bool
	Flag     string // poor, dibao, tekun, disabled, left_behind, boarding
	Q        string // name, pinyin initials, 学籍号 or ID number
}

var flagCols = map[string]string{"poor": "t.poor", "dibao": "t.dibao", "tekun": "t.tekun", "disabled": "t.disabled",
	"left_behind": "t.left_behind", "boarding": "t.boarding", "migrant": "t.migrant"}

var (
	initialsRe = regexp.MustCompile(`^[a-zA-Z]{1,10}$`)
	idShapeRe  = regexp.MustCompile(`^[0-9]{17}[0-9Xx]$`)
)

// where builds the filter condition for students (alias t) within the caller's scope.
func (s *Service) studentWhere(a Actor, f StudentFilter) (string, []any, error) {
	cond, args := scopeCond(a.P)
	add := func(c string, v ...any) { cond += " AND " + c; args = append(args, v...) }
	if f.SchoolID != 0 {
		add("t.school_id = ?", f.SchoolID)
	}
	if f.Grade != nil {
		add("t.grade = ?", *f.Grade)
	}
	if f.ClassID != 0 {
		add("t.class_id = ?", f.ClassID)
	}
	if f.Status != "" {
		add("t.status = ?", f.Status)
	}
	if f.Migrant != nil {
		add("t.migrant = ?", *f.Migrant)
	}
	if f.Flag != "" {
		col, ok := flagCols[f.Flag]
		if !ok {
			return "", nil, errs.Field("flag", "未知的标记："+f.Flag)
		}
		add(col + " = TRUE")
	}
	q := strings.TrimSpace(f.Q)
	switch {
	case q == "":
	case idShapeRe.MatchString(q):
		add("t.id_bidx = ?", s.Keys.BlindIndex(bidxID, strings.ToUpper(q)))
	case len(q) == 19 && strings.ContainsAny(q[:1], "GJLgjl"):
		add("t.student_no = ?", strings.ToUpper(q))
	case initialsRe.MatchString(q):
		c, v := db.Prefix(s.DB.Dialect, "t.initials", strings.ToLower(q))
		add(c, v...)
	default:
		c, v := db.Prefix(s.DB.Dialect, "t.name", q)
		add(c, v...)
	}
	return cond, args, nil
}

// defaultStudentOrder follows the index a search uses, so that a page of a large result needs no sort.
func defaultStudentOrder(q string) string {
	q = strings.TrimSpace(q)
	switch {
	case q == "", idShapeRe.MatchString(q):
		return "t.school_id, t.grade, t.class_id, t.id"
	case initialsRe.MatchString(q):
		return "t.initials, t.id"
	}
	return "t.name, t.id"
}

// ListStudents returns a page of students in the caller's scope.
func (s *Service) ListStudents(ctx context.Context, a Actor, f StudentFilter, orderBy string, offset, limit int) ([]Student, int, error) {
	if err := access.Require(a.P, access.RegistryRead); err != nil {
		return nil, 0, err
	}
	cond, args, err := s.studentWhere(a, f)
	if err != nil {
		return nil, 0, err
	}
	d, err := s.Dicts(ctx, a.P.District)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM students t WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if orderBy == "" {
		orderBy = defaultStudentOrder(f.Q)
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT `+studentCols+studentFrom+` WHERE `+cond+` ORDER BY `+orderBy+` LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Student{}
	for rows.Next() {
		st, err := scanStudent(rows)
		if err != nil {
			return nil, 0, err
		}
		if err := st.mask(s.Keys, d); err != nil {
			return nil, 0, err
		}
		out = append(out, st)
	}
	return out, total, rows.Err()
}

func (s *Service) student(ctx context.Context, q db.Querier, district string, id int64) (Student, error) {
	st, err := scanStudent(q.QueryRow(ctx, `SELECT `+studentCols+studentFrom+` WHERE t.district_code = ? AND t.id = ?`, district, id))
	if db.IsNoRows(err) {
		return st, errs.NotFoundf("学生")
	}
	return st, err
}

func (st Student) object(district string) access.Object {
	return access.Object{District: district, SchoolID: st.SchoolID, ZoneID: st.zoneID}
}

// authorizedStudent loads a student and applies the policy for perm.
func (s *Service) authorizedStudent(ctx context.Context, q db.Querier, a Actor, perm string, id int64) (Student, error) {
	if err := access.Require(a.P, perm); err != nil {
		return Student{}, err
	}
	st, err := s.student(ctx, q, a.P.District, id)
	if err != nil {
		return st, err
	}
	return st, access.Decide(a.P, perm, st.object(a.P.District), "学生")
}

// GetStudent returns a student with guardians, masked.
func (s *Service) GetStudent(ctx context.Context, a Actor, id int64) (Student, error) {
	st, err := s.authorizedStudent(ctx, s.DB.Read(), a, access.RegistryRead, id)
	if err != nil {
		return st, err
	}
	if err := s.loadGuardians(ctx, s.DB.Read(), a.P.District, &st); err != nil {
		return st, err
	}
	d, err := s.Dicts(ctx, a.P.District)
	if err != nil {
		return st, err
	}
	return st, st.mask(s.Keys, d)
}

// prepare validates a student for a school in the caller's write scope.
func (s *Service) prepare(ctx context.Context, q db.Querier, a Actor, in *StudentInput) (schoolInfo, error) {
	si, err := s.writableSchool(ctx, q, a, in.SchoolID)
	if err != nil {
		return si, err
	}
	d, err := s.Dicts(ctx, a.P.District)
	if err != nil {
		return si, err
	}
	today := s.today()
	if err := in.Validate(d, si.Type, CurrentSchoolYear(today), today); err != nil {
		return si, err
	}
	if in.ClassID != 0 {
		if err := s.checkClass(ctx, q, a.P.District, in.ClassID, in.SchoolID, in.Grade); err != nil {
			return si, err
		}
	}
	return si, nil
}

func (s *Service) checkClass(ctx context.Context, q db.Querier, district string, classID, schoolID int64, grade int) error {
	var cs int64
	var cg int
	err := q.QueryRow(ctx, `SELECT school_id, grade FROM classes WHERE district_code = ? AND id = ?`, district, classID).Scan(&cs, &cg)
	if db.IsNoRows(err) || (err == nil && cs != schoolID) {
		return errs.Field("class_id", "班级不存在或不属于该校")
	}
	if err == nil && cg != grade {
		return errs.Field("class_id", fmt.Sprintf("班级属于%s，与学生年级%s不一致", GradeName(cg), GradeName(grade)))
	}
	return err
}

// checkUnique refuses a duplicate 学籍号 or ID number (other than the record itself).
func (s *Service) checkUnique(ctx context.Context, q db.Querier, district, studentNo string, idBidx any, self int64) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM students WHERE district_code = ? AND student_no = ? AND id <> ?`,
		district, studentNo, self).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errs.Field("student_no", "学籍号已存在于本区其他学生")
	}
	if idBidx != nil {
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM students WHERE district_code = ? AND id_bidx = ? AND id <> ?`,
			district, idBidx, self).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errs.Field("id_number", "身份证号已存在于本区其他学生")
		}
	}
	return nil
}

// CreateStudent adds a student.
func (s *Service) CreateStudent(ctx context.Context, a Actor, in StudentInput) (Student, error) {
	var id int64
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		si, err := s.prepare(ctx, q, a, &in)
		if err != nil {
			return err
		}
		sl, err := s.seal(in.IDNumber, in.Address)
		if err != nil {
			return err
		}
		if err := s.checkUnique(ctx, q, a.P.District, in.StudentNo, sl.idBidx, 0); err != nil {
			return err
		}
		id = db.NewID()
		b := db.NewBatch(q, "students", studentInsertCols, "", 1)
		if err := b.Add(ctx, studentValues(a.P.District, id, &in, sl, db.Now())...); err != nil {
			return err
		}
		gb := db.NewBatch(q, "guardians", guardianCols, "", 10)
		if err := s.insertGuardians(ctx, gb, a.P.District, id, in.Guardians); err != nil {
			return err
		}
		if err := gb.Flush(ctx); err != nil {
			return err
		}
		if err := s.event(ctx, q, a, id, "create", "建立学籍（"+si.Name+" "+GradeName(in.Grade)+"）"); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("student.create", "student", fmt.Sprint(id), si.Name+"："+in.Name))
	})
	if err != nil {
		return Student{}, err
	}
	return s.GetStudent(ctx, a, id)
}

// UpdateStudent replaces a student's record; the school can only change by a transfer.
func (s *Service) UpdateStudent(ctx context.Context, a Actor, id int64, in StudentInput) (Student, error) {
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		old, err := s.authorizedStudent(ctx, q, a, access.RegistryWrite, id)
		if err != nil {
			return err
		}
		if in.SchoolID == 0 {
			in.SchoolID = old.SchoolID
		}
		if in.SchoolID != old.SchoolID {
			return errs.Field("school_id", "转学须通过转学流程办理")
		}
		if _, err := s.prepare(ctx, q, a, &in); err != nil {
			return err
		}
		sl, err := s.seal(in.IDNumber, in.Address)
		if err != nil {
			return err
		}
		if err := s.checkUnique(ctx, q, a.P.District, in.StudentNo, sl.idBidx, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE students SET student_no = ?, name = ?, initials = ?, sex = ?, birth_date = ?, id_enc = ?,
id_bidx = ?, ethnicity = ?, hukou_local = ?, migrant = ?, address_enc = ?, grade = ?, class_id = ?, status = ?, poor = ?, dibao = ?,
tekun = ?, disabled = ?, disability_type = ?, left_behind = ?, boarding = ?, updated_at = ? WHERE district_code = ? AND id = ?`,
			in.StudentNo, in.Name, Initials(in.Name), in.Sex, in.BirthDate, sl.idEnc, sl.idBidx, in.Ethnicity, in.HukouLocal, in.Migrant,
			sl.addrEnc, in.Grade, db.NullID(in.ClassID), in.Status, in.Poor, in.Dibao, in.Tekun, in.Disabled, in.DisabilityType,
			in.LeftBehind, in.Boarding, db.Now(), a.P.District, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM guardians WHERE district_code = ? AND student_id = ?`, a.P.District, id); err != nil {
			return err
		}
		gb := db.NewBatch(q, "guardians", guardianCols, "", 10)
		if err := s.insertGuardians(ctx, gb, a.P.District, id, in.Guardians); err != nil {
			return err
		}
		if err := gb.Flush(ctx); err != nil {
			return err
		}
		detail := "修改学籍信息"
		if old.Status != in.Status {
			detail = fmt.Sprintf("学籍状态 %s → %s", old.Status, in.Status)
		}
		if err := s.event(ctx, q, a, id, "update", detail); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("student.update", "student", fmt.Sprint(id), in.Name+"："+detail))
	})
	if err != nil {
		return Student{}, err
	}
	return s.GetStudent(ctx, a, id)
}

// event records a line of a student's history.
func (s *Service) event(ctx context.Context, q db.Querier, a Actor, studentID int64, kind, detail string) error {
	_, err := q.Exec(ctx, `INSERT INTO student_events (district_code, id, student_id, at, kind, detail, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		a.P.District, db.NewID(), studentID, db.Now(), kind, detail, a.P.UserID)
	return err
}
