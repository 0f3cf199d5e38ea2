package main

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/demo"
)

func init() {
	addDemoStep(demoStep{name: "校园安全隐患与专项检查", sort: 40, run: demoSafety})
}

// demoSafety writes a year of inspection campaigns and hazards in every state (internal/demo/safety.go).
func demoSafety(ctx context.Context, env demoEnv) (string, error) {
	svc := env.Server.Safety()
	if svc == nil {
		return "", fmt.Errorf("校园安全模块未加载")
	}
	s, err := demo.InstallSafety(ctx, svc, env.District.District.Code, env.Seed, time.Now())
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d 次专项检查，%d 条隐患（已整改 %d，待整改或待验收 %d，其中逾期 %d，已升级督办 %d）",
		s.Campaigns, s.Hazards, s.Closed, s.Pending, s.Overdue, s.Escalated), nil
}
