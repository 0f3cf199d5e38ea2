package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/demo"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/identity"
	"github.com/edubureau/edubureau/internal/server"
)

type parentSession struct{ cookie, csrf string }

// openCampaign installs the demo's catchments and open campaign (the registry-less demo of
// demoData has none) and opens sessions for n new parent accounts. It returns the campaign, a
// school of its plan and the sessions.
func openCampaign(t *testing.T, dir string, n int) (campaign, school int64, ss []parentSession) {
	t.Helper()
	ctx := context.Background()
	s, err := server.Open(ctx, server.Config{DataDir: dir, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := demoEnroll(ctx, demoEnv{Server: s, District: demo.Generate(1), Seed: 1}); err != nil {
		t.Fatal(err)
	}
	cs, err := s.Enroll().PublishedCampaigns(ctx, auth.DefaultDistrict)
	if err != nil || len(cs) == 0 || len(cs[0].Policy.Plans) == 0 {
		t.Fatalf("no open campaign: %v %v", cs, err)
	}
	hash, err := auth.HashPassword("Durable-Parent-2026")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		var id int64
		if err := s.DB.Tx(ctx, func(q db.Querier) error {
			id, err = accounts.InsertUser(ctx, q, s.Keys, accounts.NewUser{District: auth.DefaultDistrict,
				Username: fmt.Sprintf("durable_parent%d", i), DisplayName: "家长", Role: access.Parent,
				Phone: fmt.Sprintf("1390000%04d", i), PasswordHash: hash})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		ck, csrf, err := s.Auth.IssueSession(ctx, auth.DefaultDistrict, id, auth.StageDone)
		if err != nil {
			t.Fatal(err)
		}
		ss = append(ss, parentSession{ck.Name + "=" + ck.Value, csrf})
	}
	return cs[0].ID, cs[0].Policy.Plans[0].SchoolID, ss
}

// A SIGKILL in the middle of opening-day registration loses no application the server
// acknowledged: every 201 was answered after the group commit holding it reached the disk.
func TestDurability_SIGKILLDuringRegistrationLosesNoAcknowledgedApplication(t *testing.T) {
	dir, _ := demoData(t)
	campaign, school, ss := openCampaign(t, dir, 16)
	cmd, base := startChild(t, dir)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	var mu sync.Mutex
	var acked []string
	refused := map[int]int{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 48 { // more writers than sessions: several submissions of one parent at once
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := ss[w%len(ss)]
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				birth := time.Date(2020, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365)
				child := identity.MakeIDNumber(fmt.Sprint(420101+w), birth, (i/365)%1000)
				body := fmt.Sprintf(`{"campaign_id":%d,"child_name":"王子涵","child_id_number":%q,"guardians":[{"name":"王建国","relation":"父亲","phone":"13800000000","id_number":""}],"hukou_local":true,"hukou_address":"江城市青溪区人民路1号","housing_type":"own","property_cert":"浙(2024)江城市不动产权第%d%04d号","home_address":"江城市青溪区人民路1号","owner_relation":"父亲","permit_months":0,"insurance_months":0,"choices":[%d]}`,
					campaign, child, w, i, school)
				req, _ := http.NewRequest("POST", base+"/api/v1/enroll/my/applications", bytes.NewReader([]byte(body)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Cookie", s.cookie)
				req.Header.Set("X-CSRF-Token", s.csrf)
				res, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				raw, _ := io.ReadAll(res.Body)
				res.Body.Close()
				mu.Lock()
				if res.StatusCode == http.StatusCreated {
					acked = append(acked, child)
				} else {
					refused[res.StatusCode]++
					if refused[res.StatusCode] == 1 {
						t.Logf("answer %d: %s", res.StatusCode, raw)
					}
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(2 * time.Second)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	_ = cmd.Wait()
	if len(acked) < 100 {
		t.Fatalf("only %d applications acknowledged before the kill (refused: %v): the load did not run", len(acked), refused)
	}
	for status := range refused {
		if status != http.StatusTooManyRequests {
			t.Errorf("answers other than 201 and 429 during the load: %v", refused)
		}
	}

	s, err := server.Open(context.Background(), server.Config{DataDir: dir, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	rows, err := s.DB.Read().Query(context.Background(), `SELECT child_bidx FROM enroll_applications WHERE district_code = ? AND campaign_id = ?`,
		auth.DefaultDistrict, campaign)
	if err != nil {
		s.Close()
		t.Fatal(err)
	}
	for rows.Next() {
		var b string
		_ = rows.Scan(&b)
		stored[b] = true
	}
	rows.Close()
	lost := 0
	for _, child := range acked {
		if !stored[s.Keys.BlindIndex("id_number", child)] {
			lost++
		}
	}
	s.Close()
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged applications lost", lost, len(acked))
	}
	t.Logf("%d acknowledged applications, all stored (%d rows in the campaign, the demo's included)", len(acked), len(stored))
	if out := runOK(t, "audit", "verify", "--data", dir); !strings.Contains(out, "审计日志完整") {
		t.Fatalf("audit chain after the crash: %s", out)
	}
}
