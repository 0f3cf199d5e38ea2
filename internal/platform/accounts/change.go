package accounts

import (
	"context"
	"fmt"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// UpdateRequest is the body of PATCH /api/v1/users/{id}; absent fields are left as they are.
type UpdateRequest struct {
	DisplayName *string `json:"display_name"`
	Phone       *string `json:"phone"`
	SectionID   *int64  `json:"section_id"`
	Disabled    *bool   `json:"disabled"`
}

// Update edits an account's profile or disables it.
func (s *Service) Update(ctx context.Context, a Actor, id int64, req UpdateRequest) (User, error) {
	var f errs.Fields
	if req.DisplayName != nil {
		checkDisplayName(&f, *req.DisplayName)
	}
	if req.Phone != nil {
		checkPhone(&f, *req.Phone)
	}
	if req.Disabled != nil && *req.Disabled && id == a.P.UserID {
		f.Add("disabled", "不能停用自己的账号")
	}
	if err := f.Err(); err != nil {
		return User{}, err
	}
	var out User
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		u, err := s.authorized(ctx, q, a, access.UsersManage, id)
		if err != nil {
			return err
		}
		var changed []string
		if req.DisplayName != nil {
			if _, err := q.Exec(ctx, `UPDATE users SET display_name = ? WHERE district_code = ? AND id = ?`, strings.TrimSpace(*req.DisplayName), u.District, id); err != nil {
				return err
			}
			changed = append(changed, "姓名")
		}
		if req.Phone != nil {
			sealed, err := s.Keys.Seal(*req.Phone, PhoneContext)
			if err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `UPDATE users SET phone_enc = ? WHERE district_code = ? AND id = ?`, sealed, u.District, id); err != nil {
				return err
			}
			changed = append(changed, "手机号")
		}
		if req.SectionID != nil {
			if err := s.checkSection(ctx, q, u.District, *req.SectionID); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `UPDATE users SET section_id = ? WHERE district_code = ? AND id = ?`, db.NullID(*req.SectionID), u.District, id); err != nil {
				return err
			}
			changed = append(changed, "科室")
		}
		if req.Disabled != nil {
			if _, err := q.Exec(ctx, `UPDATE users SET disabled = ? WHERE district_code = ? AND id = ?`, *req.Disabled, u.District, id); err != nil {
				return err
			}
			if *req.Disabled {
				changed = append(changed, "停用")
				if err := auth.EndUserSessions(ctx, q, u.District, id); err != nil {
					return err
				}
			} else {
				changed = append(changed, "启用")
			}
		}
		if _, err := q.Exec(ctx, `UPDATE users SET updated_at = ? WHERE district_code = ? AND id = ?`, db.Now(), u.District, id); err != nil {
			return err
		}
		if err := s.Audit.Append(ctx, q, u.District, a.entry("user.update", "user", id, u.Username+"："+strings.Join(changed, "、"))); err != nil {
			return err
		}
		out, err = s.get(ctx, q, u.District, id)
		return err
	})
	return out, err
}

// ResetPassword sets a new one-time password, which must be changed at the next login, and ends
// the user's sessions.
func (s *Service) ResetPassword(ctx context.Context, a Actor, id int64) (string, error) {
	if id == a.P.UserID {
		return "", errs.E(errs.Invalid, "不能重置自己的密码，请在个人设置中修改")
	}
	pw := auth.GeneratePassword()
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return "", err
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		u, err := s.authorized(ctx, q, a, access.UsersManage, id)
		if err != nil {
			return err
		}
		now := db.Now()
		if _, err := q.Exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = TRUE,
failed_logins = 0, locked_until = 0, updated_at = ? WHERE district_code = ? AND id = ?`, hash, now, now, u.District, id); err != nil {
			return err
		}
		if err := auth.EndUserSessions(ctx, q, u.District, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, u.District, a.entry("user.reset_password", "user", id, "重置 "+u.Username+" 的密码"))
	})
	return pw, err
}

// Unlock lifts a lockout.
func (s *Service) Unlock(ctx context.Context, a Actor, id int64) (User, error) {
	var out User
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		u, err := s.authorized(ctx, q, a, access.UsersManage, id)
		if err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = 0, updated_at = ? WHERE district_code = ? AND id = ?`,
			db.Now(), u.District, id); err != nil {
			return err
		}
		if err := s.Audit.Append(ctx, q, u.District, a.entry("user.unlock", "user", id, "解除 "+u.Username+" 的锁定")); err != nil {
			return err
		}
		out, err = s.get(ctx, q, u.District, id)
		return err
	})
	return out, err
}

// RoleRequest is the body of PUT /api/v1/users/{id}/role.
type RoleRequest struct {
	Role        string   `json:"role"`
	SchoolID    int64    `json:"school_id"`
	ZoneID      int64    `json:"zone_id"`
	Permissions []string `json:"permissions"`
}

// SetRole assigns a role with its scope; only 科室人员 receive individual module permissions.
func (s *Service) SetRole(ctx context.Context, a Actor, id int64, req RoleRequest) (User, error) {
	if err := access.Require(a.P, access.RolesAssign); err != nil {
		return User{}, err
	}
	var f errs.Fields
	if id == a.P.UserID {
		f.Add("role", "不能修改自己的角色")
	}
	def, ok := access.RoleByCode(req.Role)
	if !ok {
		f.Add("role", "未知角色："+req.Role)
	}
	if def.Scope == access.ScopeSchool && req.SchoolID == 0 {
		f.Add("school_id", "学校管理员必须指定所属学校")
	}
	if def.Scope == access.ScopeZone && req.ZoneID == 0 {
		f.Add("zone_id", "责任督学必须指定负责片区")
	}
	if req.Role != access.Staff && len(req.Permissions) > 0 {
		f.Add("permissions", "只有科室人员可以单独授予模块权限")
	}
	for _, p := range req.Permissions {
		if perm, ok := access.PermissionByCode(p); !ok || !perm.Grantable {
			f.Add("permissions", "不可授予的权限："+p)
		}
	}
	if err := f.Err(); err != nil {
		return User{}, err
	}
	if def.Scope != access.ScopeSchool {
		req.SchoolID = 0
	}
	if def.Scope != access.ScopeZone {
		req.ZoneID = 0
	}
	var out User
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		u, err := s.authorized(ctx, q, a, access.RolesAssign, id)
		if err != nil {
			return err
		}
		if err := s.checkScopeTarget(ctx, q, u.District, req); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE users SET role = ?, school_id = ?, zone_id = ?, updated_at = ? WHERE district_code = ? AND id = ?`,
			req.Role, db.NullID(req.SchoolID), db.NullID(req.ZoneID), db.Now(), u.District, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM user_permissions WHERE district_code = ? AND user_id = ?`, u.District, id); err != nil {
			return err
		}
		for _, p := range req.Permissions {
			if _, err := q.Exec(ctx, `INSERT INTO user_permissions (district_code, user_id, permission) VALUES (?, ?, ?)`, u.District, id, p); err != nil {
				return err
			}
		}
		if err := auth.EndUserSessions(ctx, q, u.District, id); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s：%s → %s", u.Username, roleName(u.Role), def.Name)
		if len(req.Permissions) > 0 {
			detail += "（" + strings.Join(req.Permissions, ",") + "）"
		}
		if err := s.Audit.Append(ctx, q, u.District, a.entry("user.role", "user", id, detail)); err != nil {
			return err
		}
		out, err = s.get(ctx, q, u.District, id)
		return err
	})
	return out, err
}

func (s *Service) checkScopeTarget(ctx context.Context, q db.Querier, district string, req RoleRequest) error {
	check := func(table, field, what string, id int64) error {
		if id == 0 {
			return nil
		}
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE district_code = ? AND id = ?`, district, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errs.Field(field, "所选"+what+"不存在")
		}
		return nil
	}
	if err := check("schools", "school_id", "学校", req.SchoolID); err != nil {
		return err
	}
	return check("zones", "zone_id", "片区", req.ZoneID)
}
