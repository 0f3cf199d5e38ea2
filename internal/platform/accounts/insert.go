package accounts

import (
	"context"

	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// NewUser is a user to insert (by the admin UI, the demo generator and tests).
type NewUser struct {
	District, Username, DisplayName, Phone, Role string
	SchoolID, ZoneID, SectionID                  int64
	Permissions                                  []string
	Password                                     string // set as the initial password: it must be changed at first login
	PasswordHash                                 string // a precomputed hash, instead of Password
}

// InsertUser stores a new account with its phone encrypted and returns its ID.
func InsertUser(ctx context.Context, q db.Querier, keys *pii.Keyring, u NewUser) (int64, error) {
	hash := u.PasswordHash
	if hash == "" {
		var err error
		if hash, err = auth.HashPassword(u.Password); err != nil {
			return 0, err
		}
	}
	phone, err := keys.Seal(u.Phone, PhoneContext)
	if err != nil {
		return 0, err
	}
	id, now := db.NewID(), db.Now()
	if _, err := q.Exec(ctx, `INSERT INTO users (district_code, id, username, display_name, role, school_id, zone_id, section_id,
phone_enc, password_hash, password_changed_at, must_change_password, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)`, u.District, id, u.Username, u.DisplayName, u.Role, db.NullID(u.SchoolID),
		db.NullID(u.ZoneID), db.NullID(u.SectionID), phone, hash, now, now, now); err != nil {
		return 0, err
	}
	for _, p := range u.Permissions {
		if _, err := q.Exec(ctx, `INSERT INTO user_permissions (district_code, user_id, permission) VALUES (?, ?, ?)`, u.District, id, p); err != nil {
			return 0, err
		}
	}
	return id, nil
}
