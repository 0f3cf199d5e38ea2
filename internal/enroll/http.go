package enroll

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
)

func actor(c *httpapi.Ctx) Actor { return Actor{P: c.P(), IP: c.IP()} }

// publicDistrict is the district a public page speaks for: the caller's when signed in, otherwise
// the deployment's default district.
func publicDistrict(c *httpapi.Ctx) string {
	if p := c.P(); p != nil {
		return p.District
	}
	return auth.DefaultDistrict
}

func items[T any](v []T) map[string]any { return map[string]any{"items": v} }

// Routes registers enrollment's endpoints: public pages, the parent portal, and the bureau's and
// schools' work.
func (s *Service) Routes(rt *httpapi.Router) {
	s.publicRoutes(rt)
	s.portalRoutes(rt)
	s.staffRoutes(rt)
}

func (s *Service) publicRoutes(rt *httpapi.Router) {
	tag := "招生入学（公开）"
	pub := httpapi.Public
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/public/campaigns", Summary: "已发布的招生方案", Tag: tag, Auth: pub,
		Response: httpapi.List[Campaign]{}, Handler: func(c *httpapi.Ctx) error {
			list, err := s.PublishedCampaigns(c.R.Context(), publicDistrict(c))
			if err != nil {
				return err
			}
			for i := range list {
				list[i].Seed, list[i].ResultHash = "", ""
				if list[i].Status == StatusDrawn {
					list[i].Seed, list[i].ResultHash = s.drawn(c, list[i].ID)
				}
			}
			return c.OK(items(list))
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/public/campaigns/{id}", Summary: "招生方案（政策公开页）", Tag: tag, Auth: pub,
		Response: Campaign{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.PublicCampaign(c.R.Context(), publicDistrict(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/public/campaigns/{id}/results", Summary: "派位结果公示（姓名脱敏）", Tag: tag,
		Auth: pub, Response: httpapi.List[PublicResult]{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			school, err := httpapi.QueryInt64(c.R, "school_id")
			if err != nil {
				return nil, err
			}
			list, err := s.PublicResults(c.R.Context(), publicDistrict(c), id, school)
			return items(list), err
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/public/campaigns/{id}/files/{file}", Summary: "派位公示文件（名单、计划、结果 CSV）",
		Tag: tag, Auth: pub, Raw: true, Handler: func(c *httpapi.Ctx) error {
			id, err := c.PathID("id")
			if err != nil {
				return err
			}
			name := c.R.PathValue("file")
			b, err := s.File(c.R.Context(), publicDistrict(c), id, name)
			if err != nil {
				return err
			}
			c.W.Header().Set("Content-Type", "text/csv; charset=utf-8")
			c.W.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
			_, err = c.W.Write(b)
			return err
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/public/lookup", Summary: "查学区：地址属于哪所学校", Tag: tag, Auth: pub,
		Response: LookupResult{}, Handler: func(c *httpapi.Ctx) error {
			r, err := s.Lookup(c.R.Context(), publicDistrict(c), c.R.URL.Query().Get("address"))
			if err != nil {
				return err
			}
			return c.OK(r)
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/public/signup", Summary: "家长注册（手机号 + 密码）", Tag: tag, Auth: pub,
		Request: SignupInput{}, Response: SignupResult{}, Handler: func(c *httpapi.Ctx) error {
			var in SignupInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			if c.P() != nil {
				return errs.E(errs.Conflict, "已登录，请先退出后再注册新账号")
			}
			r, err := s.Signup(c.R.Context(), auth.DefaultDistrict, c.IP(), in)
			if err != nil {
				return err
			}
			return c.JSON(201, r)
		}})
}

// drawn returns the published seed and result hash of a drawn campaign.
func (s *Service) drawn(c *httpapi.Ctx, id int64) (string, string) {
	cp, err := s.campaign(c.R.Context(), s.DB.Read(), publicDistrict(c), id)
	if err != nil {
		return "", ""
	}
	return cp.Seed, cp.ResultHash
}

// submitAdmission bounds the submissions and edits running at once (opening day): beyond, parents
// are told to retry in a second (429 with Retry-After) instead of every request timing out. 256
// running keep a full group commit batch in flight; 512 more may wait 50 ms for a slot.
var submitAdmission = httpapi.NewAdmission(httpapi.AdmissionOptions{Limit: 256, Queue: 512, MaxWait: 50 * time.Millisecond,
	RetryAfter: time.Second, Message: "当前报名人数较多，请 %d 秒后重新提交（报名不分先后，稍后提交不影响录取）"})

func (s *Service) portalRoutes(rt *httpapi.Router) {
	tag := "招生入学（家长）"
	full := httpapi.Full
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/my/applications", Summary: "我的报名", Tag: tag, Auth: full,
		Response: httpapi.List[Application]{}, Handler: func(c *httpapi.Ctx) error {
			list, err := s.MyApplications(c.R.Context(), c.P())
			if err != nil {
				return err
			}
			return c.OK(items(list))
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/my/preview", Summary: "提交前预览入学类别与片区", Tag: tag, Auth: full,
		Request: ApplicationInput{}, Response: Preview{}, Handler: func(c *httpapi.Ctx) error {
			var in ApplicationInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			pv, err := s.PreviewApplication(c.R.Context(), c.P(), in)
			if err != nil {
				return err
			}
			return c.OK(pv)
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/my/applications", Summary: "提交报名", Tag: tag, Auth: full,
		Admission: submitAdmission, Request: ApplicationInput{}, Response: Application{}, Handler: func(c *httpapi.Ctx) error {
			var in ApplicationInput
			if err := c.Decode(&in); err != nil {
				return err
			}
			a, err := s.Submit(WithIP(c.R.Context(), c.IP()), c.P(), in)
			if err != nil {
				return err
			}
			return c.JSON(201, a)
		}})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/my/applications/{id}", Summary: "我的报名详情与状态", Tag: tag, Auth: full,
		Response: Application{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			return s.MyApplication(c.R.Context(), c.P(), id)
		})})
	rt.Handle(httpapi.Route{Method: "PUT", Path: "/api/v1/enroll/my/applications/{id}", Summary: "修改报名（报名截止前）", Tag: tag, Auth: full,
		Admission: submitAdmission, Request: ApplicationInput{}, Response: Application{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in ApplicationInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.Update(WithIP(c.R.Context(), c.IP()), c.P(), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/my/applications/{id}/documents", Summary: "上传证明材料（PDF/JPG/PNG，5 MB 以内）",
		Tag: tag, Auth: full, Response: Document{}, Handler: func(c *httpapi.Ctx) error {
			id, err := c.PathID("id")
			if err != nil {
				return err
			}
			c.R.Body = http.MaxBytesReader(c.W, c.R.Body, MaxDocumentSize+64<<10)
			if err := c.R.ParseMultipartForm(1 << 20); err != nil {
				var big *http.MaxBytesError
				if errors.As(err, &big) {
					return errs.E(errs.TooLarge, "文件不能超过 5 MB")
				}
				return errs.E(errs.Invalid, "请以 multipart/form-data 上传文件（字段名 file）")
			}
			defer c.R.MultipartForm.RemoveAll()
			f, h, err := c.R.FormFile("file")
			if err != nil {
				return errs.Field("file", "请选择要上传的文件")
			}
			defer f.Close()
			content, err := io.ReadAll(io.LimitReader(f, MaxDocumentSize+1))
			if err != nil {
				return err
			}
			d, err := s.AddDocument(WithIP(c.R.Context(), c.IP()), c.P(), id, c.R.FormValue("kind"), h.Filename, content)
			if err != nil {
				return err
			}
			return c.JSON(201, d)
		}})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/my/applications/{id}/decline", Summary: "放弃录取学位", Tag: tag, Auth: full,
		Response: Application{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			if err := c.DecodeEmpty(); err != nil {
				return nil, err
			}
			return s.DeclineSeat(c.R.Context(), actor(c), id)
		})})
	rt.Handle(httpapi.Route{Method: "POST", Path: "/api/v1/enroll/my/applications/{id}/offer", Summary: "答复递补学位（接受或放弃）", Tag: tag,
		Auth: full, Request: AnswerInput{}, Response: Application{}, Handler: httpapi.WithID(func(c *httpapi.Ctx, id int64) (any, error) {
			var in AnswerInput
			if err := c.Decode(&in); err != nil {
				return nil, err
			}
			return s.AnswerOffer(c.R.Context(), actor(c), id, in)
		})})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/enroll/documents/{id}", Summary: "查看证明材料（本人或审核人员，留痕）", Tag: tag,
		Auth: full, Raw: true, Handler: func(c *httpapi.Ctx) error {
			id, err := c.PathID("id")
			if err != nil {
				return err
			}
			d, b, err := s.DocumentContent(c.R.Context(), actor(c), id)
			if err != nil {
				return err
			}
			c.W.Header().Set("Content-Type", d.Mime)
			c.W.Header().Set("X-Content-Type-Options", "nosniff")
			c.W.Header().Set("Cache-Control", "no-store")
			c.W.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(d.Filename))
			_, err = c.W.Write(b)
			return err
		}})
}
