package reports

import (
	"context"
	"strings"
	"testing"
)

// Test metrics with fixed values: 2026 and 2025 differ so that comparisons have something to say.
func init() {
	byYear := func(cur, prev float64) func(context.Context, *Sources, Scope, Period) (Value, error) {
		return func(_ context.Context, s *Sources, _ Scope, p Period) (Value, error) {
			switch p.Year {
			case 2026:
				return Value{Number: cur, AsOf: s.Now}, nil
			case 2025:
				return Value{Number: prev, AsOf: s.Now}, nil
			}
			return Value{None: true}, nil
		}
	}
	register(Metric{Key: "test.up", Name: "测试增加", Unit: "所", Scopes: []string{ScopeDistrict}, Period: Periodic, Source: "test.Up", Compute: byYear(12, 10)})
	register(Metric{Key: "test.down", Name: "测试减少", Unit: "人", Scopes: []string{ScopeDistrict}, Period: Periodic, Source: "test.Down", Compute: byYear(90, 100)})
	register(Metric{Key: "test.same", Name: "测试持平", Unit: "个", Scopes: []string{ScopeDistrict}, Period: Periodic, Source: "test.Same", Compute: byYear(5, 5)})
	register(Metric{Key: "test.rate", Name: "测试比率", Unit: "%", Scopes: []string{ScopeDistrict}, Period: Periodic, Source: "test.Rate", Compute: byYear(96.25, 95)})
	register(Metric{Key: "test.parts", Name: "测试分列", Unit: "所", Scopes: []string{ScopeDistrict}, Period: Periodic, Source: "test.Parts", Breakdown: true,
		Compute: func(_ context.Context, s *Sources, _ Scope, _ Period) (Value, error) {
			return Value{Number: 7, Parts: []Part{{"小学", 4}, {"初中", 3}}, AsOf: s.Now}, nil
		}})
}

func renderText(t *testing.T, body string) *Doc {
	t.Helper()
	tp, err := ParseTemplate(body)
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Src: NewSources(nil, nil, nil, dist, fixedNow), Scope: District, Period: Period{Year: 2026}, DistrictName: "青溪区"}
	d, err := Render(context.Background(), tp, env)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRenderComparisonsAndOutline(t *testing.T) {
	d := renderText(t, "# {{区县}}{{期间}}测试\n## 甲\n### 乙\n#### 丙\n#### 丁\n### 戊\n"+
		"学校{{test.up}}所，比上年{{change test.up}}；人数{{change test.down}}；个数{{change test.same}}；"+
		"比率{{test.rate}}，比上年{{change test.rate}}，增长{{pct_change test.down}}；上年{{prev test.up}}所；{{list test.parts}}。\n"+
		"## 己\n{{chart test.parts}}")
	want := "青溪区2026年测试\n一、甲\n（一）乙\n1．丙\n2．丁\n（二）戊\n" +
		"学校12所，比上年增加2所；人数减少10人；个数持平；比率96.3%，比上年提高1.3个百分点，增长下降10.0%；上年10所；小学4所、初中3所。\n" +
		"二、己\n测试分列\n"
	if got := d.Text(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if bad := d.Untraced("# 测试 2025 2026"); len(bad) > 0 {
		t.Errorf("untraced: %v", bad)
	}
	var names []string
	for _, f := range d.Figures {
		names = append(names, f.Name+"="+f.Text)
	}
	if got := strings.Join(names, "|"); got != "测试增加=12|测试增加比上期增加=2|测试减少比上期减少=10|测试比率=96.3%|测试比率比上期提高=1.3|测试减少比上期下降=10.0%|测试增加=10|测试分列·小学=4|测试分列·初中=3|测试分列·小学=4|测试分列·初中=3" {
		t.Errorf("figures: %s", got)
	}
	if f := d.Figures[1]; !strings.Contains(f.Source, "本期 12 − 上期 10") || f.Period != "2026年" {
		t.Errorf("a change's source shows its terms: %+v", f)
	}
	if f := d.Figures[6]; f.Period != "2025年" {
		t.Errorf("prev is of the previous period: %+v", f)
	}
}

func TestRenderScopeWarningsAndErrors(t *testing.T) {
	tp, _ := ParseTemplate("# 题\n学校{{test.up}}所")
	env := &Env{Src: NewSources(nil, nil, nil, dist, fixedNow), Scope: Scope{Kind: ScopeType, Type: "primary"}, Period: Period{Year: 2026}}
	d, err := Render(context.Background(), tp, env)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text() != "题\n学校不适用\n" || len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "第2行第3列 {{test.up}}：指标“测试增加”不能按学校类型统计") {
		t.Errorf("%q %v", d.Text(), d.Warnings)
	}
	tp, _ = ParseTemplate("# 题\n学校{{metric test.up scope=school:5}}所")
	if _, err := Render(context.Background(), tp, env); err == nil || !strings.Contains(err.Error(), "第2行第3列 {{metric test.up scope=school:5}}：指标“测试增加”不能按学校统计") {
		t.Errorf("an explicit scope the metric cannot be cut by: %v", err)
	}
}
