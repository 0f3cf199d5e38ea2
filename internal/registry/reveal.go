package registry

import (
	"context"
	"fmt"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// RevealRequest asks for a personal field in full with a reason; guardian_id names the guardian
// whose phone is asked for.
type RevealRequest struct {
	Field      string `json:"field"`
	Reason     string `json:"reason"`
	GuardianID int64  `json:"guardian_id"`
}

// Revealed is the full value.
type Revealed struct {
	Value string `json:"value"`
}

var revealFields = map[string]string{"id_number": "身份证号", "student_no": "学籍号", "address": "家庭住址", "guardian_phone": "监护人手机号"}

func checkReveal(req RevealRequest) error {
	var f errs.Fields
	if _, ok := revealFields[req.Field]; !ok {
		f.Add("field", "可查看的字段：id_number、student_no、address、guardian_phone")
	}
	if n := len([]rune(strings.TrimSpace(req.Reason))); n < 4 || n > 200 {
		f.Add("reason", "请填写查看原因（4–200 字）")
	}
	return f.Err()
}

// RevealStudent returns one personal field of a student in full, audited with the reason.
func (s *Service) RevealStudent(ctx context.Context, a Actor, id int64, req RevealRequest) (Revealed, error) {
	if err := checkReveal(req); err != nil {
		return Revealed{}, err
	}
	var out Revealed
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		st, err := s.authorizedStudent(ctx, q, a, access.PIIReveal, id)
		if err != nil {
			return err
		}
		switch req.Field {
		case "id_number":
			out.Value, err = s.Keys.Open(st.idEnc, ctxIDNumber)
		case "student_no":
			out.Value = st.StudentNo
		case "address":
			out.Value, err = s.Keys.Open(st.addrEnc, ctxAddress)
		case "guardian_phone":
			var enc string
			e := q.QueryRow(ctx, `SELECT phone_enc FROM guardians WHERE district_code = ? AND student_id = ? AND id = ?`,
				a.P.District, id, req.GuardianID).Scan(&enc)
			if db.IsNoRows(e) {
				return errs.Field("guardian_id", "监护人不存在")
			}
			if e != nil {
				return e
			}
			out.Value, err = s.Keys.Open(enc, ctxPhone)
		}
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("pii.reveal", "student", fmt.Sprint(id),
			fmt.Sprintf("查看学生 %s 的%s，原因：%s", st.Name, revealFields[req.Field], strings.TrimSpace(req.Reason))))
	})
	return out, err
}
