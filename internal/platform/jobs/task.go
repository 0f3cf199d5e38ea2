package jobs

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// Task is a running job as its work sees it.
type Task struct {
	runner     *Runner
	job        Job
	params     []byte
	mu         sync.Mutex
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

// Progress reports percent done (0–100) and a message. It is kept in memory and shown by Get and
// List while the job runs, so that work inside a long write transaction can report progress
// without a database write (on SQLite the transaction holds the only writer).
func (t *Task) Progress(ctx context.Context, pct int, msg string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lastPct, t.message = min(max(pct, 0), 99), msg
	return ctx.Err()
}

// live returns the progress and message of the running task.
func (t *Task) live() (int, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lastPct, t.message
}

// markRunning records that the job has started.
func (t *Task) markRunning(ctx context.Context) error {
	t.mu.Lock()
	t.message = "正在处理"
	t.mu.Unlock()
	_, err := t.runner.db.Write().Exec(ctx, `UPDATE jobs SET status = ?, progress = 0, message = ?, started_at = ?
WHERE district_code = ? AND id = ?`, Running, "正在处理", db.Now(), t.job.District, t.job.ID)
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
