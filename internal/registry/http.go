package registry

import (
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

func actor(c *httpapi.Ctx) Actor { return Actor{P: c.P(), IP: c.IP()} }

var studentSort = map[string]string{"name": "t.name", "student_no": "t.student_no", "grade": "t.grade, t.class_id",
	"school": "t.school_id", "updated_at": "t.updated_at"}

// Routes registers the registry endpoints.
func (s *Service) Routes(rt *httpapi.Router) {
	tag := "基础数据"
	full := httpapi.Full
	s.importRoutes(rt)
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/students", Summary: "学生列表（筛选、姓名/拼音首字母/学籍号/身份证号搜索）",
		Tag: tag, Auth: full, Response: httpapi.List[Student]{}, Handler: s.handleStudents})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/students", Summary: "新建学生学籍", Tag: tag, Auth: full,
		Request: StudentInput{}, Response: Student{}, Handler: func(c *httpapi.Ctx) error {
			var in StudentInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			st, err := s.CreateStudent(c.R.Context(), actor(c), in)
			if err != nil {
				return err
			}
			return c.JSON(201, st)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/students/{id}", Summary: "学生详情", Tag: tag, Auth: full,
		Response: Student{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) { return s.GetStudent(c.R.Context(), actor(c), id) })})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/students/{id}", Summary: "修改学生学籍", Tag: tag, Auth: full,
		Request: StudentInput{}, Response: Student{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in StudentInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.UpdateStudent(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/students/{id}/history", Summary: "学籍变动记录", Tag: tag, Auth: full,
		Response: []History{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			items, err := s.StudentHistory(c.R.Context(), actor(c), id)
			return map[string]any{"items": items}, err
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/students/{id}/reveal", Summary: "查看学生完整个人信息（需说明原因，留痕）",
		Tag: tag, Auth: full, Request: RevealRequest{}, Response: Revealed{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var req RevealRequest
			if err := c.Decode(&req); err != nil {
				return nil, err
			}
			return s.RevealStudent(c.R.Context(), actor(c), id, req)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/students/{id}/transfers", Summary: "转出学校发起转学", Tag: tag, Auth: full,
		Request: TransferRequest{}, Response: Transfer{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var req TransferRequest
			if err := c.Decode(&req); err != nil {
				return nil, err
			}
			return s.StartTransfer(c.R.Context(), actor(c), id, req)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/transfers", Summary: "转学申请（转入与转出）", Tag: tag, Auth: full,
		Response: httpapi.List[Transfer]{}, Handler: func(c *httpapi.Ctx) error {
			p, err := httpapi.ParsePage(c.R, nil, "")
			if err != nil {
				return err
			}
			items, total, err := s.ListTransfers(c.R.Context(), actor(c), c.R.URL.Query().Get("status"), p.Offset(), p.Size)
			if err != nil {
				return err
			}
			return c.OK(httpapi.NewList(items, total, p))
		}})
	for action, summary := range map[string]string{"confirm": "转入学校确认接收", "reject": "转入学校退回", "cancel": "转出学校撤销"} {
		rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/transfers/{id}/" + action, Summary: summary, Tag: tag, Auth: full,
			Request: TransferDecision{}, Response: Transfer{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
				var d TransferDecision
				if c.R.ContentLength != 0 {
					if err := c.Decode(&d); err != nil {
						return nil, err
					}
				}
				return s.DecideTransfer(c.R.Context(), actor(c), id, action, d)
			})})
	}
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/staff", Summary: "教职工列表", Tag: tag, Auth: full,
		Response: httpapi.List[StaffMember]{}, Handler: s.handleStaff})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/staff", Summary: "新增教职工", Tag: tag, Auth: full,
		Request: StaffInput{}, Response: StaffMember{}, Handler: func(c *httpapi.Ctx) error {
			var in StaffInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			m, err := s.CreateStaff(c.R.Context(), actor(c), in)
			if err != nil {
				return err
			}
			return c.JSON(201, m)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/staff/{id}", Summary: "教职工详情", Tag: tag, Auth: full,
		Response: StaffMember{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) { return s.GetStaff(c.R.Context(), actor(c), id) })})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/staff/{id}", Summary: "修改教职工信息", Tag: tag, Auth: full,
		Request: StaffInput{}, Response: StaffMember{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in StaffInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.UpdateStaff(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/schools/{id}/classes", Summary: "学校班级（含人数）", Tag: tag, Auth: full,
		Response: []Class{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			year, err := httpapi.QueryInt64(c.R, "year")
			if err != nil {
				return nil, err
			}
			items, err := s.ListClasses(c.R.Context(), actor(c), id, int(year))
			return map[string]any{"items": items}, err
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/classes", Summary: "新建班级", Tag: tag, Auth: full,
		Request: ClassInput{}, Response: Class{}, Handler: func(c *httpapi.Ctx) error {
			var in ClassInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			cl, err := s.CreateClass(c.R.Context(), actor(c), in)
			if err != nil {
				return err
			}
			return c.JSON(201, cl)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/schools/{id}/facilities/{year}", Summary: "学校办学条件", Tag: tag, Auth: full,
		Response: Facility{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			year, err := pathYear(c)
			if err != nil {
				return nil, err
			}
			return s.GetFacility(c.R.Context(), actor(c), id, year)
		})})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/schools/{id}/facilities/{year}", Summary: "填报学校办学条件", Tag: tag, Auth: full,
		Request: Facility{}, Response: Facility{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			year, err := pathYear(c)
			if err != nil {
				return nil, err
			}
			var f Facility
			if err := c.Decode(&f); err != nil {
				return nil, err
			}
			f.SchoolID, f.Year = id, year
			return s.PutFacility(c.R.Context(), actor(c), f)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/dictionaries", Summary: "数据字典", Tag: tag, Auth: full,
		Response: []Dictionary{}, Handler: func(c *httpapi.Ctx) error {
			items, err := s.Dictionaries(c.R.Context(), actor(c))
			if err != nil {
				return err
			}
			return c.OK(map[string]any{"items": items})
		}})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/dictionaries/{kind}/{code}", Summary: "新增或修改字典项（系统管理员）", Tag: tag,
		Auth: full, Request: DictEntry{}, Response: DictEntry{}, Handler: func(c *httpapi.Ctx) error {
			var e DictEntry
			if err := c.Decode(&e); err != nil {
				return err
			}
			e.Kind, e.Code = c.R.PathValue("kind"), c.R.PathValue("code")
			out, err := s.PutDictEntry(c.R.Context(), actor(c), e)
			if err != nil {
				return err
			}
			return c.OK(out)
		}})
}

func pathYear(c *httpapi.Ctx) (int, error) {
	y, err := strconv.Atoi(c.R.PathValue("year"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, errs.E(errs.NotFound, "年度无效")
	}
	return y, nil
}

func (s *Service) handleStudents(c *httpapi.Ctx) error {
	p, err := httpapi.ParsePage(c.R, studentSort, "")
	if err != nil {
		return err
	}
	q := c.R.URL.Query()
	f := StudentFilter{Status: q.Get("status"), Flag: q.Get("flag"), Q: q.Get("q")}
	var fe errs.Fields
	if f.SchoolID, err = httpapi.QueryInt64(c.R, "school_id"); err != nil {
		return err
	}
	if f.ClassID, err = httpapi.QueryInt64(c.R, "class_id"); err != nil {
		return err
	}
	if g := q.Get("grade"); g != "" {
		n, ok := GradeByName(g)
		if !ok {
			fe.Add("grade", "年级无效："+g)
		}
		f.Grade = &n
	}
	if m := q.Get("migrant"); m != "" {
		b, err := strconv.ParseBool(m)
		if err != nil {
			fe.Add("migrant", "“migrant”应为 true 或 false")
		}
		f.Migrant = &b
	}
	if err := fe.Err(); err != nil {
		return err
	}
	items, total, err := s.ListStudents(c.R.Context(), actor(c), f, p.OrderBy, p.Offset(), p.Size)
	if err != nil {
		return err
	}
	return c.OK(httpapi.NewList(items, total, p))
}

func (s *Service) handleStaff(c *httpapi.Ctx) error {
	p, err := httpapi.ParsePage(c.R, nil, "")
	if err != nil {
		return err
	}
	q := c.R.URL.Query()
	f := StaffFilter{Post: q.Get("post"), Backbone: q.Get("backbone"), Q: q.Get("q")}
	if f.SchoolID, err = httpapi.QueryInt64(c.R, "school_id"); err != nil {
		return err
	}
	items, total, err := s.ListStaff(c.R.Context(), actor(c), f, p.Offset(), p.Size)
	if err != nil {
		return err
	}
	return c.OK(httpapi.NewList(items, total, p))
}
