// Package httpapi is the JSON API layer: a route table on the standard library's ServeMux, one
// context type for handlers, the error envelope, strict request decoding, list paging, CSRF and
// session checks, request IDs, structured logs and the OpenAPI document generated from the table.
package httpapi

import (
	"log/slog"
	"net/http"
	"sort"
)

// Auth says who may call a route.
type Auth int

const (
	// Public routes need no session (login, health).
	Public Auth = iota
	// Partial routes need a session that may still be in the login flow (password change, TOTP).
	Partial
	// Full routes need a session that has completed the login flow.
	Full
)

// Handler serves one route. A returned error is written as the error envelope.
type Handler func(c *Ctx) error

// Route is one entry of the API table.
type Route struct {
	Method   string
	Path     string // ServeMux pattern path, e.g. /api/v1/users/{id}
	Summary  string // Chinese one-line description for the OpenAPI document
	Tag      string
	Auth     Auth
	Request  any  // zero value of the JSON body type, or nil
	Response any  // zero value of the JSON response type, or nil
	Raw      bool // the response is a file, not JSON
	Handler  Handler
	// Admission, when set, bounds the requests running and waiting on this route (429 beyond).
	Admission *Admission
}

// Authenticator resolves the session of a request. It returns nil, nil when there is none.
type Authenticator interface {
	Authenticate(r *http.Request) (*Session, error)
}

// Denials records refusals by the access policy.
type Denials interface {
	Denied(c *Ctx, err error)
}

// Router holds the route table.
type Router struct {
	mux     *http.ServeMux
	routes  []Route
	auth    Authenticator
	denials Denials
	log     *slog.Logger
	// MaxBody limits JSON request bodies (bytes).
	MaxBody int64
}

// NewRouter returns an empty router.
func NewRouter(auth Authenticator, denials Denials, log *slog.Logger) *Router {
	return &Router{mux: http.NewServeMux(), auth: auth, denials: denials, log: log, MaxBody: 1 << 20}
}

// Handle adds a route.
func (rt *Router) Handle(r Route) {
	rt.routes = append(rt.routes, r)
	rt.mux.Handle(r.Method+" "+r.Path, r.Admission.Guard(rt.wrap(r)))
}

// HandleHTTP mounts a plain handler (static files, health checks) outside the API table.
func (rt *Router) HandleHTTP(pattern string, h http.Handler) { rt.mux.Handle(pattern, h) }

// Routes returns the route table sorted by path and method.
func (rt *Router) Routes() []Route {
	out := append([]Route(nil), rt.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// ServeHTTP serves the API behind request IDs, logging and panic recovery.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt.observe(rt.mux).ServeHTTP(w, r)
}
