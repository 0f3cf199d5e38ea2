package auth

import (
	"context"
	"sync"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// Service runs logins and sessions.
type Service struct {
	DB     *db.DB
	Keys   *pii.Keyring
	Audit  *audit.Log
	Secure bool // served over TLS: Secure, __Host- cookies
	// Menu builds the navigation a principal sees (set by the server, which knows every module).
	Menu func(p *access.Principal) []MenuItem
	// Now is the clock (tests move it).
	Now func() time.Time

	ipLimit, userLimit *Limiter
	policies           sync.Map // district → cachedPolicy
	sessions           sessionCache
}

// MenuItem is one entry of the sidebar.
type MenuItem struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Path  string `json:"path"`
	Icon  string `json:"icon"`
}

type cachedPolicy struct {
	p    Policy
	read time.Time
}

// NewService returns a login service with the default rate limits: per IP 30 attempts a minute
// (burst 30), per account 10 a minute (burst 10).
func NewService(d *db.DB, keys *pii.Keyring, log *audit.Log) *Service {
	return &Service{DB: d, Keys: keys, Audit: log, Now: time.Now,
		ipLimit: NewLimiter(30, 30), userLimit: NewLimiter(10, 10)}
}

func (s *Service) now() time.Time { return s.Now() }

// Policy returns the district's security policy, cached for ten seconds.
func (s *Service) Policy(ctx context.Context, district string) (Policy, error) {
	if v, ok := s.policies.Load(district); ok {
		if c := v.(cachedPolicy); time.Since(c.read) < 10*time.Second {
			return c.p, nil
		}
	}
	p, err := LoadPolicy(ctx, s.DB.Read(), district)
	if err != nil {
		return Policy{}, err
	}
	s.policies.Store(district, cachedPolicy{p, time.Now()})
	return p, nil
}

// ForgetPolicy drops the cached policy after the 安全管理员 changes it.
func (s *Service) ForgetPolicy(district string) { s.policies.Delete(district) }
