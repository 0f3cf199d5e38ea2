package accounts

import (
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

// PasswordAnswer carries a one-time password shown once.
type PasswordAnswer struct {
	InitialPassword string `json:"initial_password"`
}

var userSort = map[string]string{"username": "u.username", "display_name": "u.display_name",
	"created_at": "u.created_at", "last_login_at": "u.last_login_at", "role": "u.role"}

func actor(c *httpapi.Ctx) Actor { return Actor{P: c.P(), IP: c.IP()} }

// Routes registers the account administration endpoints.
func (s *Service) Routes(rt *httpapi.Router) {
	tag := "账号与权限"
	full := httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/users", Summary: "账号列表", Tag: tag, Auth: full,
		Response: httpapi.List[User]{}, Handler: s.handleList})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/users", Summary: "新建账号（系统管理员）", Tag: tag, Auth: full,
		Request: CreateRequest{}, Response: Created{}, Handler: func(c *httpapi.Ctx) error {
			var req CreateRequest
			if err := c.Decode(&req); err != nil {
				return err
			}
			out, err := s.Create(c.R.Context(), actor(c), req)
			if err != nil {
				return err
			}
			return c.JSON(201, out)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/users/{id}", Summary: "账号详情", Tag: tag, Auth: full,
		Response: User{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) { return s.Get(c.R.Context(), actor(c), id) })})
	rt.Handle(httpapi.Route{Method: "PATCH", Path: "/api/v1/users/{id}", Summary: "修改账号（系统管理员）", Tag: tag, Auth: full,
		Request: UpdateRequest{}, Response: User{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var req UpdateRequest
			if err := c.Decode(&req); err != nil {
				return nil, err
			}
			return s.Update(c.R.Context(), actor(c), id, req)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/users/{id}/reset-password", Summary: "重置密码（系统管理员）", Tag: tag,
		Auth: full, Response: PasswordAnswer{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			if err := c.DecodeEmpty(); err != nil {
				return nil, err
			}
			pw, err := s.ResetPassword(c.R.Context(), actor(c), id)
			return PasswordAnswer{pw}, err
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/users/{id}/unlock", Summary: "解除锁定（系统管理员）", Tag: tag,
		Auth: full, Response: User{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			if err := c.DecodeEmpty(); err != nil {
				return nil, err
			}
			return s.Unlock(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/users/{id}/role", Summary: "分配角色与权限（安全管理员）", Tag: tag,
		Auth: full, Request: RoleRequest{}, Response: User{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var req RoleRequest
			if err := c.Decode(&req); err != nil {
				return nil, err
			}
			return s.SetRole(c.R.Context(), actor(c), id, req)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/users/{id}/reveal", Summary: "查看完整手机号（需说明原因，留痕）", Tag: tag,
		Auth: full, Request: RevealRequest{}, Response: Revealed{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var req RevealRequest
			if err := c.Decode(&req); err != nil {
				return nil, err
			}
			return s.Reveal(c.R.Context(), actor(c), id, req)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/roles", Summary: "角色定义", Tag: tag, Auth: full,
		Response: httpapi.List[access.RoleDef]{}, Handler: func(c *httpapi.Ctx) error {
			return c.OK(map[string]any{"items": access.Roles})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/permissions", Summary: "权限定义", Tag: tag, Auth: full,
		Response: httpapi.List[access.Permission]{}, Handler: func(c *httpapi.Ctx) error {
			return c.OK(map[string]any{"items": access.Permissions})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/security/policy", Summary: "安全策略（安全管理员）", Tag: tag, Auth: full,
		Response: auth.Policy{}, Handler: func(c *httpapi.Ctx) error {
			p, err := s.Policy(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(p)
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/security/policy", Summary: "修改安全策略（安全管理员）", Tag: tag, Auth: full,
		Request: auth.Policy{}, Response: auth.Policy{}, Handler: func(c *httpapi.Ctx) error {
			var p auth.Policy
			if err := c.Decode(&p); err != nil {
				return err
			}
			out, err := s.SetPolicy(c.R.Context(), actor(c), p)
			if err != nil {
				return err
			}
			return c.OK(out)
		}})
}

func (s *Service) handleList(c *httpapi.Ctx) error {
	p, err := httpapi.ParsePage(c.R, userSort, "u.username")
	if err != nil {
		return err
	}
	qs := c.R.URL.Query()
	f := Filter{Q: qs.Get("q"), Role: qs.Get("role")}
	if d := qs.Get("disabled"); d != "" {
		b, err := strconv.ParseBool(d)
		if err != nil {
			return errs.Field("disabled", "“disabled”应为 true 或 false")
		}
		f.Disabled = &b
	}
	if f.SchoolID, err = httpapi.QueryInt64(c.R, "school_id"); err != nil {
		return err
	}
	items, total, err := s.List(c.R.Context(), actor(c), f, p.OrderBy, p.Offset(), p.Size)
	if err != nil {
		return err
	}
	return c.OK(httpapi.NewList(items, total, p))
}
