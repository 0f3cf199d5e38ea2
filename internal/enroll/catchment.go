package enroll

import (
	"context"
	"slices"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// SchoolCatchment is one school's published catchment text and how it was read.
type SchoolCatchment struct {
	SchoolID   int64      `json:"school_id"`
	SchoolName string     `json:"school_name"`
	SchoolType string     `json:"school_type"`
	Text       string     `json:"text"`
	Rules      []RuleView `json:"rules"`
	Flagged    int        `json:"flagged"` // lines kept for manual handling
	UpdatedAt  int64      `json:"updated_at"`
}

// RuleView is a parsed rule as the UI shows it.
type RuleView struct {
	Text    string `json:"text"`
	Rule    string `json:"rule"`
	Flagged bool   `json:"flagged"`
	Reason  string `json:"reason"`
}

// CatchmentReport is every school's catchment with the overlaps between single-school catchments.
type CatchmentReport struct {
	Schools  []SchoolCatchment `json:"schools"`
	Overlaps []string          `json:"overlaps"`
	Missing  []string          `json:"missing"` // schools with a plan but no catchment text
}

// catchIndex holds a district's parsed catchments for matching.
type catchIndex struct {
	list  []Catchment
	names map[int64]string
	rules *CatchmentIndex // over list, built once list is complete
}

func viewRules(rules []Rule) ([]RuleView, int) {
	out := make([]RuleView, 0, len(rules))
	n := 0
	for _, r := range rules {
		v := RuleView{Text: r.Text, Rule: r.String(), Flagged: r.Kind == Unparsed, Reason: r.Reason}
		if v.Flagged {
			n++
			v.Text = r.Line
		}
		out = append(out, v)
	}
	return out, n
}

func (s *Service) loadCatchments(ctx context.Context, district string) (*catchIndex, error) {
	s.mu.RLock()
	ix := s.catchments[district]
	s.mu.RUnlock()
	if ix != nil {
		return ix, nil
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT c.school_id, c.text, s.name FROM enroll_catchments c
JOIN schools s ON s.district_code = c.district_code AND s.id = c.school_id WHERE c.district_code = ? ORDER BY c.school_id`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ix = &catchIndex{names: map[int64]string{}}
	for rows.Next() {
		var id int64
		var text, name string
		if err := rows.Scan(&id, &text, &name); err != nil {
			return nil, err
		}
		ix.list = append(ix.list, ParseCatchment(text, itoa(id)))
		ix.names[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ix.rules = NewCatchmentIndex(ix.list)
	s.mu.Lock()
	if s.catchments == nil {
		s.catchments = map[string]*catchIndex{}
	}
	s.catchments[district] = ix
	s.mu.Unlock()
	return ix, nil
}

// match returns the schools whose catchment covers an address.
func (ix *catchIndex) match(address string) []int64 {
	if address == "" {
		return nil
	}
	var out []int64
	for _, id := range ix.rules.Match(ParseAddress(address)) {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// LookupResult answers 查学区 for an address.
type LookupResult struct {
	Address    string        `json:"address"`
	Normalized string        `json:"normalized"`
	Schools    []SchoolBrief `json:"schools"`
	Note       string        `json:"note"`
}

// SchoolBrief names a school.
type SchoolBrief struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Lookup answers which schools' catchments cover an address (public).
func (s *Service) Lookup(ctx context.Context, district, address string) (LookupResult, error) {
	if address == "" || len([]rune(address)) > 120 {
		return LookupResult{}, errs.Field("address", "请输入 120 字以内的地址")
	}
	ix, err := s.loadCatchments(ctx, district)
	if err != nil {
		return LookupResult{}, err
	}
	r := LookupResult{Address: address, Normalized: ParseAddress(address).String(), Schools: []SchoolBrief{}}
	for _, id := range ix.match(address) {
		r.Schools = append(r.Schools, SchoolBrief{id, ix.names[id]})
	}
	switch len(r.Schools) {
	case 0:
		r.Note = "该地址不在已公布的划片范围内，由教育局统筹安排学位；如地址有误请核对门牌号。"
	case 1:
		r.Note = "该地址属于以上学校的划片范围。"
	default:
		r.Note = "该地址属于多校划片范围，由电脑派位确定学校。"
	}
	return r, nil
}

// Catchments returns every school's catchment text, how it was read, and the overlaps.
func (s *Service) Catchments(ctx context.Context, district string) (CatchmentReport, error) {
	rows, err := s.DB.Read().Query(ctx, `SELECT s.id, s.name, s.type, COALESCE(c.text, ''), COALESCE(c.updated_at, 0) FROM schools s
LEFT JOIN enroll_catchments c ON c.district_code = s.district_code AND c.school_id = s.id
WHERE s.district_code = ? AND s.type IN ('primary', 'junior', 'nine_year', 'kindergarten', 'twelve_year', 'complete_secondary')
ORDER BY s.code`, district)
	if err != nil {
		return CatchmentReport{}, err
	}
	defer rows.Close()
	rep := CatchmentReport{Schools: []SchoolCatchment{}, Overlaps: []string{}, Missing: []string{}}
	lists := map[string][]Catchment{} // by stage group: overlaps only matter between schools of one stage
	names := map[string]string{}
	for rows.Next() {
		var sc SchoolCatchment
		if err := rows.Scan(&sc.SchoolID, &sc.SchoolName, &sc.SchoolType, &sc.Text, &sc.UpdatedAt); err != nil {
			return CatchmentReport{}, err
		}
		c := ParseCatchment(sc.Text, itoa(sc.SchoolID))
		sc.Rules, sc.Flagged = viewRules(c.Rules)
		if sc.Text == "" {
			rep.Missing = append(rep.Missing, sc.SchoolName)
		} else {
			for _, g := range stageGroups(sc.SchoolType) {
				lists[g] = append(lists[g], c)
			}
		}
		names[itoa(sc.SchoolID)] = sc.SchoolName
		rep.Schools = append(rep.Schools, sc)
	}
	if err := rows.Err(); err != nil {
		return CatchmentReport{}, err
	}
	seen := map[string]bool{}
	for _, g := range []string{"kindergarten", "primary", "junior"} {
		for _, o := range Overlaps(lists[g]) {
			txt := o.Common.String() + " 同时划入 " + names[o.SchoolA] + "（" + o.RuleA.Line + "）和 " + names[o.SchoolB] + "（" + o.RuleB.Line + "）"
			if !seen[txt] {
				seen[txt] = true
				rep.Overlaps = append(rep.Overlaps, txt)
			}
		}
	}
	return rep, nil
}

// stageGroups says which stages a school type enrolls for.
func stageGroups(schoolType string) []string {
	switch schoolType {
	case "kindergarten":
		return []string{"kindergarten"}
	case "primary":
		return []string{"primary"}
	case "junior", "complete_secondary":
		return []string{"junior"}
	case "nine_year", "twelve_year":
		return []string{"primary", "junior"}
	}
	return nil
}

// Gaps reports the parts of known streets and compounds (lines such as "人民路1-300号" or
// "幸福小区1-20栋", e.g. from the door-plate register) that no school's catchment covers.
func (s *Service) Gaps(ctx context.Context, district, known string) ([]string, error) {
	ix, err := s.loadCatchments(ctx, district)
	if err != nil {
		return nil, err
	}
	var segs []Segment
	for _, r := range ParseCatchmentText(known) {
		switch r.Kind {
		case StreetNumbers:
			segs = append(segs, Segment{Street: r.Street, From: r.From, To: r.To})
		case CompoundBuildings:
			segs = append(segs, Segment{Compound: r.Compound, From: r.From, To: r.To})
		default:
			return nil, errs.Field("known", "每行应写明门牌或楼栋范围，如“人民路1-300号”：“"+r.Line+"”")
		}
	}
	out := []string{}
	for _, g := range Gaps(segs, ix.list) {
		out = append(out, g.String())
	}
	return out, nil
}

// SetCatchment stores a school's catchment text. Every line is kept, also those the parser cannot
// read: they are flagged for manual handling.
func (s *Service) SetCatchment(ctx context.Context, a Actor, schoolID int64, text string) (SchoolCatchment, error) {
	if err := districtWide(a.P, access.EnrollWrite); err != nil {
		return SchoolCatchment{}, err
	}
	if len([]rune(text)) > 20000 {
		return SchoolCatchment{}, errs.Field("text", "划片文本过长（最多 20000 字）")
	}
	var name string
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		err := q.QueryRow(ctx, `SELECT name FROM schools WHERE district_code = ? AND id = ?`, a.P.District, schoolID).Scan(&name)
		if db.IsNoRows(err) {
			return errs.NotFoundf("学校")
		}
		if err != nil {
			return err
		}
		if err := upsertCatchment(ctx, q, a.P.District, schoolID, text, a.P.Name); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("enroll.catchment.update", "school", schoolID, name+" 划片范围"))
	})
	if err != nil {
		return SchoolCatchment{}, err
	}
	s.mu.Lock()
	delete(s.catchments, a.P.District)
	s.mu.Unlock()
	rules, flagged := viewRules(ParseCatchmentText(text))
	return SchoolCatchment{SchoolID: schoolID, SchoolName: name, Text: text, Rules: rules, Flagged: flagged, UpdatedAt: db.Now()}, nil
}

// upsertCatchment writes a school's catchment text (also used by the demo installer).
func upsertCatchment(ctx context.Context, q db.Querier, district string, school int64, text, by string) error {
	_, err := q.Exec(ctx, `INSERT INTO enroll_catchments (district_code, school_id, text, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (district_code, school_id) DO UPDATE SET text = excluded.text, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		district, school, text, by, db.Now())
	return err
}

// UpsertCatchment writes a school's catchment text without audit (demo installer).
func UpsertCatchment(ctx context.Context, q db.Querier, district string, school int64, text string) error {
	return upsertCatchment(ctx, q, district, school, text, "演示数据")
}
