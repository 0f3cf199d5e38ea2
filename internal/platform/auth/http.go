package auth

import (
	"context"
	"database/sql"
	"net/http"
	"sort"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

// LoginRequest is the body of POST /api/v1/auth/login.
type LoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// PasswordRequest is the body of POST /api/v1/auth/password.
type PasswordRequest struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

// CodeRequest carries a TOTP code.
type CodeRequest struct {
	Code string `json:"code"`
}

// Me describes the caller's session.
type Me struct {
	Stage     string     `json:"stage"`
	CSRFToken string     `json:"csrf_token"`
	User      MeUser     `json:"user"`
	Menu      []MenuItem `json:"menu"`
}

// MeUser is the caller as the UI shows them.
type MeUser struct {
	ID           int64    `json:"id"`
	Username     string   `json:"username"`
	DisplayName  string   `json:"display_name"`
	Role         string   `json:"role"`
	RoleName     string   `json:"role_name"`
	DistrictCode string   `json:"district_code"`
	SchoolID     int64    `json:"school_id,omitempty"`
	SchoolName   string   `json:"school_name,omitempty"`
	ZoneID       int64    `json:"zone_id,omitempty"`
	SectionID    int64    `json:"section_id,omitempty"`
	Permissions  []string `json:"permissions"`
}

// Routes registers the login flow.
func (s *Service) Routes(rt *httpapi.Router) {
	tag := "登录与会话"
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/auth/login", Summary: "用户名密码登录", Tag: tag,
		Auth: httpapi.Public, Request: LoginRequest{}, Response: Me{}, Handler: s.handleLogin})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/auth/password", Summary: "修改本人密码", Tag: tag,
		Auth: httpapi.Partial, Request: PasswordRequest{}, Response: Me{}, Handler: s.handlePassword})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/auth/totp/enroll", Summary: "生成双因素认证密钥", Tag: tag,
		Auth: httpapi.Partial, Response: TOTPEnrollment{}, Handler: s.handleEnroll})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/auth/totp/confirm", Summary: "确认绑定双因素认证", Tag: tag,
		Auth: httpapi.Partial, Request: CodeRequest{}, Response: Me{}, Handler: s.handleCode(true)})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/auth/totp", Summary: "输入双因素验证码", Tag: tag,
		Auth: httpapi.Partial, Request: CodeRequest{}, Response: Me{}, Handler: s.handleCode(false)})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/auth/me", Summary: "当前会话与菜单", Tag: tag,
		Auth: httpapi.Partial, Response: Me{}, Handler: s.handleMe})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/auth/logout", Summary: "退出登录", Tag: tag,
		Auth: httpapi.Partial, Handler: s.handleLogout})
}

func (s *Service) handleLogin(c *httpapi.Ctx) error {
	var req LoginRequest
	if err := c.Decode(&req); err != nil {
		return err
	}
	ctx := c.R.Context()
	if c.Session != nil {
		if err := s.endSession(ctx, c); err != nil {
			return err
		}
	}
	sess, err := s.login(ctx, c, req.Username, req.Password)
	if err != nil {
		return err
	}
	c.Session = sess
	return s.writeMe(c)
}

func (s *Service) handlePassword(c *httpapi.Ctx) error {
	var req PasswordRequest
	if err := c.Decode(&req); err != nil {
		return err
	}
	if err := s.changePassword(c.R.Context(), c, req.OldPassword, req.NewPassword); err != nil {
		return err
	}
	return s.writeMe(c)
}

func (s *Service) handleEnroll(c *httpapi.Ctx) error {
	if err := c.DecodeEmpty(); err != nil {
		return err
	}
	e, err := s.enrollTOTP(c.R.Context(), c)
	if err != nil {
		return err
	}
	return c.OK(e)
}

func (s *Service) handleCode(confirm bool) httpapi.Handler {
	return func(c *httpapi.Ctx) error {
		var req CodeRequest
		if err := c.Decode(&req); err != nil {
			return err
		}
		if err := s.checkTOTP(c.R.Context(), c, req.Code, confirm); err != nil {
			return err
		}
		return s.writeMe(c)
	}
}

func (s *Service) handleMe(c *httpapi.Ctx) error { return s.writeMe(c) }

func (s *Service) handleLogout(c *httpapi.Ctx) error {
	ctx := c.R.Context()
	p := c.P()
	if err := s.Audit.Record(ctx, c.Session.District, audit.Entry{ActorID: p.UserID, ActorName: p.Username, Role: p.Role,
		IP: c.IP(), Action: "auth.logout"}); err != nil {
		return err
	}
	if err := s.endSession(ctx, c); err != nil {
		return err
	}
	return c.NoContent()
}

func (s *Service) writeMe(c *httpapi.Ctx) error {
	me, err := s.me(c.R.Context(), c.Session)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, me)
}

func (s *Service) me(ctx context.Context, sess *httpapi.Session) (Me, error) {
	if sess == nil {
		return Me{}, errs.E(errs.Unauthenticated, "请先登录")
	}
	p := sess.Principal
	u := MeUser{ID: p.UserID, Username: p.Username, DisplayName: p.Name, Role: p.Role, DistrictCode: p.District,
		SchoolID: p.SchoolID, ZoneID: p.ZoneID, SectionID: p.SectionID, Permissions: []string{}}
	if def, ok := access.RoleByCode(p.Role); ok {
		u.RoleName = def.Name
	} else {
		u.RoleName = "未分配角色"
	}
	if p.SchoolID != 0 {
		var name sql.NullString
		if err := s.DB.Read().QueryRow(ctx, `SELECT name FROM schools WHERE district_code = ? AND id = ?`, p.District, p.SchoolID).Scan(&name); err != nil && err != sql.ErrNoRows {
			return Me{}, err
		}
		u.SchoolName = name.String
	}
	me := Me{Stage: sess.Stage, CSRFToken: sess.CSRF, User: u, Menu: []MenuItem{}}
	if sess.Stage == StageDone {
		for perm := range p.Permissions {
			u.Permissions = append(u.Permissions, perm)
		}
		sort.Strings(u.Permissions)
		me.User = u
		if s.Menu != nil {
			me.Menu = s.Menu(p)
		}
	}
	return me, nil
}
