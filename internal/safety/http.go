package safety

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/workflow"
)

var hazardSort = map[string]string{"found_on": "h.found_on", "due_on": "w.due_on", "severity": "h.severity", "state": "w.state",
	"school": "s.code"}

// ActionInput takes a transition of a hazard.
type ActionInput struct {
	Action  string `json:"action"` // submit, verify, return, cancel
	Comment string `json:"comment"`
}

// CommentInput is a comment on a hazard.
type CommentInput struct {
	Comment string `json:"comment"`
}

// DeadlinesInput sets the rectification deadlines.
type DeadlinesInput struct {
	Deadlines []Deadline `json:"deadlines"`
}

// Meta is what the forms need: the lists, the deadlines and the accepted attachments.
type Meta struct {
	Categories []string   `json:"categories"`
	Severities []string   `json:"severities"`
	Sources    []string   `json:"sources"`
	Deadlines  []Deadline `json:"deadlines"`
	Accepted   string     `json:"accepted"`
	Today      string     `json:"today"`
}

// Dashboard is the safety dashboard within the caller's scope.
type Dashboard struct {
	Totals     Rate         `json:"totals"`
	SLA        workflow.SLA `json:"sla"`
	BySchool   []Rate       `json:"by_school"`
	ByCategory []Rate       `json:"by_category"`
	ByMonth    []Rate       `json:"by_month"`
	ByCampaign []Rate       `json:"by_campaign"`
	BySeverity []Rate       `json:"by_severity"`
	BySource   []Rate       `json:"by_source"`
	Todo       Todo         `json:"todo"`
	From       string       `json:"from"`
	To         string       `json:"to"`
}

func hazardFilter(c *httpapi.Ctx) (HazardFilter, error) {
	q := c.R.URL.Query()
	f := HazardFilter{State: q.Get("state"), Category: q.Get("category"), Severity: q.Get("severity"), Source: q.Get("source"),
		Overdue: q.Get("overdue") == "1", Escalated: q.Get("escalated") == "1", From: q.Get("from"), To: q.Get("to"), Q: q.Get("q")}
	var err error
	if f.SchoolID, err = httpapi.QueryInt64(c.R, "school_id"); err != nil {
		return f, err
	}
	f.CampaignID, err = httpapi.QueryInt64(c.R, "campaign_id")
	return f, err
}

// Routes registers the safety endpoints.
func (s *Service) Routes(rt *httpapi.Router) {
	tag := "校园安全"
	full := httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/safety/meta", Summary: "隐患类别、等级、来源与整改期限", Tag: tag, Auth: full,
		Response: Meta{}, Handler: func(c *httpapi.Ctx) error {
			ds, err := s.Deadlines(c.R.Context(), c.P())
			if err != nil {
				return err
			}
			return c.OK(Meta{Categories: Categories, Severities: Severities, Sources: Sources, Deadlines: ds, Accepted: workflow.Accepted,
				Today: s.Flow.Today()})
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/safety/deadlines", Summary: "设置各等级隐患的整改期限（工作日）", Tag: tag, Auth: full,
		Request: DeadlinesInput{}, Response: []Deadline{}, Handler: func(c *httpapi.Ctx) error {
			var in DeadlinesInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			ds, err := s.SetDeadlines(c.R.Context(), c.P(), c.IP(), in.Deadlines)
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": ds})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/safety/hazards", Summary: "安全隐患列表", Tag: tag, Auth: full,
		Response: httpapi.List[Hazard]{}, Handler: func(c *httpapi.Ctx) error {
			pg, err := httpapi.ParsePage(c.R, hazardSort, "")
			if err != nil {
				return err
			}
			f, err := hazardFilter(c)
			if err != nil {
				return err
			}
			items, total, err := s.ListHazards(c.R.Context(), c.P(), f, pg.OrderBy, pg.Offset(), pg.Size)
			if err != nil {
				return err
			}
			return c.OK(httpapi.NewList(items, total, pg))
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/safety/hazards", Summary: "上报安全隐患", Tag: tag, Auth: full,
		Request: HazardInput{}, Response: Hazard{}, Handler: func(c *httpapi.Ctx) error {
			var in HazardInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			h, err := s.ReportFrom(c.R.Context(), c.P(), c.IP(), in)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, h)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/safety/hazards/{id}", Summary: "隐患详情、办理记录与附件", Tag: tag, Auth: full,
		Response: HazardDetail{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.GetHazard(c.R.Context(), c.P(), id)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/safety/hazards/{id}/actions", Summary: "办理隐患：提交整改、验收通过、退回重改、撤销",
		Tag: tag, Auth: full, Request: ActionInput{}, Response: Hazard{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in ActionInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.Act(c.R.Context(), c.P(), c.IP(), id, in.Action, in.Comment)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/safety/hazards/{id}/comments", Summary: "隐患留言", Tag: tag, Auth: full,
		Request: CommentInput{}, Response: workflow.Event{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in CommentInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.Comment(c.R.Context(), c.P(), c.IP(), id, in.Comment)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/safety/hazards/{id}/attachments", Summary: "上传隐患照片或整改材料（multipart，字段 file）",
		Tag: tag, Auth: full, Response: workflow.Attachment{}, Handler: s.handleUpload})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/safety/hazards/{id}/attachments/{aid}", Summary: "查看隐患附件", Tag: tag,
		Auth: full, Raw: true, Handler: s.handleDownload})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/safety/todo", Summary: "我的隐患待办", Tag: tag, Auth: full,
		Response: Todo{}, Handler: func(c *httpapi.Ctx) error {
			t, err := s.Todo(c.R.Context(), c.P())
			if err != nil {
				return err
			}
			return c.OK(t)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/safety/dashboard", Summary: "隐患整改率、逾期与办理时效", Tag: tag, Auth: full,
		Response: Dashboard{}, Handler: s.handleDashboard})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/safety/campaigns", Summary: "专项检查列表", Tag: tag, Auth: full,
		Response: httpapi.List[Campaign]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.ListCampaigns(c.R.Context(), c.P())
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/safety/campaigns", Summary: "发起专项检查", Tag: tag, Auth: full,
		Request: CampaignInput{}, Response: CampaignDetail{}, Handler: func(c *httpapi.Ctx) error {
			var in CampaignInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			d, err := s.CreateCampaign(c.R.Context(), c.P(), c.IP(), in)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, d)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/safety/campaigns/{id}", Summary: "专项检查详情与各校结果", Tag: tag, Auth: full,
		Response: CampaignDetail{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.GetCampaign(c.R.Context(), c.P(), id)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/safety/campaigns/{id}/results", Summary: "登记学校检查结果，发现的问题一并转为隐患",
		Tag: tag, Auth: full, Request: ResultInput{}, Response: CampaignSchool{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in ResultInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.RecordResult(c.R.Context(), c.P(), c.IP(), id, in)
		})})
}

func (s *Service) handleUpload(c *httpapi.Ctx) error {
	id, err := c.PathID("id")
	if err != nil {
		return err
	}
	if _, _, err := s.Flow.Load(c.R.Context(), s.DB.Read(), c.P(), HazardType, id, "隐患"); err != nil {
		return err
	}
	c.R.Body = http.MaxBytesReader(c.W, c.R.Body, workflow.MaxFile+1<<20)
	mr, err := c.R.MultipartReader()
	if err != nil {
		return errs.E(errs.Invalid, "请以 multipart/form-data 上传文件（字段名 file）")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return errs.Field("file", "请选择要上传的照片或文件")
		}
		if err != nil {
			var big *http.MaxBytesError
			if errors.As(err, &big) {
				return errs.E(errs.TooLarge, "文件过大（上限 %d MB）", workflow.MaxFile>>20)
			}
			return errs.E(errs.Invalid, "上传内容无法读取")
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		a, err := s.Flow.Attach(c.R.Context(), c.P(), c.IP(), HazardType, id, part.FileName(), part, "隐患")
		part.Close()
		if err != nil {
			var big *http.MaxBytesError
			if errors.As(err, &big) {
				return errs.E(errs.TooLarge, "文件过大（上限 %d MB）", workflow.MaxFile>>20)
			}
			return err
		}
		return c.JSON(http.StatusCreated, a)
	}
}

func (s *Service) handleDownload(c *httpapi.Ctx) error {
	id, err := c.PathID("id")
	if err != nil {
		return err
	}
	aid, err := c.PathID("aid")
	if err != nil {
		return err
	}
	q := s.DB.Read()
	it, _, err := s.Flow.Load(c.R.Context(), q, c.P(), HazardType, id, "隐患")
	if err != nil {
		return err
	}
	a, err := s.Flow.Attachment(c.R.Context(), q, it, aid)
	if err != nil {
		return err
	}
	f, err := os.Open(a.Path())
	if err != nil {
		return errs.E(errs.NotFound, "附件文件已不存在")
	}
	defer f.Close()
	disp := "attachment"
	if a.Kind == "photo" || a.MIME == "application/pdf" {
		disp = "inline"
	}
	c.W.Header().Set("Content-Type", a.MIME)
	c.W.Header().Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": a.Name}))
	if c.W.Header().Get("Content-Disposition") == "" {
		c.W.Header().Set("Content-Disposition", disp+"; filename*=UTF-8''"+url.PathEscape(a.Name))
	}
	c.W.Header().Set("X-Content-Type-Options", "nosniff")
	c.W.Header().Set("Cache-Control", "private, max-age=3600")
	c.W.Header().Set("Content-Length", fmt.Sprint(a.Size))
	_, err = io.Copy(c.W, f)
	return err
}

func (s *Service) handleDashboard(c *httpapi.Ctx) error {
	ctx, p := c.R.Context(), c.P()
	if err := access.Require(p, access.SafetyRead); err != nil {
		return err
	}
	f, err := hazardFilter(c)
	if err != nil {
		return err
	}
	todo, err := s.Todo(ctx, p)
	if err != nil {
		return err
	}
	d := Dashboard{Todo: todo, From: f.From, To: f.To}
	all, err := s.ratesBy(ctx, p, []string{BySchool, ByCategory, ByMonth, ByCampaign, BySeverity, BySource, ByDistrict}, f)
	if err != nil {
		return err
	}
	d.BySchool, d.ByCategory, d.ByMonth, d.ByCampaign = all[BySchool], all[ByCategory], all[ByMonth], all[ByCampaign]
	d.BySeverity, d.BySource = all[BySeverity], all[BySource]
	d.Totals = Rate{Name: "合计"}
	if tot := all[ByDistrict]; len(tot) == 1 {
		d.Totals = tot[0]
	}
	lf := access.ListFilter(p)
	if !lf.None && lf.OwnerID == 0 {
		if d.SLA, err = s.Flow.ComputeSLA(ctx, s.DB.Read(), p.District, workflow.SLAFilter{Type: HazardType, SchoolID: lf.SchoolID,
			ZoneID: lf.ZoneID, From: f.From, To: f.To, Exclude: []string{StateCancelled}}); err != nil {
			return err
		}
	}
	return c.OK(d)
}
