package registry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/excel"
	"github.com/edubureau/edubureau/internal/platform/jobs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// ExportKind is the job kind of exports.
const ExportKind = "registry.export"

// ExportRequest is the body of an export: the list filters, and an unmasked export with its reason.
type ExportRequest struct {
	SchoolID int64  `json:"school_id"`
	Grade    *int   `json:"grade"`
	ClassID  int64  `json:"class_id"`
	Status   string `json:"status"`
	Migrant  *bool  `json:"migrant"`
	Flag     string `json:"flag"`
	Q        string `json:"q"`
	Post     string `json:"post"`
	Unmasked bool   `json:"unmasked"`
	Reason   string `json:"reason"`
}

type exportParams struct {
	Entity string        `json:"entity"`
	Req    ExportRequest `json:"req"`
	Actor  ActorRecord   `json:"actor"`
}

// StartExport checks the request and starts an export job; an unmasked export needs the reveal
// permission and a reason, and is audited as such.
func (s *Service) StartExport(ctx context.Context, a Actor, entity string, req ExportRequest) (jobs.Job, error) {
	if err := access.Require(a.P, access.RegistryRead); err != nil {
		return jobs.Job{}, err
	}
	if entity != EntityStudents && entity != EntityStaff {
		return jobs.Job{}, errs.E(errs.NotFound, "不支持导出：%s", entity)
	}
	if req.Unmasked {
		if err := access.Require(a.P, access.PIIReveal); err != nil {
			return jobs.Job{}, err
		}
		if n := len([]rune(strings.TrimSpace(req.Reason))); n < 4 || n > 200 {
			return jobs.Job{}, errs.Field("reason", "不脱敏导出须填写原因（4–200 字）")
		}
	}
	if _, _, err := s.studentWhere(a, req.filter()); err != nil {
		return jobs.Job{}, err
	}
	action, detail := "export.masked", fmt.Sprintf("导出%s（脱敏）", EntityNames[entity])
	if req.Unmasked {
		action, detail = "export.unmasked", fmt.Sprintf("导出%s（不脱敏），原因：%s", EntityNames[entity], strings.TrimSpace(req.Reason))
	}
	if err := s.Audit.Record(ctx, a.P.District, audit.By(a.P, a.IP, action, entity, "", detail)); err != nil {
		return jobs.Job{}, err
	}
	return s.Jobs.Start(ctx, a.P.District, a.P.UserID, ExportKind, exportParams{Entity: entity, Req: req, Actor: RecordActor(a)})
}

func (r ExportRequest) filter() StudentFilter {
	return StudentFilter{SchoolID: r.SchoolID, Grade: r.Grade, ClassID: r.ClassID, Status: r.Status, Migrant: r.Migrant, Flag: r.Flag, Q: r.Q}
}

const exportPage = 2000

func (s *Service) runExport(ctx context.Context, t *jobs.Task) error {
	var p exportParams
	if err := t.Params(&p); err != nil {
		return err
	}
	a := recordedActor(p.Actor)
	name := fmt.Sprintf("%s名单_%s.xlsx", EntityNames[p.Entity], time.Now().Format("20060102_150405"))
	path, err := t.ResultPath(name)
	if err != nil {
		return err
	}
	if p.Entity == EntityStaff {
		return s.exportStaff(ctx, t, a, p.Req, path)
	}
	return s.exportStudents(ctx, t, a, p.Req, path)
}

func (s *Service) exportStudents(ctx context.Context, t *jobs.Task, a Actor, req ExportRequest, path string) error {
	d, err := s.Dicts(ctx, a.P.District)
	if err != nil {
		return err
	}
	cond, args, err := s.studentWhere(a, req.filter())
	if err != nil {
		return err
	}
	var total int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM students t WHERE `+cond, args...).Scan(&total); err != nil {
		return err
	}
	w, err := excel.Create(path, "学生名单", []excel.Column{excel.Col("学籍号", 22), excel.Col("姓名", 10), excel.Col("性别", 6),
		excel.Col("身份证号", 22), excel.Col("出生日期", 12), excel.Col("民族", 8), excel.Col("户籍", 6), excel.Col("随迁子女", 8),
		excel.Col("家庭住址", 36), excel.Col("学校", 26), excel.Col("年级", 8), excel.Col("班级", 14), excel.Col("学籍状态", 8),
		excel.Col("建档立卡", 8), excel.Col("低保", 6), excel.Col("特困", 6), excel.Col("残疾", 6), excel.Col("残疾类别", 8),
		excel.Col("留守儿童", 8), excel.Col("寄宿", 6)})
	if err != nil {
		return err
	}
	last := int64(0)
	for {
		rows, err := s.DB.Read().Query(ctx, `SELECT `+studentCols+studentFrom+` WHERE `+cond+` AND t.id > ? ORDER BY t.id LIMIT ?`,
			append(append([]any{}, args...), last, exportPage)...)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			st, err := scanStudent(rows)
			if err != nil {
				rows.Close()
				return err
			}
			last, n = st.ID, n+1
			id, addr, no := st.idEnc, st.addrEnc, st.StudentNo
			if id, err = s.Keys.Open(id, ctxIDNumber); err != nil {
				rows.Close()
				return err
			}
			if addr, err = s.Keys.Open(addr, ctxAddress); err != nil {
				rows.Close()
				return err
			}
			if !req.Unmasked {
				id, addr, no = pii.MaskIDNumber(id), pii.MaskAddress(addr), pii.MaskStudentNo(no)
			}
			if err := w.Row(no, st.Name, st.Sex, id, st.BirthDate, d.Name(DictEthnicity, st.Ethnicity), map[bool]string{true: "本地", false: "外地"}[st.HukouLocal],
				yes(st.Migrant), addr, st.SchoolName, st.GradeName, st.ClassName, st.Status, yes(st.Poor), yes(st.Dibao), yes(st.Tekun),
				yes(st.Disabled), st.DisabilityType, yes(st.LeftBehind), yes(st.Boarding)); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if total > 0 {
			if err := t.Progress(ctx, w.Rows()*100/total, fmt.Sprintf("已导出 %d / %d 名学生", w.Rows(), total)); err != nil {
				return err
			}
		}
		if n < exportPage {
			break
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	t.Done(fmt.Sprintf("共导出 %d 名学生（%s）", w.Rows(), maskWord(req.Unmasked)))
	return nil
}

func (s *Service) exportStaff(ctx context.Context, t *jobs.Task, a Actor, req ExportRequest, path string) error {
	w, err := excel.Create(path, "教职工名单", []excel.Column{excel.Col("工号", 12), excel.Col("姓名", 10), excel.Col("性别", 6),
		excel.Col("身份证号", 22), excel.Col("学校", 26), excel.Col("政治面貌", 10), excel.Col("最高学历", 10), excel.Col("职称", 8),
		excel.Col("岗位类别", 10), excel.Col("任教学科", 18), excel.Col("骨干教师", 8), excel.Col("在编", 6), excel.Col("教师资格证", 10),
		excel.Col("到本校工作日期", 14), excel.Col("五年培训学时", 12), excel.Col("在职状态", 8)})
	if err != nil {
		return err
	}
	offset := 0
	for {
		items, total, err := s.ListStaff(ctx, a, StaffFilter{SchoolID: req.SchoolID, Post: req.Post, Q: req.Q}, offset, exportPage)
		if err != nil {
			return err
		}
		for _, m := range items {
			id := m.IDNumber
			if req.Unmasked {
				if id, err = s.Keys.Open(m.idEnc, ctxIDNumber); err != nil {
					return err
				}
			}
			if err := w.Row(m.StaffNo, m.Name, m.Sex, id, m.SchoolName, m.Political, m.Education, m.Title, m.Post,
				strings.Join(m.Subjects, "、"), m.Backbone, yes(m.OnPayroll), yes(m.TeacherCert), m.JoinedSchool, m.TrainingHours, m.Status); err != nil {
				return err
			}
		}
		offset += len(items)
		if total > 0 {
			if err := t.Progress(ctx, offset*100/total, fmt.Sprintf("已导出 %d / %d 名教职工", offset, total)); err != nil {
				return err
			}
		}
		if len(items) < exportPage {
			break
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	t.Done(fmt.Sprintf("共导出 %d 名教职工（%s）", w.Rows(), maskWord(req.Unmasked)))
	return nil
}

func yes(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func maskWord(unmasked bool) string {
	if unmasked {
		return "未脱敏"
	}
	return "已脱敏"
}
