package fitness

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/excel"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/jobs"
)

func actor(c *httpapi.Ctx) Actor { return Actor{P: c.P(), IP: c.IP()} }

// MaxUpload bounds an uploaded workbook.
const MaxUpload = 100 << 20

// YearsResponse lists the school years on record and the current one.
type YearsResponse struct {
	Years   []int `json:"years"`
	Current int   `json:"current"`
}

// ClassItem is a class in the class list of a school.
type ClassItem struct {
	ID         int64  `json:"id,string"`
	Name       string `json:"name"`
	Grade      int    `json:"grade"`
	SchoolYear int    `json:"school_year"`
	Students   int    `json:"students"`
}

// TargetsRequest replaces the targets of a school year.
type TargetsRequest struct {
	SchoolYear int      `json:"school_year"`
	Targets    []Target `json:"targets"`
}

// TargetsResponse lists the targets of a school year with the metrics they may bind to.
type TargetsResponse struct {
	SchoolYear int           `json:"school_year"`
	Targets    []TargetCheck `json:"targets"`
}

func queryInt(c *httpapi.Ctx, name string) (int, error) {
	v := c.R.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, errs.Field(name, fmt.Sprintf("%s 应为整数", name))
	}
	return n, nil
}

// Routes registers the fitness endpoints.
func (s *Service) Routes(rt *httpapi.Router) {
	s.Jobs.Register(ImportKind, jobs.Kind{Name: "体质健康成绩导入", Run: s.runImport})
	s.Jobs.Register(ExportKind, jobs.Kind{Name: "体质健康数据导出", Run: s.runExport})
	tag, full := "体质健康", httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/fitness/years", Summary: "有成绩的学年", Tag: tag, Auth: full,
		Response: YearsResponse{}, Handler: func(c *httpapi.Ctx) error {
			if err := access.Require(c.P(), access.FitnessRead); err != nil {
				return err
			}
			ys, err := Years(c.R.Context(), s.DB.Read(), c.P().District)
			if err != nil {
				return err
			}
			return c.OK(YearsResponse{Years: ys, Current: s.currentYear()})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/fitness/stats", Summary: "体质健康统计：四率一分、单项及格率、超重肥胖率、学校排名、趋势、目标（year、school_id、zone_id）",
		Tag: tag, Auth: full, Response: Stats{}, Handler: func(c *httpapi.Ctx) error {
			year, err := queryInt(c, "year")
			if err != nil {
				return err
			}
			school, err := httpapi.QueryInt64(c.R, "school_id")
			if err != nil {
				return err
			}
			zone, err := httpapi.QueryInt64(c.R, "zone_id")
			if err != nil {
				return err
			}
			st, err := s.Stats(c.R.Context(), actor(c), year, school, zone)
			if err != nil {
				return err
			}
			return c.OK(st)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/fitness/classes", Summary: "学校的班级（录入成绩用；school_id）", Tag: tag, Auth: full,
		Response: httpapi.List[ClassItem]{}, Handler: s.handleClasses})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/fitness/classes/{id}/results", Summary: "班级成绩录入表（year；attempt=2 为补测）", Tag: tag, Auth: full,
		Response: ClassSheet{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			year, err := queryInt(c, "year")
			if err != nil {
				return nil, err
			}
			attempt, err := queryInt(c, "attempt")
			if err != nil {
				return nil, err
			}
			return s.ClassResults(c.R.Context(), actor(c), id, year, attempt)
		})})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/fitness/classes/{id}/results", Summary: "保存班级成绩（全部通过才保存）", Tag: tag, Auth: full,
		Request: ClassEntry{}, Response: ClassSheet{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in ClassEntry
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.SaveClassResults(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/fitness/students/{id}", Summary: "学生体质健康电子档案（家长仅限本人子女）", Tag: tag, Auth: full,
		Response: Dossier{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.StudentDossier(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/fitness/targets", Summary: "体质健康目标及达成情况（year）", Tag: tag, Auth: full,
		Response: TargetsResponse{}, Handler: s.handleTargets})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/fitness/targets", Summary: "设定体质健康目标（教育局）", Tag: tag, Auth: full,
		Request: TargetsRequest{}, Response: TargetsResponse{}, Handler: s.handleSetTargets})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/fitness/template", Summary: "下载成绩导入模板（国家学生体质健康标准数据上报格式）", Tag: tag,
		Auth: full, Raw: true, Handler: s.handleTemplate})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/fitness/imports", Summary: "上传成绩 Excel（后台任务；school_id、school_year）", Tag: tag,
		Auth: full, Response: jobs.Job{}, Handler: s.handleImport})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/fitness/exports", Summary: "导出为国家上报格式（后台任务）", Tag: tag, Auth: full,
		Request: ExportRequest{}, Response: jobs.Job{}, Handler: s.handleExport})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/portal/fitness", Summary: "家长：子女的体质健康成绩", Tag: "家长服务", Auth: full,
		Response: httpapi.List[Child]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Children(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
}

func (s *Service) handleClasses(c *httpapi.Ctx) error {
	p := c.P()
	school, err := httpapi.QueryInt64(c.R, "school_id")
	if err != nil {
		return err
	}
	if school == 0 {
		school = p.SchoolID
	}
	if err := access.Require(p, access.FitnessRead); err != nil {
		return err
	}
	if school == 0 {
		return errs.Field("school_id", "请选择学校")
	}
	o, err := s.schoolObject(c.R.Context(), p.District, school)
	if err != nil {
		return err
	}
	if err := access.Decide(p, access.FitnessRead, o, "学校"); err != nil {
		return err
	}
	year, err := queryInt(c, "year")
	if err != nil {
		return err
	}
	if year == 0 {
		year = s.currentYear()
	}
	rows, err := s.DB.Read().Query(c.R.Context(), `SELECT c.id, c.name, c.grade, c.school_year,
(SELECT COUNT(*) FROM students st WHERE st.district_code = c.district_code AND st.class_id = c.id)
FROM classes c WHERE c.district_code = ? AND c.school_id = ? AND c.school_year = ? AND c.grade >= 1 ORDER BY c.grade, c.number`, p.District, school, year)
	if err != nil {
		return err
	}
	defer rows.Close()
	items := []ClassItem{}
	for rows.Next() {
		var it ClassItem
		if err := rows.Scan(&it.ID, &it.Name, &it.Grade, &it.SchoolYear, &it.Students); err != nil {
			return err
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return c.OK(map[string]any{"items": items})
}

func (s *Service) handleTargets(c *httpapi.Ctx) error {
	p := c.P()
	if err := access.Require(p, access.FitnessRead); err != nil {
		return err
	}
	year, err := queryInt(c, "year")
	if err != nil {
		return err
	}
	if year == 0 {
		year = s.currentYear()
	}
	f, err := YearFigures(c.R.Context(), s.DB.Read(), p.District, year, Scope{})
	if err != nil {
		return err
	}
	ts, err := CheckTargets(c.R.Context(), s.DB.Read(), p.District, year, f)
	if err != nil {
		return err
	}
	return c.OK(TargetsResponse{SchoolYear: year, Targets: ts})
}

func (s *Service) handleSetTargets(c *httpapi.Ctx) error {
	a := actor(c)
	if err := access.Require(a.P, access.FitnessWrite); err != nil {
		return err
	}
	if a.P.Scope() != access.ScopeDistrict {
		e := errs.E(errs.Forbidden, "体质健康目标由教育局设定")
		e.Denied = true
		return e
	}
	var req TargetsRequest
	if err := c.Decode(&req); err != nil {
		return err
	}
	if req.SchoolYear == 0 {
		req.SchoolYear = s.currentYear()
	}
	var fe errs.Fields
	seen := map[string]bool{}
	for i, t := range req.Targets {
		ok := false
		for _, m := range TargetMetrics {
			ok = ok || m.Key == t.Metric
		}
		at := "targets." + strconv.Itoa(i)
		switch {
		case !ok:
			fe.Add(at+".metric", "指标无效："+t.Metric)
		case seen[t.Metric]:
			fe.Add(at+".metric", "指标重复："+t.Metric)
		case t.Value < 0 || t.Value > 120 || t.Metric != "mean_total" && t.Value > 100:
			fe.Add(at+".value", "目标值超出范围（比率 0～100，平均分 0～120）")
		}
		seen[t.Metric] = true
	}
	if err := fe.Err(); err != nil {
		return err
	}
	err := s.DB.Tx(c.R.Context(), func(q db.Querier) error {
		if err := SetTargets(c.R.Context(), q, a.P.District, req.SchoolYear, req.Targets); err != nil {
			return err
		}
		return s.Audit.Append(c.R.Context(), q, a.P.District, a.entry("fitness.targets", "year", strconv.Itoa(req.SchoolYear),
			fmt.Sprintf("设定 %d 学年体质健康目标 %d 项", req.SchoolYear, len(req.Targets))))
	})
	if err != nil {
		return err
	}
	s.written()
	return s.handleTargets(withYear(c, req.SchoolYear))
}

// withYear makes the targets handler answer for a given year.
func withYear(c *httpapi.Ctx, year int) *httpapi.Ctx {
	q := c.R.URL.Query()
	q.Set("year", strconv.Itoa(year))
	c.R.URL.RawQuery = q.Encode()
	return c
}

func (s *Service) handleTemplate(c *httpapi.Ctx) error {
	if err := access.Require(c.P(), access.FitnessRead); err != nil {
		return err
	}
	name := "体质健康成绩导入模板.xlsx"
	c.W.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.W.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	return excel.WriteTemplate(c.W, importSpec(), excel.TemplateOptions{Title: "国家学生体质健康标准数据上报（成绩导入）", Sheet: "体测成绩",
		Notes: []string{"列顺序与国家学生体质健康标准数据上报模板一致；未测项目留空。800米、1000米、50米×8往返跑可写 3'35\"、3:35、3.35（分.秒）或秒数 215：不带单位且小于 30 的数按“分.秒”读。一次上传要么全部导入，要么一条也不导入。"}})
}

func (s *Service) handleImport(c *httpapi.Ctx) error {
	a := actor(c)
	if err := access.Require(a.P, access.FitnessWrite); err != nil {
		return err
	}
	c.R.Body = http.MaxBytesReader(c.W, c.R.Body, MaxUpload)
	if err := c.R.ParseMultipartForm(8 << 20); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return errs.E(errs.TooLarge, "文件过大（上限 %d MB）", MaxUpload>>20)
		}
		return errs.E(errs.Invalid, "请以 multipart/form-data 上传文件（字段名 file）")
	}
	defer c.R.MultipartForm.RemoveAll()
	school := a.P.SchoolID
	if v := c.R.FormValue("school_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return errs.Field("school_id", "学校无效")
		}
		school = n
	}
	if school == 0 {
		return errs.Field("school_id", "请选择导入到哪所学校")
	}
	o, err := s.schoolObject(c.R.Context(), a.P.District, school)
	if err != nil {
		return err
	}
	if err := access.Decide(a.P, access.FitnessWrite, o, "学校"); err != nil {
		return err
	}
	year := s.currentYear()
	if v := c.R.FormValue("school_year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil || year < 2000 || year > s.currentYear()+1 {
			return errs.Field("school_year", "学年无效："+v)
		}
	}
	file, header, err := c.R.FormFile("file")
	if err != nil {
		return errs.Field("file", "请选择要上传的 Excel 文件")
	}
	defer file.Close()
	path, err := s.Jobs.SaveUpload("fitness-", file)
	if err != nil {
		return err
	}
	if err := s.Audit.Record(c.R.Context(), a.P.District, uploadEntry(a, header.Filename, header.Size, year)); err != nil {
		os.Remove(path)
		return err
	}
	j, err := s.Jobs.Start(c.R.Context(), a.P.District, a.P.UserID, ImportKind, ImportParams{SchoolID: school, SchoolYear: year, Path: path,
		FileName: filepath.Base(header.Filename), Actor: RecordActor(a)})
	if err != nil {
		os.Remove(path)
		return err
	}
	return c.JSON(http.StatusAccepted, j)
}

func (s *Service) handleExport(c *httpapi.Ctx) error {
	a := actor(c)
	if err := access.Require(a.P, access.FitnessRead); err != nil {
		return err
	}
	var req ExportRequest
	if err := c.Decode(&req); err != nil {
		return err
	}
	f := access.ListFilter(a.P)
	switch {
	case f.None || f.OwnerID != 0 || f.ZoneID != 0:
		return deniedNotFound("学校")
	case f.SchoolID != 0:
		if req.SchoolID != 0 && req.SchoolID != f.SchoolID {
			return deniedNotFound("学校")
		}
		req.SchoolID = f.SchoolID
	case req.SchoolID != 0:
		if _, err := s.schoolObject(c.R.Context(), a.P.District, req.SchoolID); err != nil {
			return err
		}
	}
	if req.SchoolYear == 0 {
		req.SchoolYear = s.currentYear()
	}
	j, err := s.Jobs.Start(c.R.Context(), a.P.District, a.P.UserID, ExportKind, ExportParams{SchoolID: req.SchoolID, SchoolYear: req.SchoolYear,
		Actor: RecordActor(a)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, j)
}
