// Package accounts is the administration of user accounts: the 系统管理员 creates, edits, disables
// and resets accounts; the 安全管理员 assigns roles, scopes and module permissions and sets the
// security policy; authorised users reveal a masked phone number with a stated reason.
package accounts

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// User is an account as administrators see it; the phone is masked.
type User struct {
	ID                 int64      `json:"id"`
	District           string     `json:"district_code"`
	Username           string     `json:"username"`
	DisplayName        string     `json:"display_name"`
	Role               string     `json:"role"`
	RoleName           string     `json:"role_name"`
	SchoolID           int64      `json:"school_id"`
	SchoolName         string     `json:"school_name"`
	ZoneID             int64      `json:"zone_id"`
	ZoneName           string     `json:"zone_name"`
	SectionID          int64      `json:"section_id"`
	SectionName        string     `json:"section_name"`
	Phone              string     `json:"phone"`
	Permissions        []string   `json:"permissions"`
	Disabled           bool       `json:"disabled"`
	Locked             bool       `json:"locked"`
	MustChangePassword bool       `json:"must_change_password"`
	TOTPEnabled        bool       `json:"totp_enabled"`
	LastLoginAt        *time.Time `json:"last_login_at"`
	CreatedAt          time.Time  `json:"created_at"`
	phoneEnc           string
}

// PhoneContext is the encryption context of users.phone_enc.
const PhoneContext = "users.phone"

const userSelect = `SELECT u.id, u.district_code, u.username, u.display_name, u.role, u.school_id, COALESCE(s.name, ''),
u.zone_id, COALESCE(z.name, ''), u.section_id, COALESCE(c.name, ''), u.phone_enc, u.disabled, u.locked_until,
u.must_change_password, u.totp_enabled, u.last_login_at, u.created_at
FROM users u
LEFT JOIN schools s ON s.district_code = u.district_code AND s.id = u.school_id
LEFT JOIN zones z ON z.district_code = u.district_code AND z.id = u.zone_id
LEFT JOIN sections c ON c.district_code = u.district_code AND c.id = u.section_id`

func scanUser(row interface{ Scan(...any) error }, now time.Time) (User, error) {
	var u User
	var school, zone, section sql.NullInt64
	var locked, last, created int64
	err := row.Scan(&u.ID, &u.District, &u.Username, &u.DisplayName, &u.Role, &school, &u.SchoolName, &zone, &u.ZoneName,
		&section, &u.SectionName, &u.phoneEnc, &u.Disabled, &locked, &u.MustChangePassword, &u.TOTPEnabled, &last, &created)
	u.SchoolID, u.ZoneID, u.SectionID = school.Int64, zone.Int64, section.Int64
	u.Locked = locked > now.UnixMilli()
	if last > 0 {
		t := db.Time(last)
		u.LastLoginAt = &t
	}
	u.CreatedAt = db.Time(created)
	u.RoleName = roleName(u.Role)
	u.Permissions = []string{}
	return u, err
}

func roleName(code string) string {
	if def, ok := access.RoleByCode(code); ok {
		return def.Name
	}
	return "未分配角色"
}

// mask fills the masked phone from the encrypted one.
func (u *User) mask(keys *pii.Keyring) error {
	phone, err := keys.Open(u.phoneEnc, PhoneContext)
	if err != nil {
		return err
	}
	u.Phone = pii.MaskPhone(phone)
	return nil
}

func (u User) object() access.Object {
	return access.Object{District: u.District, SchoolID: u.SchoolID, ZoneID: u.ZoneID, OwnerID: u.ID}
}

var usernameRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$`)
var mobileRe = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

func checkUsername(f *errs.Fields, s string) {
	if !usernameRe.MatchString(s) {
		f.Add("username", "用户名应为 3–32 位字母、数字、下划线、点或连字符，以字母开头")
	}
}

func checkDisplayName(f *errs.Fields, s string) {
	if n := len([]rune(strings.TrimSpace(s))); n < 1 || n > 32 {
		f.Add("display_name", "姓名不能为空，且不超过 32 个字")
	}
}

func checkPhone(f *errs.Fields, s string) {
	if s != "" && !mobileRe.MatchString(s) {
		f.Add("phone", "手机号应为 11 位数字，以 1 开头")
	}
}

func (s *Service) loadPermissions(ctx context.Context, q db.Querier, u *User) error {
	var err error
	u.Permissions, err = auth.Grants(ctx, q, u.District, u.ID)
	return err
}
