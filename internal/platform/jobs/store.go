package jobs

import (
	"context"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

const jobCols = `id, district_code, kind, status, progress, message, result_name, result_path, error, created_by, created_at, finished_at`

func (r *Runner) scan(row interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var created, finished int64
	err := row.Scan(&j.ID, &j.District, &j.Kind, &j.Status, &j.Progress, &j.Message, &j.ResultName, &j.resultPath,
		&j.Error, &j.CreatedBy, &created, &finished)
	j.CreatedAt, j.FinishedAt, j.KindName = db.Time(created), db.Time(finished), r.KindName(j.Kind)
	if v, ok := r.live.Load(j.ID); ok && j.Status == Running {
		j.Progress, j.Message = v.(*Task).live()
	}
	return j, err
}

// Get returns a job of the given owner; another user's job is "not found".
func (r *Runner) Get(ctx context.Context, district string, owner, id int64) (Job, error) {
	j, err := r.scan(r.db.Read().QueryRow(ctx, `SELECT `+jobCols+` FROM jobs WHERE district_code = ? AND id = ?`, district, id))
	if db.IsNoRows(err) || (err == nil && j.CreatedBy != owner) {
		e := errs.NotFoundf("任务")
		e.Denied = err == nil
		return Job{}, e
	}
	return j, err
}

// List returns the owner's jobs, newest first.
func (r *Runner) List(ctx context.Context, district string, owner int64, offset, limit int) ([]Job, int, error) {
	var total int
	if err := r.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE district_code = ? AND created_by = ?`, district, owner).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := r.db.Read().Query(ctx, `SELECT `+jobCols+` FROM jobs WHERE district_code = ? AND created_by = ?
ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, district, owner, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		j, err := r.scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, j)
	}
	return out, total, rows.Err()
}

// Running counts the owner's unfinished jobs.
func (r *Runner) Running(ctx context.Context, district string, owner int64) (int, error) {
	var n int
	err := r.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE district_code = ? AND created_by = ? AND status IN (?, ?)`,
		district, owner, Queued, Running).Scan(&n)
	return n, err
}
