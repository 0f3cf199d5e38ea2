package db

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	p.SetMaxOpenConns(32)
	p.SetMaxIdleConns(32)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("无法连接 PostgreSQL: %w", err)
	}
	return &DB{Dialect: Postgres, w: p, r: p}, nil
}
