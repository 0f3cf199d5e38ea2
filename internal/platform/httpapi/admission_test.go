package httpapi_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

type countingAuth struct{ calls atomic.Int64 }

func (a *countingAuth) Authenticate(r *http.Request) (*httpapi.Session, error) {
	a.calls.Add(1)
	return nil, nil
}

// admissionServer serves GET /slow (held until gate closes), GET /free (no admission) and GET /panic.
func admissionServer(t *testing.T, adm *httpapi.Admission) (srv *httptest.Server, auth *countingAuth, entered chan struct{}, gate chan struct{}) {
	t.Helper()
	auth = &countingAuth{}
	entered, gate = make(chan struct{}, 100), make(chan struct{})
	rt := httpapi.NewRouter(auth, nil, slog.New(slog.DiscardHandler))
	rt.Handle(httpapi.Route{Method: "GET", Path: "/slow", Auth: httpapi.Public, Admission: adm, Handler: func(c *httpapi.Ctx) error {
		entered <- struct{}{}
		<-gate
		return c.OK(map[string]string{"ok": "1"})
	}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/panic", Auth: httpapi.Public, Admission: adm, Handler: func(c *httpapi.Ctx) error {
		panic("boom")
	}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/free", Auth: httpapi.Public, Handler: func(c *httpapi.Ctx) error {
		return c.OK(map[string]string{"ok": "1"})
	}})
	srv = httptest.NewServer(rt)
	t.Cleanup(srv.Close)
	return srv, auth, entered, gate
}

func get(t *testing.T, url string) (*http.Response, map[string]any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return res, out
}

// status answers the status of a GET, or 0 when the request failed (safe off the test goroutine).
func status(url string) int {
	res, err := http.Get(url)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestAdmission_FullRouteAnswers429WithRetryAfterAndQueuedRequestsRunLater(t *testing.T) {
	adm := httpapi.NewAdmission(httpapi.AdmissionOptions{Limit: 2, Queue: 1, MaxWait: 10 * time.Second, RetryAfter: 3 * time.Second})
	srv, auth, entered, gate := admissionServer(t, adm)
	codes := make(chan int, 3)
	for range 2 {
		go func() { codes <- status(srv.URL + "/slow") }()
		<-entered
	}
	go func() { codes <- status(srv.URL + "/slow") }() // waits in the queue
	waitFor(t, "the third request to queue", func() bool { return adm.Stats().Waiting == 1 })
	authBefore := auth.calls.Load()

	start := time.Now()
	res, body := get(t, srv.URL+"/slow")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "3" {
		t.Fatalf("fourth request: %d Retry-After %q, want 429 with Retry-After 3", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if e, _ := body["error"].(map[string]any); e["code"] != "rate_limited" || e["message"] == "" {
		t.Fatalf("body %v", body)
	}
	if time.Since(start) > time.Second {
		t.Fatal("the refusal waited instead of answering at once")
	}
	if auth.calls.Load() != authBefore {
		t.Fatal("a refused request looked up the session")
	}
	if res, _ := get(t, srv.URL+"/free"); res.StatusCode != 200 {
		t.Fatalf("route without admission: %d", res.StatusCode)
	}

	close(gate)
	for range 3 {
		if c := <-codes; c != 200 {
			t.Fatalf("admitted or queued request answered %d", c)
		}
	}
	if st := adm.Stats(); st.Admitted != 3 || st.Rejected != 1 || st.Running != 0 || st.Waiting != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestAdmission_WaitLongerThanMaxWaitIsRefused(t *testing.T) {
	adm := httpapi.NewAdmission(httpapi.AdmissionOptions{Limit: 1, Queue: 5, MaxWait: 30 * time.Millisecond})
	srv, _, entered, gate := admissionServer(t, adm)
	defer close(gate)
	go func() {
		if res, err := http.Get(srv.URL + "/slow"); err == nil {
			res.Body.Close()
		}
	}()
	<-entered
	start := time.Now()
	res, _ := get(t, srv.URL+"/slow")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" {
		t.Fatalf("got %d Retry-After %q, want 429 after the wait", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("refused after %v, before MaxWait", d)
	}
}

func TestAdmission_SlotIsFreedWhenTheHandlerPanics(t *testing.T) {
	adm := httpapi.NewAdmission(httpapi.AdmissionOptions{Limit: 1, Queue: -1})
	srv, _, entered, gate := admissionServer(t, adm)
	for range 3 {
		if res, _ := get(t, srv.URL+"/panic"); res.StatusCode != 500 {
			t.Fatalf("panic route: %d", res.StatusCode)
		}
	}
	close(gate)
	if res, _ := get(t, srv.URL+"/slow"); res.StatusCode != 200 {
		t.Fatalf("after panics: %d (slot leaked)", res.StatusCode)
	}
	<-entered
	if st := adm.Stats(); st.Running != 0 || st.Rejected != 0 {
		t.Fatalf("stats %+v", st)
	}
}
