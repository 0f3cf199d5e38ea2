package enroll

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// Service is enrollment's store and workflow: campaigns, catchments, applications, review, draw and
// 递补. Its pure rules are the plain functions of this package.
type Service struct {
	DB    *db.DB
	Keys  *pii.Keyring
	Audit *audit.Log
	// Write runs the final write of a submission (Submit, Update): by default the database's group
	// committer (DB.Group). fn must write only through the Querier it is given.
	Write func(ctx context.Context, fn func(q db.Querier) error) error
	// Now is the clock (tests move it).
	Now func() time.Time

	mu         sync.RWMutex
	catchments map[string]*catchIndex   // district → parsed catchments
	policies   map[int64]cachedCampaign // campaign id → campaign with its published policy, as last read
	waitlists  map[int64]cachedWaitlist // campaign id → 递补 state replayed for reading
	results    map[string][]byte        // result hash → result.csv, recomputed once
}

// Actor is who does something and from where.
type Actor struct {
	P  *access.Principal
	IP string
}

func (a Actor) entry(action, objType string, id int64, detail string) audit.Entry {
	return audit.By(a.P, a.IP, action, objType, itoa(id), detail)
}

type ipKey struct{}

// WithIP carries the caller's address to Submit, which takes only the principal.
func WithIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, ipKey{}, ip)
}

func ipOf(ctx context.Context) string {
	ip, _ := ctx.Value(ipKey{}).(string)
	return ip
}

// write is the one path of a parent's submission to the database: the database's group committer
// (one transaction and one fsync for all the submissions waiting), answering after the commit.
func (s *Service) write(ctx context.Context, fn func(q db.Querier) error) error {
	if s.Write != nil {
		return s.Write(ctx, fn)
	}
	return s.DB.Group().Do(ctx, func(_ context.Context, q db.Querier) error { return fn(q) })
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

var beijing = time.FixedZone("CST", 8*3600)

// today is the calendar date in Beijing, as YYYY-MM-DD.
func (s *Service) today() string { return s.now().In(beijing).Format(time.DateOnly) }

// Encryption contexts and blind-index kinds.
const (
	ctxChildID  = "enroll_applications.child_id"
	ctxDetails  = "enroll_applications.details"
	ctxDocument = "enroll_documents.content"
	bidxChildID = "id_number"
	bidxHouse   = "property_cert"
)

// districtWide reports whether the caller manages enrollment for the whole district (the bureau),
// not one school.
func districtWide(p *access.Principal, perm string) error {
	if err := access.Require(p, perm); err != nil {
		return err
	}
	if p.Scope() != access.ScopeDistrict {
		e := errs.E(errs.Forbidden, "只有教育局招生工作人员可以进行此操作")
		e.Denied = true
		return e
	}
	return nil
}

func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	m := strings.ToLower(err.Error())
	return strings.Contains(m, "unique") || strings.Contains(m, "duplicate key")
}
