package httpapi

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// observe adds the request ID header, logs every request and turns panics into 500s.
func (rt *Router) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				rt.log.Error("panic", "request_id", id, "panic", p, "path", r.URL.Path)
				WriteError(sw, errs.E(errs.Internal, "服务器内部错误"))
			}
			rt.log.Info("http", "request_id", id, "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"ms", time.Since(start).Milliseconds())
		}()
		r.Header.Set("X-Request-Id", id)
		next.ServeHTTP(sw, r)
	})
}

// wrap applies session, CSRF and stage checks for one route, then runs its handler.
func (rt *Router) wrap(route Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &Ctx{W: w, R: r, RequestID: r.Header.Get("X-Request-Id"), router: rt}
		if err := rt.admit(c, route); err != nil {
			rt.fail(c, err)
			return
		}
		if err := route.Handler(c); err != nil {
			rt.fail(c, err)
		}
	})
}

func (rt *Router) admit(c *Ctx, route Route) error {
	s, err := rt.auth.Authenticate(c.R)
	if err != nil {
		return err
	}
	c.Session = s
	if s == nil {
		if route.Auth != Public {
			return errs.E(errs.Unauthenticated, "请先登录")
		}
		if unsafeMethod(c.R.Method) && !sameOrigin(c.R) {
			return errs.E(errs.Forbidden, "跨站请求被拒绝")
		}
		return nil
	}
	if route.Auth == Full && s.Stage != StageDone {
		return errs.E(errs.Unauthenticated, "请先完成登录验证")
	}
	if unsafeMethod(c.R.Method) {
		got := c.R.Header.Get("X-CSRF-Token")
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRF)) != 1 {
			return errs.E(errs.Forbidden, "请求缺少有效的 CSRF 令牌，请刷新页面后重试")
		}
	}
	return nil
}

func (rt *Router) fail(c *Ctx, err error) {
	if errors.Is(err, context.Canceled) && c.R.Context().Err() != nil {
		// The client went away (closed the page, timed out): nothing to answer and nothing wrong
		// here. Logged with nginx's 499, not as a server error.
		c.W.WriteHeader(StatusClientClosed)
		return
	}
	e, ok := errs.As(err)
	if !ok {
		rt.log.Error("handler error", "request_id", c.RequestID, "path", c.R.URL.Path, "err", err)
	} else if e.Denied && rt.denials != nil {
		rt.denials.Denied(c, err)
	}
	WriteError(c.W, err)
}

// StatusClientClosed is the status logged for a request whose client left before the answer (499,
// as nginx logs it).
const StatusClientClosed = 499

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// sameOrigin accepts requests a browser marks as same-origin, and non-browser clients that send
// neither Origin nor Sec-Fetch-Site.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "cross-site", "same-site":
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// Logger returns the router's logger.
func (rt *Router) Logger() *slog.Logger { return rt.log }
