package registry

import (
	"context"
	"fmt"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/excel"
)

// pendingRecord is a valid row waiting for the duplicate check against the database.
type pendingRecord struct {
	row     int
	key     string // natural key: 学籍号 or 工号
	bidx    string // blind index of the ID number, or ""
	student *StudentInput
	staff   *StaffInput
}

// existing is a record found in the database by natural key.
type existing struct {
	id       int64
	schoolID int64
	key      string
}

// lookupExisting finds which natural keys and ID numbers of a chunk exist already.
func lookupExisting(ctx context.Context, q db.Querier, table, keyCol, district string, chunk []pendingRecord) (map[string]existing, map[string]existing, error) {
	byKey, byBidx := map[string]existing{}, map[string]existing{}
	if len(chunk) == 0 {
		return byKey, byBidx, nil
	}
	keys, bidxs := make([]any, 0, len(chunk)+1), make([]any, 0, len(chunk)+1)
	keys, bidxs = append(keys, district), append(bidxs, district)
	for _, p := range chunk {
		keys = append(keys, p.key)
		if p.bidx != "" {
			bidxs = append(bidxs, p.bidx)
		}
	}
	scan := func(q2 string, args []any, into map[string]existing, byIndex bool) error {
		if len(args) == 1 {
			return nil
		}
		rows, err := q.Query(ctx, q2+"("+strings.TrimSuffix(strings.Repeat("?, ", len(args)-1), ", ")+")", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e existing
			var bidx *string
			if err := rows.Scan(&e.id, &e.schoolID, &e.key, &bidx); err != nil {
				return err
			}
			if byIndex && bidx != nil {
				into[*bidx] = e
			} else if !byIndex {
				into[e.key] = e
			}
		}
		return rows.Err()
	}
	sel := `SELECT id, school_id, ` + keyCol + `, id_bidx FROM ` + table + ` WHERE district_code = ? AND `
	if err := scan(sel+keyCol+` IN `, keys, byKey, false); err != nil {
		return nil, nil, err
	}
	return byKey, byBidx, scan(sel+`id_bidx IN `, bidxs, byBidx, true)
}

// keyWords name an entity's natural key in the messages about records that exist already.
type keyWords struct{ keyField, keyName, noun, updateMode, moveHint string }

var (
	studentKeys = keyWords{"student_no", "学籍号", "学生", "按学籍号更新", "请通过转学办理"}
	staffKeys   = keyWords{"staff_no", "工号", "教职工", "按工号更新", "请办理调动"}
)

// checkExisting applies the import mode to a record whose key or ID number exists in the
// database. It reports whether the record should be written (as an update when exists).
func (run *importRun) checkExisting(p pendingRecord, byKey, byID map[string]existing, schoolID int64, k keyWords) (existing, bool, bool) {
	old, exists := byKey[p.key]
	c := &cellReader{r: run.r, row: excel.Row{Number: p.row}}
	switch {
	case exists && run.p.Mode != ModeUpsert:
		c.fail(k.keyField, errs.E(errs.Invalid, "%s已存在于系统中；如需更新已有%s，请选择“%s”方式导入", k.keyName, k.noun, k.updateMode))
	case exists && old.schoolID != schoolID:
		c.fail(k.keyField, errs.E(errs.Invalid, "该%s属于其他学校的%s，%s", k.keyName, k.noun, k.moveHint))
	}
	if other, dup := byID[p.bidx]; dup && p.bidx != "" && other.key != p.key {
		c.fail("id_number", errs.E(errs.Invalid, "身份证号已属于系统中的另一名%s（%s不同）", k.noun, k.keyName))
	}
	ok := !run.reject(c) && run.writing()
	return old, exists, ok
}

// studentWriter imports students into one school.
type studentWriter struct {
	run       *importRun
	q         db.Querier
	load      *Loader
	school    schoolInfo
	year      int
	classes   map[[2]int]int64
	seenNo    map[string]int
	seenID    map[string]int
	pending   []pendingRecord
	classNums map[int]int
}

func (run *importRun) newStudentWriter(ctx context.Context, q db.Querier) (*studentWriter, error) {
	si, err := run.s.writableSchool(ctx, q, run.a, run.p.SchoolID)
	if err != nil {
		return nil, err
	}
	w := &studentWriter{run: run, q: q, load: run.s.NewLoader(q, run.a.P.District), school: si,
		year: CurrentSchoolYear(run.s.today()), classes: map[[2]int]int64{}, seenNo: map[string]int{}, seenID: map[string]int{},
		classNums: map[int]int{}}
	rows, err := q.Query(ctx, `SELECT grade, number, id FROM classes WHERE district_code = ? AND school_id = ? AND school_year = ?`,
		run.a.P.District, si.ID, w.year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var g, n int
		var id int64
		if err := rows.Scan(&g, &n, &id); err != nil {
			return nil, err
		}
		w.classes[[2]int{g, n}] = id
	}
	return w, rows.Err()
}

func (w *studentWriter) row(ctx context.Context, c *cellReader) error {
	in, classNo := c.student(w.run.d)
	in.SchoolID = w.school.ID
	if len(c.errs) == 0 {
		today := w.run.s.today()
		if err := in.Validate(w.run.d, w.school.Type, w.year, today); err != nil {
			c.validation(err)
		}
	}
	if len(c.errs) == 0 {
		if first, dup := w.seenNo[in.StudentNo]; dup {
			c.fail("student_no", errs.E(errs.Invalid, "学籍号与本文件第 %d 行重复", first))
		}
		if first, dup := w.seenID[in.IDNumber]; dup && in.IDNumber != "" {
			c.fail("id_number", errs.E(errs.Invalid, "身份证号与本文件第 %d 行重复", first))
		}
		w.seenNo[in.StudentNo] = c.row.Number
		if in.IDNumber != "" {
			w.seenID[in.IDNumber] = c.row.Number
		}
	}
	if w.run.reject(c) {
		return nil
	}
	w.classNums[c.row.Number] = classNo
	p := pendingRecord{row: c.row.Number, key: in.StudentNo, student: &in}
	if in.IDNumber != "" {
		p.bidx = w.run.s.Keys.BlindIndex(bidxID, in.IDNumber)
	}
	w.pending = append(w.pending, p)
	return nil
}

func (w *studentWriter) classID(ctx context.Context, grade, number int) (int64, error) {
	if number == 0 {
		return 0, nil
	}
	if id, ok := w.classes[[2]int{grade, number}]; ok {
		return id, nil
	}
	id := db.NewID()
	if err := InsertClass(ctx, w.q, w.run.a.P.District, id, ClassInput{SchoolID: w.school.ID, SchoolYear: w.year, Grade: grade, Number: number}); err != nil {
		return 0, err
	}
	w.classes[[2]int{grade, number}] = id
	return id, nil
}

func (w *studentWriter) flush(ctx context.Context) error {
	chunk := w.pending
	w.pending = w.pending[:0]
	byNo, byID, err := lookupExisting(ctx, w.q, "students", "student_no", w.run.a.P.District, chunk)
	if err != nil {
		return err
	}
	for _, p := range chunk {
		old, exists, ok := w.run.checkExisting(p, byNo, byID, w.school.ID, studentKeys)
		if !ok {
			continue
		}
		in := p.student
		if in.ClassID, err = w.classID(ctx, in.Grade, w.classNums[p.row]); err != nil {
			return err
		}
		if exists {
			if err := w.run.s.updateStudentRow(ctx, w.q, w.run.a, old.id, in); err != nil {
				return err
			}
			w.run.updated++
			continue
		}
		if _, err := w.load.Student(ctx, in, w.run.a.P.UserID, "Excel 导入建立学籍（"+w.school.Name+"）"); err != nil {
			return err
		}
		w.run.added++
	}
	return w.load.Flush(ctx)
}

// updateStudentRow replaces an existing student's record from an import row.
func (s *Service) updateStudentRow(ctx context.Context, q db.Querier, a Actor, id int64, in *StudentInput) error {
	sl, err := s.seal(in.IDNumber, in.Address)
	if err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `UPDATE students SET name = ?, initials = ?, sex = ?, birth_date = ?, id_enc = ?, id_bidx = ?,
ethnicity = ?, hukou_local = ?, migrant = ?, address_enc = ?, grade = ?, class_id = ?, status = ?, poor = ?, dibao = ?, tekun = ?,
disabled = ?, disability_type = ?, left_behind = ?, boarding = ?, updated_at = ? WHERE district_code = ? AND id = ?`,
		in.Name, Initials(in.Name), in.Sex, in.BirthDate, sl.idEnc, sl.idBidx, in.Ethnicity, in.HukouLocal, in.Migrant, sl.addrEnc,
		in.Grade, db.NullID(in.ClassID), in.Status, in.Poor, in.Dibao, in.Tekun, in.Disabled, in.DisabilityType, in.LeftBehind,
		in.Boarding, db.Now(), a.P.District, id); err != nil {
		return err
	}
	if len(in.Guardians) > 0 {
		if _, err := q.Exec(ctx, `DELETE FROM guardians WHERE district_code = ? AND student_id = ?`, a.P.District, id); err != nil {
			return err
		}
		b := db.NewBatch(q, "guardians", guardianCols, "", 10)
		if err := s.insertGuardians(ctx, b, a.P.District, id, in.Guardians); err != nil {
			return err
		}
		if err := b.Flush(ctx); err != nil {
			return err
		}
	}
	return s.event(ctx, q, a, id, "update", "Excel 导入更新学籍信息")
}

// staffWriter imports staff into one school.
type staffWriter struct {
	run     *importRun
	q       db.Querier
	load    *Loader
	school  schoolInfo
	checked bool
	seenNo  map[string]int
	seenID  map[string]int
	pending []pendingRecord
}

func (run *importRun) newStaffWriter(q db.Querier) *staffWriter {
	return &staffWriter{run: run, q: q, load: run.s.NewLoader(q, run.a.P.District), seenNo: map[string]int{}, seenID: map[string]int{}}
}

func (w *staffWriter) row(ctx context.Context, c *cellReader) error {
	if !w.checked {
		si, err := w.run.s.writableSchool(ctx, w.q, w.run.a, w.run.p.SchoolID)
		if err != nil {
			return err
		}
		w.school, w.checked = si, true
	}
	in := c.staff(w.run.d)
	in.SchoolID = w.school.ID
	if len(c.errs) == 0 {
		if err := in.Validate(w.run.d, w.run.s.today()); err != nil {
			c.validation(err)
		}
	}
	if len(c.errs) == 0 {
		if first, dup := w.seenNo[in.StaffNo]; dup {
			c.fail("staff_no", errs.E(errs.Invalid, "工号与本文件第 %d 行重复", first))
		}
		if first, dup := w.seenID[in.IDNumber]; dup {
			c.fail("id_number", errs.E(errs.Invalid, "身份证号与本文件第 %d 行重复", first))
		}
		w.seenNo[in.StaffNo], w.seenID[in.IDNumber] = c.row.Number, c.row.Number
	}
	if w.run.reject(c) {
		return nil
	}
	w.pending = append(w.pending, pendingRecord{row: c.row.Number, key: in.StaffNo, bidx: w.run.s.Keys.BlindIndex(bidxID, in.IDNumber), staff: &in})
	return nil
}

func (w *staffWriter) flush(ctx context.Context) error {
	chunk := w.pending
	w.pending = w.pending[:0]
	byNo, byID, err := lookupExisting(ctx, w.q, "staff", "staff_no", w.run.a.P.District, chunk)
	if err != nil {
		return err
	}
	for _, p := range chunk {
		old, exists, ok := w.run.checkExisting(p, byNo, byID, w.school.ID, staffKeys)
		if !ok {
			continue
		}
		if exists {
			in := p.staff
			sl, err := w.run.s.seal(in.IDNumber, "")
			if err != nil {
				return err
			}
			if _, err := w.q.Exec(ctx, `UPDATE staff SET name = ?, initials = ?, sex = ?, birth_date = ?, id_enc = ?, id_bidx = ?, political = ?,
education = ?, title = ?, post = ?, subjects = ?, backbone = ?, on_payroll = ?, teacher_cert = ?, joined_school_on = ?, training_hours = ?,
status = ?, stage = ?, updated_at = ? WHERE district_code = ? AND id = ?`, in.Name, Initials(in.Name), in.Sex, in.birthDate, sl.idEnc,
				sl.idBidx, in.Political, in.Education, in.Title, in.Post, strings.Join(in.Subjects, ","), in.Backbone, in.OnPayroll,
				in.TeacherCert, in.JoinedSchool, in.TrainingHours, in.Status, in.Stage, db.Now(), w.run.a.P.District, old.id); err != nil {
				return err
			}
			w.run.updated++
			continue
		}
		if _, err := w.load.Staff(ctx, p.staff); err != nil {
			return err
		}
		w.run.added++
	}
	return w.load.Flush(ctx)
}

// facilityWriter imports facilities of any school in the caller's write scope, named by 学校标识码.
type facilityWriter struct {
	run     *importRun
	q       db.Querier
	load    *Loader
	schools map[string]schoolInfo
	seen    map[string]int
}

func (run *importRun) newFacilityWriter(q db.Querier) *facilityWriter {
	return &facilityWriter{run: run, q: q, load: run.s.NewLoader(q, run.a.P.District), seen: map[string]int{}}
}

func (w *facilityWriter) row(ctx context.Context, c *cellReader) error {
	if w.schools == nil {
		if err := access.Require(w.run.a.P, access.RegistryWrite); err != nil {
			return err
		}
		w.schools = map[string]schoolInfo{}
		rows, err := w.q.Query(ctx, `SELECT code, id, COALESCE(zone_id, 0), type, name FROM schools WHERE district_code = ?`, w.run.a.P.District)
		if err != nil {
			return err
		}
		for rows.Next() {
			var code string
			var si schoolInfo
			if err := rows.Scan(&code, &si.ID, &si.ZoneID, &si.Type, &si.Name); err != nil {
				rows.Close()
				return err
			}
			if access.InScope(w.run.a.P, si.object(w.run.a.P.District)) {
				w.schools[code] = si
			}
		}
		rows.Close()
	}
	f, code := c.facility()
	si, ok := w.schools[code]
	if code != "" && !ok {
		c.fail("school_code", errs.E(errs.Invalid, "学校标识码 %s 不是本区（或您负责的）学校", code))
	}
	f.SchoolID = si.ID
	if len(c.errs) == 0 {
		if err := f.Validate(); err != nil {
			c.validation(err)
		}
		key := fmt.Sprintf("%s/%d", code, f.Year)
		if first, dup := w.seen[key]; dup {
			c.fail("year", errs.E(errs.Invalid, "该校该年度已在本文件第 %d 行填写", first))
		}
		w.seen[key] = c.row.Number
	}
	if w.run.reject(c) || !w.run.writing() {
		return nil
	}
	w.run.added++
	return w.load.Facility(ctx, &f)
}

func (w *facilityWriter) flush(ctx context.Context) error { return w.load.Flush(ctx) }
