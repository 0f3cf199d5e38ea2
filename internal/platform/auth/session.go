package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

// Login stages.
const (
	StagePasswordChange = "password_change"
	StageTOTPEnroll     = "totp_enroll"
	StageTOTP           = "totp"
	StageDone           = httpapi.StageDone
)

// Cookie names: the __Host- prefix needs Secure, which needs TLS.
const (
	cookiePlain  = "eb_session"
	cookieSecure = "__Host-eb_session"
)

func (s *Service) cookieName() string {
	if s.Secure {
		return cookieSecure
	}
	return cookiePlain
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// sessionID is the stored form of a session token: a keyed hash, so a leaked table holds no
// usable cookies.
func (s *Service) sessionID(token string) string {
	m := hmac.New(sha256.New, s.Keys.TokenKey())
	m.Write([]byte(token))
	return hex.EncodeToString(m.Sum(nil))
}

// startSession creates a session for the user and sets its cookie. The cookie carries the district
// so that the session row is found on the district's shard.
func (s *Service) startSession(ctx context.Context, c *httpapi.Ctx, u *account, stage string) (*httpapi.Session, error) {
	token := randomToken(32)
	sess := &httpapi.Session{ID: s.sessionID(token), District: u.District, Stage: stage, CSRF: randomToken(24)}
	now := s.now().UnixMilli()
	if _, err := s.DB.Write().Exec(ctx, `INSERT INTO sessions (district_code, id, user_id, stage, csrf_token, ip,
user_agent, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.District, sess.ID, u.ID, stage, sess.CSRF,
		c.IP(), truncate(c.R.UserAgent(), 200), now, now); err != nil {
		return nil, err
	}
	http.SetCookie(c.W, &http.Cookie{Name: s.cookieName(), Value: u.District + "." + token, Path: "/",
		HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode})
	sess.Principal = u.principal()
	return sess, nil
}

func (s *Service) setStage(ctx context.Context, sess *httpapi.Session, stage string) error {
	sess.Stage = stage
	s.sessions.forget(sess.ID)
	_, err := s.DB.Write().Exec(ctx, `UPDATE sessions SET stage = ? WHERE district_code = ? AND id = ?`, stage, sess.District, sess.ID)
	return err
}

func (s *Service) endSession(ctx context.Context, c *httpapi.Ctx) error {
	if c.Session != nil {
		s.sessions.forget(c.Session.ID)
		if _, err := s.DB.Write().Exec(ctx, `DELETE FROM sessions WHERE district_code = ? AND id = ?`, c.Session.District, c.Session.ID); err != nil {
			return err
		}
	}
	http.SetCookie(c.W, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.Secure, SameSite: http.SameSiteLaxMode})
	return nil
}

// Authenticate resolves the session cookie of a request, enforcing the idle and absolute timeouts.
func (s *Service) Authenticate(r *http.Request) (*httpapi.Session, error) {
	ck, err := r.Cookie(s.cookieName())
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	district, token, ok := strings.Cut(ck.Value, ".")
	if !ok || district == "" || token == "" {
		return nil, nil
	}
	ctx := r.Context()
	id := s.sessionID(token)
	now := s.now()
	if sess, ok := s.sessions.get(id, now); ok && sess.District == district {
		return sess, nil
	}
	epoch := usersEnded.Load()
	var stage, csrf string
	var userID, created, seen int64
	err = s.DB.Read().QueryRow(ctx, `SELECT user_id, stage, csrf_token, created_at, last_seen_at FROM sessions
WHERE district_code = ? AND id = ?`, district, id).Scan(&userID, &stage, &csrf, &created, &seen)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	pol, err := s.Policy(ctx, district)
	if err != nil {
		return nil, err
	}
	idle := time.Duration(pol.IdleTimeoutMinutes) * time.Minute
	abs := time.Duration(pol.AbsoluteTimeoutHours) * time.Hour
	if now.Sub(db.Time(seen)) > idle || now.Sub(db.Time(created)) > abs {
		_, err := s.DB.Write().Exec(ctx, `DELETE FROM sessions WHERE district_code = ? AND id = ?`, district, id)
		return nil, err
	}
	u, err := s.accountByID(ctx, s.DB.Read(), district, userID)
	if err != nil || u.Disabled {
		return nil, err
	}
	if now.Sub(db.Time(seen)) > time.Minute {
		if _, err := s.DB.Write().Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE district_code = ? AND id = ?`,
			now.UnixMilli(), district, id); err != nil {
			return nil, err
		}
	}
	sess := &httpapi.Session{ID: id, District: district, Stage: stage, CSRF: csrf, Principal: u.principal()}
	s.sessions.put(sess, now, epoch)
	return sess, nil
}

// EndUserSessions logs a user out everywhere (after a password reset, a role change or disabling).
func EndUserSessions(ctx context.Context, q db.Querier, district string, userID int64) error {
	usersEnded.Add(1)
	_, err := q.Exec(ctx, `DELETE FROM sessions WHERE district_code = ? AND user_id = ?`, district, userID)
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// IssueSession opens a session for a user at the given stage without a password, for tests and
// operator tooling; it returns the cookie (name and value) and the CSRF token.
func (s *Service) IssueSession(ctx context.Context, district string, userID int64, stage string) (*http.Cookie, string, error) {
	token := randomToken(32)
	csrf := randomToken(24)
	now := s.now().UnixMilli()
	if _, err := s.DB.Write().Exec(ctx, `INSERT INTO sessions (district_code, id, user_id, stage, csrf_token, created_at, last_seen_at)
VALUES (?, ?, ?, ?, ?, ?, ?)`, district, s.sessionID(token), userID, stage, csrf, now, now); err != nil {
		return nil, "", err
	}
	return &http.Cookie{Name: s.cookieName(), Value: district + "." + token}, csrf, nil
}
