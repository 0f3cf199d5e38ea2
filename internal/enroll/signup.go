package enroll

import (
	"context"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// SignupInput opens a parent account: the phone number is the login name.
type SignupInput struct {
	Phone    string `json:"phone"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

// SignupResult names the new account.
type SignupResult struct {
	Username string `json:"username"`
}

// signupLimit allows five sign-ups a minute per address.
var signupLimit = auth.NewLimiter(5, 5)

// Signup opens a parent (家长) account with a phone number and a password of the district's policy.
// The password is the parent's own, so no change is forced at the first login.
func (s *Service) Signup(ctx context.Context, district, ip string, in SignupInput) (SignupResult, error) {
	if ok, wait := signupLimit.Allow("signup:"+ip, s.now()); !ok {
		return SignupResult{}, &errs.Error{Code: errs.RateLimited, Message: "注册过于频繁，请稍后再试", RetryAfter: wait}
	}
	in.Phone = strings.TrimSpace(in.Phone)
	in.Name = strings.TrimSpace(in.Name)
	var f errs.Fields
	if len(in.Phone) != 11 || in.Phone[0] != '1' || strings.Trim(in.Phone, "0123456789") != "" {
		f.Add("phone", "手机号应为 11 位数字")
	}
	if n := len([]rune(in.Name)); n < 2 || n > 20 {
		f.Add("name", "请填写家长姓名（2—20 字）")
	}
	if err := f.Err(); err != nil {
		return SignupResult{}, err
	}
	pol, err := auth.LoadPolicy(ctx, s.DB.Read(), district)
	if err != nil {
		return SignupResult{}, err
	}
	if err := pol.CheckPassword(in.Password, in.Phone); err != nil {
		if e, ok := errs.As(err); ok && len(e.Fields) > 0 {
			return SignupResult{}, errs.Field("password", e.Fields[0].Message)
		}
		return SignupResult{}, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return SignupResult{}, err
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE username = ?`, in.Phone).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errs.Field("phone", "该手机号已注册，请直接登录")
		}
		id, err := accounts.InsertUser(ctx, q, s.Keys, accounts.NewUser{District: district, Username: in.Phone, DisplayName: in.Name,
			Phone: in.Phone, Role: access.Parent, PasswordHash: hash})
		if err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE users SET must_change_password = FALSE, password_changed_at = ? WHERE district_code = ? AND id = ?`,
			time.Now().UnixMilli(), district, id); err != nil {
			return err
		}
		e := audit.By(nil, ip, "enroll.signup", "user", itoa(id), "家长注册："+pii.MaskPhone(in.Phone))
		e.ActorID, e.ActorName, e.Role = id, in.Phone, access.Parent
		return s.Audit.Append(ctx, q, district, e)
	})
	if err != nil {
		return SignupResult{}, err
	}
	return SignupResult{Username: in.Phone}, nil
}
