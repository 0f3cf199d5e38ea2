package indicators

import (
	"context"
	"fmt"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
)

// Configuration and plans: reads need indicators.read with the whole district in scope; writes
// need supervision.write as well, and are audited in the same transaction.

// SetsResponse lists the indicator sets and the aggregates indicators may use.
type SetsResponse struct {
	Items   []StoredSet  `json:"items"`
	Catalog []Aggregate  `json:"catalog"`
	Manual  []ManualItem `json:"manual_items"`
}

// Sets lists the national and the district's indicator sets.
func (s *Service) Sets(ctx context.Context, a Actor) (*SetsResponse, error) {
	if _, err := readView(a.P); err != nil {
		return nil, err
	}
	items, err := ListSets(ctx, s.DB.Read(), a.P.District)
	if err != nil {
		return nil, err
	}
	return &SetsResponse{Items: items, Catalog: Catalog, Manual: ManualItems}, nil
}

func (s *Service) write(ctx context.Context, a Actor, what, action, object, id, detail string, fn func(q db.Querier) error) error {
	if err := districtOnly(a.P, what, access.SupervisionWrite); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q db.Querier) error {
		if err := fn(q); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, audit.By(a.P, a.IP, action, object, id, detail))
	})
}

// SaveSet creates (create true) or replaces a district indicator set.
func (s *Service) SaveSet(ctx context.Context, a Actor, in SetInput, create bool) (StoredSet, error) {
	var out StoredSet
	action := "indicators.set.update"
	if create {
		action = "indicators.set.create"
	}
	err := s.write(ctx, a, "维护指标体系", action, "indicator_set", in.ID, fmt.Sprintf("%s（%d 项指标）", in.Name, len(in.Indicators)),
		func(q db.Querier) error {
			var err error
			out, err = SaveSet(ctx, q, a.P.District, a.P.Name, in, create)
			return err
		})
	return out, err
}

// DeleteSet removes a district indicator set.
func (s *Service) DeleteSet(ctx context.Context, a Actor, id string) error {
	return s.write(ctx, a, "维护指标体系", "indicators.set.delete", "indicator_set", id, "",
		func(q db.Querier) error { return DeleteSet(ctx, q, a.P.District, id) })
}

// Population lists the entered resident populations aged 3–5.
func (s *Service) Population(ctx context.Context, a Actor) ([]Population, error) {
	if err := districtOnly(a.P, "查看常住人口"); err != nil {
		return nil, err
	}
	return ListPopulation(ctx, s.DB.Read(), a.P.District)
}

// SavePopulation records the resident population aged 3–5 of a year.
func (s *Service) SavePopulation(ctx context.Context, a Actor, p Population) (Population, error) {
	var out Population
	err := s.write(ctx, a, "录入常住人口", "indicators.population.save", "indicator_population", strconv.Itoa(p.Year),
		fmt.Sprintf("3至5岁常住人口 %d（%s）", p.Children, p.Source), func(q db.Querier) error {
			var err error
			out, err = SavePopulation(ctx, q, a.P.District, a.P.Name, p)
			return err
		})
	return out, err
}

// SaveManual records a manual 政府保障程度 judgement.
func (s *Service) SaveManual(ctx context.Context, a Actor, e ManualEntry) (ManualEntry, error) {
	var out ManualEntry
	met := "未达标"
	if e.Met {
		met = "达标"
	}
	err := s.write(ctx, a, "录入政府保障程度", "indicators.manual.save", "indicator_manual", fmt.Sprintf("%d/%s", e.Year, e.Item),
		met+"："+e.Evidence, func(q db.Querier) error {
			var err error
			out, err = SaveManual(ctx, q, a.P.District, a.P.Name, e)
			return err
		})
	return out, err
}

// StaffConfig returns the 编制 ratios.
func (s *Service) StaffConfig(ctx context.Context, a Actor) (StaffConfig, error) {
	if _, err := readView(a.P); err != nil {
		return StaffConfig{}, err
	}
	return LoadStaffConfig(ctx, s.DB.Read(), a.P.District)
}

// SaveStaffConfig stores the 编制 ratios.
func (s *Service) SaveStaffConfig(ctx context.Context, a Actor, c StaffConfig) (StaffConfig, error) {
	var out StaffConfig
	err := s.write(ctx, a, "设置编制标准", "indicators.staffing.save", "indicator_staff_config", a.P.District,
		fmt.Sprintf("师生比 %v，取整 %s", c.Ratios, c.Rounding), func(q db.Querier) error {
			var err error
			out, err = SaveStaffConfig(ctx, q, a.P.District, a.P.Name, c)
			return err
		})
	return out, err
}

// Plans lists saved plans of a year (all years when 0).
func (s *Service) Plans(ctx context.Context, a Actor, year int) ([]Plan, error) {
	if err := districtOnly(a.P, "查看规划方案"); err != nil {
		return nil, err
	}
	return ListPlans(ctx, s.DB.Read(), a.P.District, year)
}

// Plan opens a saved plan with its scenario evaluated on today's registry.
func (s *Service) Plan(ctx context.Context, a Actor, id int64) (map[string]any, error) {
	if err := districtOnly(a.P, "查看规划方案"); err != nil {
		return nil, err
	}
	p, err := GetPlan(ctx, s.DB.Read(), a.P.District, id)
	if err != nil {
		return nil, err
	}
	sc, err := s.whatIf(ctx, a.P.District, WhatIfRequest{Year: p.Year, SetID: p.SetID, Changes: p.Changes})
	if err != nil {
		return map[string]any{"plan": p, "error": err.Error()}, nil
	}
	return map[string]any{"plan": p, "scenario": sc}, nil
}

// DeletePlan removes a saved plan.
func (s *Service) DeletePlan(ctx context.Context, a Actor, id int64) error {
	return s.write(ctx, a, "删除规划方案", "indicators.plan.delete", "indicator_plan", strconv.FormatInt(id, 10), "",
		func(q db.Querier) error { return DeletePlan(ctx, q, a.P.District, id) })
}
