package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"

	"github.com/edubureau/edubureau/internal/server"
)

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("serve")
	var c common
	c.register(fs)
	addr := fs.String("addr", envOr("EDUBUREAU_ADDR", "127.0.0.1:8080"), "监听地址")
	secure := fs.Bool("secure", false, "经 TLS（反向代理）提供服务：启用 Secure 与 __Host- Cookie")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	cfg := c.config(log)
	cfg.Addr, cfg.Secure = *addr, *secure
	s, err := server.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s: %w", *addr, err)
	}
	return s.Serve(ctx, ln)
}

func migrate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("migrate")
	var c common
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := server.Open(ctx, c.config(slog.New(slog.DiscardHandler)))
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(stdout, "数据库已迁移到最新版本")
	return nil
}
