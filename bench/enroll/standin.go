package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // -pprof serves the profiles on a separate address
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/enroll"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/identity"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// standinPath is the stand-in submit route.
const standinPath = "/api/v1/bench/enroll/applications"

const standinTable = `CREATE TABLE IF NOT EXISTS bench_applications (
    district_code  TEXT NOT NULL,
    id             BIGINT NOT NULL,
    campaign_id    BIGINT NOT NULL,
    parent_id      BIGINT NOT NULL,
    child_name     TEXT NOT NULL,
    child_bidx     TEXT NOT NULL,
    child_id_enc   TEXT NOT NULL,
    birth_date     TEXT NOT NULL,
    sex            TEXT NOT NULL,
    details_enc    TEXT NOT NULL,
    property_bidx  TEXT NOT NULL,
    catchment      TEXT NOT NULL,
    category       TEXT NOT NULL,
    choices        TEXT NOT NULL,
    status         TEXT NOT NULL,
    submitted_at   BIGINT NOT NULL,
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, campaign_id, child_bidx))`

type guardian struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Phone    string `json:"phone"`
}

// application is the stand-in's request body.
type application struct {
	CampaignID            int64      `json:"campaign_id"`
	ChildName             string     `json:"child_name"`
	ChildID               string     `json:"child_id"`
	BirthDate             string     `json:"birth_date"`
	Sex                   string     `json:"sex"`
	Address               string     `json:"address"`
	HukouAddress          string     `json:"hukou_address"`
	PropertyCert          string     `json:"property_cert"`
	OwnerRelation         string     `json:"owner_relation"`
	Migrant               bool       `json:"migrant"`
	ResidencePermitMonths int        `json:"residence_permit_months"`
	SocialInsuranceMonths int        `json:"social_insurance_months"`
	Guardians             []guardian `json:"guardians"`
	Choices               []int64    `json:"choices"`
}

type submitted struct {
	ID        int64    `json:"id"`
	Category  string   `json:"category"`
	Catchment []string `json:"catchment"`
	Status    string   `json:"status"`
}

type standinService struct {
	db         *db.DB
	keys       *pii.Keyring
	audit      *audit.Log
	gc         *db.GroupCommitter // nil: one transaction per submission
	catchments []enroll.Catchment
	schools    map[int64]bool
}

func standin(args []string) error {
	fs := flag.NewFlagSet("standin", flag.ExitOnError)
	data := fs.String("data", "", "data directory (created)")
	addr := fs.String("addr", "127.0.0.1:18080", "listen address")
	parents := fs.Int("parents", 512, "parent sessions to create")
	sessOut := fs.String("sessions", "", "write the parents' sessions here (default DATA/sessions.json)")
	group := fs.Bool("group", true, "group commit (false: one transaction per submission)")
	limit := fs.Int("limit", 512, "admission: requests running at once (0: no admission control)")
	queue := fs.Int("queue", 1024, "admission: requests waiting")
	maxWait := fs.Duration("maxwait", 100*time.Millisecond, "admission: longest wait")
	pprofAddr := fs.String("pprof", "", "serve net/http/pprof on this address")
	pragmas := fs.String("pragmas", "", "extra PRAGMAs for the SQLite writer connection, comma-separated (experiments)")
	_ = fs.Parse(args)
	if *data == "" {
		return errors.New("-data is required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	keys, err := pii.LoadKeyring(*data)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, filepath.Join(*data, "edubureau.db"))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return err
	}
	if _, err := d.Write().Exec(ctx, standinTable); err != nil {
		return err
	}
	for _, p := range strings.Split(*pragmas, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if _, err := d.Writer().ExecContext(ctx, "PRAGMA "+p); err != nil {
				return fmt.Errorf("PRAGMA %s: %w", p, err)
			}
		}
	}
	ss, err := makeParents(ctx, d, keys, *parents)
	if err != nil {
		return err
	}
	if *sessOut == "" {
		*sessOut = filepath.Join(*data, "sessions.json")
	}
	if err := writeSessions(*sessOut, ss); err != nil {
		return err
	}
	logf, err := os.OpenFile(filepath.Join(*data, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	log := slog.New(slog.NewJSONHandler(logf, nil))
	al := audit.New(d, keys.AuditKey())
	svc := &standinService{db: d, keys: keys, audit: al, schools: map[int64]bool{}}
	for k := range nSchools {
		id := int64(k + 1)
		svc.schools[id] = true
		svc.catchments = append(svc.catchments, enroll.ParseCatchment(catchmentText(k), fmt.Sprint(id)))
	}
	if *group {
		svc.gc = db.NewGroupCommitter(d, db.GroupOptions{})
		defer svc.gc.Close()
	}
	rt := httpapi.NewRouter(auth.NewService(d, keys, al), nil, log)
	route := httpapi.Route{Method: "POST", Path: standinPath, Summary: "提交报名（压测替身）", Tag: "招生", Auth: httpapi.Full,
		Request: application{}, Response: submitted{}, Handler: svc.submit}
	if *limit > 0 {
		route.Admission = httpapi.NewAdmission(httpapi.AdmissionOptions{Limit: *limit, Queue: *queue, MaxWait: *maxWait,
			RetryAfter: time.Second})
	}
	rt.Handle(route)
	if *pprofAddr != "" {
		go func() { _ = http.ListenAndServe(*pprofAddr, nil) }()
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: rt, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	fmt.Printf("stand-in serving on %s, %d sessions in %s, group commit %v\n", ln.Addr(), len(ss), *sessOut, *group)
	err = srv.Serve(ln)
	if svc.gc != nil {
		st := svc.gc.Stats()
		fmt.Printf("group commit: %d writes in %d transactions (%.1f per transaction), %d retried\n",
			st.Items, st.Batches, float64(st.Items)/float64(max(1, st.Batches)), st.Retries)
	}
	if route.Admission != nil {
		fmt.Printf("admission: %+v\n", route.Admission.Stats())
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

var phoneRE = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// validate checks the application like the real endpoint: every field named in the error.
func (s *standinService) validate(in *application, today time.Time) (identity.IDNumber, error) {
	var f errs.Fields
	n := utf8.RuneCountInString(in.ChildName)
	if n < 2 || n > 20 {
		f.Add("child_name", "儿童姓名应为2至20个字")
	}
	idn, err := identity.ParseIDNumber(in.ChildID, today)
	if err != nil {
		f.Add("child_id", err.Error())
	} else {
		if idn.Birth.Format(time.DateOnly) != in.BirthDate {
			f.Add("birth_date", "出生日期与身份证号码不一致")
		}
		if idn.Sex() != in.Sex {
			f.Add("sex", "性别与身份证号码不一致")
		}
		// 2027 primary intake: six years old by 31 August 2027.
		if idn.Birth.After(time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC)) || idn.Birth.Before(time.Date(2019, 9, 1, 0, 0, 0, 0, time.UTC)) {
			f.Add("child_id", "儿童年龄不符合本次招生的入学年龄")
		}
	}
	if a := strings.TrimSpace(in.Address); a == "" || utf8.RuneCountInString(a) > 200 {
		f.Add("address", "请填写现居住地址（200字以内）")
	}
	if utf8.RuneCountInString(in.HukouAddress) > 200 {
		f.Add("hukou_address", "户籍地址过长")
	}
	if utf8.RuneCountInString(in.PropertyCert) > 60 {
		f.Add("property_cert", "不动产权证号过长")
	}
	if len(in.Guardians) == 0 || len(in.Guardians) > 2 {
		f.Add("guardians", "请填写1至2名监护人")
	}
	for _, g := range in.Guardians {
		if g.Name == "" || !phoneRE.MatchString(g.Phone) {
			f.Add("guardians", "监护人姓名和11位手机号码必填")
		}
	}
	if len(in.Choices) == 0 || len(in.Choices) > 5 {
		f.Add("choices", "请选择1至5个志愿学校")
	}
	seen := map[int64]bool{}
	for _, c := range in.Choices {
		if !s.schools[c] || seen[c] {
			f.Add("choices", "志愿学校无效或重复")
		}
		seen[c] = true
	}
	if in.Migrant && (in.ResidencePermitMonths < 0 || in.SocialInsuranceMonths < 0) {
		f.Add("residence_permit_months", "月数不能为负")
	}
	return idn, f.Err()
}

func (s *standinService) submit(c *httpapi.Ctx) error {
	p := c.P()
	if p == nil || p.Role != access.Parent {
		e := errs.E(errs.Forbidden, "只有家长可以提交报名")
		e.Denied = true
		return e
	}
	var in application
	if err := c.Decode(&in); err != nil {
		return err
	}
	now := time.Now()
	idn, err := s.validate(&in, now)
	if err != nil {
		return err
	}
	match := enroll.MatchAddress(enroll.ParseAddress(in.Address), s.catchments)
	hukou := enroll.MatchAddress(enroll.ParseAddress(in.HukouAddress), s.catchments)
	category := "统筹安排"
	switch {
	case len(match) > 0 && in.PropertyCert != "" && equalSets(match, hukou):
		category = "房户一致"
	case len(hukou) > 0:
		category = "户籍"
	case len(match) > 0 && in.PropertyCert != "":
		category = "房产"
	case in.Migrant && in.ResidencePermitMonths >= 6:
		category = "随迁子女"
	}
	details, _ := json.Marshal(struct {
		Address, HukouAddress, PropertyCert, OwnerRelation string
		Guardians                                          []guardian
	}{in.Address, in.HukouAddress, in.PropertyCert, in.OwnerRelation, in.Guardians})
	childEnc, err := s.keys.Seal(idn.Number, "enroll_applications.child_id")
	if err != nil {
		return err
	}
	detailsEnc, err := s.keys.Seal(string(details), "enroll_applications.details")
	if err != nil {
		return err
	}
	childBidx := s.keys.BlindIndex("id_number", idn.Number)
	propBidx := ""
	if in.PropertyCert != "" {
		propBidx = s.keys.BlindIndex("property_cert", in.PropertyCert)
	}
	choices, _ := json.Marshal(in.Choices)
	id, at := db.NewID(), db.Now()
	write := func(ctx context.Context, q db.Querier) error {
		if _, err := q.Exec(ctx, `INSERT INTO bench_applications (district_code, id, campaign_id, parent_id, child_name,
child_bidx, child_id_enc, birth_date, sex, details_enc, property_bidx, catchment, category, choices, status, submitted_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.District, id, in.CampaignID, p.UserID, in.ChildName, childBidx,
			childEnc, in.BirthDate, in.Sex, detailsEnc, propBidx, strings.Join(match, ","), category, string(choices), "submitted", at); err != nil {
			if isUnique(err) {
				return errs.E(errs.Conflict, "该儿童已提交过本次招生的报名")
			}
			return err
		}
		return s.audit.Append(ctx, q, p.District, audit.By(p, c.IP(), "enroll.submit", "enroll_application", fmt.Sprint(id), "提交入学报名"))
	}
	ctx := c.R.Context()
	if s.gc != nil {
		err = s.gc.Do(ctx, write)
	} else {
		err = s.db.Tx(ctx, func(q db.Querier) error { return write(ctx, q) })
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, submitted{ID: id, Category: category, Catchment: match, Status: "submitted"})
}

func equalSets(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func isUnique(err error) bool {
	m := strings.ToLower(err.Error())
	return strings.Contains(m, "unique") || strings.Contains(m, "duplicate key")
}
