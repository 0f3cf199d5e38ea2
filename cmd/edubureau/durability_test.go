package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
)

// startChild runs "edubureau serve" as a subprocess (the test binary standing in) and waits
// until it is ready.
func startChild(t *testing.T, dir string) (*exec.Cmd, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "EDUBUREAU_TEST_CHILD="+strings.Join([]string{"serve", "--data", dir, "--addr", addr}, "\x1f"))
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	base := "http://" + addr
	for i := 0; i < 200; i++ {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd, base
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", logs.String())
	return nil, ""
}

type apiClient struct {
	base string
	http *http.Client
	csrf string
}

func (c *apiClient) post(path string, body any) (int, map[string]any, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", c.base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf)
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	if tok, ok := out["csrf_token"].(string); ok {
		c.csrf = tok
	}
	return res.StatusCode, out, nil
}

// loginSysadmin walks the whole first-login flow: initial password, new password, TOTP enrollment.
func loginSysadmin(t *testing.T, base, password string) *apiClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &apiClient{base: base, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
	steps := []struct {
		path string
		body any
	}{
		{"/api/v1/auth/login", map[string]string{"username": "sysadmin", "password": password}},
		{"/api/v1/auth/password", map[string]string{"old_password": password, "new_password": "Durable-Passw0rd-2026"}},
	}
	for _, s := range steps {
		if status, out, err := c.post(s.path, s.body); err != nil || status != 200 {
			t.Fatalf("%s: %d %v %v", s.path, status, out, err)
		}
	}
	_, enroll, _ := c.post("/api/v1/auth/totp/enroll", map[string]string{})
	code, err := auth.TOTPCode(fmt.Sprint(enroll["secret"]), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if status, out, _ := c.post("/api/v1/auth/totp/confirm", map[string]string{"code": code}); status != 200 || out["stage"] != "done" {
		t.Fatalf("totp: %d %v", status, out)
	}
	return c
}

// A SIGKILL in the middle of a write load loses no write the server acknowledged.
func TestDurability_SIGKILLLosesNoAcknowledgedWrite(t *testing.T) {
	dir, creds := demoData(t)
	var pw string
	for _, c := range creds {
		if c.Username == "sysadmin" {
			pw = c.Password
		}
	}
	cmd, base := startChild(t, dir)
	c := loginSysadmin(t, base, pw)

	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("压测科室%d-%d", w, i)
				status, _, err := c.post("/api/v1/sections", map[string]any{"name": name, "sort": i})
				if err != nil {
					return // the server is gone
				}
				if status == 201 {
					mu.Lock()
					acked = append(acked, name)
					mu.Unlock()
				}
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	_ = cmd.Wait()
	if len(acked) < 20 {
		t.Fatalf("only %d writes acknowledged before the kill: the load did not run", len(acked))
	}

	d, err := db.Open(context.Background(), filepath.Join(dir, "edubureau.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	stored := map[string]bool{}
	rows, err := d.Read().Query(context.Background(), `SELECT name FROM sections`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		stored[n] = true
	}
	rows.Close()
	lost := 0
	for _, n := range acked {
		if !stored[n] {
			lost++
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged writes lost", lost, len(acked))
	}
	t.Logf("%d acknowledged writes, all stored", len(acked))
	if out := runOK(t, "audit", "verify", "--data", dir); !strings.Contains(out, "审计日志完整") {
		t.Fatalf("audit chain after the crash: %s", out)
	}
}
