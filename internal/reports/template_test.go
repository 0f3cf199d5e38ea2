package reports

import (
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

func TestDefaultTemplatesParse(t *testing.T) {
	for _, k := range Kinds {
		body := DefaultTemplate(k.Code)
		if body == "" {
			t.Fatalf("%s: no default template", k.Code)
		}
		tp, err := ParseTemplate(body)
		if err != nil {
			t.Fatalf("%s: %v", k.Code, err)
		}
		specials := map[string]bool{}
		for _, b := range tp.Blocks {
			if b.Kind == BlockSpecial {
				specials[b.Call.Fn] = true
			}
		}
		for _, want := range []string{"targets", "problems", "next_plan", "chart"} {
			if !specials[want] {
				t.Errorf("%s: no {{%s}} block", k.Code, want)
			}
		}
	}
}

func TestParseTemplateOutline(t *testing.T) {
	tp, err := ParseTemplate("# {{区县}}总结\n## 概况\n在校生{{在校生总数}}人，\n其中随迁子女{{metric students.migrant scope=district}}人。\n\n### 教师\n// 注释\n专任教师{{teachers.total}}人。\n{{图表 schools.by_type}}")
	if err != nil {
		t.Fatal(err)
	}
	if len(tp.Title) != 2 || tp.Title[0].Call.Fn != "区县" {
		t.Fatalf("title: %+v", tp.Title)
	}
	kinds := []string{}
	for _, b := range tp.Blocks {
		kinds = append(kinds, b.Kind)
	}
	if strings.Join(kinds, ",") != "heading,paragraph,heading,paragraph,special" {
		t.Fatalf("blocks: %v", kinds)
	}
	p := tp.Blocks[1]
	if len(p.Segs) != 6 || p.Segs[1].Call.Args[0] != "students.total" || p.Segs[4].Call.Opts["scope"] != "district" {
		t.Fatalf("paragraph continued over two lines with the name resolved: %+v", p.Segs)
	}
	if c := p.Segs[4].Call; c.Line != 4 || c.Col != 7 {
		t.Errorf("position of the second placeholder: line %d col %d", c.Line, c.Col)
	}
	if tp.Blocks[4].Call.Fn != "chart" {
		t.Errorf("the alias 图表 is chart: %+v", tp.Blocks[4].Call)
	}
}

func TestParseTemplateErrorsNamePlaceholderAndPosition(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"# 标题\n在校生{{students.totl}}人", "第2行第4列 {{students.totl}}：未知的指标或函数“students.totl”"},
		{"# 标题\n在校生{{metric students.totl}}人", "第2行第4列 {{metric students.totl}}：未知的指标“students.totl”"},
		{"# 标题\n　　在校生{{students.total", "第2行第6列：占位符没有结束的“}}”"},
		{"# 标题\n在校生}}人", "第2行第4列：多余的“}}”"},
		{"# 标题\n{{share students.total}}", "函数“share”需要 2 个指标参数，写了 1 个"},
		{"# 标题\n{{metric students.total colour=red}}", "函数“metric”没有选项“colour”"},
		{"# 标题\n{{metric students.total scope=city}}", "范围写法有误：city"},
		{"# 标题\n学校{{chart schools.by_type}}分布", "“chart”须单独占一行"},
		{"# 标题\n{{list students.total}}", "指标“students.total”没有分列数据"},
		{"# 标题\n{{}}", "占位符是空的"},
		{"# 标题\n{{metric \"students.total}}", "引号没有配对"},
		{"# 标题\n{{index .Secret 1}}", "未知的指标或函数“index”"},
		{"# 标题\n{{students.total | printf}}", "占位符中不能有“|”"},
		{"## 没有标题", "缺少文档标题"},
		{"# 一\n# 二", "第2行第1列：只能有一个文档标题"},
		{"# 标题\n##### 五级", "标题最多四级"},
	} {
		_, err := ParseTemplate(c.body)
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid {
			t.Errorf("%q: want an invalid-input error, got %v", c.body, err)
			continue
		}
		all := []string{}
		for _, f := range e.Fields {
			all = append(all, f.Message)
		}
		if !strings.Contains(strings.Join(all, "\n"), c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.body, all, c.want)
		}
	}
}

func TestParseTemplateReportsEveryProblem(t *testing.T) {
	_, err := ParseTemplate("# 标题\n{{a.b}} 和 {{c.d}}\n{{e.f}}")
	e, _ := errs.As(err)
	if e == nil || len(e.Fields) != 3 {
		t.Fatalf("want three problems, got %v", err)
	}
}

func FuzzParseTemplate(f *testing.F) {
	f.Add(DefaultTemplate(KindAnnual))
	f.Add("# {{区县}}\n{{change students.total scope=school:1}}{{")
	f.Add("# t\n}}{{{{}}\n{{\"“”}}")
	f.Fuzz(func(t *testing.T, body string) {
		tp, err := ParseTemplate(body)
		if err != nil {
			e, ok := errs.As(err)
			if !ok || len(e.Fields) == 0 || e.Fields[0].Field != "body" {
				t.Fatalf("error without its place: %v", err)
			}
			return
		}
		for _, b := range tp.Blocks {
			for _, s := range b.Segs {
				if s.Call != nil {
					if _, ok := functions[s.Call.Fn]; !ok {
						t.Fatalf("unknown function passed: %+v", s.Call)
					}
					for _, a := range s.Call.Args {
						if catalog[a] == nil {
							t.Fatalf("unknown metric passed: %+v", s.Call)
						}
					}
				}
			}
		}
	})
}
