package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Policy is the district's security policy (等保 level 3 defaults), set by the 安全管理员.
type Policy struct {
	MinLength            int      `json:"min_length"`
	PasswordMaxAgeDays   int      `json:"password_max_age_days"`
	LockoutThreshold     int      `json:"lockout_threshold"`
	LockoutMinutes       int      `json:"lockout_minutes"`
	IdleTimeoutMinutes   int      `json:"idle_timeout_minutes"`
	AbsoluteTimeoutHours int      `json:"absolute_timeout_hours"`
	TOTPRoles            []string `json:"totp_roles"`
	AuditRetentionDays   int      `json:"audit_retention_days"`
}

// DefaultPolicy is the policy of a new district.
func DefaultPolicy() Policy {
	return Policy{MinLength: 12, PasswordMaxAgeDays: 90, LockoutThreshold: 5, LockoutMinutes: 15,
		IdleTimeoutMinutes: 30, AbsoluteTimeoutHours: 12,
		TOTPRoles:          []string{access.SysAdmin, access.SecAdmin, access.Auditor, access.Leader},
		AuditRetentionDays: audit.DefaultRetentionDays}
}

// Validate checks the policy's own values; the floors keep it at 等保 level.
func (p Policy) Validate() error {
	var f errs.Fields
	rng := func(field, name string, v, lo, hi int) {
		if v < lo || v > hi {
			f.Add(field, fmt.Sprintf("%s应在 %d 至 %d 之间", name, lo, hi))
		}
	}
	rng("min_length", "密码最小长度", p.MinLength, 12, 64)
	rng("password_max_age_days", "密码有效期（天）", p.PasswordMaxAgeDays, 0, 365)
	rng("lockout_threshold", "锁定前允许的失败次数", p.LockoutThreshold, 3, 10)
	rng("lockout_minutes", "锁定时长（分钟）", p.LockoutMinutes, 15, 1440)
	rng("idle_timeout_minutes", "空闲超时（分钟）", p.IdleTimeoutMinutes, 5, 30)
	rng("absolute_timeout_hours", "会话最长时间（小时）", p.AbsoluteTimeoutHours, 1, 12)
	rng("audit_retention_days", "审计日志保留天数", p.AuditRetentionDays, 180, 3650)
	for _, r := range []string{access.SysAdmin, access.SecAdmin, access.Auditor} {
		if !contains(p.TOTPRoles, r) {
			f.Add("totp_roles", "三员（系统管理员、安全管理员、审计管理员）必须启用双因素认证")
			break
		}
	}
	for _, r := range p.TOTPRoles {
		if _, ok := access.RoleByCode(r); !ok {
			f.Add("totp_roles", "未知角色："+r)
		}
	}
	return f.Err()
}

// RequiresTOTP reports whether a role must use a second factor.
func (p Policy) RequiresTOTP(role string) bool { return contains(p.TOTPRoles, role) }

// CheckPassword applies the password rules to a new password.
func (p Policy) CheckPassword(pw, username string) error {
	n := len([]rune(pw))
	if n < p.MinLength {
		return errs.Field("new_password", fmt.Sprintf("密码至少 %d 位，当前 %d 位", p.MinLength, n))
	}
	var lower, upper, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 3 {
		return errs.Field("new_password", "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类")
	}
	if username != "" && containsFold(pw, username) {
		return errs.Field("new_password", "密码不能包含用户名")
	}
	return nil
}

const policyKey = "security.policy"

// LoadPolicy reads the district's policy, or the default when none was saved.
func LoadPolicy(ctx context.Context, q db.Querier, district string) (Policy, error) {
	var s string
	err := q.QueryRow(ctx, `SELECT value FROM settings WHERE district_code = ? AND key = ?`, district, policyKey).Scan(&s)
	if db.IsNoRows(err) {
		return DefaultPolicy(), nil
	}
	if err != nil {
		return Policy{}, err
	}
	p := DefaultPolicy()
	return p, json.Unmarshal([]byte(s), &p)
}

// SavePolicy stores a validated policy.
func SavePolicy(ctx context.Context, q db.Querier, district string, p Policy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	b, _ := json.Marshal(p)
	_, err := q.Exec(ctx, `INSERT INTO settings (district_code, key, value, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (district_code, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		district, policyKey, string(b), db.Now())
	return err
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
