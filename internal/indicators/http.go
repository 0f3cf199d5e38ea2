package indicators

import (
	"bytes"
	"net/url"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

func actor(c *httpapi.Ctx) Actor { return Actor{P: c.P(), IP: c.IP()} }

func queryYear(c *httpapi.Ctx) (int, error) {
	y, err := httpapi.QueryInt64(c.R, "year")
	return int(y), err
}

func pathYear(c *httpapi.Ctx) (int, error) {
	y, err := strconv.Atoi(c.R.PathValue("year"))
	if err != nil {
		return 0, errs.Field("year", "学年须为四位年份")
	}
	return y, ValidYear(y)
}

// Routes registers the indicator endpoints.
func (s *Service) Routes(rt *httpapi.Router) {
	tag := "督导评估"
	full := httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/indicators/scorecard", Summary: "督导评估总览：优质均衡（资源配置、政府保障程度）、学前普及普惠、编制（?year=）",
		Tag: tag, Auth: full, Response: Scorecard{}, Handler: func(c *httpapi.Ctx) error {
			year, err := queryYear(c)
			if err != nil {
				return err
			}
			sc, err := s.Scorecard(c.R.Context(), actor(c), year)
			if err != nil {
				return err
			}
			return c.OK(sc)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/indicators/trend", Summary: "历年趋势（有办学条件数据的最近 6 个学年）",
		Tag: tag, Auth: full, Response: []TrendPoint{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Trend(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/indicators/records", Summary: "指标明细：统计量背后的教职工、班级或办学条件（?year=&school=&level=&aggregate=）",
		Tag: tag, Auth: full, Response: Records{}, Handler: func(c *httpapi.Ctx) error {
			year, err := queryYear(c)
			if err != nil {
				return err
			}
			school, err := httpapi.QueryInt64(c.R, "school")
			if err != nil {
				return err
			}
			q := c.R.URL.Query()
			r, err := s.Records(c.R.Context(), actor(c), year, school, Level(q.Get("level")), q.Get("aggregate"))
			if err != nil {
				return err
			}
			return c.OK(r)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/indicators/export", Summary: "导出督导评估指标 Excel（?year=）",
		Tag: tag, Auth: full, Raw: true, Handler: func(c *httpapi.Ctx) error {
			year, err := queryYear(c)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			name, err := s.Export(c.R.Context(), actor(c), year, &buf)
			if err != nil {
				return err
			}
			a := actor(c)
			if err := s.Audit.Record(c.R.Context(), a.P.District, audit.By(a.P, a.IP, "indicators.export", "indicators", name, "")); err != nil {
				return err
			}
			c.W.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			c.W.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
			_, err = c.W.Write(buf.Bytes())
			return err
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/indicators/whatif", Summary: "规划推演：调配教师、增加面积或设备、新建学校后重算各校达标情况和差异系数",
		Tag: tag, Auth: full, Request: WhatIfRequest{}, Response: Scenario{}, Handler: func(c *httpapi.Ctx) error {
			var req WhatIfRequest
			if err := c.Decode(&req); err != nil {
				return err
			}
			sc, err := s.WhatIf(c.R.Context(), actor(c), req)
			if err != nil {
				return err
			}
			return c.OK(sc)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/indicators/plans", Summary: "规划方案列表（?year=）",
		Tag: tag, Auth: full, Response: []Plan{}, Handler: func(c *httpapi.Ctx) error {
			year, err := queryYear(c)
			if err != nil {
				return err
			}
			items, err := s.Plans(c.R.Context(), actor(c), year)
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/indicators/plans", Summary: "保存规划方案",
		Tag: tag, Auth: full, Request: SavePlanRequest{}, Response: Plan{}, Handler: func(c *httpapi.Ctx) error {
			var req SavePlanRequest
			if err := c.Decode(&req); err != nil {
				return err
			}
			p, err := s.SavePlan(c.R.Context(), actor(c), req)
			if err != nil {
				return err
			}
			return c.JSON(201, p)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/indicators/plans/{id}", Summary: "打开规划方案（按当前数据重算）",
		Tag: tag, Auth: full, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.Plan(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "DELETE", Path: "/api/v1/indicators/plans/{id}", Summary: "删除规划方案",
		Tag: tag, Auth: full, Handler: func(c *httpapi.Ctx) error {
			id, err := c.PathID("id")
			if err != nil {
				return err
			}
			if err := s.DeletePlan(c.R.Context(), actor(c), id); err != nil {
				return err
			}
			return c.NoContent()
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/indicators/sets", Summary: "指标体系（国家标准与省级加码、区县自定）及统计量目录",
		Tag: tag, Auth: full, Response: SetsResponse{}, Handler: func(c *httpapi.Ctx) error {
			r, err := s.Sets(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(r)
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/indicators/sets", Summary: "新建指标体系（省级加码或区县自定）",
		Tag: tag, Auth: full, Request: SetInput{}, Response: StoredSet{}, Handler: func(c *httpapi.Ctx) error {
			var in SetInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			set, err := s.SaveSet(c.R.Context(), actor(c), in, true)
			if err != nil {
				return err
			}
			return c.JSON(201, set)
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/indicators/sets/{set}", Summary: "修改指标体系",
		Tag: tag, Auth: full, Request: SetInput{}, Response: StoredSet{}, Handler: func(c *httpapi.Ctx) error {
			var in SetInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			if in.ID != c.R.PathValue("set") {
				return errs.Field("id", "指标体系代码不能修改")
			}
			set, err := s.SaveSet(c.R.Context(), actor(c), in, false)
			if err != nil {
				return err
			}
			return c.OK(set)
		}})
	rt.Handle(httpapi.Route{Method: "DELETE", Path: "/api/v1/indicators/sets/{set}", Summary: "删除指标体系",
		Tag: tag, Auth: full, Handler: func(c *httpapi.Ctx) error {
			if err := s.DeleteSet(c.R.Context(), actor(c), c.R.PathValue("set")); err != nil {
				return err
			}
			return c.NoContent()
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/indicators/population", Summary: "3至5岁常住人口（毛入园率分母）",
		Tag: tag, Auth: full, Response: []Population{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Population(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/indicators/population/{year}", Summary: "录入某学年 3至5岁常住人口",
		Tag: tag, Auth: full, Request: Population{}, Response: Population{}, Handler: func(c *httpapi.Ctx) error {
			year, err := pathYear(c)
			if err != nil {
				return err
			}
			var p Population
			if err := c.Decode(&p); err != nil {
				return err
			}
			p.Year = year
			out, err := s.SavePopulation(c.R.Context(), actor(c), p)
			if err != nil {
				return err
			}
			return c.OK(out)
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/indicators/manual/{year}/{item}", Summary: "录入政府保障程度事项的评估结论与佐证",
		Tag: tag, Auth: full, Request: ManualEntry{}, Response: ManualEntry{}, Handler: func(c *httpapi.Ctx) error {
			year, err := pathYear(c)
			if err != nil {
				return err
			}
			var e ManualEntry
			if err := c.Decode(&e); err != nil {
				return err
			}
			e.Year, e.Item = year, c.R.PathValue("item")
			out, err := s.SaveManual(c.R.Context(), actor(c), e)
			if err != nil {
				return err
			}
			return c.OK(out)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/indicators/staffing-config", Summary: "编制标准（各学段师生比与取整方式）",
		Tag: tag, Auth: full, Response: StaffConfig{}, Handler: func(c *httpapi.Ctx) error {
			cfg, err := s.StaffConfig(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(cfg)
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/indicators/staffing-config", Summary: "修改编制标准",
		Tag: tag, Auth: full, Request: StaffConfig{}, Response: StaffConfig{}, Handler: func(c *httpapi.Ctx) error {
			var cfg StaffConfig
			if err := c.Decode(&cfg); err != nil {
				return err
			}
			out, err := s.SaveStaffConfig(c.R.Context(), actor(c), cfg)
			if err != nil {
				return err
			}
			return c.OK(out)
		}})
}
