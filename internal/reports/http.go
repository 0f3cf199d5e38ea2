package reports

import (
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/jobs"
)

func actor(c *httpapi.Ctx) Actor { return Actor{P: c.P(), IP: c.IP()} }

// TemplateInput is the body of a template edit.
type TemplateInput struct {
	Body string `json:"body"`
}

// Routes registers the reports endpoints.
func (s *Service) Routes(rt *httpapi.Router) {
	const tag = "工作报告"
	full := httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/reports/metrics", Summary: "指标目录（名称、口径、单位、范围、期间、来源）", Tag: tag,
		Auth: full, Response: []Metric{}, Handler: func(c *httpapi.Ctx) error {
			if err := access.Require(c.P(), access.ReportsRead); err != nil {
				return err
			}
			return c.OK(map[string]any{"items": Catalog()})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/reports/templates/{template}", Summary: "报告模板（annual、half-year）", Tag: tag,
		Auth: full, Response: TemplateText{}, Handler: func(c *httpapi.Ctx) error {
			t, err := s.Template(c.R.Context(), actor(c), c.R.PathValue("template"))
			if err != nil {
				return err
			}
			return c.OK(t)
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/reports/templates/{template}", Summary: "保存报告模板（逐个检查占位符）", Tag: tag,
		Auth: full, Request: TemplateInput{}, Response: TemplateText{}, Handler: func(c *httpapi.Ctx) error {
			var in TemplateInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			t, err := s.PutTemplate(c.R.Context(), actor(c), c.R.PathValue("template"), in.Body)
			if err != nil {
				return err
			}
			return c.OK(t)
		}})
	rt.Handle(httpapi.Route{Method: "DELETE", Path: "/api/v1/reports/templates/{template}", Summary: "恢复默认报告模板", Tag: tag,
		Auth: full, Response: TemplateText{}, Handler: func(c *httpapi.Ctx) error {
			t, err := s.ResetTemplate(c.R.Context(), actor(c), c.R.PathValue("template"))
			if err != nil {
				return err
			}
			return c.OK(t)
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/reports/preview", Summary: "预览报告（可带未保存的模板正文）", Tag: tag,
		Auth: full, Request: Request{}, Response: Doc{}, Handler: func(c *httpapi.Ctx) error {
			var req Request
			if err := c.Decode(&req); err != nil {
				return err
			}
			d, err := s.Preview(c.R.Context(), actor(c), req)
			if err != nil {
				return err
			}
			return c.OK(d)
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/reports/generate", Summary: "生成工作报告 DOCX/PDF（后台任务）", Tag: tag,
		Auth: full, Request: Request{}, Response: jobs.Job{}, Handler: func(c *httpapi.Ctx) error {
			var req Request
			if err := c.Decode(&req); err != nil {
				return err
			}
			j, err := s.StartGenerate(c.R.Context(), actor(c), req)
			if err != nil {
				return err
			}
			return c.JSON(202, j)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/reports/plans", Summary: "工作计划列表", Tag: tag, Auth: full,
		Response: []Plan{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Plans(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/reports/plans/{period}", Summary: "某期间的工作计划", Tag: tag, Auth: full,
		Response: Plan{}, Handler: func(c *httpapi.Ctx) error {
			p, err := s.Plan(c.R.Context(), actor(c), c.R.PathValue("period"))
			if err != nil {
				return err
			}
			return c.OK(p)
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/reports/plans/{period}", Summary: "保存某期间的工作计划", Tag: tag, Auth: full,
		Request: Plan{}, Response: Plan{}, Handler: func(c *httpapi.Ctx) error {
			var p Plan
			if err := c.Decode(&p); err != nil {
				return err
			}
			out, err := s.PutPlan(c.R.Context(), actor(c), c.R.PathValue("period"), p)
			if err != nil {
				return err
			}
			return c.OK(out)
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/reports/plans/{period}/carry-over", Summary: "把未完成事项结转为下期工作计划",
		Tag: tag, Auth: full, Response: Plan{}, Handler: func(c *httpapi.Ctx) error {
			p, err := s.CarryOver(c.R.Context(), actor(c), c.R.PathValue("period"))
			if err != nil {
				return err
			}
			return c.JSON(201, p)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/reports/plans/{period}/progress", Summary: "计划完成情况（绑定指标的按数据计算）",
		Tag: tag, Auth: full, Response: []ItemStatus{}, Handler: func(c *httpapi.Ctx) error {
			var school int64
			if v := c.R.URL.Query().Get("school_id"); v != "" {
				id, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return errs.Field("school_id", "学校编号应为数字")
				}
				school = id
			}
			items, err := s.PlanProgress(c.R.Context(), actor(c), c.R.PathValue("period"), school)
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
}
