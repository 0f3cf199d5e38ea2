package safety

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/workflow"
)

// Todo is what waits for the caller: hazards their school must rectify, hazards awaiting their
// verification, overdue ones, and those escalated to them (to their section, or to the bureau;
// an inspector sees the escalations of their zone, a leader all).
type Todo struct {
	ToRectify int `json:"to_rectify"`
	ToVerify  int `json:"to_verify"`
	Overdue   int `json:"overdue"`
	Escalated int `json:"escalated"`
}

// Todo counts the caller's pending hazards (and sweeps the district first, so escalation is current).
func (s *Service) Todo(ctx context.Context, p *access.Principal) (Todo, error) {
	var t Todo
	if err := access.Require(p, access.SafetyRead); err != nil {
		return t, err
	}
	if err := s.Flow.MaybeSweep(ctx, p.District); err != nil {
		return t, err
	}
	where, args, ok := s.scopeWhere(p, HazardFilter{})
	if !ok {
		return t, nil
	}
	count := func(cond string, extra ...any) (int, error) {
		var n int
		err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*)`+hazardFrom+where+` AND `+cond, append(append([]any{}, args...), extra...)...).Scan(&n)
		return n, err
	}
	var err error
	if p.Role == access.SchoolAdmin {
		if t.ToRectify, err = count(`w.state = ?`, StateOpen); err != nil {
			return t, err
		}
	}
	if p.Can(access.SafetyWrite) && (p.Role == access.Inspector || p.Role == access.Staff) {
		if t.ToVerify, err = count(`w.state = ?`, StateSubmitted); err != nil {
			return t, err
		}
	}
	if t.Overdue, err = count(`w.final_state = FALSE AND w.due_on <> '' AND w.due_on < ?`, s.Flow.Today()); err != nil {
		return t, err
	}
	esc := `w.final_state = FALSE AND w.escalated_at <> 0`
	var extra []any
	if p.Role == access.Staff {
		esc += ` AND (w.superior_kind = ? OR (w.superior_kind = ? AND w.superior_id = ?))`
		extra = []any{workflow.AssignDistrict, workflow.AssignSection, p.SectionID}
	}
	if p.Role == access.SchoolAdmin {
		esc = "1 = 0" // a school's own escalations show as overdue; escalation goes above it
	}
	t.Escalated, err = count(esc, extra...)
	return t, err
}

func fmtID(id int64) string { return fmt.Sprint(id) }
