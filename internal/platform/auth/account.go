package auth

import (
	"context"
	"database/sql"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// account is what the login flow needs of a user row.
type account struct {
	District, Username, DisplayName, Role string
	ID, SchoolID, ZoneID, SectionID       int64
	PasswordHash, TOTPSecretEnc           string
	PasswordChangedAt, LockedUntil        int64
	TOTPLastStep                          int64
	FailedLogins                          int
	MustChange, TOTPEnabled, Disabled     bool
	Grants                                []string
}

func (u *account) principal() *access.Principal {
	return access.NewPrincipal(u.ID, u.Username, u.DisplayName, u.Role, u.District, u.SchoolID, u.ZoneID, u.SectionID, u.Grants)
}

const accountCols = `district_code, id, username, display_name, role, school_id, zone_id, section_id, password_hash,
totp_secret_enc, password_changed_at, locked_until, totp_last_step, failed_logins, must_change_password, totp_enabled, disabled`

func scanAccount(row interface{ Scan(...any) error }) (*account, error) {
	u := &account{}
	var school, zone, section sql.NullInt64
	err := row.Scan(&u.District, &u.ID, &u.Username, &u.DisplayName, &u.Role, &school, &zone, &section, &u.PasswordHash,
		&u.TOTPSecretEnc, &u.PasswordChangedAt, &u.LockedUntil, &u.TOTPLastStep, &u.FailedLogins, &u.MustChange,
		&u.TOTPEnabled, &u.Disabled)
	u.SchoolID, u.ZoneID, u.SectionID = school.Int64, zone.Int64, section.Int64
	return u, err
}

func (s *Service) accountByID(ctx context.Context, q db.Querier, district string, id int64) (*account, error) {
	u, err := scanAccount(q.QueryRow(ctx, `SELECT `+accountCols+` FROM users WHERE district_code = ? AND id = ?`, district, id))
	if db.IsNoRows(err) {
		return nil, errs.NotFoundf("账号")
	}
	if err != nil {
		return nil, err
	}
	return u, s.loadGrants(ctx, q, u)
}

// accountByUsername finds a login name across districts; a name used in two districts is refused.
func (s *Service) accountByUsername(ctx context.Context, username string) (*account, error) {
	rows, err := s.DB.Read().Query(ctx, `SELECT `+accountCols+` FROM users WHERE username = ? LIMIT 2`, username)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []*account
	for rows.Next() {
		u, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		found = append(found, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return found[0], s.loadGrants(ctx, s.DB.Read(), found[0])
	}
	return nil, errs.E(errs.Conflict, "多个区县存在同名账号“%s”，请联系系统管理员更名", username)
}

func (s *Service) loadGrants(ctx context.Context, q db.Querier, u *account) error {
	if u.Role != access.Staff {
		return nil
	}
	var err error
	u.Grants, err = Grants(ctx, q, u.District, u.ID)
	return err
}

// Grants returns the module permissions granted to a user individually.
func Grants(ctx context.Context, q db.Querier, district string, userID int64) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT permission FROM user_permissions WHERE district_code = ? AND user_id = ? ORDER BY permission`, district, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
