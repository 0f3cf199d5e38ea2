// Package jobs runs long work (imports, exports, reports) in the background with persisted progress:
// a job row records its status, percent, message and result file, the UI polls it, and a job cut off
// by a restart is marked failed with the reason instead of hanging "running" forever.
package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Statuses.
const (
	Queued    = "queued"
	Running   = "running"
	Succeeded = "succeeded"
	Failed    = "failed"
)

// Job is the public view of a job.
type Job struct {
	ID         int64     `json:"id"`
	District   string    `json:"-"`
	Kind       string    `json:"kind"`
	KindName   string    `json:"kind_name"`
	Status     string    `json:"status"`
	Progress   int       `json:"progress"`
	Message    string    `json:"message"`
	ResultName string    `json:"result_name"`
	Error      string    `json:"error"`
	CreatedBy  int64     `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	FinishedAt time.Time `json:"finished_at"`
	resultPath string
}

// Work is the body of a job kind. It reports progress through t and writes its result file under
// t.ResultPath(name).
type Work func(ctx context.Context, t *Task) error

// Kind is a registered kind of job.
type Kind struct {
	Name string // Chinese name shown in the UI
	Run  Work
}

// Runner starts and tracks jobs.
type Runner struct {
	db    *db.DB
	dir   string
	log   *slog.Logger
	kinds map[string]Kind
	slots chan struct{}
	wg    sync.WaitGroup
	live  sync.Map // job ID → *Task while it runs: progress is read from here
	ctx   context.Context
	stop  context.CancelFunc
}

// NewRunner returns a runner writing result files under dataDir/jobs, running at most
// `parallel` jobs at once.
func NewRunner(d *db.DB, dataDir string, log *slog.Logger, parallel int) *Runner {
	ctx, stop := context.WithCancel(context.Background())
	return &Runner{db: d, dir: filepath.Join(dataDir, "jobs"), log: log, kinds: map[string]Kind{},
		slots: make(chan struct{}, max(1, parallel)), ctx: ctx, stop: stop}
}

// Register adds a kind of job.
func (r *Runner) Register(kind string, k Kind) { r.kinds[kind] = k }

// KindName returns the Chinese name of a kind.
func (r *Runner) KindName(kind string) string {
	if k, ok := r.kinds[kind]; ok {
		return k.Name
	}
	return kind
}

// Interrupted is the reason given to jobs that were cut off by a restart.
const Interrupted = "服务重启导致任务中断，请重新提交"

// RecoverInterrupted marks every job left queued or running by an earlier process as failed.
func (r *Runner) RecoverInterrupted(ctx context.Context) (int64, error) {
	res, err := r.db.Write().Exec(ctx, `UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE status IN (?, ?)`,
		Failed, Interrupted, db.Now(), Queued, Running)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Start records a job and runs it in the background.
func (r *Runner) Start(ctx context.Context, district string, userID int64, kind string, params any) (Job, error) {
	k, ok := r.kinds[kind]
	if !ok {
		return Job{}, errs.E(errs.Invalid, "未知的任务类型：%s", kind)
	}
	p, err := json.Marshal(params)
	if err != nil {
		return Job{}, err
	}
	j := Job{ID: db.NewID(), District: district, Kind: kind, KindName: k.Name, Status: Queued, Message: "排队中",
		CreatedBy: userID, CreatedAt: time.Now()}
	if _, err := r.db.Write().Exec(ctx, `INSERT INTO jobs (district_code, id, kind, status, message, params, created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, district, j.ID, kind, j.Status, j.Message, string(p), userID, j.CreatedAt.UnixMilli()); err != nil {
		return Job{}, err
	}
	t := &Task{runner: r, job: j, params: p}
	r.wg.Add(1)
	go r.run(t, k)
	return j, nil
}

func (r *Runner) run(t *Task, k Kind) {
	defer r.wg.Done()
	select {
	case r.slots <- struct{}{}:
	case <-r.ctx.Done():
		return
	}
	defer func() { <-r.slots }()
	ctx := r.ctx
	r.live.Store(t.job.ID, t)
	defer r.live.Delete(t.job.ID)
	if err := t.markRunning(ctx); err != nil {
		r.log.Error("job start", "id", t.job.ID, "err", err)
		return
	}
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("任务异常: %v", p)
			}
		}()
		return k.Run(ctx, t)
	}()
	if ctx.Err() != nil {
		return // shutting down: the next start marks the job interrupted
	}
	if err != nil {
		msg := "任务失败"
		if e, ok := errs.As(err); ok {
			msg = e.Message
		} else {
			r.log.Error("job failed", "id", t.job.ID, "kind", t.job.Kind, "err", err)
		}
		// A failed job may still leave a result file, such as the error workbook of an import.
		_, _ = r.db.Write().Exec(context.Background(), `UPDATE jobs SET status = ?, error = ?, result_path = ?, result_name = ?,
finished_at = ? WHERE district_code = ? AND id = ?`, Failed, msg, t.resultPath, t.resultName, db.Now(), t.job.District, t.job.ID)
		return
	}
	_, werr := r.db.Write().Exec(context.Background(), `UPDATE jobs SET status = ?, progress = 100, message = ?, result_path = ?,
result_name = ?, finished_at = ? WHERE district_code = ? AND id = ?`, Succeeded, t.doneMessage(), t.resultPath, t.resultName,
		db.Now(), t.job.District, t.job.ID)
	if werr != nil {
		r.log.Error("job finish", "id", t.job.ID, "err", werr)
	}
}

// Wait blocks until every started job has ended.
func (r *Runner) Wait() { r.wg.Wait() }

// Close stops running jobs (they will be marked interrupted at the next start) and waits for them.
func (r *Runner) Close() { r.stop(); r.wg.Wait() }

// Dir is where result files are kept.
func (r *Runner) Dir() string { return r.dir }

func (r *Runner) jobDir(j Job) string {
	return filepath.Join(r.dir, j.District, fmt.Sprint(j.ID))
}

func ensureDir(p string) error { return os.MkdirAll(p, 0o700) }
