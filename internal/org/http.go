package org

import (
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

var schoolSort = map[string]string{"code": "s.code", "name": "s.name", "type": "s.type", "zone": "s.zone_id", "founded": "s.founded"}

func actor(c *httpapi.Ctx) Actor { return Actor{P: c.P(), IP: c.IP()} }

// Routes registers the organisation endpoints.
func (s *Service) Routes(rt *httpapi.Router) {
	tag := "组织机构"
	full := httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/regions", Summary: "行政区划树（GB/T 2260）", Tag: tag, Auth: full,
		Response: httpapi.List[Region]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Regions(c.R.Context())
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/zones", Summary: "片区列表", Tag: tag, Auth: full,
		Response: httpapi.List[Zone]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Zones(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/sections", Summary: "科室列表", Tag: tag, Auth: full,
		Response: httpapi.List[Section]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Sections(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/sections", Summary: "新建科室（系统管理员）", Tag: tag, Auth: full,
		Request: SectionInput{}, Response: Section{}, Handler: func(c *httpapi.Ctx) error {
			var in SectionInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			out, err := s.CreateSection(c.R.Context(), actor(c), in)
			if err != nil {
				return err
			}
			return c.JSON(201, out)
		}})
	rt.Handle(httpapi.Route{Method: "PATCH", Path: "/api/v1/sections/{id}", Summary: "修改科室（系统管理员）", Tag: tag, Auth: full,
		Request: SectionInput{}, Response: Section{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in SectionInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.UpdateSection(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "DELETE", Path: "/api/v1/sections/{id}", Summary: "删除科室（系统管理员）", Tag: tag, Auth: full,
		Handler: func(c *httpapi.Ctx) error {
			id, err := c.PathID("id")
			if err != nil {
				return err
			}
			if err := s.DeleteSection(c.R.Context(), actor(c), id); err != nil {
				return err
			}
			return c.NoContent()
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/schools", Summary: "学校列表", Tag: tag, Auth: full,
		Response: httpapi.List[School]{}, Handler: s.handleSchools})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/schools/directory", Summary: "全区学校名录（代码、名称、类型、片区）", Tag: tag,
		Auth: full, Response: httpapi.List[DirectoryEntry]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Directory(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/schools/types", Summary: "学校类型", Tag: tag, Auth: full,
		Response: httpapi.List[SchoolType]{}, Handler: func(c *httpapi.Ctx) error {
			return c.OK(map[string]any{"items": SchoolTypes})
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/schools/{id}", Summary: "学校详情", Tag: tag, Auth: full,
		Response: School{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.GetSchool(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/schools/{id}/campuses", Summary: "学校校区", Tag: tag, Auth: full,
		Response: []Campus{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			items, err := s.Campuses(c.R.Context(), actor(c), id)
			return map[string]any{"items": items}, err
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/schools/{id}/campuses", Summary: "新增校区", Tag: tag, Auth: full,
		Request: CampusInput{}, Response: Campus{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in CampusInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.AddCampus(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/schools", Summary: "新建学校", Tag: tag, Auth: full,
		Request: SchoolInput{}, Response: School{}, Handler: func(c *httpapi.Ctx) error {
			var in SchoolInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			out, err := s.CreateSchool(c.R.Context(), actor(c), in)
			if err != nil {
				return err
			}
			return c.JSON(201, out)
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/schools/{id}", Summary: "修改学校", Tag: tag, Auth: full,
		Request: SchoolInput{}, Response: School{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in SchoolInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.UpdateSchool(c.R.Context(), actor(c), id, in)
		})})
}

func (s *Service) handleSchools(c *httpapi.Ctx) error {
	p, err := httpapi.ParsePage(c.R, schoolSort, "s.code")
	if err != nil {
		return err
	}
	q := c.R.URL.Query()
	f := SchoolFilter{Q: q.Get("q"), Type: q.Get("type"), Nature: q.Get("nature")}
	if f.ZoneID, err = httpapi.QueryInt64(c.R, "zone_id"); err != nil {
		return err
	}
	items, total, err := s.ListSchools(c.R.Context(), actor(c), f, p.OrderBy, p.Offset(), p.Size)
	if err != nil {
		return err
	}
	return c.OK(httpapi.NewList(items, total, p))
}
