package enroll

import (
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

// CatchmentInput is a school's published catchment text.
type CatchmentInput struct {
	Text string `json:"text"`
}

// GapsInput lists known streets and compounds with their number ranges.
type GapsInput struct {
	Known string `json:"known"`
}

func (s *Service) staffRoutes(rt *httpapi.Router) {
	tag := "招生入学"
	full := httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/campaigns", Summary: "招生方案列表", Tag: tag, Auth: full,
		Response: httpapi.List[Campaign]{}, Handler: func(c *httpapi.Ctx) error {
			list, err := s.Campaigns(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(items(list))
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/campaigns", Summary: "新建招生方案", Tag: tag, Auth: full,
		Request: Policy{}, Response: Campaign{}, Handler: func(c *httpapi.Ctx) error {
			var p Policy
			if err := c.Decode(&p); err != nil {
				return err
			}
			out, err := s.CreateCampaign(c.R.Context(), actor(c), p)
			if err != nil {
				return err
			}
			return c.JSON(201, out)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/campaigns/{id}", Summary: "招生方案详情", Tag: tag, Auth: full,
		Response: Campaign{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.GetCampaign(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/enroll/campaigns/{id}", Summary: "修改招生方案", Tag: tag, Auth: full,
		Request: Policy{}, Response: Campaign{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var p Policy
			if err := c.Decode(&p); err != nil {
				return nil, err
			}
			return s.UpdateCampaign(c.R.Context(), actor(c), id, p)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/campaigns/{id}/versions", Summary: "招生方案的已发布版本", Tag: tag, Auth: full,
		Response: httpapi.List[Version]{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			list, err := s.Versions(c.R.Context(), actor(c), id)
			return items(list), err
		})})
	action := func(path, summary string, fn func(c *httpapi.Ctx, id int64) (any, error)) {
		rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/campaigns/{id}/" + path, Summary: summary, Tag: tag, Auth: full,
			Response: Campaign{}, Handler: httpapi.WithID(fn)})
	}
	action("publish", "发布招生方案（新版本）", func(c *httpapi.Ctx, id int64) (any, error) {
		if err := c.DecodeEmpty(); err != nil {
			return nil, err
		}
		return s.PublishCampaign(c.R.Context(), actor(c), id)
	})
	action("precheck", "自动预审全部待审申请", func(c *httpapi.Ctx, id int64) (any, error) {
		if err := c.DecodeEmpty(); err != nil {
			return nil, err
		}
		n, err := s.PrecheckAll(c.R.Context(), actor(c), id)
		return map[string]int{"checked": n}, err
	})
	action("freeze", "冻结派位名单并公布名单哈希", func(c *httpapi.Ctx, id int64) (any, error) {
		if err := c.DecodeEmpty(); err != nil {
			return nil, err
		}
		return s.Freeze(c.R.Context(), actor(c), id)
	})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/campaigns/{id}/draw", Summary: "现场输入种子并派位", Tag: tag, Auth: full,
		Request: DrawInput{}, Response: Campaign{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in DrawInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.Draw(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/campaigns/{id}/waitlist", Summary: "递补记录与待答复的递补", Tag: tag, Auth: full,
		Response: WaitlistView{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.Waitlist(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/campaigns/{id}/waitlist", Summary: "登记放弃学位或递补答复", Tag: tag, Auth: full,
		Request: WaitlistInput{}, Response: WaitlistView{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in WaitlistInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.RecordWaitlist(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/campaigns/{id}/stats", Summary: "招生统计：报名与计划、超额、随迁子女、就近入学", Tag: tag,
		Auth: full, Response: CampaignStats{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.Stats(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/applications", Summary: "审核队列", Tag: tag, Auth: full,
		Response: httpapi.List[QueueItem]{}, Handler: func(c *httpapi.Ctx) error {
			pg, err := httpapi.ParsePage(c.R, nil, "")
			if err != nil {
				return err
			}
			var f QueueFilter
			if f.CampaignID, err = httpapi.QueryInt64(c.R, "campaign_id"); err != nil {
				return err
			}
			if f.SchoolID, err = httpapi.QueryInt64(c.R, "school_id"); err != nil {
				return err
			}
			f.Status, f.Category = c.R.URL.Query().Get("status"), c.R.URL.Query().Get("category")
			list, total, err := s.Queue(c.R.Context(), actor(c), f, pg)
			if err != nil {
				return err
			}
			return c.OK(httpapi.NewList(list, total, pg))
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/applications/{id}", Summary: "报名申请详情（脱敏）与自动预审", Tag: tag, Auth: full,
		Response: Application{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			a, err := s.GetApplication(c.R.Context(), actor(c), id)
			if err != nil {
				return nil, err
			}
			a.Checks, err = s.Precheck(c.R.Context(), actor(c), id)
			return a, err
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/applications/{id}/reveal", Summary: "查看完整个人信息（须填理由，留痕）", Tag: tag,
		Auth: full, Request: RevealInput{}, Response: Application{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in RevealInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.Reveal(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/applications/{id}/review", Summary: "审核：通过、退回补正或不通过", Tag: tag,
		Auth: full, Request: ReviewInput{}, Response: Application{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in ReviewInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.Decide(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/catchments", Summary: "各校划片范围、无法识别的行与重叠", Tag: tag, Auth: full,
		Response: CatchmentReport{}, Handler: func(c *httpapi.Ctx) error {
			if err := requireRead(c); err != nil {
				return err
			}
			r, err := s.Catchments(c.R.Context(), c.P().District)
			if err != nil {
				return err
			}
			return c.OK(r)
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/enroll/catchments/{id}", Summary: "修改学校划片范围（公布文本）", Tag: tag, Auth: full,
		Request: CatchmentInput{}, Response: SchoolCatchment{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in CatchmentInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.SetCatchment(c.R.Context(), actor(c), id, in.Text)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/catchments/gaps", Summary: "检查未划入任何学校的门牌", Tag: tag, Auth: full,
		Request: GapsInput{}, Response: httpapi.List[string]{}, Handler: func(c *httpapi.Ctx) error {
			if err := requireRead(c); err != nil {
				return err
			}
			var in GapsInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			if len(in.Known) > 20000 {
				return errs.Field("known", "内容过长")
			}
			g, err := s.Gaps(c.R.Context(), c.P().District, in.Known)
			if err != nil {
				return err
			}
			return c.OK(items(g))
		}})
}

func requireRead(c *httpapi.Ctx) error { return access.Require(c.P(), access.EnrollRead) }
