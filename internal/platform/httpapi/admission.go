package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Admission bounds the work a route takes on: at most Limit requests run at once, at most Queue more
// wait (each for at most MaxWait) for one of them to finish, and every request beyond that is
// answered at once with 429 and a Retry-After header instead of piling up until every request times
// out. Set it on a Route (Route.Admission); one Admission may be shared by several routes that
// share a bottleneck. The check runs before the session lookup, so a refused request costs almost
// nothing.
type Admission struct {
	slots      chan struct{}
	queue      int64
	maxWait    time.Duration
	retryAfter int
	message    string

	waiting            atomic.Int64
	admitted, rejected atomic.Int64
}

// AdmissionOptions configures an Admission. Zero values take the defaults.
type AdmissionOptions struct {
	Limit      int           // requests running at once (default 256)
	Queue      int           // requests waiting for a slot (default 4 × Limit)
	MaxWait    time.Duration // longest wait for a slot before 429 (default 200 ms)
	RetryAfter time.Duration // the Retry-After advised to refused clients (default 1 s, at least 1 s)
	Message    string        // Chinese message of the refusal; "%d" is replaced by the seconds to wait
}

// NewAdmission returns an Admission with the given bounds.
func NewAdmission(o AdmissionOptions) *Admission {
	if o.Limit <= 0 {
		o.Limit = 256
	}
	if o.Queue < 0 {
		o.Queue = 0
	} else if o.Queue == 0 {
		o.Queue = 4 * o.Limit
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 200 * time.Millisecond
	}
	if o.Message == "" {
		o.Message = "当前访问人数较多，请 %d 秒后重试"
	}
	secs := int((o.RetryAfter + time.Second - 1) / time.Second)
	return &Admission{slots: make(chan struct{}, o.Limit), queue: int64(o.Queue), maxWait: o.MaxWait,
		retryAfter: max(1, secs), message: o.Message}
}

// Acquire takes a slot, waiting if the queue has room; it returns false when the request must be
// refused. A true result must be followed by Release.
func (a *Admission) Acquire(r *http.Request) bool {
	select {
	case a.slots <- struct{}{}:
		a.admitted.Add(1)
		return true
	default:
	}
	if a.waiting.Add(1) > a.queue {
		a.waiting.Add(-1)
		a.rejected.Add(1)
		return false
	}
	defer a.waiting.Add(-1)
	t := time.NewTimer(a.maxWait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		a.admitted.Add(1)
		return true
	case <-t.C:
	case <-r.Context().Done():
	}
	a.rejected.Add(1)
	return false
}

// Release frees the slot taken by a successful Acquire.
func (a *Admission) Release() { <-a.slots }

// Busy is the error written to a refused request: 429 with Retry-After.
func (a *Admission) Busy() error {
	msg := a.message
	if strings.Contains(msg, "%d") {
		msg = fmt.Sprintf(msg, a.retryAfter)
	}
	return &errs.Error{Code: errs.RateLimited, RetryAfter: a.retryAfter, Message: msg}
}

// AdmissionStats counts the decisions so far and the requests running and waiting now.
type AdmissionStats struct {
	Admitted, Rejected, Running, Waiting int64
}

// Stats returns the counters.
func (a *Admission) Stats() AdmissionStats {
	return AdmissionStats{Admitted: a.admitted.Load(), Rejected: a.rejected.Load(),
		Running: int64(len(a.slots)), Waiting: a.waiting.Load()}
}

// Guard wraps h with the admission check; a nil Admission returns h unchanged.
func (a *Admission) Guard(h http.Handler) http.Handler {
	if a == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.Acquire(r) {
			WriteError(w, a.Busy())
			return
		}
		defer a.Release()
		h.ServeHTTP(w, r)
	})
}
