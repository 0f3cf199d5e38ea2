package registry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Transfer statuses.
const (
	TransferPending   = "pending"
	TransferConfirmed = "confirmed"
	TransferRejected  = "rejected"
	TransferCancelled = "cancelled"
)

var transferStatusNames = map[string]string{TransferPending: "待接收", TransferConfirmed: "已转入",
	TransferRejected: "已退回", TransferCancelled: "已撤销"}

// Transfer is a 转学 between two schools of the district: the sending school starts it, the
// receiving school confirms or rejects it.
type Transfer struct {
	ID           int64     `json:"id"`
	StudentID    int64     `json:"student_id"`
	StudentName  string    `json:"student_name"`
	FromSchoolID int64     `json:"from_school_id"`
	FromSchool   string    `json:"from_school"`
	ToSchoolID   int64     `json:"to_school_id"`
	ToSchool     string    `json:"to_school"`
	ToGrade      int       `json:"to_grade"`
	Status       string    `json:"status"`
	StatusName   string    `json:"status_name"`
	Reason       string    `json:"reason"`
	Note         string    `json:"note"`
	RequestedAt  time.Time `json:"requested_at"`
	DecidedAt    time.Time `json:"decided_at"`
	fromZone     int64
	toZone       int64
}

// TransferRequest starts a transfer.
type TransferRequest struct {
	ToSchoolID int64  `json:"to_school_id"`
	ToGrade    int    `json:"to_grade"`
	Reason     string `json:"reason"`
}

// TransferDecision confirms, rejects or cancels a transfer with a note.
type TransferDecision struct {
	Note string `json:"note"`
}

const transferSelect = `SELECT t.id, t.student_id, st.name, t.from_school_id, fs.name, COALESCE(fs.zone_id, 0), t.to_school_id, ts.name,
COALESCE(ts.zone_id, 0), t.to_grade, t.status, t.reason, t.note, t.requested_at, t.decided_at
FROM transfers t
JOIN students st ON st.district_code = t.district_code AND st.id = t.student_id
JOIN schools fs ON fs.district_code = t.district_code AND fs.id = t.from_school_id
JOIN schools ts ON ts.district_code = t.district_code AND ts.id = t.to_school_id`

func scanTransfer(row interface{ Scan(...any) error }) (Transfer, error) {
	var t Transfer
	var req, dec int64
	err := row.Scan(&t.ID, &t.StudentID, &t.StudentName, &t.FromSchoolID, &t.FromSchool, &t.fromZone, &t.ToSchoolID, &t.ToSchool,
		&t.toZone, &t.ToGrade, &t.Status, &t.Reason, &t.Note, &req, &dec)
	t.RequestedAt, t.DecidedAt, t.StatusName = db.Time(req), db.Time(dec), transferStatusNames[t.Status]
	return t, err
}

// StartTransfer is the sending school's request to move a student to another school.
func (s *Service) StartTransfer(ctx context.Context, a Actor, studentID int64, req TransferRequest) (Transfer, error) {
	var id int64
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		st, err := s.authorizedStudent(ctx, q, a, access.RegistryWrite, studentID)
		if err != nil {
			return err
		}
		var f errs.Fields
		if st.Status != StatusEnrolled {
			f.Add("student", "只有在读学生可以办理转学，当前状态："+st.Status)
		}
		if req.ToSchoolID == st.SchoolID {
			f.Add("to_school_id", "转入学校不能是原学校")
		}
		if n := len([]rune(strings.TrimSpace(req.Reason))); n < 2 || n > 200 {
			f.Add("reason", "请填写转学原因（2–200 字）")
		}
		if err := f.Err(); err != nil {
			return err
		}
		to, err := s.school(ctx, q, a.P.District, req.ToSchoolID)
		if err != nil {
			return errs.Field("to_school_id", "转入学校不存在")
		}
		if !SchoolTeaches(to.Type, req.ToGrade) {
			return errs.Field("to_grade", fmt.Sprintf("%s没有%s", to.Name, GradeName(req.ToGrade)))
		}
		var pending int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM transfers WHERE district_code = ? AND student_id = ? AND status = ?`,
			a.P.District, studentID, TransferPending).Scan(&pending); err != nil {
			return err
		}
		if pending > 0 {
			return errs.E(errs.Conflict, "该学生已有待接收的转学申请")
		}
		id = db.NewID()
		if _, err := q.Exec(ctx, `INSERT INTO transfers (district_code, id, student_id, from_school_id, to_school_id, to_grade, status,
reason, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.P.District, id, studentID, st.SchoolID, to.ID,
			req.ToGrade, TransferPending, strings.TrimSpace(req.Reason), a.P.UserID, db.Now()); err != nil {
			return err
		}
		if err := s.event(ctx, q, a, studentID, "transfer.start", fmt.Sprintf("申请转学至%s（%s）", to.Name, GradeName(req.ToGrade))); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("transfer.start", "transfer", fmt.Sprint(id), st.Name+" → "+to.Name))
	})
	if err != nil {
		return Transfer{}, err
	}
	return s.transfer(ctx, s.DB.Read(), a.P.District, id)
}

func (s *Service) transfer(ctx context.Context, q db.Querier, district string, id int64) (Transfer, error) {
	t, err := scanTransfer(q.QueryRow(ctx, transferSelect+` WHERE t.district_code = ? AND t.id = ?`, district, id))
	if db.IsNoRows(err) {
		return t, errs.NotFoundf("转学申请")
	}
	return t, err
}

// DecideTransfer applies the receiving school's confirm or reject, or the sending school's cancel.
func (s *Service) DecideTransfer(ctx context.Context, a Actor, id int64, action string, d TransferDecision) (Transfer, error) {
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if err := access.Require(a.P, access.RegistryWrite); err != nil {
			return err
		}
		t, err := s.transfer(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		side := access.Object{District: a.P.District, SchoolID: t.ToSchoolID, ZoneID: t.toZone}
		if action == "cancel" {
			side = access.Object{District: a.P.District, SchoolID: t.FromSchoolID, ZoneID: t.fromZone}
		}
		if err := access.Decide(a.P, access.RegistryWrite, side, "转学申请"); err != nil {
			return err
		}
		if t.Status != TransferPending {
			return errs.E(errs.Conflict, "该转学申请已%s，不能再处理", t.StatusName)
		}
		status := map[string]string{"confirm": TransferConfirmed, "reject": TransferRejected, "cancel": TransferCancelled}[action]
		if status == TransferRejected && strings.TrimSpace(d.Note) == "" {
			return errs.Field("note", "退回转学申请须说明原因")
		}
		if _, err := q.Exec(ctx, `UPDATE transfers SET status = ?, note = ?, decided_by = ?, decided_at = ? WHERE district_code = ? AND id = ?`,
			status, strings.TrimSpace(d.Note), a.P.UserID, db.Now(), a.P.District, id); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s：%s → %s", transferStatusNames[status], t.FromSchool, t.ToSchool)
		if status == TransferConfirmed {
			if _, err := q.Exec(ctx, `UPDATE students SET school_id = ?, grade = ?, class_id = NULL, status = ?, updated_at = ?
WHERE district_code = ? AND id = ?`, t.ToSchoolID, t.ToGrade, StatusEnrolled, db.Now(), a.P.District, t.StudentID); err != nil {
				return err
			}
		}
		if err := s.event(ctx, q, a, t.StudentID, "transfer."+action, detail); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("transfer."+action, "transfer", fmt.Sprint(id), t.StudentName+" "+detail))
	})
	if err != nil {
		return Transfer{}, err
	}
	return s.transfer(ctx, s.DB.Read(), a.P.District, id)
}

// ListTransfers returns transfers into or out of schools in the caller's scope.
func (s *Service) ListTransfers(ctx context.Context, a Actor, status string, offset, limit int) ([]Transfer, int, error) {
	if err := access.Require(a.P, access.RegistryRead); err != nil {
		return nil, 0, err
	}
	f := access.ListFilter(a.P)
	cond, args := "t.district_code = ?", []any{f.District}
	switch {
	case f.None || f.OwnerID != 0:
		cond += " AND 1 = 0"
	case f.SchoolID != 0:
		cond, args = cond+" AND (t.from_school_id = ? OR t.to_school_id = ?)", append(args, f.SchoolID, f.SchoolID)
	case f.ZoneID != 0:
		cond, args = cond+" AND (fs.zone_id = ? OR ts.zone_id = ?)", append(args, f.ZoneID, f.ZoneID)
	}
	if status != "" {
		cond, args = cond+" AND t.status = ?", append(args, status)
	}
	var total int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM transfers t
JOIN schools fs ON fs.district_code = t.district_code AND fs.id = t.from_school_id
JOIN schools ts ON ts.district_code = t.district_code AND ts.id = t.to_school_id WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.Read().Query(ctx, transferSelect+` WHERE `+cond+` ORDER BY t.requested_at DESC, t.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Transfer{}
	for rows.Next() {
		t, err := scanTransfer(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// History is a student's record of events.
type History struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	Detail string    `json:"detail"`
}

// StudentHistory returns the events of a student in the caller's scope.
func (s *Service) StudentHistory(ctx context.Context, a Actor, id int64) ([]History, error) {
	if _, err := s.authorizedStudent(ctx, s.DB.Read(), a, access.RegistryRead, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT at, kind, detail FROM student_events WHERE district_code = ? AND student_id = ? ORDER BY at, id`,
		a.P.District, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []History{}
	for rows.Next() {
		var h History
		var at int64
		if err := rows.Scan(&at, &h.Kind, &h.Detail); err != nil {
			return nil, err
		}
		h.At = db.Time(at)
		out = append(out, h)
	}
	return out, rows.Err()
}
