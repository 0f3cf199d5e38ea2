package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/edubureau/edubureau/internal/platform/auth"
)

func (s *Server) healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
}

func (s *Server) readyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.DB.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_ = json.NewEncoder(w).Encode(map[string]string{"status": "unavailable", "reason": err.Error()})
			return
		}
		_, _ = w.Write([]byte(`{"status":"ready"}`))
	})
}

// Serve marks jobs cut off by an earlier stop as failed, then serves on ln until ctx ends,
// shutting down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	n, err := s.Jobs.RecoverInterrupted(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		s.Cfg.Log.Warn("interrupted jobs marked failed", "count", n)
	}
	go s.upkeep(ctx)
	srv := &http.Server{Handler: s.Router, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.Cfg.Log.Info("serving", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// upkeep purges audit rows past each district's retention period, now and daily, and runs the
// modules' upkeep (escalation of overdue items, …) for every district, now and hourly.
func (s *Server) upkeep(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	var purged time.Time
	for {
		if time.Since(purged) >= 24*time.Hour {
			s.purgeAudit(ctx)
			purged = time.Now()
		}
		s.moduleUpkeep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// moduleUpkeep runs every module's upkeep for every district with schools.
func (s *Server) moduleUpkeep(ctx context.Context) {
	districts, err := s.DB.Strings(ctx, `SELECT DISTINCT district_code FROM schools`)
	if err != nil {
		s.Cfg.Log.Error("upkeep", "err", err)
		return
	}
	for _, m := range modules {
		if m.upkeep == nil {
			continue
		}
		for _, d := range districts {
			if err := m.upkeep(ctx, s, d); err != nil && ctx.Err() == nil {
				s.Cfg.Log.Error("upkeep", "module", m.name, "district", d, "err", err)
			}
		}
	}
}

func (s *Server) purgeAudit(ctx context.Context) {
	districts, err := s.DB.Strings(ctx, `SELECT district_code FROM audit_head`)
	if err != nil {
		return
	}
	for _, d := range districts {
		pol, err := auth.LoadPolicy(ctx, s.DB.Read(), d)
		if err != nil {
			continue
		}
		if n, err := s.Audit.Purge(ctx, d, pol.AuditRetentionDays, time.Now()); err != nil {
			s.Cfg.Log.Error("audit purge", "district", d, "err", err)
		} else if n > 0 {
			s.Cfg.Log.Info("audit purge", "district", d, "removed", n)
		}
	}
}
