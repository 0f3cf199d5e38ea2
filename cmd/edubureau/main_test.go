package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/demo"
)

// TestMain lets the test binary stand in for the edubureau binary in subprocess tests.
func TestMain(m *testing.M) {
	if args := os.Getenv("EDUBUREAU_TEST_CHILD"); args != "" {
		if err := run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(args, &out, &errOut); err != nil {
		t.Fatalf("edubureau %v: %v\n%s%s", args, err, out.String(), errOut.String())
	}
	return out.String()
}

// demoData writes the demo district's organisation and accounts (without the 100,000-student
// registry, which TestDemo_FullDistrict covers) into a new data directory.
func demoData(t *testing.T) (string, []demo.Credential) {
	t.Helper()
	dir := t.TempDir()
	cred := filepath.Join(dir, "cred.json")
	out := runOK(t, "demo", "--reset", "--registry=false", "--data", dir, "--credentials-out", cred)
	if !strings.Contains(out, "江城市青溪区") || !strings.Contains(out, "sysadmin") {
		t.Fatalf("demo output: %s", out)
	}
	var creds []demo.Credential
	b, err := os.ReadFile(cred)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(cred); st.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file mode %v", st.Mode())
	}
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatal(err)
	}
	return dir, creds
}

func TestAuditVerify_DetectsAlteredRow(t *testing.T) {
	dir, _ := demoData(t)
	if out := runOK(t, "audit", "verify", "--data", dir); !strings.Contains(out, "审计日志完整") {
		t.Fatalf("intact log: %s", out)
	}
	d, err := sql.Open("sqlite", filepath.Join(dir, "edubureau.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET detail = '篡改' WHERE seq = 1`} {
		if _, err := d.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	d.Close()
	var out bytes.Buffer
	err = run([]string{"audit", "verify", "--data", dir}, &out, &out)
	if err == nil || !strings.Contains(out.String(), "第 1 条记录内容已被改动") {
		t.Fatalf("altered row not reported: %v\n%s", err, out.String())
	}
}

func TestBackupRestore(t *testing.T) {
	dir, _ := demoData(t)
	file := filepath.Join(t.TempDir(), "backup.db")
	photo := filepath.Join(dir, "workflow", "339901", "photo.jpg")
	if err := os.MkdirAll(filepath.Dir(photo), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, []byte("evidence"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := runOK(t, "backup", "--data", dir, "--out", file); !strings.Contains(out, "完整性检查通过") || !strings.Contains(out, "附件 1 个") {
		t.Fatalf("backup: %s", out)
	}
	var out bytes.Buffer
	if err := run([]string{"backup", "--data", dir, "--out", file}, &out, &out); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	// Change the live database, then restore: the change is gone.
	d, _ := sql.Open("sqlite", filepath.Join(dir, "edubureau.db"))
	if _, err := d.Exec(`DELETE FROM sections`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if err := os.Remove(photo); err != nil {
		t.Fatal(err)
	}
	runOK(t, "restore", file, "--data", dir)
	if b, err := os.ReadFile(photo); err != nil || string(b) != "evidence" {
		t.Fatalf("attachment after restore: %q, %v", b, err)
	}
	d, _ = sql.Open("sqlite", filepath.Join(dir, "edubureau.db"))
	defer d.Close()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM sections`).Scan(&n); err != nil || n != 13 {
		t.Fatalf("after restore: %d sections, %v", n, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.db")
	_ = os.WriteFile(bad, []byte("not a database at all, just text"), 0o600)
	if err := run([]string{"restore", bad, "--data", dir}, &out, &out); err == nil {
		t.Fatal("restored from a file that is not a database")
	}
}

// The full demo district installs with its registry, every record passing the registry's validation.
func TestDemo_FullDistrict(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 students")
	}
	dir := t.TempDir()
	out := runOK(t, "demo", "--reset", "--data", dir)
	if !strings.Contains(out, "名学生") {
		t.Fatalf("demo output: %s", out)
	}
	d, err := sql.Open("sqlite", filepath.Join(dir, "edubureau.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var students, staff, facilities int
	if err := d.QueryRow(`SELECT (SELECT COUNT(*) FROM students), (SELECT COUNT(*) FROM staff), (SELECT COUNT(*) FROM facilities)`).
		Scan(&students, &staff, &facilities); err != nil {
		t.Fatal(err)
	}
	if students < 80000 || staff < 5000 || facilities < 100 {
		t.Fatalf("demo registry: %d students, %d staff, %d facilities", students, staff, facilities)
	}
	if out := runOK(t, "audit", "verify", "--data", dir); !strings.Contains(out, "审计日志完整") {
		t.Fatal(out)
	}
}

func TestServe_ProfilerOnlyOnALoopbackAddress(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:6060", "192.168.1.10:6060", ":6060", "6060", "localhost:6060", "[::]:6060"} {
		var out bytes.Buffer
		err := run([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--pprof", addr}, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "--pprof") {
			t.Errorf("--pprof %s: %v, want a refusal naming --pprof", addr, err)
		}
	}
}
