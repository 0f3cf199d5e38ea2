package fitness

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

// Job kinds.
const (
	ImportKind = "fitness.import"
	ExportKind = "fitness.export"
)

// ImportParams are the parameters of an import job: one school's results of one school year.
type ImportParams struct {
	SchoolID   int64       `json:"school_id"`
	SchoolYear int         `json:"school_year"`
	Path       string      `json:"path"`
	FileName   string      `json:"file_name"`
	Actor      ActorRecord `json:"actor"`
}

// ActorRecord keeps who started a job, so that the job applies their scope and audits in their name.
type ActorRecord = jobs.Actor

// RecordActor keeps an actor for a job.
func RecordActor(a Actor) ActorRecord { return jobs.ActorOf(a.P, a.IP) }

func recordedActor(r ActorRecord) Actor { return Actor{P: r.Principal(), IP: r.IP} }

var errInvalidFile = errors.New("import has errors")

// rosterEntry is a student of the importing school.
type rosterEntry struct {
	id      int64
	sex     string
	classID int64
}

// importRun is the state of one import.
type importRun struct {
	p        ImportParams
	a        Actor
	r        *excel.Reader
	errs     *excel.Errors
	bad      map[int][]excel.CellError
	roster   map[string]rosterEntry
	firsts   map[int64]Rating // stored first attempts of the year
	seen     map[string]int   // 学籍号|attempt → row
	rows     int
	written  int
	exempt   int
	retests  int
	estimate int
}

// RunImport imports a workbook in the national layout: every row is checked (学籍号 of the
// school, grade code, sex, every value with the time rule of ParseCell, the plausible ranges,
// 补测 only after a 不及格), and the rows are written in one transaction only when the whole
// file is free of errors; otherwise an error workbook names every bad cell.
func (s *Service) runImport(ctx context.Context, t *jobs.Task) error {
	var p ImportParams
	if err := t.Params(&p); err != nil {
		return err
	}
	defer os.Remove(p.Path)
	run := &importRun{p: p, a: recordedActor(p.Actor), errs: excel.NewErrors(1000), bad: map[int][]excel.CellError{}, seen: map[string]int{}}
	if st, err := os.Stat(p.Path); err == nil {
		run.estimate = int(st.Size() / 80)
	}
	if err := s.loadRoster(ctx, run); err != nil {
		return err
	}
	var err error
	if run.r, err = excel.Open(p.Path, importSpec()); err != nil {
		return errs.E(errs.Invalid, "%s", errText(err))
	}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		w := NewWriter(q, s.Keys, p.Actor.District, p.Actor.UserID)
		if err := run.load(ctx, t, w); err != nil {
			return err
		}
		if run.errs.Total() > 0 {
			return errInvalidFile
		}
		if err := t.Progress(ctx, 97, "正在写入"); err != nil {
			return err
		}
		if err := w.Close(ctx); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, p.Actor.District, run.a.entry("fitness.import", "school", itoa64(p.SchoolID),
			fmt.Sprintf("导入 %d 学年体质健康测试成绩 %d 条（免测 %d，补测 %d；%s）", p.SchoolYear, run.written, run.exempt, run.retests, p.FileName)))
	})
	run.r.Close()
	if errors.Is(err, errInvalidFile) {
		return run.errorBook(t)
	}
	if err != nil {
		return err
	}
	s.written()
	t.Done(fmt.Sprintf("已导入 %d 条体质健康测试成绩（免测 %d，补测 %d）", run.written, run.exempt, run.retests))
	return nil
}

func (s *Service) loadRoster(ctx context.Context, run *importRun) error {
	district := run.p.Actor.District
	run.roster, run.firsts = map[string]rosterEntry{}, map[int64]Rating{}
	rows, err := s.DB.Read().Query(ctx, `SELECT id, student_no, sex, COALESCE(class_id, 0) FROM students WHERE district_code = ? AND school_id = ?`,
		district, run.p.SchoolID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e rosterEntry
		var no string
		if err := rows.Scan(&e.id, &no, &e.sex, &e.classID); err != nil {
			rows.Close()
			return err
		}
		run.roster[no] = e
	}
	rows.Close()
	rows, err = s.DB.Read().Query(ctx, `SELECT student_id, rating FROM fitness_results WHERE district_code = ? AND school_id = ? AND school_year = ?
AND attempt = 1`, district, run.p.SchoolID, run.p.SchoolYear)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r string
		if err := rows.Scan(&id, &r); err != nil {
			return err
		}
		run.firsts[id] = Rating(r)
	}
	return rows.Err()
}

// load reads every row, checking it and writing while the file is free of errors.
func (run *importRun) load(ctx context.Context, t *jobs.Task, w *Writer) error {
	for {
		row, ok := run.r.Next()
		if !ok {
			break
		}
		run.rows++
		e, errsOf := run.check(row)
		if len(errsOf) > 0 {
			run.errs.Add(errsOf...)
			run.bad[row.Number] = append(run.bad[row.Number], errsOf...)
		} else if run.errs.Total() > 0 {
			if e.Attempt == 1 { // only checking now: a 补测 later in the file still finds its first test
				run.firsts[e.StudentID] = Score(e.Input).Rating
			}
		} else {
			r, err := w.Add(ctx, e)
			if err != nil {
				return err
			}
			run.written++
			if e.Input.Exempt {
				run.exempt++
			}
			if e.Attempt == 2 {
				run.retests++
			} else {
				run.firsts[e.StudentID] = r.Rating
			}
		}
		if run.rows%2000 == 0 {
			pct := 95
			if run.estimate > 0 {
				pct = min(95, run.rows*100/run.estimate)
			}
			if err := t.Progress(ctx, pct, fmt.Sprintf("已校验 %d 行，发现 %d 处错误", run.rows, run.errs.Total())); err != nil {
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
	return nil
}

// check reads one row into an Entry, or returns its errors located by row and column.
func (run *importRun) check(row excel.Row) (Entry, []excel.CellError) {
	var out []excel.CellError
	fail := func(key, format string, args ...any) {
		out = append(out, run.r.ErrorAt(row.Number, key, fmt.Errorf(format, args...)))
	}
	cell := func(k string) string { return strings.TrimSpace(row.Cells[k]) }
	no := cell("student_no")
	st, ok := run.roster[no]
	switch {
	case no == "":
		fail("student_no", "学籍号不能为空")
	case !ok:
		fail("student_no", "学籍号 %s 不是本校学生（请先在学籍中登记，或检查是否填错学校）", no)
	}
	grade, gok := GradeFromCode(cell("grade_code"))
	if !gok {
		fail("grade_code", "年级编号无效：%q（小学 11–16，初中 21–23，高中 31–33）", cell("grade_code"))
	}
	sex := sexOf(cell("sex"))
	if sex == 0 {
		fail("sex", "性别应为 1（男）或 2（女）：%q", cell("sex"))
	} else if ok && sexOf(st.sex) != sex {
		fail("sex", "性别与学籍（%s）不一致", st.sex)
	}
	in := Input{Grade: grade, Sex: sex}
	if reason := cell("exempt_reason"); reason != "" {
		in.Exempt, in.ExemptReason = true, reason
	}
	for _, k := range measureKeys {
		v, err := ParseCell(k, row.Cells[k])
		if err != nil {
			fail(k, "%s", Reason(err))
			continue
		}
		in.SetField(k, v)
	}
	attempt := 1
	switch cell("retest") {
	case "", "否", "0", "N", "n":
	case "是", "1", "Y", "y", "补测":
		attempt = 2
	default:
		fail("retest", "补测应填“是”或留空：%q", cell("retest"))
	}
	if len(out) > 0 {
		return Entry{}, out
	}
	if err := in.Validate(); err != nil {
		var fe *Error
		key := ""
		if errors.As(err, &fe) {
			key = fieldKey(fe.Field)
		}
		if key == "" || key == "grade" || key == "exempt_reason" {
			key = map[string]string{"grade": "grade_code", "exempt_reason": "exempt_reason"}[key]
		}
		if key == "" {
			key = "student_no"
		}
		fail(key, "%s", Reason(err))
		return Entry{}, out
	}
	dup := fmt.Sprintf("%s|%d", no, attempt)
	if first, ok := run.seen[dup]; ok {
		fail("student_no", "学籍号 %s 与第 %d 行重复", no, first)
		return Entry{}, out
	}
	run.seen[dup] = row.Number
	if attempt == 2 {
		if r, ok := run.firsts[st.id]; !ok || r != RatingFail {
			if !ok {
				fail("retest", "该生本学年还没有首次测试成绩，不能补测")
			} else {
				fail("retest", "只有评定为不及格的学生才能补测，该生首次测试为%s", r)
			}
			return Entry{}, out
		}
	}
	return Entry{StudentID: st.id, SchoolYear: run.p.SchoolYear, Attempt: attempt, SchoolID: run.p.SchoolID, ClassID: st.classID, Input: in}, nil
}

// errorBook writes the error workbook: every row of the file with a column naming its errors.
func (run *importRun) errorBook(t *jobs.Task) error {
	r, err := excel.Open(run.p.Path, importSpec())
	if err != nil {
		return err
	}
	defer r.Close()
	path, err := t.ResultPath(strings.TrimSuffix(run.p.FileName, ".xlsx") + "_错误报告.xlsx")
	if err != nil {
		return err
	}
	book, err := excel.NewErrorBook(path, r)
	if err != nil {
		return err
	}
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

func errText(err error) string {
	if e, ok := errs.As(err); ok {
		return e.Message
	}
	return err.Error()
}

// audit helper for uploads.
func uploadEntry(a Actor, file string, size int64, year int) audit.Entry {
	return a.entry("fitness.upload", "file", file, fmt.Sprintf("上传 %d 学年体质健康成绩文件 %s（%d 字节）", year, file, size))
}
