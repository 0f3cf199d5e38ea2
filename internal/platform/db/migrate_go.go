package db

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// goMigrations returns the migrations whose SQL differs between SQLite and PostgreSQL. Versions
// share one sequence with the SQL files in migrations/: a new step takes the next free number.
func goMigrations(d Dialect) []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(2, &goose.GoFunc{RunTx: execAll(auditGuard[d])}, nil),
	}
}

func execAll(stmts []string) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		return nil
	}
}

// auditGuard makes audit_log rows immutable at the database level. Deletion stays possible for the
// retention job; the hash chain (package audit) shows any other removal or change.
var auditGuard = map[Dialect][]string{
	SQLite: {
		`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志不可修改'); END`,
	},
	Postgres: {
		`CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '审计日志不可修改'; END $$`,
		`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_immutable()`,
	},
}
