package reports

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// A template is plain text, one block per line:
//
//	# 标题                      the document title (placeholders allowed)
//	## 一级标题                 numbered 一、二、…
//	### 二级标题                numbered （一）（二）…
//	#### 三级标题               numbered 1. 2. …
//	段落文字 {{students.total}}  a paragraph: the bureau's wording with placeholders
//	{{chart schools.by_type}}   a block placeholder alone on its line (chart, targets, problems, next_plan)
//	// 注释                      ignored
//
// A placeholder is {{name}} (a metric key such as students.total or its name 在校生总数, or one of
// 区县 期间 年度 学校 范围) or {{function argument… option=value}} with the functions below.
// Nothing else is evaluated: no loops, no field access, no code.

// Template is a parsed template.
type Template struct {
	Title  []Segment `json:"title"`
	Blocks []Block   `json:"blocks"`
}

// Block kinds.
const (
	BlockHeading   = "heading"
	BlockParagraph = "paragraph"
	BlockSpecial   = "special" // chart, targets, problems, next_plan
)

// Block is one line of the template.
type Block struct {
	Kind  string    `json:"kind"`
	Level int       `json:"level,omitempty"` // headings: 1 一、, 2 （一）, 3 1.
	Segs  []Segment `json:"segs,omitempty"`
	Call  *Call     `json:"call,omitempty"` // special blocks
	Line  int       `json:"line"`
}

// Segment is literal text or a placeholder.
type Segment struct {
	Text string `json:"text,omitempty"`
	Call *Call  `json:"call,omitempty"`
}

// Call is a placeholder: a function, its arguments and options, and where it stands.
type Call struct {
	Fn     string            `json:"fn"`
	Args   []string          `json:"args,omitempty"`
	Opts   map[string]string `json:"opts,omitempty"`
	Source string            `json:"source"` // the placeholder as written
	Line   int               `json:"line"`
	Col    int               `json:"col"` // in characters, from 1
}

// Where names the placeholder's position for messages.
func (c *Call) Where() string { return fmt.Sprintf("第%d行第%d列 %s", c.Line, c.Col, c.Source) }

type fnSpec struct {
	args    int      // metric arguments
	opts    []string // allowed options
	block   bool     // alone on its line
	literal bool     // no argument: a text value
	name    string
}

// functions are the placeholder functions, with Chinese aliases.
var functions = map[string]fnSpec{
	"metric":     {args: 1, opts: []string{"scope", "period"}, name: "指标值"},
	"prev":       {args: 1, opts: []string{"scope"}, name: "上期值"},
	"change":     {args: 1, opts: []string{"scope"}, name: "与上期比较"},
	"pct_change": {args: 1, opts: []string{"scope"}, name: "增长率"},
	"share":      {args: 2, opts: []string{"scope"}, name: "占比"},
	"rank":       {args: 1, name: "全区排名"},
	"list":       {args: 1, opts: []string{"scope"}, name: "分列"},
	"chart":      {args: 1, opts: []string{"scope", "by", "title"}, block: true, name: "图表"},
	"targets":    {block: true, name: "目标完成情况"},
	"problems":   {block: true, name: "存在的问题"},
	"next_plan":  {block: true, name: "下期工作计划"},
	"区县":         {literal: true}, "期间": {literal: true}, "年度": {literal: true}, "学校": {literal: true}, "范围": {literal: true},
}

var fnAliases = map[string]string{"指标": "metric", "上期": "prev", "增减": "change", "增长率": "pct_change", "占比": "share",
	"排名": "rank", "分列": "list", "图表": "chart", "目标完成情况": "targets", "存在的问题": "problems", "下期计划": "next_plan"}

// ParseTemplate parses a template, reporting every problem with its line and column.
func ParseTemplate(text string) (*Template, error) {
	t := &Template{}
	var fe errs.Fields
	bad := func(line, col int, src, msg string) {
		where := fmt.Sprintf("第%d行第%d列", line, col)
		if src != "" {
			where += " " + src
		}
		fe.Add("body", where+"："+msg)
	}
	titled := false
	var para *Block
	for i, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := i + 1
		s := strings.TrimRight(raw, " \t\u3000")
		trimmed := strings.TrimLeft(s, " \t\u3000")
		indent := utf8.RuneCountInString(s) - utf8.RuneCountInString(trimmed)
		if trimmed == "" || strings.HasPrefix(trimmed, "//") {
			para = nil
			continue
		}
		level := 0
		for level < len(trimmed) && trimmed[level] == '#' {
			level++
		}
		if level > 0 {
			para = nil
			body := strings.TrimLeft(trimmed[level:], " \u3000")
			col := indent + level + 1 + (utf8.RuneCountInString(trimmed[level:]) - utf8.RuneCountInString(body))
			segs := parseSegments(body, line, col, bad)
			if level > 4 {
				bad(line, indent+1, "", "标题最多四级（# 标题，## 一、，### （一），#### 1.）")
				continue
			}
			if body == "" {
				bad(line, indent+1, "", "标题不能为空")
				continue
			}
			if level == 1 {
				if titled {
					bad(line, indent+1, "", "只能有一个文档标题（#）")
				}
				titled, t.Title = true, segs
				continue
			}
			t.Blocks = append(t.Blocks, Block{Kind: BlockHeading, Level: level - 1, Segs: segs, Line: line})
			continue
		}
		segs := parseSegments(trimmed, line, indent+1, bad)
		if len(segs) == 1 && segs[0].Call != nil && functions[segs[0].Call.Fn].block {
			para = nil
			t.Blocks = append(t.Blocks, Block{Kind: BlockSpecial, Call: segs[0].Call, Line: line})
			continue
		}
		for _, sg := range segs {
			if sg.Call != nil && functions[sg.Call.Fn].block {
				bad(sg.Call.Line, sg.Call.Col, sg.Call.Source, "“"+sg.Call.Fn+"”须单独占一行")
			}
		}
		if para != nil { // a paragraph continues on the next line
			para.Segs = append(para.Segs, segs...)
			continue
		}
		t.Blocks = append(t.Blocks, Block{Kind: BlockParagraph, Segs: segs, Line: line})
		para = &t.Blocks[len(t.Blocks)-1]
	}
	if !titled {
		fe.Add("body", "缺少文档标题：第一行写作“# 标题”")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// parseSegments splits a line into text and placeholders; col is the column of its first rune.
func parseSegments(s string, line, col int, bad func(line, col int, src, msg string)) []Segment {
	var out []Segment
	for s != "" {
		open := strings.Index(s, "{{")
		closeAt := strings.Index(s, "}}")
		if closeAt >= 0 && (open < 0 || closeAt < open) {
			bad(line, col+utf8.RuneCountInString(s[:closeAt]), "", "多余的“}}”（占位符应写作 {{…}}）")
			s = s[:closeAt] + s[closeAt+2:]
			continue
		}
		if open < 0 {
			out = append(out, Segment{Text: s})
			break
		}
		if open > 0 {
			out = append(out, Segment{Text: s[:open]})
		}
		at := col + utf8.RuneCountInString(s[:open])
		rest := s[open+2:]
		end := strings.Index(rest, "}}")
		if end < 0 {
			bad(line, at, "", "占位符没有结束的“}}”")
			break
		}
		if nested := strings.Index(rest[:end], "{{"); nested >= 0 {
			bad(line, at, "", "占位符没有结束的“}}”")
			col, s = at+2+utf8.RuneCountInString(rest[:nested]), rest[nested:]
			continue
		}
		src := s[open : open+2+end+2]
		if c, msg := parseCall(rest[:end]); msg != "" {
			bad(line, at, src, msg)
		} else {
			c.Source, c.Line, c.Col = src, line, at
			out = append(out, Segment{Call: c})
		}
		col, s = at+utf8.RuneCountInString(src), rest[end+2:]
	}
	return out
}

// parseCall reads the inside of a placeholder; msg explains what is wrong.
func parseCall(inner string) (*Call, string) {
	words, msg := splitWords(inner)
	if msg != "" {
		return nil, msg
	}
	if len(words) == 0 {
		return nil, "占位符是空的"
	}
	c := &Call{Opts: map[string]string{}}
	head := words[0]
	if a, ok := fnAliases[head]; ok {
		head = a
	}
	spec, isFn := functions[head]
	if isFn {
		c.Fn, words = head, words[1:]
	} else if strings.Contains(head, "=") {
		return nil, "占位符应以指标或函数开头"
	} else if _, ok := Lookup(head); !ok {
		return nil, fmt.Sprintf("未知的指标或函数“%s”", head)
	} else {
		c.Fn, spec = "metric", functions["metric"]
	}
	for _, w := range words {
		if k, v, ok := strings.Cut(w, "="); ok {
			if !contains(spec.opts, k) {
				return nil, fmt.Sprintf("函数“%s”没有选项“%s”", c.Fn, k)
			}
			c.Opts[k] = v
			continue
		}
		c.Args = append(c.Args, w)
	}
	if len(c.Args) != spec.args {
		if spec.args == 0 {
			return nil, fmt.Sprintf("“%s”不带参数", c.Fn)
		}
		return nil, fmt.Sprintf("函数“%s”需要 %d 个指标参数，写了 %d 个", c.Fn, spec.args, len(c.Args))
	}
	for i, a := range c.Args {
		m, ok := Lookup(a)
		if !ok {
			if !isFn && i == 0 {
				return nil, fmt.Sprintf("未知的指标或函数“%s”", a)
			}
			return nil, fmt.Sprintf("未知的指标“%s”", a)
		}
		c.Args[i] = m.Key
		if (c.Fn == "list" || c.Fn == "chart") && !m.Breakdown && c.Opts["by"] == "" {
			return nil, fmt.Sprintf("指标“%s”没有分列数据，不能用于“%s”（图表可加 by=school 按学校比较）", m.Key, c.Fn)
		}
	}
	if v, ok := c.Opts["scope"]; ok {
		if _, err := ParseScope(v); err != nil && v != "self" {
			return nil, "范围写法有误：" + v + "（可用 district、self、zone:编号、school:编号、type:类型）"
		}
	}
	if v, ok := c.Opts["period"]; ok && v != "prev" && v != "current" {
		if _, err := ParsePeriod(v); err != nil {
			return nil, "期间写法有误：" + v
		}
	}
	if v, ok := c.Opts["by"]; ok && v != "school" && v != "zone" {
		return nil, "图表的 by 只能是 school 或 zone：" + v
	}
	return c, ""
}

// splitWords splits on spaces, keeping "quoted strings" (also “…”) together.
func splitWords(s string) ([]string, string) {
	var out []string
	var cur strings.Builder
	quote := rune(0)
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote || (quote == '“' && r == '”') {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '“':
			quote = r
		case unicode.IsSpace(r):
			flush()
		case r == '{' || r == '}' || r == '<' || r == '>' || r == '|' || r == '(' || r == ')' || r == '`':
			return nil, fmt.Sprintf("占位符中不能有“%c”", r)
		default:
			cur.WriteRune(r)
		}
	}
	if quote != 0 {
		return nil, "引号没有配对"
	}
	flush()
	return out, ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
