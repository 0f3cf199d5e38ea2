package reports

import "time"

// Doc is a generated report, ready to be written as DOCX or HTML.
type Doc struct {
	Title       string      `json:"title"`
	Period      string      `json:"period"`
	Scope       string      `json:"scope"`
	ScopeLabel  string      `json:"scope_label"`
	Issuer      string      `json:"issuer"` // 发文机关署名
	GeneratedAt time.Time   `json:"generated_at"`
	Blocks      []DocBlock  `json:"blocks"`
	Figures     []Figure    `json:"figures"`
	Targets     []TargetRef `json:"targets"`
	Warnings    []string    `json:"warnings"`
}

// DocBlock is a heading, a paragraph or a chart of the body.
type DocBlock struct {
	Kind   string `json:"kind"` // heading, paragraph, chart
	Level  int    `json:"level,omitempty"`
	Number string `json:"number,omitempty"` // "一、", "（一）", "1."
	Runs   []Run  `json:"runs,omitempty"`
	Chart  *Chart `json:"chart,omitempty"`
	Line   int    `json:"line,omitempty"` // template line it comes from
}

// Run is a piece of text; Fig is the number of the figure it shows (0 for wording).
type Run struct {
	Text string `json:"text"`
	Fig  int    `json:"fig,omitempty"`
}

// Chart is a bar chart of figures.
type Chart struct {
	Title  string    `json:"title"`
	Unit   string    `json:"unit"`
	Labels []string  `json:"labels"`
	Values []float64 `json:"values"`
	Texts  []string  `json:"texts"`
	Figs   []int     `json:"figs"`
}

// Figure is one number of the report with where it comes from: the appendix 数据说明 lists them all.
type Figure struct {
	No         int       `json:"no"`
	Metric     string    `json:"metric"`
	Name       string    `json:"name"`
	Definition string    `json:"definition"`
	Scope      string    `json:"scope"`
	Period     string    `json:"period"`
	Text       string    `json:"text"` // as shown in the body (with unit where the body shows it)
	Unit       string    `json:"unit"`
	Source     string    `json:"source"`
	AsOf       time.Time `json:"as_of"`
	Line       int       `json:"line"` // template line
}

// TargetRef is a plan target quoted in the report.
type TargetRef struct {
	No   int    `json:"no"`
	Item string `json:"item"`
	Text string `json:"text"` // "≥ 95"
	Plan string `json:"plan"`
}

// Text is the body as plain text, paragraph per line (tests and search).
func (d *Doc) Text() string {
	out := d.Title + "\n"
	for _, b := range d.Blocks {
		out += b.Number
		for _, r := range b.Runs {
			out += r.Text
		}
		if b.Chart != nil {
			out += b.Chart.Title
		}
		out += "\n"
	}
	return out
}
