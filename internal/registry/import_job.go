package registry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/excel"
	"github.com/edubureau/edubureau/internal/platform/jobs"
)

// Import modes.
const (
	ModeStrict = "strict" // all or nothing; a record that exists already is an error
	ModeUpsert = "upsert" // update existing records by natural key (学籍号, 工号), add the rest
)

// ImportKind is the job kind of imports.
const ImportKind = "registry.import"

// ImportParams are the parameters an import job is started with.
type ImportParams struct {
	Entity   string      `json:"entity"`
	Mode     string      `json:"mode"`
	SchoolID int64       `json:"school_id"`
	Path     string      `json:"path"`
	FileName string      `json:"file_name"`
	Actor    ActorRecord `json:"actor"`
}

// ActorRecord keeps who started a job, so that the job applies their scope and audits in their name.
type ActorRecord = jobs.Actor

// RecordActor keeps an actor for a job.
func RecordActor(a Actor) ActorRecord { return jobs.ActorOf(a.P, a.IP) }

func recordedActor(r ActorRecord) Actor { return Actor{P: r.Principal(), IP: r.IP} }

// errInvalidFile stops the write transaction of an import that found problems.
var errInvalidFile = errors.New("import has errors")

// importRun is the state of one import.
type importRun struct {
	s        *Service
	t        *jobs.Task
	p        ImportParams
	a        Actor
	d        Dicts
	r        *excel.Reader
	errs     *excel.Errors
	bad      map[int][]excel.CellError
	added    int
	updated  int
	rows     int
	estimate int
}

func (s *Service) runImport(ctx context.Context, t *jobs.Task) error {
	var p ImportParams
	if err := t.Params(&p); err != nil {
		return err
	}
	defer os.Remove(p.Path)
	run := &importRun{s: s, t: t, p: p, a: recordedActor(p.Actor), errs: excel.NewErrors(1000), bad: map[int][]excel.CellError{}}
	var err error
	if run.d, err = s.Dicts(ctx, run.a.P.District); err != nil {
		return err
	}
	spec, ok := Spec(p.Entity, run.d)
	if !ok {
		return errs.E(errs.Invalid, "不支持导入：%s", p.Entity)
	}
	if st, err := os.Stat(p.Path); err == nil {
		run.estimate = int(st.Size() / 60) // rows, roughly: a filled template row compresses to about 60 bytes
	}
	if run.r, err = excel.Open(p.Path, spec); err != nil {
		return errs.E(errs.Invalid, "%s", errText(err))
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		if err := run.load(ctx, q); err != nil {
			return err
		}
		if run.errs.Total() > 0 {
			return errInvalidFile
		}
		return s.Audit.Append(ctx, q, run.a.P.District, audit.By(run.a.P, run.a.IP, "registry.import", p.Entity, p.FileName,
			fmt.Sprintf("导入%s：新增 %d 条，更新 %d 条（%s）", EntityNames[p.Entity], run.added, run.updated, p.FileName)))
	})
	run.r.Close()
	if errors.Is(err, errInvalidFile) {
		return run.errorBook(spec)
	}
	if err != nil {
		return err
	}
	t.Done(fmt.Sprintf("已导入 %d 条%s：新增 %d 条，更新 %d 条", run.added+run.updated, EntityNames[p.Entity], run.added, run.updated))
	return nil
}

// load reads every row, validating and writing until the first error; after that it only validates,
// so that one run reports every problem of the file.
func (run *importRun) load(ctx context.Context, q db.Querier) error {
	var w rowWriter
	switch run.p.Entity {
	case EntityStudents:
		sw, err := run.newStudentWriter(ctx, q)
		if err != nil {
			return err
		}
		w = sw
	case EntityStaff:
		w = run.newStaffWriter(q)
	case EntityFacilities:
		w = run.newFacilityWriter(q)
	}
	// Reading the workbook (XML decoding) and checking and writing rows each take about half of
	// the time: the reader runs on its own goroutine so that the two use both cores.
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	rowc := make(chan excel.Row, 2048)
	go func() {
		defer close(rowc)
		for {
			row, ok := run.r.Next()
			if !ok {
				return
			}
			select {
			case rowc <- row:
			case <-rctx.Done():
				return
			}
		}
	}()
	defer func() {
		stop()
		for range rowc { // let the reader finish before the caller closes the file
		}
	}()
	for row := range rowc {
		run.rows++
		c := &cellReader{r: run.r, row: row}
		if err := w.row(ctx, c); err != nil {
			return err
		}
		if run.rows%1000 == 0 {
			if err := w.flush(ctx); err != nil {
				return err
			}
			pct := 95
			if run.estimate > 0 {
				pct = min(95, run.rows*100/run.estimate)
			}
			if err := run.t.Progress(ctx, pct, fmt.Sprintf("已校验 %d 行，发现 %d 处错误", run.rows, run.errs.Total())); err != nil {
				return err
			}
		}
	}
	if err := run.r.Err(); err != nil {
		return errs.E(errs.Invalid, "%s", errText(err))
	}
	if run.rows == 0 {
		return errs.E(errs.Invalid, "文件中没有数据行：请在表头下方填写数据")
	}
	return w.flush(ctx)
}

// rowWriter checks and writes the rows of one entity.
type rowWriter interface {
	row(ctx context.Context, c *cellReader) error
	flush(ctx context.Context) error
}

// reject records the errors of a row.
func (run *importRun) reject(c *cellReader) bool {
	if len(c.errs) == 0 {
		return false
	}
	run.errs.Add(c.errs...)
	run.bad[c.row.Number] = append(run.bad[c.row.Number], c.errs...)
	return true
}

// writing reports whether rows are still written (no error found so far).
func (run *importRun) writing() bool { return run.errs.Total() == 0 }

// errorBook writes the error workbook: every row of the file with a column naming its errors.
func (run *importRun) errorBook(spec excel.Spec) error {
	r, err := excel.Open(run.p.Path, spec)
	if err != nil {
		return err
	}
	defer r.Close()
	name := strings.TrimSuffix(run.p.FileName, ".xlsx") + "_错误报告.xlsx"
	path, err := run.t.ResultPath(name)
	if err != nil {
		return err
	}
	book, err := excel.NewErrorBook(path, r)
	if err != nil {
		return err
	}
	book.Dates("birth_date", "joined_school_on")
	for {
		row, ok := r.Next()
		if !ok {
			break
		}
		if err := book.Add(row, run.bad[row.Number]); err != nil {
			return err
		}
	}
	if err := book.Close(); err != nil {
		return err
	}
	first := ""
	if l := run.errs.List(); len(l) > 0 {
		first = "，例如：" + l[0].Error()
	}
	return errs.E(errs.Invalid, "发现 %d 处错误（%d 行），未导入任何数据%s。请下载错误报告，修改后重新导入。", run.errs.Total(), run.errs.Rows(), first)
}
