package supervision

import (
	"net/http"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

func (s *Service) drawRoutes(rt *httpapi.Router, tag string) {
	full := httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/pool", Summary: "双随机检查人员库", Tag: tag, Auth: full,
		Response: httpapi.List[PoolMember]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Pool(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/supervision/pool", Summary: "加入检查人员库", Tag: tag, Auth: full,
		Request: PoolInput{}, Response: PoolMember{}, Handler: func(c *httpapi.Ctx) error {
			var in PoolInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			m, err := s.AddToPool(c.R.Context(), actor(c), in)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, m)
		}})
	rt.Handle(httpapi.Route{Method: "PATCH", Path: "/api/v1/supervision/pool/{id}", Summary: "检查人员移出或恢复在库", Tag: tag, Auth: full,
		Request: PoolPatch{}, Response: PoolMember{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in PoolPatch
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.UpdatePoolMember(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/conflicts", Summary: "回避关系（利益冲突申报）", Tag: tag, Auth: full,
		Response: httpapi.List[Conflict]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Conflicts(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/supervision/conflicts", Summary: "登记回避关系", Tag: tag, Auth: full,
		Request: ConflictInput{}, Response: Conflict{}, Handler: func(c *httpapi.Ctx) error {
			var in ConflictInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			out, err := s.DeclareConflict(c.R.Context(), actor(c), in)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, out)
		}})
	rt.Handle(httpapi.Route{Method: "DELETE", Path: "/api/v1/supervision/conflicts/{id}", Summary: "撤销回避关系", Tag: tag, Auth: full,
		Handler: func(c *httpapi.Ctx) error {
			id, err := c.PathID("id")
			if err != nil {
				return err
			}
			if err := s.WithdrawConflict(c.R.Context(), actor(c), id); err != nil {
				return err
			}
			return c.NoContent()
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/supervision/targets/import", Summary: "从 Excel 读取检查对象名单（转为 targets.csv）",
		Tag: tag, Auth: full, Response: TargetsImport{}, Handler: s.handleTargetsImport})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/draws", Summary: "双随机抽查", Tag: tag, Auth: full,
		Response: httpapi.List[Draw]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.ListDraws(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/supervision/draws", Summary: "新建抽查并冻结名单", Tag: tag, Auth: full,
		Request: DrawInput{}, Response: Draw{}, Handler: func(c *httpapi.Ctx) error {
			var in DrawInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			d, err := s.CreateDraw(c.R.Context(), actor(c), in)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, d)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/draws/{id}", Summary: "抽查详情", Tag: tag, Auth: full,
		Response: Draw{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.GetDraw(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/supervision/draws/{id}/announce", Summary: "公示名单与哈希", Tag: tag, Auth: full,
		Response: Draw{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			if err := c.DecodeEmpty(); err != nil {
				return nil, err
			}
			return s.AnnounceDraw(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/supervision/draws/{id}/seed", Summary: "录入随机种子并抽取", Tag: tag, Auth: full,
		Request: SeedInput{}, Response: Draw{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in SeedInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.EnterSeed(c.R.Context(), actor(c), id, in.Seed)
		})})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/supervision/draws/{id}/targets/{order}", Summary: "登记检查结果", Tag: tag, Auth: full,
		Request: ResultInput{}, Response: Draw{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			order, err := strconv.Atoi(c.R.PathValue("order"))
			if err != nil || order < 1 {
				return nil, errs.NotFoundf("抽中的检查对象")
			}
			var in ResultInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.RecordResult(c.R.Context(), actor(c), id, order, in)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/supervision/draws/{id}/publish", Summary: "公开检查结果", Tag: tag, Auth: full,
		Response: Draw{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			if err := c.DecodeEmpty(); err != nil {
				return nil, err
			}
			return s.PublishResults(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/draws/{id}/files/{name}", Summary: "下载抽查文件", Tag: tag, Auth: full,
		Raw: true, Handler: func(c *httpapi.Ctx) error {
			id, err := c.PathID("id")
			if err != nil {
				return err
			}
			name := c.R.PathValue("name")
			b, err := s.DrawFileFor(c.R.Context(), actor(c), id, name)
			if err != nil {
				return err
			}
			return serveFile(c, name, b)
		}})

	ptag := "双随机一公开（公开）"
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/public/draws", Summary: "已公示的双随机抽查（无需登录）", Tag: ptag,
		Auth: httpapi.Public, Response: httpapi.List[PublicDraw]{}, Handler: func(c *httpapi.Ctx) error {
			d, err := s.publicDistrict(c)
			if err != nil {
				return err
			}
			items, err := s.PublicDraws(c.R.Context(), d)
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/public/draws/{id}", Summary: "已公示的抽查详情（无需登录）", Tag: ptag,
		Auth: httpapi.Public, Response: PublicDraw{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			d, err := s.publicDistrict(c)
			if err != nil {
				return nil, err
			}
			return s.PublicDrawByID(c.R.Context(), d, id)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/public/draws/{id}/files/{name}", Summary: "下载已公示抽查的文件（无需登录）",
		Tag: ptag, Auth: httpapi.Public, Raw: true, Handler: func(c *httpapi.Ctx) error {
			id, err := c.PathID("id")
			if err != nil {
				return err
			}
			d, err := s.publicDistrict(c)
			if err != nil {
				return err
			}
			name := c.R.PathValue("name")
			b, err := s.PublicFile(c.R.Context(), d, id, name)
			if err != nil {
				return err
			}
			return serveFile(c, name, b)
		}})
}
