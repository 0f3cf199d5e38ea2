package registry

import (
	"context"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// Student is a student as staff see it: ID number, 学籍号, address and phones masked.
type Student struct {
	ID             int64      `json:"id"`
	StudentNo      string     `json:"student_no"`
	Name           string     `json:"name"`
	Sex            string     `json:"sex"`
	BirthDate      string     `json:"birth_date"`
	IDNumber       string     `json:"id_number"`
	Ethnicity      string     `json:"ethnicity"`
	EthnicityName  string     `json:"ethnicity_name"`
	HukouLocal     bool       `json:"hukou_local"`
	Migrant        bool       `json:"migrant"`
	Address        string     `json:"address"`
	SchoolID       int64      `json:"school_id"`
	SchoolName     string     `json:"school_name"`
	Grade          int        `json:"grade"`
	GradeName      string     `json:"grade_name"`
	ClassID        int64      `json:"class_id"`
	ClassName      string     `json:"class_name"`
	Status         string     `json:"status"`
	Poor           bool       `json:"poor"`
	Dibao          bool       `json:"dibao"`
	Tekun          bool       `json:"tekun"`
	Disabled       bool       `json:"disabled"`
	DisabilityType string     `json:"disability_type"`
	LeftBehind     bool       `json:"left_behind"`
	Boarding       bool       `json:"boarding"`
	Guardians      []Guardian `json:"guardians,omitempty"`
	UpdatedAt      time.Time  `json:"updated_at"`
	zoneID         int64
	idEnc, addrEnc string
}

// Guardian is a guardian with the phone masked.
type Guardian struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Phone    string `json:"phone"`
	phoneEnc string
}

const studentCols = `t.id, t.student_no, t.name, t.sex, t.birth_date, t.id_enc, t.ethnicity, t.hukou_local, t.migrant,
t.address_enc, t.school_id, s.name, COALESCE(s.zone_id, 0), t.grade, COALESCE(t.class_id, 0), COALESCE(c.name, ''), t.status, t.poor, t.dibao,
t.tekun, t.disabled, t.disability_type, t.left_behind, t.boarding, t.updated_at`

const studentFrom = ` FROM students t JOIN schools s ON s.district_code = t.district_code AND s.id = t.school_id
LEFT JOIN classes c ON c.district_code = t.district_code AND c.id = t.class_id`

func scanStudent(row interface{ Scan(...any) error }) (Student, error) {
	var st Student
	var updated int64
	err := row.Scan(&st.ID, &st.StudentNo, &st.Name, &st.Sex, &st.BirthDate, &st.idEnc, &st.Ethnicity, &st.HukouLocal,
		&st.Migrant, &st.addrEnc, &st.SchoolID, &st.SchoolName, &st.zoneID, &st.Grade, &st.ClassID, &st.ClassName, &st.Status,
		&st.Poor, &st.Dibao, &st.Tekun, &st.Disabled, &st.DisabilityType, &st.LeftBehind, &st.Boarding, &updated)
	st.UpdatedAt, st.GradeName = db.Time(updated), GradeName(st.Grade)
	return st, err
}

// mask fills the masked personal fields.
func (st *Student) mask(keys *pii.Keyring, d Dicts) error {
	id, err := keys.Open(st.idEnc, ctxIDNumber)
	if err != nil {
		return err
	}
	addr, err := keys.Open(st.addrEnc, ctxAddress)
	if err != nil {
		return err
	}
	st.IDNumber, st.Address = pii.MaskIDNumber(id), pii.MaskAddress(addr)
	st.StudentNo = pii.MaskStudentNo(st.StudentNo)
	st.EthnicityName = d.Name(DictEthnicity, st.Ethnicity)
	for i := range st.Guardians {
		phone, err := keys.Open(st.Guardians[i].phoneEnc, ctxPhone)
		if err != nil {
			return err
		}
		st.Guardians[i].Phone = pii.MaskPhone(phone)
	}
	return nil
}

// sealed holds the encrypted personal fields of a record.
type sealed struct {
	idEnc   string
	idBidx  any // nil when there is no ID number
	addrEnc string
}

func (s *Service) seal(idNumber, address string) (sealed, error) {
	var out sealed
	var err error
	if out.idEnc, err = s.Keys.Seal(idNumber, ctxIDNumber); err != nil {
		return out, err
	}
	if idNumber != "" {
		out.idBidx = s.Keys.BlindIndex(bidxID, strings.ToUpper(idNumber))
	}
	out.addrEnc, err = s.Keys.Seal(address, ctxAddress)
	return out, err
}

var studentInsertCols = []string{"district_code", "id", "student_no", "name", "initials", "sex", "birth_date", "id_enc", "id_bidx",
	"ethnicity", "hukou_local", "migrant", "address_enc", "school_id", "grade", "class_id", "status", "poor", "dibao", "tekun",
	"disabled", "disability_type", "left_behind", "boarding", "created_at", "updated_at"}

// studentValues are the column values of a validated student, in studentInsertCols order.
func studentValues(district string, id int64, in *StudentInput, sl sealed, now int64) []any {
	return []any{district, id, in.StudentNo, in.Name, Initials(in.Name), in.Sex, in.BirthDate, sl.idEnc, sl.idBidx,
		in.Ethnicity, in.HukouLocal, in.Migrant, sl.addrEnc, in.SchoolID, in.Grade, db.NullID(in.ClassID), in.Status, in.Poor,
		in.Dibao, in.Tekun, in.Disabled, in.DisabilityType, in.LeftBehind, in.Boarding, now, now}
}

var guardianCols = []string{"district_code", "id", "student_id", "name", "relation", "phone_enc", "sort", "phone_bidx"}

func (s *Service) insertGuardians(ctx context.Context, b *db.Batch, district string, studentID int64, gs []GuardianInput) error {
	for i, g := range gs {
		enc, err := s.Keys.Seal(g.Phone, ctxPhone)
		if err != nil {
			return err
		}
		if err := b.Add(ctx, district, db.NewID(), studentID, strings.TrimSpace(g.Name), g.Relation, enc, i,
			GuardianPhoneIndex(s.Keys, g.Phone)); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) loadGuardians(ctx context.Context, q db.Querier, district string, st *Student) error {
	rows, err := q.Query(ctx, `SELECT id, name, relation, phone_enc FROM guardians WHERE district_code = ? AND student_id = ? ORDER BY sort`,
		district, st.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var g Guardian
		if err := rows.Scan(&g.ID, &g.Name, &g.Relation, &g.phoneEnc); err != nil {
			return err
		}
		st.Guardians = append(st.Guardians, g)
	}
	return rows.Err()
}
