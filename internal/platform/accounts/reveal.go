package accounts

import (
	"context"
	"fmt"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// RevealRequest asks for a personal field in full, with the reason recorded in the audit log.
type RevealRequest struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Revealed is the full value.
type Revealed struct {
	Value string `json:"value"`
}

// Reveal returns a user's full phone number to a caller with the reveal permission and a reason.
// The audit record names the field and the reason, never the value.
func (s *Service) Reveal(ctx context.Context, a Actor, id int64, req RevealRequest) (Revealed, error) {
	var f errs.Fields
	if req.Field != "phone" {
		f.Add("field", "只能查看手机号（phone）")
	}
	if n := len([]rune(strings.TrimSpace(req.Reason))); n < 4 || n > 200 {
		f.Add("reason", "请填写查看原因（4–200 字）")
	}
	if err := f.Err(); err != nil {
		return Revealed{}, err
	}
	var out Revealed
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		u, err := s.authorized(ctx, q, a, access.PIIReveal, id)
		if err != nil {
			return err
		}
		if out.Value, err = s.Keys.Open(u.phoneEnc, PhoneContext); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, u.District, a.entry("pii.reveal", "user", id, "查看 "+u.Username+" 的手机号，原因："+strings.TrimSpace(req.Reason)))
	})
	return out, err
}

// Policy returns the district's security policy.
func (s *Service) Policy(ctx context.Context, a Actor) (auth.Policy, error) {
	if err := access.Require(a.P, access.SecurityPolicy); err != nil {
		return auth.Policy{}, err
	}
	return auth.LoadPolicy(ctx, s.DB.Read(), a.P.District)
}

// SetPolicy replaces the district's security policy.
func (s *Service) SetPolicy(ctx context.Context, a Actor, p auth.Policy) (auth.Policy, error) {
	if err := access.Require(a.P, access.SecurityPolicy); err != nil {
		return auth.Policy{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if err := auth.SavePolicy(ctx, q, a.P.District, p); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, "policy.update", "policy", a.P.District, policySummary(p)))
	})
	if err == nil {
		s.Auth.ForgetPolicy(a.P.District)
	}
	return p, err
}

func policySummary(p auth.Policy) string {
	return fmt.Sprintf("密码最小长度 %d，有效期 %d 天，失败 %d 次锁定 %d 分钟，空闲超时 %d 分钟，会话最长 %d 小时，审计保留 %d 天，双因素角色 %s",
		p.MinLength, p.PasswordMaxAgeDays, p.LockoutThreshold, p.LockoutMinutes, p.IdleTimeoutMinutes, p.AbsoluteTimeoutHours,
		p.AuditRetentionDays, strings.Join(p.TOTPRoles, ","))
}
