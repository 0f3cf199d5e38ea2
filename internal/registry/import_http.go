package registry

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/excel"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/jobs"
)

// MaxUpload bounds an uploaded workbook (a million student rows fit well below it).
const MaxUpload = 200 << 20

func (s *Service) importRoutes(rt *httpapi.Router) {
	s.Jobs.Register(ImportKind, jobs.Kind{Name: "Excel 导入", Run: s.runImport})
	s.Jobs.Register(ExportKind, jobs.Kind{Name: "Excel 导出", Run: s.runExport})
	tag := "基础数据"
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/registry/templates/{entity}", Summary: "下载导入模板（students、staff、facilities）",
		Tag: tag, Auth: httpapi.Full, Raw: true, Handler: s.handleTemplate})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/registry/imports/{entity}", Summary: "上传 Excel 导入（后台任务；mode=strict|upsert）",
		Tag: tag, Auth: httpapi.Full, Response: jobs.Job{}, Handler: s.handleImport})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/registry/exports/{entity}", Summary: "导出名单为 Excel（后台任务；默认脱敏）",
		Tag: tag, Auth: httpapi.Full, Request: ExportRequest{}, Response: jobs.Job{}, Handler: func(c *httpapi.Ctx) error {
			var req ExportRequest
			if err := c.Decode(&req); err != nil {
				return err
			}
			j, err := s.StartExport(c.R.Context(), actor(c), c.R.PathValue("entity"), req)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusAccepted, j)
		}})
}

func (s *Service) handleTemplate(c *httpapi.Ctx) error {
	if err := access.Require(c.P(), access.RegistryRead); err != nil {
		return err
	}
	entity := c.R.PathValue("entity")
	d, err := s.Dicts(c.R.Context(), c.P().District)
	if err != nil {
		return err
	}
	spec, ok := Spec(entity, d)
	if !ok {
		return errs.E(errs.NotFound, "没有“%s”的导入模板", entity)
	}
	name := EntityNames[entity] + "导入模板.xlsx"
	c.W.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.W.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	return excel.WriteTemplate(c.W, spec, excel.TemplateOptions{Title: EntityNames[entity] + "信息导入模板", Sheet: EntityNames[entity] + "信息",
		Notes: []string{"带 * 的列必须填写；身份证号、学籍号等代码列请保持文本格式；一次上传的数据要么全部导入，要么一条也不导入。"}})
}

func (s *Service) handleImport(c *httpapi.Ctx) error {
	a := actor(c)
	if err := access.Require(a.P, access.RegistryWrite); err != nil {
		return err
	}
	entity := c.R.PathValue("entity")
	if _, ok := EntityNames[entity]; !ok {
		return errs.E(errs.NotFound, "不支持导入：%s", entity)
	}
	mode := c.R.URL.Query().Get("mode")
	if mode == "" {
		mode = ModeStrict
	}
	if mode != ModeStrict && mode != ModeUpsert {
		return errs.Field("mode", "导入方式应为 strict（全部通过才导入）或 upsert（按学籍号/工号更新）")
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
	file, header, err := c.R.FormFile("file")
	if err != nil {
		return errs.Field("file", "请选择要上传的 Excel 文件")
	}
	defer file.Close()
	schoolID := a.P.SchoolID
	if v := c.R.FormValue("school_id"); v != "" {
		if schoolID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return errs.Field("school_id", "学校无效")
		}
	}
	if entity != EntityFacilities {
		if schoolID == 0 {
			return errs.Field("school_id", "请选择导入到哪所学校")
		}
		if _, err := s.writableSchool(c.R.Context(), s.DB.Read(), a, schoolID); err != nil {
			return err
		}
	}
	path, err := s.Jobs.SaveUpload("", file)
	if err != nil {
		return err
	}
	if err := s.Audit.Record(c.R.Context(), a.P.District, audit.By(a.P, a.IP, "registry.upload", entity, header.Filename,
		fmt.Sprintf("上传%s导入文件 %s（%d 字节，方式 %s）", EntityNames[entity], header.Filename, header.Size, mode))); err != nil {
		os.Remove(path)
		return err
	}
	j, err := s.Jobs.Start(c.R.Context(), a.P.District, a.P.UserID, ImportKind, ImportParams{Entity: entity, Mode: mode,
		SchoolID: schoolID, Path: path, FileName: filepath.Base(header.Filename), Actor: RecordActor(a)})
	if err != nil {
		os.Remove(path)
		return err
	}
	return c.JSON(http.StatusAccepted, j)
}
