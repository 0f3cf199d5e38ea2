package jobs

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Task is a running job as its work sees it.
type Task struct {
	runner     *Runner
	job        Job
	params     []byte
	mu         sync.Mutex
	lastWrite  time.Time
	lastPct    int
	message    string
	resultPath string
	resultName string
}

// ID is the job's ID.
func (t *Task) ID() int64 { return t.job.ID }

// District is the job's district.
func (t *Task) District() string { return t.job.District }

// UserID is who started the job.
func (t *Task) UserID() int64 { return t.job.CreatedBy }

// Params decodes the parameters the job was started with.
func (t *Task) Params(v any) error { return json.Unmarshal(t.params, v) }

// Progress reports percent done (0–100) and a message. Writes are throttled to a few a second.
func (t *Task) Progress(ctx context.Context, pct int, msg string) error {
	return t.update(ctx, Running, min(max(pct, 0), 99), msg, false)
}

func (t *Task) update(ctx context.Context, status string, pct int, msg string, force bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.message = msg
	if !force && pct == t.lastPct && time.Since(t.lastWrite) < time.Second {
		return nil
	}
	if !force && time.Since(t.lastWrite) < 200*time.Millisecond {
		return nil
	}
	t.lastWrite, t.lastPct = time.Now(), pct
	started := ""
	if status == Running && force {
		started = ", started_at = " + itoa(db.Now())
	}
	_, err := t.runner.db.Write().Exec(ctx, `UPDATE jobs SET status = ?, progress = ?, message = ?`+started+`
WHERE district_code = ? AND id = ?`, status, pct, msg, t.job.District, t.job.ID)
	return err
}

// ResultPath returns where to write the result file called name (shown to the user on download)
// and records it as the job's result.
func (t *Task) ResultPath(name string) (string, error) {
	dir := t.runner.jobDir(t.job)
	if err := ensureDir(dir); err != nil {
		return "", err
	}
	safe := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '_'
		}
		return r
	}, name)
	t.resultPath, t.resultName = filepath.Join(dir, safe), name
	return t.resultPath, nil
}

// Done sets the message kept when the job succeeds.
func (t *Task) Done(msg string) { t.mu.Lock(); t.message = msg; t.mu.Unlock() }

func (t *Task) doneMessage() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.message == "" || t.message == "正在处理" {
		return "已完成"
	}
	return t.message
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
