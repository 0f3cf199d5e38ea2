package main

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/demo"
	"github.com/edubureau/edubureau/internal/enroll"
	"github.com/edubureau/edubureau/internal/platform/db"
)

func init() {
	addDemoStep(demoStep{name: "招生入学", sort: 30, run: demoEnroll})
}

// demoEnroll writes every school's catchment text and the next year's 小学一年级 campaign, open for
// registration, with about 8,000 applications (one of them the demo parent parent1's).
func demoEnroll(ctx context.Context, env demoEnv) (string, error) {
	s := env.Server
	district := env.District.District.Code
	ids := map[string]int64{}
	rows, err := s.DB.Read().Query(ctx, `SELECT code, id FROM schools WHERE district_code = ?`, district)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			rows.Close()
			return "", err
		}
		ids[code] = id
	}
	rows.Close()
	today := time.Now()
	year := today.Year() + 1
	d := demo.GenerateEnroll(env.District, ids, year, 8000, env.Seed, today)
	// The demo parent parent1 has applied (their first child's application), so the portal shows one.
	var parent1 int64
	if err := s.DB.Read().QueryRow(ctx, `SELECT id FROM users WHERE district_code = ? AND username = 'parent1'`, district).Scan(&parent1); err == nil && len(d.Apps) > 0 {
		d.Apps[0].ParentID = parent1
	}
	var sum enroll.DemoSummary
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		var err error
		sum, err = enroll.InstallDemo(ctx, q, s.Keys, district, d.Catchments, d.Policy, d.Apps)
		return err
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d 所学校的划片范围；%d年小学一年级招生方案（报名中），%d 份报名：房户一致 %d、户籍 %d、房产 %d、随迁子女 %d、统筹 %d；学位锁定冲突 %d 处",
		len(d.Catchments), year, sum.Applications, sum.ByCategory[enroll.CatHouseHukou], sum.ByCategory[enroll.CatHukou],
		sum.ByCategory[enroll.CatHouse], sum.ByCategory[enroll.CatMigrant], sum.ByCategory[enroll.CatOther], sum.Conflicts), nil
}
