package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

// dummyHash is verified against when the user does not exist, so that the answer takes as long.
var dummyHash, _ = HashPassword("edubureau-timing-equaliser")

var errBadLogin = errs.E(errs.Unauthenticated, "用户名或密码错误")

// DefaultDistrict receives the audit records of failed logins for unknown names.
var DefaultDistrict = "339901"

func (s *Service) limit(c *httpapi.Ctx, username string) error {
	now := s.now()
	if ok, wait := s.ipLimit.Allow("ip:"+c.IP(), now); !ok {
		return &errs.Error{Code: errs.RateLimited, Message: fmt.Sprintf("尝试过于频繁，请 %d 秒后再试", wait), RetryAfter: wait}
	}
	if ok, wait := s.userLimit.Allow("user:"+username, now); !ok {
		return &errs.Error{Code: errs.RateLimited, Message: fmt.Sprintf("该账号尝试过于频繁，请 %d 秒后再试", wait), RetryAfter: wait}
	}
	return nil
}

// record audits a login-flow event in its own transaction.
func (s *Service) record(ctx context.Context, c *httpapi.Ctx, district string, u *account, action, result, detail string) error {
	e := audit.Entry{IP: c.IP(), Action: action, Result: result, Detail: detail, ObjectType: "user"}
	if u != nil {
		e.ActorID, e.ActorName, e.Role, e.ObjectID = u.ID, u.Username, u.Role, fmt.Sprint(u.ID)
		district = u.District
	}
	return s.Audit.Record(ctx, district, e)
}

// login checks a name and password and opens a session at the first stage still to pass.
func (s *Service) login(ctx context.Context, c *httpapi.Ctx, username, password string) (*httpapi.Session, error) {
	if username == "" || password == "" {
		var f errs.Fields
		if username == "" {
			f.Add("username", "请输入用户名")
		}
		if password == "" {
			f.Add("password", "请输入密码")
		}
		return nil, f.Err()
	}
	if err := s.limit(c, username); err != nil {
		return nil, err
	}
	u, err := s.accountByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	if u == nil {
		VerifyPassword(dummyHash, password)
		if err := s.record(ctx, c, DefaultDistrict, nil, "auth.login", audit.Failed, "未知用户名："+truncate(username, 40)); err != nil {
			return nil, err
		}
		return nil, errBadLogin
	}
	now := s.now()
	if u.LockedUntil > now.UnixMilli() {
		mins := int(time.Until(db.Time(u.LockedUntil)).Minutes()) + 1
		if err := s.record(ctx, c, "", u, "auth.login", audit.Denied, "账号锁定中"); err != nil {
			return nil, err
		}
		return nil, &errs.Error{Code: errs.Locked, Message: fmt.Sprintf("账号已锁定，请 %d 分钟后再试或联系管理员解锁", mins), RetryAfter: mins * 60}
	}
	if !VerifyPassword(u.PasswordHash, password) {
		return nil, s.loginFailed(ctx, c, u, "密码错误")
	}
	if u.Disabled {
		if err := s.record(ctx, c, "", u, "auth.login", audit.Denied, "账号已停用"); err != nil {
			return nil, err
		}
		return nil, errs.E(errs.Unauthenticated, "账号已停用，请联系管理员")
	}
	if _, err := s.DB.Write().Exec(ctx, `UPDATE users SET failed_logins = 0 WHERE district_code = ? AND id = ?`, u.District, u.ID); err != nil {
		return nil, err
	}
	pol, err := s.Policy(ctx, u.District)
	if err != nil {
		return nil, err
	}
	stage := s.stageAfterPassword(u, pol)
	if u.MustChange || (pol.PasswordMaxAgeDays > 0 && now.Sub(db.Time(u.PasswordChangedAt)) > time.Duration(pol.PasswordMaxAgeDays)*24*time.Hour) {
		stage = StagePasswordChange
	}
	sess, err := s.startSession(ctx, c, u, stage)
	if err != nil {
		return nil, err
	}
	if err := s.record(ctx, c, "", u, "auth.login", audit.OK, "密码验证通过，下一步："+stageName[stage]); err != nil {
		return nil, err
	}
	if stage == StageDone {
		err = s.completed(ctx, u)
	}
	return sess, err
}

var stageName = map[string]string{StagePasswordChange: "修改初始密码", StageTOTPEnroll: "绑定双因素认证",
	StageTOTP: "双因素验证", StageDone: "完成"}

func (s *Service) stageAfterPassword(u *account, pol Policy) string {
	switch {
	case u.TOTPEnabled:
		return StageTOTP
	case pol.RequiresTOTP(u.Role):
		return StageTOTPEnroll
	}
	return StageDone
}

// loginFailed counts a failure and locks the account at the policy's threshold.
func (s *Service) loginFailed(ctx context.Context, c *httpapi.Ctx, u *account, why string) error {
	pol, err := s.Policy(ctx, u.District)
	if err != nil {
		return err
	}
	failed := u.FailedLogins + 1
	locked := int64(0)
	if failed >= pol.LockoutThreshold {
		locked, failed = s.now().Add(time.Duration(pol.LockoutMinutes)*time.Minute).UnixMilli(), 0
	}
	if _, err := s.DB.Write().Exec(ctx, `UPDATE users SET failed_logins = ?, locked_until = ? WHERE district_code = ? AND id = ?`,
		failed, locked, u.District, u.ID); err != nil {
		return err
	}
	if err := s.record(ctx, c, "", u, "auth.login", audit.Failed, why); err != nil {
		return err
	}
	if locked > 0 {
		if err := s.record(ctx, c, "", u, "auth.lock", audit.OK, fmt.Sprintf("连续 %d 次验证失败，锁定 %d 分钟", pol.LockoutThreshold, pol.LockoutMinutes)); err != nil {
			return err
		}
		return &errs.Error{Code: errs.Locked, Message: fmt.Sprintf("连续 %d 次验证失败，账号已锁定 %d 分钟", pol.LockoutThreshold, pol.LockoutMinutes),
			RetryAfter: pol.LockoutMinutes * 60}
	}
	if why == "密码错误" {
		return errBadLogin
	}
	return errs.Field("code", "验证码错误或已使用")
}

// completed marks a finished login.
func (s *Service) completed(ctx context.Context, u *account) error {
	_, err := s.DB.Write().Exec(ctx, `UPDATE users SET last_login_at = ?, failed_logins = 0 WHERE district_code = ? AND id = ?`,
		s.now().UnixMilli(), u.District, u.ID)
	return err
}
