package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// Service administers accounts.
type Service struct {
	DB    *db.DB
	Keys  *pii.Keyring
	Audit *audit.Log
	Auth  *auth.Service
}

// Actor is who does something and from where.
type Actor struct {
	P  *access.Principal
	IP string
}

func (a Actor) entry(action, objType string, id int64, detail string) audit.Entry {
	return audit.By(a.P, a.IP, action, objType, fmt.Sprint(id), detail)
}

// Filter selects users in a list.
type Filter struct {
	Q        string
	Role     string
	Disabled *bool
	SchoolID int64
}

// List returns users of the caller's district matching f.
func (s *Service) List(ctx context.Context, a Actor, f Filter, orderBy string, offset, limit int) ([]User, int, error) {
	if !a.P.Can(access.UsersManage) && !a.P.Can(access.UsersRead) {
		return nil, 0, access.Require(a.P, access.UsersManage)
	}
	lf := access.ListFilter(a.P)
	where := []string{"u.district_code = ?"}
	args := []any{lf.District}
	if lf.None {
		where = append(where, "1 = 0")
	}
	if lf.SchoolID != 0 {
		where, args = append(where, "u.school_id = ?"), append(args, lf.SchoolID)
	}
	if f.Q != "" {
		like := db.Contains(f.Q)
		where, args = append(where, "(u.username LIKE ? OR u.display_name LIKE ?)"), append(args, like, like)
	}
	if f.Role != "" {
		where, args = append(where, "u.role = ?"), append(args, f.Role)
	}
	if f.Disabled != nil {
		where, args = append(where, "u.disabled = ?"), append(args, *f.Disabled)
	}
	if f.SchoolID != 0 {
		where, args = append(where, "u.school_id = ?"), append(args, f.SchoolID)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM users u`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if orderBy == "" {
		orderBy = "u.username"
	}
	rows, err := s.DB.Read().Query(ctx, userSelect+cond+` ORDER BY `+orderBy+`, u.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	now := time.Now()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows, now)
		if err != nil {
			return nil, 0, err
		}
		if err := u.mask(s.Keys); err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// get reads one user of the district without any access check.
func (s *Service) get(ctx context.Context, q db.Querier, district string, id int64) (User, error) {
	u, err := scanUser(q.QueryRow(ctx, userSelect+` WHERE u.district_code = ? AND u.id = ?`, district, id), time.Now())
	if db.IsNoRows(err) {
		return User{}, errs.NotFoundf("账号")
	}
	if err != nil {
		return User{}, err
	}
	if err := u.mask(s.Keys); err != nil {
		return User{}, err
	}
	return u, s.loadPermissions(ctx, q, &u)
}

// Get returns a user the caller may see.
func (s *Service) Get(ctx context.Context, a Actor, id int64) (User, error) {
	perm := access.UsersManage
	if !a.P.Can(perm) {
		perm = access.UsersRead
	}
	return s.authorized(ctx, s.DB.Read(), a, perm, id)
}

// authorized loads a user and applies the policy for perm; outside the scope it is not found.
func (s *Service) authorized(ctx context.Context, q db.Querier, a Actor, perm string, id int64) (User, error) {
	if err := access.Require(a.P, perm); err != nil {
		return User{}, err
	}
	u, err := s.get(ctx, q, a.P.District, id)
	if err != nil {
		return User{}, err
	}
	return u, access.Decide(a.P, perm, u.object(), "账号")
}

// CreateRequest is the body of POST /api/v1/users.
type CreateRequest struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Phone       string `json:"phone"`
	SectionID   int64  `json:"section_id"`
}

// Created is the answer to a create: the initial password is shown once.
type Created struct {
	User            User   `json:"user"`
	InitialPassword string `json:"initial_password"`
}

// Create adds an account without a role (the 安全管理员 assigns it) and a one-time password.
func (s *Service) Create(ctx context.Context, a Actor, req CreateRequest) (Created, error) {
	if err := access.Require(a.P, access.UsersManage); err != nil {
		return Created{}, err
	}
	var f errs.Fields
	req.Username, req.DisplayName = strings.TrimSpace(req.Username), strings.TrimSpace(req.DisplayName)
	checkUsername(&f, req.Username)
	checkDisplayName(&f, req.DisplayName)
	checkPhone(&f, req.Phone)
	if err := f.Err(); err != nil {
		return Created{}, err
	}
	pw := auth.GeneratePassword()
	var out Created
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE username = ?`, req.Username).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errs.Field("username", "用户名“"+req.Username+"”已被使用")
		}
		if err := s.checkSection(ctx, q, a.P.District, req.SectionID); err != nil {
			return err
		}
		id, err := InsertUser(ctx, q, s.Keys, NewUser{District: a.P.District, Username: req.Username,
			DisplayName: req.DisplayName, Phone: req.Phone, SectionID: req.SectionID, Password: pw})
		if err != nil {
			return err
		}
		if err := s.Audit.Append(ctx, q, a.P.District, a.entry("user.create", "user", id, "新建账号 "+req.Username)); err != nil {
			return err
		}
		out.User, err = s.get(ctx, q, a.P.District, id)
		return err
	})
	out.InitialPassword = pw
	return out, err
}

func (s *Service) checkSection(ctx context.Context, q db.Querier, district string, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM sections WHERE district_code = ? AND id = ?`, district, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errs.Field("section_id", "所选科室不存在")
	}
	return nil
}
