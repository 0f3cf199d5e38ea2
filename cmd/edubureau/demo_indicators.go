package main

import (
	"context"
	"fmt"
	"math"

	"github.com/edubureau/edubureau/internal/demo"
	"github.com/edubureau/edubureau/internal/indicators"
	"github.com/edubureau/edubureau/internal/platform/db"
)

func init() {
	addDemoStep(demoStep{name: "督导评估：常住人口与往年办学条件", sort: 15, run: demoIndicators})
}

// demoIndicators enters the district's resident population aged 3–5 (毛入园率 about 93%) and the
// two previous years' facilities, a little below this year's (schools improve), so that the
// dashboard has a trend.
func demoIndicators(ctx context.Context, env demoEnv) (string, error) {
	s := env.Server
	district := env.District.District.Code
	year := demo.RegistrySchoolYear
	var children int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM students WHERE district_code = ? AND status = '在读' AND grade <= 0`,
		district).Scan(&children); err != nil {
		return "", err
	}
	resident := int(math.Round(float64(children) / 0.93))
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if _, err := indicators.SavePopulation(ctx, q, district, "演示数据", indicators.Population{Year: year, Children: resident,
			Source: "演示数据：区统计局常住人口抽样调查"}); err != nil {
			return err
		}
		for back, share := range map[int]float64{1: 0.96, 2: 0.92} {
			if _, err := q.Exec(ctx, `INSERT INTO facilities (district_code, school_id, year, teaching_area, admin_area, living_area,
sports_area, equipment_value, books, computers, multimedia_rooms, music_rooms, art_rooms, labs, updated_at)
SELECT district_code, school_id, ?, teaching_area * ?, admin_area, living_area, sports_area * ?, equipment_value * ?, books, computers,
CAST(multimedia_rooms * ? AS INTEGER), music_rooms, art_rooms, labs, updated_at FROM facilities WHERE district_code = ? AND year = ?`,
				year-back, share, share, share*share, share, district, year); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d 学年 3至5岁常住人口 %d 人；%d、%d 学年办学条件", year, resident, year-2, year-1), nil
}
