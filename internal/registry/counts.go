package registry

import (
	"context"

	"github.com/edubureau/edubureau/internal/platform/access"
)

// Counts are the registry's headline figures in the caller's scope.
type Counts struct {
	Students, Migrant, Staff, Teachers int
}

// HeadlineCounts counts enrolled students (and 随迁子女 among them) and serving staff (and 专任教师)
// in the caller's scope; zero without registry.read.
func (s *Service) HeadlineCounts(ctx context.Context, a Actor) (Counts, error) {
	var c Counts
	if !a.P.Can(access.RegistryRead) {
		return c, nil
	}
	cond, args := scopeCond(a.P)
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.migrant THEN 1 ELSE 0 END), 0)
FROM students t WHERE `+cond+` AND t.status = '在读'`, args...).Scan(&c.Students, &c.Migrant); err != nil {
		return c, err
	}
	err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.post = '专任教师' THEN 1 ELSE 0 END), 0)
FROM staff t WHERE `+cond+` AND t.status = '在职'`, args...).Scan(&c.Staff, &c.Teachers)
	return c, err
}
