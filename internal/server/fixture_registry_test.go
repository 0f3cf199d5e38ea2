package server

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/identity"
)

// registryObject is a student or staff member of a fixture school.
type registryObject struct {
	id                  int64
	idNumber, studentNo string
	staffNo             string
}

var idSeq int

// nextIDNumber returns a valid, unused ID number born on the given date.
func nextIDNumber(birth time.Time) string {
	idSeq++
	return identity.MakeIDNumber("330102", birth.AddDate(0, 0, idSeq%300), 100+idSeq%800)
}

// seedRegistry adds one student and one staff member to each fixture school.
func (f *fixture) seedRegistry() {
	ctx := context.Background()
	f.students, f.staffs = map[string]registryObject{}, map[string]registryObject{}
	for _, k := range []string{"A", "B", "X"} {
		district := home
		if k == "X" {
			district = other
		}
		f.students[k] = f.insertStudent(ctx, district, f.schools[k])
		f.staffs[k] = f.insertStaff(ctx, district, f.schools[k])
	}
}

func (f *fixture) insertStudent(ctx context.Context, district string, school int64) registryObject {
	idn := nextIDNumber(time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC))
	o := registryObject{id: db.NewID(), idNumber: idn, studentNo: "G" + idn}
	sealedID, _ := f.s.Keys.Seal(idn, "registry.id_number")
	addr, _ := f.s.Keys.Seal("青溪区人民路1号", "registry.address")
	if _, err := f.s.DB.Write().Exec(ctx, `INSERT INTO students (district_code, id, student_no, name, initials, sex, birth_date,
id_enc, id_bidx, school_id, grade, address_enc, created_at, updated_at) VALUES (?, ?, ?, '测试学生', 'csxs', ?, ?, ?, ?, ?, 3, ?, ?, ?)`,
		district, o.id, o.studentNo, sexOf(idn), birthOf(idn), sealedID, f.s.Keys.BlindIndex("id_number", idn), school, addr,
		db.Now(), db.Now()); err != nil {
		f.t.Fatal(err)
	}
	return o
}

func (f *fixture) insertStaff(ctx context.Context, district string, school int64) registryObject {
	idn := nextIDNumber(time.Date(1985, 1, 1, 0, 0, 0, 0, time.UTC))
	o := registryObject{id: db.NewID(), idNumber: idn, staffNo: fmt.Sprintf("T%06d", idSeq)}
	sealedID, _ := f.s.Keys.Seal(idn, "registry.id_number")
	if _, err := f.s.DB.Write().Exec(ctx, `INSERT INTO staff (district_code, id, staff_no, name, initials, sex, birth_date, id_enc, id_bidx,
education, post, subjects, school_id, joined_school_on, created_at, updated_at)
VALUES (?, ?, ?, '测试教师', 'csjs', ?, ?, ?, ?, '本科', '专任教师', '数学', ?, '2015-09-01', ?, ?)`,
		district, o.id, o.staffNo, sexOf(idn), birthOf(idn), sealedID, f.s.Keys.BlindIndex("id_number", idn), school, db.Now(), db.Now()); err != nil {
		f.t.Fatal(err)
	}
	return o
}

// freshTransfer makes a new student in `from` with a pending transfer to `to`.
func (f *fixture) freshTransfer(district string, from, to int64) int64 {
	ctx := context.Background()
	st := f.insertStudent(ctx, district, from)
	id := db.NewID()
	if _, err := f.s.DB.Write().Exec(ctx, `INSERT INTO transfers (district_code, id, student_id, from_school_id, to_school_id, to_grade,
status, reason, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, 3, 'pending', '搬家', 1, ?)`, district, id, st.id, from, to, db.Now()); err != nil {
		f.t.Fatal(err)
	}
	return id
}

func sexOf(idn string) string {
	n, _ := identity.ParseIDNumber(idn, time.Now())
	return n.Sex()
}

func birthOf(idn string) string {
	n, _ := identity.ParseIDNumber(idn, time.Now())
	return n.Birth.Format("2006-01-02")
}
