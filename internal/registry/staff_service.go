package registry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// StaffMember is a member of staff as colleagues see it, ID number masked.
type StaffMember struct {
	ID            int64     `json:"id"`
	StaffNo       string    `json:"staff_no"`
	Name          string    `json:"name"`
	Sex           string    `json:"sex"`
	BirthDate     string    `json:"birth_date"`
	IDNumber      string    `json:"id_number"`
	Political     string    `json:"political"`
	Education     string    `json:"education"`
	Title         string    `json:"title"`
	Post          string    `json:"post"`
	Subjects      []string  `json:"subjects"`
	Backbone      string    `json:"backbone"`
	OnPayroll     bool      `json:"on_payroll"`
	TeacherCert   bool      `json:"teacher_cert"`
	SchoolID      int64     `json:"school_id"`
	SchoolName    string    `json:"school_name"`
	JoinedSchool  string    `json:"joined_school_on"`
	TrainingHours int       `json:"training_hours"`
	Status        string    `json:"status"`
	Stage         string    `json:"stage"`
	UpdatedAt     time.Time `json:"updated_at"`
	zoneID        int64
	idEnc         string
}

const staffCols = `t.id, t.staff_no, t.name, t.sex, t.birth_date, t.id_enc, t.political, t.education, t.title, t.post, t.subjects,
t.backbone, t.on_payroll, t.teacher_cert, t.school_id, s.name, COALESCE(s.zone_id, 0), t.joined_school_on, t.training_hours, t.status,
t.stage, t.updated_at`

const staffFrom = ` FROM staff t JOIN schools s ON s.district_code = t.district_code AND s.id = t.school_id`

func scanStaff(row interface{ Scan(...any) error }) (StaffMember, error) {
	var m StaffMember
	var subjects string
	var updated int64
	err := row.Scan(&m.ID, &m.StaffNo, &m.Name, &m.Sex, &m.BirthDate, &m.idEnc, &m.Political, &m.Education, &m.Title, &m.Post,
		&subjects, &m.Backbone, &m.OnPayroll, &m.TeacherCert, &m.SchoolID, &m.SchoolName, &m.zoneID, &m.JoinedSchool,
		&m.TrainingHours, &m.Status, &m.Stage, &updated)
	m.Subjects, m.UpdatedAt = splitList(subjects), db.Time(updated)
	return m, err
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

var staffInsertCols = []string{"district_code", "id", "staff_no", "name", "initials", "sex", "birth_date", "id_enc", "id_bidx",
	"political", "education", "title", "post", "subjects", "backbone", "on_payroll", "teacher_cert", "school_id",
	"joined_school_on", "training_hours", "status", "stage", "created_at", "updated_at"}

func staffValues(district string, id int64, in *StaffInput, sl sealed, now int64) []any {
	return []any{district, id, in.StaffNo, in.Name, Initials(in.Name), in.Sex, in.birthDate, sl.idEnc, sl.idBidx, in.Political,
		in.Education, in.Title, in.Post, strings.Join(in.Subjects, ","), in.Backbone, in.OnPayroll, in.TeacherCert, in.SchoolID,
		in.JoinedSchool, in.TrainingHours, in.Status, in.Stage, now, now}
}

// StaffFilter selects staff.
type StaffFilter struct {
	SchoolID int64
	Post     string
	Backbone string
	Q        string
}

// ListStaff returns a page of staff in the caller's scope.
func (s *Service) ListStaff(ctx context.Context, a Actor, f StaffFilter, offset, limit int) ([]StaffMember, int, error) {
	if err := access.Require(a.P, access.RegistryRead); err != nil {
		return nil, 0, err
	}
	cond, args := scopeCond(a.P)
	add := func(c string, v ...any) { cond += " AND " + c; args = append(args, v...) }
	if f.SchoolID != 0 {
		add("t.school_id = ?", f.SchoolID)
	}
	if f.Post != "" {
		add("t.post = ?", f.Post)
	}
	if f.Backbone != "" {
		add("t.backbone = ?", f.Backbone)
	}
	switch q := strings.TrimSpace(f.Q); {
	case q == "":
	case idShapeRe.MatchString(q):
		add("t.id_bidx = ?", s.Keys.BlindIndex(bidxID, strings.ToUpper(q)))
	case initialsRe.MatchString(q):
		c, v := db.Prefix(s.DB.Dialect, "t.initials", strings.ToLower(q))
		add("(("+c+") OR t.staff_no = ?)", append(v, q)...)
	default:
		c, v := db.Prefix(s.DB.Dialect, "t.name", q)
		add("(("+c+") OR t.staff_no = ?)", append(v, q)...)
	}
	var total int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM staff t WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT `+staffCols+staffFrom+` WHERE `+cond+` ORDER BY t.school_id, t.staff_no LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []StaffMember{}
	for rows.Next() {
		m, err := scanStaff(rows)
		if err != nil {
			return nil, 0, err
		}
		if err := m.mask(s.Keys); err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

func (m *StaffMember) mask(keys *pii.Keyring) error {
	id, err := keys.Open(m.idEnc, ctxIDNumber)
	m.IDNumber = pii.MaskIDNumber(id)
	return err
}

func (s *Service) authorizedStaff(ctx context.Context, q db.Querier, a Actor, perm string, id int64) (StaffMember, error) {
	if err := access.Require(a.P, perm); err != nil {
		return StaffMember{}, err
	}
	m, err := scanStaff(q.QueryRow(ctx, `SELECT `+staffCols+staffFrom+` WHERE t.district_code = ? AND t.id = ?`, a.P.District, id))
	if db.IsNoRows(err) {
		return m, errs.NotFoundf("教职工")
	}
	if err != nil {
		return m, err
	}
	return m, access.Decide(a.P, perm, access.Object{District: a.P.District, SchoolID: m.SchoolID, ZoneID: m.zoneID}, "教职工")
}

// GetStaff returns a staff member in the caller's scope.
func (s *Service) GetStaff(ctx context.Context, a Actor, id int64) (StaffMember, error) {
	m, err := s.authorizedStaff(ctx, s.DB.Read(), a, access.RegistryRead, id)
	if err != nil {
		return m, err
	}
	return m, m.mask(s.Keys)
}

func (s *Service) prepareStaff(ctx context.Context, q db.Querier, a Actor, in *StaffInput, self int64) (sealed, error) {
	if _, err := s.writableSchool(ctx, q, a, in.SchoolID); err != nil {
		return sealed{}, err
	}
	d, err := s.Dicts(ctx, a.P.District)
	if err != nil {
		return sealed{}, err
	}
	if err := in.Validate(d, s.today()); err != nil {
		return sealed{}, err
	}
	sl, err := s.seal(in.IDNumber, "")
	if err != nil {
		return sl, err
	}
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM staff WHERE district_code = ? AND (staff_no = ? OR id_bidx = ?) AND id <> ?`,
		a.P.District, in.StaffNo, sl.idBidx, self).Scan(&n); err != nil {
		return sl, err
	}
	if n > 0 {
		return sl, errs.Field("staff_no", "工号或身份证号已存在于本区其他教职工")
	}
	return sl, nil
}

// CreateStaff adds a member of staff and opens their school history.
func (s *Service) CreateStaff(ctx context.Context, a Actor, in StaffInput) (StaffMember, error) {
	var id int64
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		sl, err := s.prepareStaff(ctx, q, a, &in, 0)
		if err != nil {
			return err
		}
		id = db.NewID()
		if err := db.NewBatch(q, "staff", staffInsertCols, "", 1).Add(ctx, staffValues(a.P.District, id, &in, sl, db.Now())...); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `INSERT INTO staff_history (district_code, id, staff_id, school_id, from_date, reason) VALUES (?, ?, ?, ?, ?, ?)`,
			a.P.District, db.NewID(), id, in.SchoolID, in.JoinedSchool, "入职"); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("staff.create", "staff", fmt.Sprint(id), in.Name))
	})
	if err != nil {
		return StaffMember{}, err
	}
	return s.GetStaff(ctx, a, id)
}

// UpdateStaff replaces a staff record; a change of school closes the history line and opens a new one.
func (s *Service) UpdateStaff(ctx context.Context, a Actor, id int64, in StaffInput) (StaffMember, error) {
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		old, err := s.authorizedStaff(ctx, q, a, access.RegistryWrite, id)
		if err != nil {
			return err
		}
		if in.SchoolID == 0 {
			in.SchoolID = old.SchoolID
		}
		sl, err := s.prepareStaff(ctx, q, a, &in, id)
		if err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE staff SET staff_no = ?, name = ?, initials = ?, sex = ?, birth_date = ?, id_enc = ?, id_bidx = ?,
political = ?, education = ?, title = ?, post = ?, subjects = ?, backbone = ?, on_payroll = ?, teacher_cert = ?, school_id = ?,
joined_school_on = ?, training_hours = ?, status = ?, stage = ?, updated_at = ? WHERE district_code = ? AND id = ?`,
			in.StaffNo, in.Name, Initials(in.Name), in.Sex, in.birthDate, sl.idEnc, sl.idBidx, in.Political, in.Education, in.Title,
			in.Post, strings.Join(in.Subjects, ","), in.Backbone, in.OnPayroll, in.TeacherCert, in.SchoolID, in.JoinedSchool,
			in.TrainingHours, in.Status, in.Stage, db.Now(), a.P.District, id); err != nil {
			return err
		}
		if in.SchoolID != old.SchoolID {
			if _, err := q.Exec(ctx, `UPDATE staff_history SET to_date = ? WHERE district_code = ? AND staff_id = ? AND to_date = ''`,
				in.JoinedSchool, a.P.District, id); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `INSERT INTO staff_history (district_code, id, staff_id, school_id, from_date, reason) VALUES (?, ?, ?, ?, ?, ?)`,
				a.P.District, db.NewID(), id, in.SchoolID, in.JoinedSchool, "调动"); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("staff.update", "staff", fmt.Sprint(id), in.Name))
	})
	if err != nil {
		return StaffMember{}, err
	}
	return s.GetStaff(ctx, a, id)
}
