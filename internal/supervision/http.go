package supervision

import (
	"net/http"
	"regexp"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

func actor(c *httpapi.Ctx) Actor { return Actor{P: c.P(), IP: c.IP()} }

// Routes registers the supervision endpoints: zones and visits, draws, and the public draw page.
func (s *Service) Routes(rt *httpapi.Router) {
	tag, full := "督导检查", httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/options", Summary: "督导表单选项（督导事项、问题类别、检查结论）", Tag: tag,
		Auth: full, Response: Options{}, Handler: func(c *httpapi.Ctx) error { return c.OK(FormOptions()) }})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/zones", Summary: "片区、责任督学与督导规则", Tag: tag, Auth: full,
		Response: httpapi.List[Zone]{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Zones(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/supervision/zones/{id}/rule", Summary: "设置片区督导规则", Tag: tag, Auth: full,
		Request: Rule{}, Response: Zone{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in Rule
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.SetRule(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/visits", Summary: "督导记录", Tag: tag, Auth: full,
		Response: httpapi.List[Visit]{}, Handler: s.handleVisits})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/supervision/visits", Summary: "登记督导记录", Tag: tag, Auth: full,
		Request: VisitInput{}, Response: Visit{}, Handler: func(c *httpapi.Ctx) error {
			var in VisitInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			v, err := s.CreateVisit(c.R.Context(), actor(c), in)
			if err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, v)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/visits/{id}", Summary: "督导记录详情", Tag: tag, Auth: full,
		Response: Visit{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.GetVisit(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/supervision/findings/{id}/hazard", Summary: "督导发现的问题转为安全隐患", Tag: tag,
		Auth: full, Response: Finding{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			if err := c.DecodeEmpty(); err != nil {
				return nil, err
			}
			return s.FindingToHazard(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/supervision/coverage", Summary: "督导覆盖情况（未督导学校、未达要求的督学）", Tag: tag,
		Auth: full, Response: CoverageReport{}, Handler: func(c *httpapi.Ctx) error {
			zone, err := httpapi.QueryInt64(c.R, "zone_id")
			if err != nil {
				return err
			}
			q := c.R.URL.Query()
			rep, err := s.Coverage(c.R.Context(), actor(c), q.Get("from"), q.Get("to"), zone)
			if err != nil {
				return err
			}
			return c.OK(rep)
		}})
	s.drawRoutes(rt, tag)
}

func (s *Service) handleVisits(c *httpapi.Ctx) error {
	p, err := httpapi.ParsePage(c.R, map[string]string{"date": "v.visit_date"}, "v.visit_date")
	if err != nil {
		return err
	}
	q := c.R.URL.Query()
	f := VisitFilter{From: q.Get("from"), To: q.Get("to")}
	for name, dst := range map[string]*int64{"school_id": &f.SchoolID, "zone_id": &f.ZoneID, "inspector_id": &f.InspectorID} {
		if *dst, err = httpapi.QueryInt64(c.R, name); err != nil {
			return err
		}
	}
	items, total, err := s.ListVisits(c.R.Context(), actor(c), f, p.Offset(), p.Size)
	if err != nil {
		return err
	}
	return c.OK(httpapi.NewList(items, total, p))
}

var districtCode = regexp.MustCompile(`^[0-9]{6}$`)

// publicDistrict is the district a public request asks for (?district=), by default the
// deployment's.
func (s *Service) publicDistrict(c *httpapi.Ctx) (string, error) {
	d := c.R.URL.Query().Get("district")
	if d == "" {
		return s.PublicDistrict, nil
	}
	if !districtCode.MatchString(d) {
		return "", errs.Field("district", "区县代码应为 6 位数字")
	}
	return d, nil
}

// serveFile writes a draw file as a download.
func serveFile(c *httpapi.Ctx, name string, data []byte) error {
	ct := "text/csv; charset=utf-8"
	if name == SumsFile {
		ct = "text/plain; charset=utf-8"
	}
	c.W.Header().Set("Content-Type", ct)
	c.W.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	c.W.Header().Set("Content-Length", strconv.Itoa(len(data)))
	c.W.Header().Set("X-Content-Type-Options", "nosniff")
	_, err := c.W.Write(data)
	return err
}
