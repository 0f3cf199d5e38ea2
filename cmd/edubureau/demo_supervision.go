package main

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/supervision"
)

func init() {
	addDemoStep(demoStep{name: "督导检查", sort: 45, run: func(ctx context.Context, env demoEnv) (string, error) {
		sum, err := supervision.InstallDemo(ctx, env.Server.Supervision(), env.District.District.Code, env.Seed)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d 条责任督学督导记录（发现问题 %d 个，其中 %d 个已转为安全隐患；%d 所学校全年未督导）、检查人员库 %d 人、回避关系 %d 条、双随机抽查 %d 次",
			sum.Visits, sum.Findings, sum.Hazards, sum.NeverVisited, sum.Pool, sum.Conflicts, sum.Draws), nil
	}})
}
