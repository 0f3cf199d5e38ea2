package auth

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

const totpContext = "users.totp_secret"

// changePassword replaces the caller's password and moves the session to the next stage.
func (s *Service) changePassword(ctx context.Context, c *httpapi.Ctx, oldPw, newPw string) error {
	sess := c.Session
	if sess.Stage != StagePasswordChange && sess.Stage != StageDone {
		return errs.E(errs.Forbidden, "请先完成当前登录步骤")
	}
	u, err := s.accountByID(ctx, s.DB.Read(), sess.District, sess.Principal.UserID)
	if err != nil {
		return err
	}
	if !VerifyPassword(u.PasswordHash, oldPw) {
		if err := s.loginFailed(ctx, c, u, "修改密码时原密码错误"); err != nil && errs.Code(err) == errs.Locked {
			_ = EndUserSessions(ctx, s.DB.Write(), u.District, u.ID)
			return err
		}
		return errs.Field("old_password", "原密码不正确")
	}
	pol, err := s.Policy(ctx, u.District)
	if err != nil {
		return err
	}
	if err := pol.CheckPassword(newPw, u.Username); err != nil {
		return err
	}
	if oldPw == newPw {
		return errs.Field("new_password", "新密码不能与原密码相同")
	}
	hash, err := HashPassword(newPw)
	if err != nil {
		return err
	}
	if _, err := s.DB.Write().Exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = FALSE,
updated_at = ? WHERE district_code = ? AND id = ?`, hash, s.now().UnixMilli(), s.now().UnixMilli(), u.District, u.ID); err != nil {
		return err
	}
	if err := s.record(ctx, c, "", u, "auth.password", audit.OK, "本人修改密码"); err != nil {
		return err
	}
	if sess.Stage == StagePasswordChange {
		return s.advance(ctx, sess, u, pol)
	}
	return nil
}

func (s *Service) advance(ctx context.Context, sess *httpapi.Session, u *account, pol Policy) error {
	next := s.stageAfterPassword(u, pol)
	if err := s.setStage(ctx, sess, next); err != nil {
		return err
	}
	if next == StageDone {
		return s.completed(ctx, u)
	}
	return nil
}

// TOTPEnrollment is the secret shown once when a second factor is set up.
type TOTPEnrollment struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
}

// enrollTOTP creates a new, not yet confirmed secret for the caller.
func (s *Service) enrollTOTP(ctx context.Context, c *httpapi.Ctx) (TOTPEnrollment, error) {
	sess := c.Session
	if sess.Stage != StageTOTPEnroll && sess.Stage != StageDone {
		return TOTPEnrollment{}, errs.E(errs.Forbidden, "请先完成当前登录步骤")
	}
	u, err := s.accountByID(ctx, s.DB.Read(), sess.District, sess.Principal.UserID)
	if err != nil {
		return TOTPEnrollment{}, err
	}
	if u.TOTPEnabled {
		return TOTPEnrollment{}, errs.E(errs.Conflict, "已绑定双因素认证；如需更换请联系安全管理员重置")
	}
	secret, uri, err := NewTOTPSecret("江城教育", u.Username)
	if err != nil {
		return TOTPEnrollment{}, err
	}
	sealed, err := s.Keys.Seal(secret, totpContext)
	if err != nil {
		return TOTPEnrollment{}, err
	}
	if _, err := s.DB.Write().Exec(ctx, `UPDATE users SET totp_secret_enc = ?, updated_at = ? WHERE district_code = ? AND id = ?`,
		sealed, s.now().UnixMilli(), u.District, u.ID); err != nil {
		return TOTPEnrollment{}, err
	}
	return TOTPEnrollment{Secret: secret, URI: uri}, nil
}

// checkTOTP verifies a code: confirm finishes an enrollment, otherwise the code completes a login.
func (s *Service) checkTOTP(ctx context.Context, c *httpapi.Ctx, code string, confirm bool) error {
	sess := c.Session
	want := StageTOTP
	if confirm {
		want = StageTOTPEnroll
	}
	if sess.Stage != want {
		return errs.E(errs.Forbidden, "当前登录步骤不需要验证码")
	}
	u, err := s.accountByID(ctx, s.DB.Read(), sess.District, sess.Principal.UserID)
	if err != nil {
		return err
	}
	if u.TOTPSecretEnc == "" {
		return errs.E(errs.Invalid, "尚未生成双因素密钥，请先获取绑定二维码")
	}
	secret, err := s.Keys.Open(u.TOTPSecretEnc, totpContext)
	if err != nil {
		return fmt.Errorf("双因素密钥无法解密: %w", err)
	}
	step, ok := MatchTOTP(secret, code, s.now(), u.TOTPLastStep)
	if !ok {
		err := s.loginFailed(ctx, c, u, "双因素验证码错误")
		if errs.Code(err) == errs.Locked {
			_ = EndUserSessions(ctx, s.DB.Write(), u.District, u.ID)
		}
		return err
	}
	if _, err := s.DB.Write().Exec(ctx, `UPDATE users SET totp_enabled = TRUE, totp_last_step = ?, updated_at = ?
WHERE district_code = ? AND id = ?`, step, s.now().UnixMilli(), u.District, u.ID); err != nil {
		return err
	}
	action, detail := "auth.totp", "双因素验证通过"
	if confirm {
		action, detail = "auth.totp_enroll", "绑定双因素认证"
	}
	if err := s.record(ctx, c, "", u, action, audit.OK, detail); err != nil {
		return err
	}
	if err := s.setStage(ctx, sess, StageDone); err != nil {
		return err
	}
	return s.completed(ctx, u)
}
