package httpapi_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

// A request whose client has gone (its context cancelled) is logged as 499 at info level, not as a
// server error with status 500; an ordinary failure still is an error.
func TestFail_ClientGoneIsLoggedAs499NotAsAnError(t *testing.T) {
	var logs bytes.Buffer
	rt := httpapi.NewRouter(&countingAuth{}, nil, slog.New(slog.NewJSONHandler(&logs, nil)))
	rt.Handle(httpapi.Route{Method: "GET", Path: "/wait", Auth: httpapi.Public, Handler: func(c *httpapi.Ctx) error {
		<-c.R.Context().Done()
		return c.R.Context().Err()
	}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/broken", Auth: httpapi.Public, Handler: func(c *httpapi.Ctx) error {
		return context.Canceled // cancelled inside, while the client still waits: a real failure
	}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	rt.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/wait", nil).WithContext(ctx))
	if rec.Code != httpapi.StatusClientClosed || rec.Body.Len() != 0 {
		t.Errorf("client gone: status %d, body %q", rec.Code, rec.Body.String())
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) || !strings.Contains(logs.String(), `"status":499`) {
		t.Errorf("log of a request whose client left:\n%s", logs.String())
	}
	logs.Reset()
	rec = httptest.NewRecorder()
	rt.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/broken", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("failure with the client waiting: status %d, log:\n%s", rec.Code, logs.String())
	}
}
