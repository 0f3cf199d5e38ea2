package fitness

import (
	"context"
	"fmt"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// ClassSheet is the entry form of a class: its students with their result of a school year.
type ClassSheet struct {
	ClassID    int64      `json:"class_id,string"`
	ClassName  string     `json:"class_name"`
	SchoolID   int64      `json:"school_id,string"`
	SchoolName string     `json:"school_name"`
	Grade      int        `json:"grade"`
	SchoolYear int        `json:"school_year"`
	Attempt    int        `json:"attempt"` // 1 the test, 2 the 补测
	Fields     []FieldDef `json:"fields"`  // the fields the grade tests, in form order
	Rows       []ClassRow `json:"rows"`
}

// FieldDef describes an entry field.
type FieldDef struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Unit string `json:"unit"`
	Sex  string `json:"sex,omitempty"` // 男 or 女 when only one sex tests it
	Time bool   `json:"time"`
}

// ClassRow is one student of the entry form.
type ClassRow struct {
	StudentID int64   `json:"student_id,string"`
	Name      string  `json:"name"`
	StudentNo string  `json:"student_no"`
	Sex       string  `json:"sex"`
	Record    *Record `json:"record"` // the result of the sheet's attempt
	// FirstRating is the rating of the first test, on a 补测 sheet: only 不及格 may be retested.
	FirstRating Rating `json:"first_rating,omitempty"`
}

// classInfo locates a class.
func (s *Service) classInfo(ctx context.Context, district string, id int64) (ClassSheet, access.Object, error) {
	var c ClassSheet
	o := access.Object{District: district}
	err := s.DB.Read().QueryRow(ctx, `SELECT c.id, c.name, c.school_id, s.name, COALESCE(s.zone_id, 0), c.grade, c.school_year FROM classes c
JOIN schools s ON s.district_code = c.district_code AND s.id = c.school_id WHERE c.district_code = ? AND c.id = ?`, district, id).Scan(
		&c.ClassID, &c.ClassName, &c.SchoolID, &c.SchoolName, &o.ZoneID, &c.Grade, &c.SchoolYear)
	if db.IsNoRows(err) {
		return c, o, errs.NotFoundf("班级")
	}
	o.SchoolID = c.SchoolID
	return c, o, err
}

// fieldDefs lists the fields a grade tests (both sexes).
func fieldDefs(grade int) []FieldDef {
	out := []FieldDef{{Key: FieldHeight, Name: "身高", Unit: "厘米"}, {Key: FieldWeight, Name: "体重", Unit: "千克"}}
	m, f := Required(grade, Male), Required(grade, Female)
	has := func(l []Item, it Item) bool {
		for _, x := range l {
			if x == it {
				return true
			}
		}
		return false
	}
	for it := VitalCapacity; it < NumItems; it++ {
		inM, inF := has(m, it), has(f, it)
		if !inM && !inF {
			continue
		}
		d := FieldDef{Key: it.Code(), Name: it.String(), Unit: it.Unit(), Time: isTime(it)}
		if inM != inF {
			d.Sex = map[bool]string{true: "男", false: "女"}[inM]
		}
		out = append(out, d)
	}
	return out
}

// ClassResults returns the entry form of a class for a school year (0: the class's own year) and
// attempt (1 the test, 2 the 补测; 0 means 1).
func (s *Service) ClassResults(ctx context.Context, a Actor, classID int64, year, attempt int) (ClassSheet, error) {
	c, o, err := s.classInfo(ctx, a.P.District, classID)
	if err != nil {
		if rerr := access.Require(a.P, access.FitnessRead); rerr != nil {
			return c, rerr
		}
		return c, err
	}
	if err := access.Decide(a.P, access.FitnessRead, o, "班级"); err != nil {
		return c, err
	}
	if year != 0 {
		c.SchoolYear = year
	}
	if attempt != 2 {
		attempt = 1
	}
	c.Attempt = attempt
	c.Fields = fieldDefs(c.Grade)
	rows, err := s.DB.Read().Query(ctx, `SELECT id, name, student_no, sex FROM students WHERE district_code = ? AND class_id = ? ORDER BY student_no`,
		a.P.District, classID)
	if err != nil {
		return c, err
	}
	idx := map[int64]int{}
	for rows.Next() {
		var r ClassRow
		if err := rows.Scan(&r.StudentID, &r.Name, &r.StudentNo, &r.Sex); err != nil {
			rows.Close()
			return c, err
		}
		r.StudentNo = pii.MaskStudentNo(r.StudentNo)
		idx[r.StudentID] = len(c.Rows)
		c.Rows = append(c.Rows, r)
	}
	rows.Close()
	if c.Rows == nil {
		c.Rows = []ClassRow{}
	}
	recs, err := s.DB.Read().Query(ctx, `SELECT `+selectColumns("r.")+` FROM fitness_results r JOIN students st
ON st.district_code = r.district_code AND st.id = r.student_id WHERE r.district_code = ? AND st.class_id = ? AND r.school_year = ?`,
		a.P.District, classID, c.SchoolYear)
	if err != nil {
		return c, err
	}
	defer recs.Close()
	reveal := a.P.Can(access.FitnessWrite)
	revealed := 0
	for recs.Next() {
		r, enc, err := scanRecord(recs)
		if err != nil {
			return c, err
		}
		if r.Exempt && reveal {
			if r.ExemptReason, err = s.Keys.Open(enc, ctxExemptReason); err != nil {
				return c, err
			}
			revealed++
		} else if r.Exempt {
			r.ExemptReason = "（原因仅学校填报人员可见）"
		}
		i, ok := idx[r.StudentID]
		switch {
		case !ok:
		case r.Attempt == attempt:
			c.Rows[i].Record = &r
		case attempt == 2 && r.Attempt == 1:
			c.Rows[i].FirstRating = r.Rating
		}
	}
	if err := recs.Err(); err != nil {
		return c, err
	}
	if revealed > 0 {
		e := a.entry("fitness.reveal", "class", itoa64(classID), fmt.Sprintf("查看%s %d 名学生的免测原因", c.ClassName, revealed))
		if err := s.Audit.Record(ctx, a.P.District, e); err != nil {
			return c, err
		}
	}
	return c, nil
}

// EntryRow is one student's results as typed into the entry form.
type EntryRow struct {
	StudentID    int64             `json:"student_id,string"`
	Values       map[string]string `json:"values"` // by field: "height", "weight", item codes
	Exempt       bool              `json:"exempt"`
	ExemptReason string            `json:"exempt_reason"`
}

// ClassEntry is what the entry form saves.
type ClassEntry struct {
	SchoolYear int        `json:"school_year"`
	Attempt    int        `json:"attempt"` // 2 for the 补测 of the students whose test was 不及格; else the test
	TestedOn   string     `json:"tested_on"`
	Rows       []EntryRow `json:"rows"`
}

// SaveClassResults validates and stores the results typed for a class (first attempt), all or
// nothing: a problem is reported with the row and field ("rows.3.run_800m").
func (s *Service) SaveClassResults(ctx context.Context, a Actor, classID int64, in ClassEntry) (ClassSheet, error) {
	c, o, err := s.classInfo(ctx, a.P.District, classID)
	if err != nil {
		if rerr := access.Require(a.P, access.FitnessWrite); rerr != nil {
			return c, rerr
		}
		return c, err
	}
	if err := access.Decide(a.P, access.FitnessWrite, o, "班级"); err != nil {
		return c, err
	}
	year := in.SchoolYear
	if year == 0 {
		year = c.SchoolYear
	}
	if year < 2000 || year > s.currentYear()+1 {
		return c, errs.Field("school_year", fmt.Sprintf("学年不正确：%d", year))
	}
	members := map[int64]string{}
	rows, err := s.DB.Read().Query(ctx, `SELECT id, sex FROM students WHERE district_code = ? AND class_id = ?`, a.P.District, classID)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var id int64
		var sex string
		if err := rows.Scan(&id, &sex); err != nil {
			rows.Close()
			return c, err
		}
		members[id] = sex
	}
	rows.Close()
	attempt := 1
	firsts := map[int64]Rating{}
	if in.Attempt == 2 {
		attempt = 2
		rows, err := s.DB.Read().Query(ctx, `SELECT r.student_id, r.rating FROM fitness_results r JOIN students st
ON st.district_code = r.district_code AND st.id = r.student_id WHERE r.district_code = ? AND st.class_id = ? AND r.school_year = ? AND r.attempt = 1`,
			a.P.District, classID, year)
		if err != nil {
			return c, err
		}
		for rows.Next() {
			var id int64
			var r string
			if err := rows.Scan(&id, &r); err != nil {
				rows.Close()
				return c, err
			}
			firsts[id] = Rating(r)
		}
		rows.Close()
	}
	var fe errs.Fields
	entries := make([]Entry, 0, len(in.Rows))
	for i, r := range in.Rows {
		at := "rows." + strconv.Itoa(i)
		sex, ok := members[r.StudentID]
		if !ok {
			fe.Add(at+".student_id", fmt.Sprintf("第 %d 行：学生不在本班", i+1))
			continue
		}
		if attempt == 2 && firsts[r.StudentID] != RatingFail {
			fe.Add(at+".student_id", fmt.Sprintf("第 %d 行：只有本学年首次测试不及格的学生才能补测", i+1))
			continue
		}
		inp := Input{Grade: c.Grade, Sex: sexOf(sex), Exempt: r.Exempt, ExemptReason: r.ExemptReason}
		bad := false
		for field, text := range r.Values {
			v, err := ParseCell(field, text)
			if err != nil {
				fe.Add(at+"."+field, fmt.Sprintf("第 %d 行 %s：%s", i+1, FieldName(field), Reason(err)))
				bad = true
				continue
			}
			inp.SetField(field, v)
		}
		if bad {
			continue
		}
		if err := inp.Validate(); err != nil {
			field := ""
			if e, ok := err.(*Error); ok {
				field = e.Field
			}
			fe.Add(at+"."+fieldKey(field), fmt.Sprintf("第 %d 行：%s", i+1, err.Error()))
			continue
		}
		entries = append(entries, Entry{StudentID: r.StudentID, SchoolYear: year, Attempt: attempt, SchoolID: c.SchoolID, ClassID: classID,
			TestedOn: in.TestedOn, Input: inp})
	}
	if err := fe.Err(); err != nil {
		return c, err
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		w := NewWriter(q, s.Keys, a.P.District, a.P.UserID)
		for _, e := range entries {
			if _, err := w.Add(ctx, e); err != nil {
				return err
			}
		}
		if err := w.Close(ctx); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("fitness.save", "class", itoa64(classID),
			fmt.Sprintf("录入%s %d 学年体质健康%s成绩 %d 人", c.ClassName, year, map[bool]string{true: "补测", false: "测试"}[attempt == 2], len(entries))))
	})
	if err != nil {
		return c, err
	}
	s.written()
	return s.ClassResults(ctx, a, classID, year, attempt)
}

// fieldKey maps Validate's field names to entry fields.
func fieldKey(f string) string {
	switch f {
	case "height_cm":
		return FieldHeight
	case "weight_kg":
		return FieldWeight
	}
	return f
}

// Reason is the Chinese reason of an error.
func Reason(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Reason
	}
	return err.Error()
}
