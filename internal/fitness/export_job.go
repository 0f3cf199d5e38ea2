package fitness

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/excel"
	"github.com/edubureau/edubureau/internal/platform/jobs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// ExportParams are the parameters of an export: a school's (or, for district roles, every
// school's when SchoolID is 0) standing results of a school year.
type ExportParams struct {
	SchoolID   int64       `json:"school_id,string"`
	SchoolYear int         `json:"school_year"`
	Actor      ActorRecord `json:"actor"`
}

// ExportRequest is the body of POST /api/v1/fitness/exports.
type ExportRequest struct {
	SchoolID   int64 `json:"school_id,string"`
	SchoolYear int   `json:"school_year"`
}

// nationalTitles are the columns of the export: the national template without our two extras.
func nationalTitles() []excel.Column {
	out := []excel.Column{}
	for _, c := range nationalColumns {
		if c.Key == "exempt_reason" || c.Key == "retest" {
			continue
		}
		out = append(out, excel.Col(c.Title, 12))
	}
	return out
}

// runExport writes the standing results in the national layout, so that a school can upload
// them to the national system. 学籍号 are written in full only for callers allowed to reveal
// personal data (PIIReveal); otherwise masked. 免测 students are listed without measures.
func (s *Service) runExport(ctx context.Context, t *jobs.Task) error {
	var p ExportParams
	if err := t.Params(&p); err != nil {
		return err
	}
	a := recordedActor(p.Actor)
	reveal := a.P.Can(access.PIIReveal)
	query := `SELECT r.grade, COALESCE(c.number, 0), COALESCE(c.name, ''), st.student_no, st.ethnicity, st.name, r.sex, st.birth_date, ` +
		`r.exempt, r.v_height, r.v_weight`
	for _, k := range measureKeys[2:] {
		query += ", r.v_" + k
	}
	query += ` FROM fitness_results r JOIN students st ON st.district_code = r.district_code AND st.id = r.student_id
LEFT JOIN classes c ON c.district_code = r.district_code AND c.id = r.class_id
WHERE r.district_code = ? AND r.school_year = ? AND r.standing = TRUE`
	args := []any{a.P.District, p.SchoolYear}
	if p.SchoolID != 0 {
		query += ` AND r.school_id = ?`
		args = append(args, p.SchoolID)
	}
	query += ` ORDER BY r.school_id, r.grade, c.number, st.student_no`
	path, err := t.ResultPath(fmt.Sprintf("体质健康数据上报_%d学年.xlsx", p.SchoolYear))
	if err != nil {
		return err
	}
	w, err := excel.Create(path, "上报数据", nationalTitles())
	if err != nil {
		return err
	}
	rows, err := s.DB.Read().Query(ctx, query, args...)
	if err != nil {
		w.Close()
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var grade, classNo int
		var className, no, eth, name, sex, birth string
		var exempt bool
		vals := make([]sql.NullFloat64, len(measureKeys))
		dest := []any{&grade, &classNo, &className, &no, &eth, &name, &sex, &birth, &exempt}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			w.Close()
			return err
		}
		if !reveal {
			no = pii.MaskStudentNo(no)
		}
		sexCode := "1"
		if sex == "女" {
			sexCode = "2"
		}
		classCode := ""
		if classNo > 0 {
			classCode = GradeCode(grade) + fmt.Sprintf("%02d", classNo)
		}
		row := []any{GradeCode(grade), classCode, className, no, eth, name, sexCode, birth, ""}
		for i, k := range measureKeys {
			if vals[i].Valid && !exempt {
				row = append(row, formatMeasure(k, vals[i].Float64))
			} else {
				row = append(row, "")
			}
		}
		if err := w.Row(row...); err != nil {
			w.Close()
			return err
		}
		n++
		if n%5000 == 0 {
			if err := t.Progress(ctx, 50, "已导出 "+strconv.Itoa(n)+" 条"); err != nil {
				w.Close()
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := s.Audit.Record(ctx, a.P.District, a.entry("fitness.export", "school", itoa64(p.SchoolID),
		fmt.Sprintf("导出 %d 学年体质健康数据（国家上报格式）%d 条，学籍号%s", p.SchoolYear, n, map[bool]string{true: "完整", false: "脱敏"}[reveal]))); err != nil {
		return err
	}
	t.Done(fmt.Sprintf("已导出 %d 条", n))
	return nil
}
