package jobs

import (
	"net/http"
	"net/url"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

// Routes registers the job endpoints. Every user sees only the jobs they started; onDownload
// records each download of a result file (the audit log) and may refuse it.
func (r *Runner) Routes(rt *httpapi.Router, onDownload func(c *httpapi.Ctx, j Job) error) {
	tag := "后台任务"
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/jobs", Summary: "我的后台任务", Tag: tag, Auth: httpapi.Full,
		Response: httpapi.List[Job]{}, Handler: func(c *httpapi.Ctx) error {
			p, err := httpapi.ParsePage(c.R, nil, "")
			if err != nil {
				return err
			}
			items, total, err := r.List(c.R.Context(), c.Session.District, c.P().UserID, p.Offset(), p.Size)
			if err != nil {
				return err
			}
			return c.OK(httpapi.NewList(items, total, p))
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/jobs/{id}", Summary: "任务进度", Tag: tag, Auth: httpapi.Full,
		Response: Job{}, Handler: func(c *httpapi.Ctx) error {
			j, err := r.byPath(c)
			if err != nil {
				return err
			}
			return c.OK(j)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/jobs/{id}/result", Summary: "下载任务结果文件", Tag: tag,
		Auth: httpapi.Full, Raw: true, Handler: func(c *httpapi.Ctx) error {
			j, err := r.byPath(c)
			if err != nil {
				return err
			}
			if (j.Status != Succeeded && j.Status != Failed) || j.resultPath == "" {
				return errs.E(errs.NotFound, "任务尚未完成或没有结果文件")
			}
			if err := onDownload(c, j); err != nil {
				return err
			}
			c.W.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(j.ResultName))
			c.W.Header().Set("Cache-Control", "no-store")
			http.ServeFile(c.W, c.R, j.resultPath)
			return nil
		}})
}

func (r *Runner) byPath(c *httpapi.Ctx) (Job, error) {
	id, err := c.PathID("id")
	if err != nil {
		return Job{}, err
	}
	return r.Get(c.R.Context(), c.Session.District, c.P().UserID, id)
}
