package auth

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

// sessionTTL is how long an authenticated session is served from memory before its row, its
// user and the policy are read again. A session ended in this process (logout, a stage change,
// a timeout, a user's sessions ended after a role change, password reset or disabling) leaves the
// cache at once; one ended by another server process is still honoured here for at most this long.
const sessionTTL = 2 * time.Second

// usersEnded counts EndUserSessions calls in this process: a cached session older than the last
// call is read again, whoever's sessions were ended (they are rare: role changes, resets).
var usersEnded atomic.Uint64

type cachedSession struct {
	sess  httpapi.Session
	read  time.Time
	epoch uint64
}

type sessionCache struct{ m sync.Map } // session ID → cachedSession

func (c *sessionCache) get(id string, now time.Time) (*httpapi.Session, bool) {
	v, ok := c.m.Load(id)
	if !ok {
		return nil, false
	}
	e := v.(cachedSession)
	if e.epoch != usersEnded.Load() || now.Sub(e.read) >= sessionTTL || now.Before(e.read) {
		c.m.Delete(id)
		return nil, false
	}
	sess := e.sess // a copy: callers may change the stage of their own
	return &sess, true
}

func (c *sessionCache) put(sess *httpapi.Session, now time.Time, epoch uint64) {
	c.m.Store(sess.ID, cachedSession{sess: *sess, read: now, epoch: epoch})
}

func (c *sessionCache) forget(id string) { c.m.Delete(id) }
