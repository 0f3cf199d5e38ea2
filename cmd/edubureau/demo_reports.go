package main

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/demo"
	"github.com/edubureau/edubureau/internal/reports"
)

func init() {
	addDemoStep(demoStep{name: "年度工作计划", sort: 90, run: demoReports})
}

// demoReports stores the demo district's work plan for the registry's year, with targets bound
// to the other modules' figures, so that the annual report shows targets met and missed.
func demoReports(ctx context.Context, env demoEnv) (string, error) {
	year := demo.RegistrySchoolYear
	if err := reports.InstallDemoPlan(ctx, env.Server.DB, env.District.District.Code, year); err != nil {
		return "", err
	}
	pl := reports.DemoPlan(year)
	n := 0
	for _, ch := range pl.Chapters {
		n += len(ch.Items)
	}
	return fmt.Sprintf("%s：%d 章 %d 项", pl.Title, len(pl.Chapters), n), nil
}
