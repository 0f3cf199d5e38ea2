package server

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/jobs"
	"github.com/xuri/excelize/v2"
)

// An auditor's export runs as a job with progress and yields a workbook of the audit rows.
func TestAuditExport_JobProducesWorkbook(t *testing.T) {
	f := newFixture(t, "")
	for i := 0; i < 30; i++ {
		f.as(access.SchoolAdmin).do("GET", "/api/v1/users", nil) // each denial is an audit row
	}
	c := f.as(access.Auditor)
	status, body := c.do("POST", "/api/v1/audit/export", `{"action":"access.denied"}`)
	if status != 202 {
		t.Fatalf("export: %d %s", status, body)
	}
	var j jobs.Job
	_ = json.Unmarshal(body, &j)
	deadline := time.Now().Add(20 * time.Second)
	for j.Status != jobs.Succeeded && j.Status != jobs.Failed {
		if time.Now().After(deadline) {
			t.Fatalf("job did not finish: %+v", j)
		}
		time.Sleep(50 * time.Millisecond)
		_, body = c.do("GET", "/api/v1/jobs/"+itoa(j.ID), nil)
		_ = json.Unmarshal(body, &j)
	}
	if j.Status != jobs.Succeeded || j.Progress != 100 || j.ResultName == "" {
		t.Fatalf("job: %+v", j)
	}
	status, file := c.do("GET", "/api/v1/jobs/"+itoa(j.ID)+"/result", nil)
	if status != 200 {
		t.Fatalf("download: %d", status)
	}
	path := filepath.Join(t.TempDir(), "x.xlsx")
	if err := writeFile(path, file); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("审计日志")
	if len(rows) != 31 || rows[0][0] != "序号" || rows[1][5] != "越权访问被拒绝" {
		t.Fatalf("workbook has %d rows, first data row %v", len(rows), rows[1])
	}
	if n := f.count(`SELECT COUNT(*) FROM audit_log WHERE action IN ('audit.export', 'job.download')`); n != 2 {
		t.Fatalf("export and download audited %d times, want 2", n)
	}
}

// A job left running by a stopped process is marked failed, with the reason, at the next start.
func TestJobs_InterruptedJobFailsWithReason(t *testing.T) {
	f := newFixture(t, "")
	id := db.NewID()
	if _, err := f.s.DB.Write().Exec(context.Background(), `INSERT INTO jobs (district_code, id, kind, status, progress, created_by, created_at)
VALUES (?, ?, 'audit.export', 'running', 40, ?, ?)`, home, id, f.users[access.Auditor], db.Now()); err != nil {
		t.Fatal(err)
	}
	n, err := f.s.Jobs.RecoverInterrupted(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("recovered %d, %v", n, err)
	}
	_, body := f.as(access.Auditor).do("GET", "/api/v1/jobs/"+itoa(id), nil)
	var j jobs.Job
	_ = json.Unmarshal(body, &j)
	if j.Status != jobs.Failed || j.Error != jobs.Interrupted {
		t.Fatalf("interrupted job: %+v", j)
	}
}
