package httpapi

import (
	"encoding/json"
	"net"
	"net/http"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Session is the server-side session of a request.
type Session struct {
	ID        string
	District  string
	Stage     string // "done" once the login flow is complete
	CSRF      string
	Principal *access.Principal
}

// StageDone is the stage of a session that has completed the login flow.
const StageDone = "done"

// Ctx is what a handler receives.
type Ctx struct {
	W         http.ResponseWriter
	R         *http.Request
	Session   *Session // nil on public routes without a session
	RequestID string
	router    *Router
}

// P returns the caller, or nil.
func (c *Ctx) P() *access.Principal {
	if c.Session == nil {
		return nil
	}
	return c.Session.Principal
}

// IP is the client address (the direct peer; a trusted proxy sets it via the server's config).
func (c *Ctx) IP() string {
	host, _, err := net.SplitHostPort(c.R.RemoteAddr)
	if err != nil {
		return c.R.RemoteAddr
	}
	return host
}

// JSON writes v with the given status.
func (c *Ctx) JSON(status int, v any) error {
	c.W.Header().Set("Content-Type", "application/json; charset=utf-8")
	c.W.WriteHeader(status)
	return json.NewEncoder(c.W).Encode(v)
}

// OK writes v with status 200.
func (c *Ctx) OK(v any) error { return c.JSON(http.StatusOK, v) }

// NoContent answers 204.
func (c *Ctx) NoContent() error { c.W.WriteHeader(http.StatusNoContent); return nil }

// Decode reads the JSON body into v strictly: unknown fields, trailing data, wrong types and
// oversized bodies are errors naming the problem.
func (c *Ctx) Decode(v any) error { return decodeJSON(c.W, c.R, c.router.MaxBody, v) }

// PathID parses a numeric path parameter.
func (c *Ctx) PathID(name string) (int64, error) {
	id, err := strconv.ParseInt(c.R.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "对象不存在")
	}
	return id, nil
}

// DecodeEmpty accepts an action request with no body or an empty JSON object.
func (c *Ctx) DecodeEmpty() error {
	if c.R.ContentLength == 0 {
		return nil
	}
	var empty struct{}
	return c.Decode(&empty)
}

// WithID adapts a handler of a path with {id} that answers a JSON value.
func WithID(fn func(c *Ctx, id int64) (any, error)) Handler {
	return func(c *Ctx) error {
		id, err := c.PathID("id")
		if err != nil {
			return err
		}
		v, err := fn(c, id)
		if err != nil {
			return err
		}
		return c.OK(v)
	}
}
