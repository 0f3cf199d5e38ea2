package audit

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/excel"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/jobs"
)

// View is an audit row as the auditor's screen shows it.
type View struct {
	Seq        int64     `json:"seq"`
	Time       time.Time `json:"time"`
	ActorID    int64     `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	Role       string    `json:"role"`
	IP         string    `json:"ip"`
	Action     string    `json:"action"`
	ActionName string    `json:"action_name"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Result     string    `json:"result"`
	Detail     string    `json:"detail"`
}

func view(r Row) View {
	return View{r.Seq, r.Time(), r.ActorID, r.ActorName, r.Role, r.IP, r.Action, ActionName(r.Action), r.ObjectType,
		r.ObjectID, r.Result, r.Detail}
}

// ExportRequest filters an export; the same fields as the list's query parameters.
type ExportRequest struct {
	Actor      string `json:"actor"`
	Action     string `json:"action"`
	Result     string `json:"result"`
	ObjectType string `json:"object_type"`
	From       string `json:"from"`
	To         string `json:"to"`
	Q          string `json:"q"`
}

func (e ExportRequest) query() (Query, error) {
	q := Query{Actor: e.Actor, Action: e.Action, Result: e.Result, ObjectType: e.ObjectType, Text: e.Q}
	var f errs.Fields
	parse := func(field, s string, endOfDay bool) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", s, time.Local)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, s); err != nil {
				f.Add(field, "日期格式应为 2006-01-02")
				return time.Time{}
			}
			return t
		}
		if endOfDay {
			t = t.AddDate(0, 0, 1)
		}
		return t
	}
	q.From, q.To = parse("from", e.From, false), parse("to", e.To, true)
	return q, f.Err()
}

// ExportKind is the job kind of audit exports.
const ExportKind = "audit.export"

// Routes registers the auditor's endpoints and the export job.
func (l *Log) Routes(rt *httpapi.Router, runner *jobs.Runner) {
	runner.Register(ExportKind, jobs.Kind{Name: "导出审计日志", Run: l.export})
	tag := "审计"
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/audit", Summary: "查询审计日志（审计管理员）", Tag: tag, Auth: httpapi.Full,
		Response: httpapi.List[View]{}, Handler: func(c *httpapi.Ctx) error {
			if err := access.Require(c.P(), access.AuditRead); err != nil {
				return err
			}
			p, err := httpapi.ParsePage(c.R, nil, "")
			if err != nil {
				return err
			}
			v := c.R.URL.Query()
			q, err := ExportRequest{v.Get("actor"), v.Get("action"), v.Get("result"), v.Get("object_type"), v.Get("from"), v.Get("to"), v.Get("q")}.query()
			if err != nil {
				return err
			}
			q.Offset, q.Limit = p.Offset(), p.Size
			rows, total, err := l.Search(c.R.Context(), c.P().District, q)
			if err != nil {
				return err
			}
			items := make([]View, len(rows))
			for i, r := range rows {
				items[i] = view(r)
			}
			return c.OK(httpapi.NewList(items, total, p))
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/audit/verify", Summary: "校验审计日志完整性（审计管理员）", Tag: tag,
		Auth: httpapi.Full, Response: Verification{}, Handler: func(c *httpapi.Ctx) error {
			p := c.P()
			if err := access.Require(p, access.AuditRead); err != nil {
				return err
			}
			if err := c.DecodeEmpty(); err != nil {
				return err
			}
			v, err := l.Verify(c.R.Context(), p.District)
			if err != nil {
				return err
			}
			result := OK
			if !v.OK {
				result = Failed
			}
			e := By(p, c.IP(), "audit.verify", "audit", p.District, v.Message)
			e.Result = result
			if err := l.Record(c.R.Context(), p.District, e); err != nil {
				return err
			}
			return c.OK(v)
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/audit/export", Summary: "导出审计日志为 Excel（后台任务）", Tag: tag,
		Auth: httpapi.Full, Request: ExportRequest{}, Response: jobs.Job{}, Handler: func(c *httpapi.Ctx) error {
			p := c.P()
			if err := access.Require(p, access.AuditRead); err != nil {
				return err
			}
			var req ExportRequest
			if err := c.Decode(&req); err != nil {
				return err
			}
			if _, err := req.query(); err != nil {
				return err
			}
			if err := l.Record(c.R.Context(), p.District, By(p, c.IP(), "audit.export", "audit", p.District,
				fmt.Sprintf("筛选条件：%+v", req))); err != nil {
				return err
			}
			j, err := runner.Start(c.R.Context(), p.District, p.UserID, ExportKind, req)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusAccepted, j)
		}})
}

func (l *Log) export(ctx context.Context, t *jobs.Task) error {
	var req ExportRequest
	if err := t.Params(&req); err != nil {
		return err
	}
	q, err := req.query()
	if err != nil {
		return err
	}
	_, total, err := l.Search(ctx, t.District(), Query{Actor: q.Actor, Action: q.Action, Result: q.Result,
		ObjectType: q.ObjectType, From: q.From, To: q.To, Text: q.Text, Limit: 1})
	if err != nil {
		return err
	}
	path, err := t.ResultPath(fmt.Sprintf("审计日志_%s.xlsx", time.Now().Format("20060102_150405")))
	if err != nil {
		return err
	}
	w, err := excel.Create(path, "审计日志", []excel.Column{excel.Col("序号", 8), excel.Col("时间", 20), excel.Col("操作人", 14), excel.Col("角色", 12),
		excel.Col("IP", 16), excel.Col("操作", 18), excel.Col("对象类型", 10), excel.Col("对象", 20), excel.Col("结果", 8), excel.Col("详情", 60)})
	if err != nil {
		return err
	}
	err = l.Each(ctx, t.District(), q, func(r Row) error {
		if err := w.Row(r.Seq, r.Time().Format("2006-01-02 15:04:05"), r.ActorName, r.Role, r.IP, ActionName(r.Action),
			r.ObjectType, r.ObjectID, resultName[r.Result], r.Detail); err != nil {
			return err
		}
		if n := w.Rows(); total > 0 && n%500 == 0 {
			return t.Progress(ctx, n*100/total, fmt.Sprintf("已导出 %d / %d 条", n, total))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	t.Done(fmt.Sprintf("共导出 %d 条记录", w.Rows()))
	return nil
}

var resultName = map[string]string{OK: "成功", Denied: "拒绝", Failed: "失败"}
