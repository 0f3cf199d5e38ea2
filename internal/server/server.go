// Package server assembles edubureau: it opens the database and the keyring, wires the platform
// services and the business modules into one route table, serves the embedded UI, and runs the
// HTTP server with graceful shutdown and the periodic upkeep (audit retention).
package server

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/jobs"
	"github.com/edubureau/edubureau/internal/platform/pii"
	"github.com/edubureau/edubureau/internal/registry"
)

// Version is the version reported by the API document.
var Version = "0.1.0"

// Config says where the data lives and how to serve it.
type Config struct {
	DataDir string // keys, SQLite file, job results
	DSN     string // database; default: SQLite file in DataDir
	Addr    string
	Secure  bool // behind TLS: Secure and __Host- cookies
	Log     *slog.Logger
}

// DefaultDSN is the SQLite file inside a data directory.
func DefaultDSN(dataDir string) string { return filepath.Join(dataDir, "edubureau.db") }

// Server is the assembled application.
type Server struct {
	Cfg      Config
	DB       *db.DB
	Keys     *pii.Keyring
	Audit    *audit.Log
	Auth     *auth.Service
	Accounts *accounts.Service
	Org      *org.Service
	Registry *registry.Service
	Jobs     *jobs.Runner
	Router   *httpapi.Router

	mods map[string]any // business modules' services by module name (modules.go)
}

// Open opens (and migrates) the database and keyring of cfg without serving anything; commands
// such as demo, backup and audit verify use it.
func Open(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.DSN == "" {
		cfg.DSN = DefaultDSN(cfg.DataDir)
	}
	keys, err := pii.LoadKeyring(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, cfg.DSN)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	s := &Server{Cfg: cfg, DB: d, Keys: keys, Audit: audit.New(d, keys.AuditKey())}
	s.Auth = auth.NewService(d, keys, s.Audit)
	s.Auth.Secure = cfg.Secure
	s.Auth.Menu = Menu
	s.Accounts = &accounts.Service{DB: d, Keys: keys, Audit: s.Audit, Auth: s.Auth}
	s.Org = &org.Service{DB: d, Audit: s.Audit}
	s.Jobs = jobs.NewRunner(d, cfg.DataDir, cfg.Log, 2)
	s.Registry = &registry.Service{DB: d, Keys: keys, Audit: s.Audit, Jobs: s.Jobs}
	if _, err := s.Registry.IndexGuardianPhones(ctx); err != nil {
		d.Close()
		return nil, err
	}
	s.Router = httpapi.NewRouter(s.Auth, s, cfg.Log)
	if err := s.mountModules(); err != nil {
		d.Close()
		return nil, err
	}
	s.routes()
	return s, nil
}

// Close stops jobs and closes the database.
func (s *Server) Close() error {
	s.Jobs.Close()
	return s.DB.Close()
}

func (s *Server) routes() {
	rt := s.Router
	s.Auth.Routes(rt)
	s.Accounts.Routes(rt)
	s.Org.Routes(rt)
	s.Registry.Routes(rt)
	s.Audit.Routes(rt, s.Jobs)
	s.Jobs.Routes(rt, s.recordDownload)
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/home", Summary: "首页：待办与关键数据", Tag: "首页", Auth: httpapi.Full,
		Response: Home{}, Handler: s.home})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/portal/home", Summary: "家长服务首页", Tag: "家长服务", Auth: httpapi.Full,
		Response: PortalHome{}, Handler: s.portalHome})
	rt.Handle(httpapi.Route{Method: "GET", Path: "/api/v1/openapi.json", Summary: "接口说明（OpenAPI 3）", Tag: "系统",
		Auth: httpapi.Public, Handler: rt.ServeOpenAPI("edubureau 区县教育局业务平台", Version)})
	rt.HandleHTTP("GET /healthz", s.healthz())
	rt.HandleHTTP("GET /readyz", s.readyz())
	rt.HandleHTTP("/api/", apiNotFound())
	rt.HandleHTTP("/", staticHandler())
}

// Denied audits a refusal by the access policy.
func (s *Server) Denied(c *httpapi.Ctx, err error) {
	p := c.P()
	district := auth.DefaultDistrict
	if p != nil {
		district = p.District
	}
	e := audit.By(p, c.IP(), "access.denied", "route", c.R.Method+" "+c.R.URL.Path, err.Error())
	e.Result = audit.Denied
	if rerr := s.Audit.Record(context.WithoutCancel(c.R.Context()), district, e); rerr != nil {
		s.Cfg.Log.Error("audit denial", "err", rerr)
	}
}

func (s *Server) recordDownload(c *httpapi.Ctx, j jobs.Job) error {
	e := audit.By(c.P(), c.IP(), "job.download", "job", fmt.Sprint(j.ID), j.KindName+"："+j.ResultName)
	return s.Audit.Record(c.R.Context(), j.District, e)
}
