package indicators

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Set sources: a district's own set or a province's (省级加码) entered by the district.
const (
	SourceNational = "national"
	SourceProvince = "province"
	SourceDistrict = "district"
)

// StoredSet is an indicator set of the district: the indicators it adds to (or whose thresholds it
// raises in) a national set, merged onto that set when evaluated. At most one set per base is
// active; the active one replaces the national set on the dashboard.
type StoredSet struct {
	ID     string       `json:"id"`
	Base   string       `json:"base"`   // id of the national set it builds on
	Source string       `json:"source"` // national, province or district
	Active bool         `json:"active"`
	Extra  IndicatorSet `json:"extra"`     // what it adds or replaces
	Set    IndicatorSet `json:"effective"` // the merged set
	By     string       `json:"updated_by,omitempty"`
	At     int64        `json:"updated_at,omitempty"`
}

// SetInput is a set as the editor sends it.
type SetInput struct {
	ID         string      `json:"id"`
	Base       string      `json:"base"`
	Source     string      `json:"source"`
	Name       string      `json:"name"`
	Policy     string      `json:"policy"`
	Version    string      `json:"version"`
	Active     bool        `json:"active"`
	Indicators []Indicator `json:"indicators"`
	Rule       *SchoolRule `json:"school_rule,omitempty"`
}

// build validates the input and returns the stored set.
func (in SetInput) build() (StoredSet, error) {
	var f errs.Fields
	base, ok := NationalSet(in.Base)
	if !ok {
		f.Add("base", "基础指标体系须为 balance_resources、balance_guarantee 或 preschool_universal")
	}
	if in.Source != SourceProvince && in.Source != SourceDistrict {
		f.Add("source", "来源须为 province（省级加码）或 district（区县自定）")
	}
	if _, national := NationalSet(in.ID); national {
		f.Add("id", "不能使用国家指标体系的代码")
	}
	if err := f.Err(); err != nil {
		return StoredSet{}, err
	}
	extra := IndicatorSet{ID: in.ID, Name: in.Name, Policy: in.Policy, Version: in.Version, Indicators: in.Indicators, Rule: in.Rule}
	if extra.Indicators == nil {
		extra.Indicators = []Indicator{}
	}
	merged, err := Merge(base, extra)
	if err != nil {
		return StoredSet{}, err
	}
	merged.Policy = base.Policy + "；" + in.Policy
	return StoredSet{ID: in.ID, Base: in.Base, Source: in.Source, Active: in.Active, Extra: extra, Set: merged}, nil
}

// storedBody is the JSON kept in indicator_sets.body.
type storedBody struct {
	Extra IndicatorSet `json:"extra"`
}

// ListSets returns the national sets followed by the district's own.
func ListSets(ctx context.Context, q db.Querier, district string) ([]StoredSet, error) {
	out := []StoredSet{}
	for _, s := range NationalSets() {
		out = append(out, StoredSet{ID: s.ID, Base: s.ID, Source: SourceNational, Set: s, Extra: IndicatorSet{Indicators: []Indicator{}}})
	}
	rows, err := q.Query(ctx, `SELECT id, base, source, active, body, updated_by, updated_at FROM indicator_sets
WHERE district_code = ? ORDER BY base, id`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	activeBase := map[string]bool{}
	for rows.Next() {
		var s StoredSet
		var body string
		if err := rows.Scan(&s.ID, &s.Base, &s.Source, &s.Active, &body, &s.By, &s.At); err != nil {
			return nil, err
		}
		var b storedBody
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return nil, fmt.Errorf("指标体系 %s 数据损坏: %w", s.ID, err)
		}
		s.Extra = b.Extra
		base, _ := NationalSet(s.Base)
		merged, err := Merge(base, b.Extra)
		if err != nil {
			return nil, fmt.Errorf("指标体系 %s: %w", s.ID, err)
		}
		s.Set = merged
		if s.Active {
			activeBase[s.Base] = true
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Source == SourceNational {
			out[i].Active = !activeBase[out[i].ID]
		}
	}
	return out, nil
}

// FindSet returns a set (national or the district's) by id.
func FindSet(ctx context.Context, q db.Querier, district, id string) (StoredSet, error) {
	sets, err := ListSets(ctx, q, district)
	if err != nil {
		return StoredSet{}, err
	}
	for _, s := range sets {
		if s.ID == id {
			return s, nil
		}
	}
	return StoredSet{}, errs.NotFoundf("指标体系")
}

// ActiveSet returns the set evaluated for a national base: the district's active set, or the
// national one.
func ActiveSet(ctx context.Context, q db.Querier, district, base string) (StoredSet, error) {
	sets, err := ListSets(ctx, q, district)
	if err != nil {
		return StoredSet{}, err
	}
	for _, s := range sets {
		if s.Base == base && s.Active {
			return s, nil
		}
	}
	return StoredSet{}, errs.NotFoundf("指标体系")
}

// SaveSet creates or replaces a district set; activating it deactivates the others of its base.
func SaveSet(ctx context.Context, q db.Querier, district, by string, in SetInput, create bool) (StoredSet, error) {
	s, err := in.build()
	if err != nil {
		return StoredSet{}, err
	}
	body, err := json.Marshal(storedBody{Extra: s.Extra})
	if err != nil {
		return StoredSet{}, err
	}
	now := db.Now()
	var exists int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM indicator_sets WHERE district_code = ? AND id = ?`, district, s.ID).Scan(&exists); err != nil {
		return StoredSet{}, err
	}
	switch {
	case create && exists > 0:
		return StoredSet{}, errs.E(errs.Conflict, "指标体系代码 %q 已存在", s.ID)
	case !create && exists == 0:
		return StoredSet{}, errs.NotFoundf("指标体系")
	}
	if s.Active {
		if _, err := q.Exec(ctx, `UPDATE indicator_sets SET active = FALSE WHERE district_code = ? AND base = ?`, district, s.Base); err != nil {
			return StoredSet{}, err
		}
	}
	if create {
		_, err = q.Exec(ctx, `INSERT INTO indicator_sets (district_code, id, base, source, name, body, active, updated_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, district, s.ID, s.Base, s.Source, s.Extra.Name, string(body), s.Active, by, now, now)
	} else {
		_, err = q.Exec(ctx, `UPDATE indicator_sets SET base = ?, source = ?, name = ?, body = ?, active = ?, updated_by = ?, updated_at = ?
WHERE district_code = ? AND id = ?`, s.Base, s.Source, s.Extra.Name, string(body), s.Active, by, now, district, s.ID)
	}
	if err != nil {
		return StoredSet{}, err
	}
	s.By, s.At = by, now
	return s, nil
}

// DeleteSet removes a district set.
func DeleteSet(ctx context.Context, q db.Querier, district, id string) error {
	res, err := q.Exec(ctx, `DELETE FROM indicator_sets WHERE district_code = ? AND id = ?`, district, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.NotFoundf("指标体系")
	}
	return nil
}

// Population is the district's resident population aged 3–5 in a year (毛入园率's denominator).
type Population struct {
	Year      int    `json:"year"`
	Children  int    `json:"children_3_5"`
	Source    string `json:"source"`
	UpdatedBy string `json:"updated_by,omitempty"`
	UpdatedAt int64  `json:"updated_at,omitempty"`
}

// ValidYear checks a school year.
func ValidYear(year int) error {
	if year < 2000 || year > 2100 {
		return errs.Field("year", "学年须为 2000 至 2100 之间的年份")
	}
	return nil
}

// SavePopulation records the resident population aged 3–5 for a year.
func SavePopulation(ctx context.Context, q db.Querier, district, by string, p Population) (Population, error) {
	var f errs.Fields
	if ValidYear(p.Year) != nil {
		f.Add("year", "学年须为 2000 至 2100 之间的年份")
	}
	if p.Children <= 0 {
		f.Add("children_3_5", "3至5岁常住人口须为正整数")
	}
	p.Source = strings.TrimSpace(p.Source)
	if p.Source == "" {
		f.Add("source", "请写明数据来源（如 统计局 2026 年人口抽样调查）")
	}
	if err := f.Err(); err != nil {
		return Population{}, err
	}
	p.UpdatedBy, p.UpdatedAt = by, db.Now()
	if _, err := q.Exec(ctx, `DELETE FROM indicator_population WHERE district_code = ? AND year = ?`, district, p.Year); err != nil {
		return Population{}, err
	}
	_, err := q.Exec(ctx, `INSERT INTO indicator_population (district_code, year, children_3_5, source, updated_by, updated_at)
VALUES (?, ?, ?, ?, ?, ?)`, district, p.Year, p.Children, p.Source, by, p.UpdatedAt)
	return p, err
}

// ListPopulation returns the entered years, newest first.
func ListPopulation(ctx context.Context, q db.Querier, district string) ([]Population, error) {
	rows, err := q.Query(ctx, `SELECT year, children_3_5, source, updated_by, updated_at FROM indicator_population
WHERE district_code = ? ORDER BY year DESC`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Population{}
	for rows.Next() {
		var p Population
		if err := rows.Scan(&p.Year, &p.Children, &p.Source, &p.UpdatedBy, &p.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ManualItem is a 政府保障程度 item the registry cannot answer, judged by hand with evidence.
type ManualItem struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ManualItems are the qualitative and financial 政府保障程度 items (教督〔2017〕6号) entered by hand.
var ManualItems = []ManualItem{
	{"planning", "县级人民政府制定义务教育学校布局规划并按规划实施"},
	{"standard_construction", "所有学校按国家规定标准化建设"},
	{"public_funds", "生均公用经费不低于省定标准"},
	{"special_funds", "特殊教育学校生均公用经费不低于 6000 元"},
	{"teaching_point_funds", "不足 100 名学生的村小学和教学点按 100 名学生核定公用经费"},
	{"teacher_pay", "教师平均工资收入水平不低于当地公务员平均工资收入水平"},
	{"teacher_exchange", "县级教育行政部门统筹分配各校教职工编制和岗位数量；每年交流轮岗教师比例不低于 10%，骨干教师不低于 20%"},
	{"nearby_enrollment", "就近划片入学比例：小学 100%，初中不低于 95%"},
	{"quota_to_schools", "优质高中招生名额分配到区域内初中的比例不低于 50%，并向农村初中倾斜"},
	{"migrant_children", "随迁子女在公办学校和政府购买服务的民办学校就读比例不低于 85%"},
}

// ManualEntry is a manual judgement for a year.
type ManualEntry struct {
	Year      int    `json:"year"`
	Item      string `json:"item"`
	Name      string `json:"name"`
	Met       bool   `json:"met"`
	Value     string `json:"value"`
	Evidence  string `json:"evidence"`
	FileName  string `json:"file_name"`
	FileData  string `json:"file_data,omitempty"` // base64 of the evidence file (≤ 512 KiB)
	UpdatedBy string `json:"updated_by,omitempty"`
	UpdatedAt int64  `json:"updated_at,omitempty"`
}

func manualName(id string) string {
	for _, m := range ManualItems {
		if m.ID == id {
			return m.Name
		}
	}
	return ""
}

// MaxEvidenceBase64 bounds an evidence file (512 KiB before encoding).
const MaxEvidenceBase64 = 700_000

// SaveManual records a manual judgement with its evidence.
func SaveManual(ctx context.Context, q db.Querier, district, by string, e ManualEntry) (ManualEntry, error) {
	var f errs.Fields
	if ValidYear(e.Year) != nil {
		f.Add("year", "学年须为 2000 至 2100 之间的年份")
	}
	e.Name = manualName(e.Item)
	if e.Name == "" {
		f.Add("item", fmt.Sprintf("政府保障程度事项 %q 不存在", e.Item))
	}
	e.Evidence = strings.TrimSpace(e.Evidence)
	if e.Evidence == "" {
		f.Add("evidence", "请填写佐证材料说明（文件名称、文号或核查记录）")
	} else if utf8.RuneCountInString(e.Evidence) > 2000 {
		f.Add("evidence", "佐证说明不能超过 2000 字")
	}
	if utf8.RuneCountInString(e.Value) > 200 {
		f.Add("value", "数值说明不能超过 200 字")
	}
	if len(e.FileData) > MaxEvidenceBase64 {
		f.Add("file_data", "佐证文件不能超过 512 KB")
	}
	if e.FileData != "" && strings.TrimSpace(e.FileName) == "" {
		f.Add("file_name", "上传佐证文件时须给出文件名")
	}
	if err := f.Err(); err != nil {
		return ManualEntry{}, err
	}
	e.UpdatedBy, e.UpdatedAt = by, db.Now()
	if _, err := q.Exec(ctx, `DELETE FROM indicator_manual WHERE district_code = ? AND year = ? AND item = ?`, district, e.Year, e.Item); err != nil {
		return ManualEntry{}, err
	}
	_, err := q.Exec(ctx, `INSERT INTO indicator_manual (district_code, year, item, met, value, evidence, file_name, file_data, updated_by, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, district, e.Year, e.Item, e.Met, e.Value, e.Evidence, e.FileName, e.FileData, by, e.UpdatedAt)
	e.FileData = ""
	return e, err
}

// ListManual returns every manual item of a year, entered or not (without file contents).
func ListManual(ctx context.Context, q db.Querier, district string, year int) ([]ManualEntry, error) {
	rows, err := q.Query(ctx, `SELECT item, met, value, evidence, file_name, updated_by, updated_at FROM indicator_manual
WHERE district_code = ? AND year = ?`, district, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := map[string]ManualEntry{}
	for rows.Next() {
		e := ManualEntry{Year: year}
		if err := rows.Scan(&e.Item, &e.Met, &e.Value, &e.Evidence, &e.FileName, &e.UpdatedBy, &e.UpdatedAt); err != nil {
			return nil, err
		}
		got[e.Item] = e
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]ManualEntry, 0, len(ManualItems))
	for _, m := range ManualItems {
		e, ok := got[m.ID]
		if !ok {
			e = ManualEntry{Year: year, Item: m.ID}
		}
		e.Name = m.Name
		out = append(out, e)
	}
	return out, nil
}

// LoadStaffConfig returns the district's 编制 ratios, or the defaults.
func LoadStaffConfig(ctx context.Context, q db.Querier, district string) (StaffConfig, error) {
	var body string
	err := q.QueryRow(ctx, `SELECT body FROM indicator_staff_config WHERE district_code = ?`, district).Scan(&body)
	if db.IsNoRows(err) {
		return DefaultStaffConfig(), nil
	}
	if err != nil {
		return StaffConfig{}, err
	}
	var c StaffConfig
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return StaffConfig{}, err
	}
	return c, nil
}

// SaveStaffConfig stores the district's 编制 ratios.
func SaveStaffConfig(ctx context.Context, q db.Querier, district, by string, c StaffConfig) (StaffConfig, error) {
	if c.Rounding == "" {
		c.Rounding = RoundHalfUp
	}
	if err := c.Validate(); err != nil {
		return StaffConfig{}, err
	}
	body, err := json.Marshal(c)
	if err != nil {
		return StaffConfig{}, err
	}
	if _, err := q.Exec(ctx, `DELETE FROM indicator_staff_config WHERE district_code = ?`, district); err != nil {
		return StaffConfig{}, err
	}
	_, err = q.Exec(ctx, `INSERT INTO indicator_staff_config (district_code, body, updated_by, updated_at) VALUES (?, ?, ?, ?)`,
		district, string(body), by, db.Now())
	return c, err
}

// Plan is a saved what-if scenario.
type Plan struct {
	ID         int64    `json:"id,string"`
	Year       int      `json:"year"`
	SetID      string   `json:"set_id"`
	Name       string   `json:"name"`
	Changes    []Change `json:"changes"`
	AuthorID   int64    `json:"author_id,string"`
	AuthorName string   `json:"author_name"`
	CreatedAt  int64    `json:"created_at"`
}

// SavePlan stores a plan (its changes were checked by evaluating them).
func SavePlan(ctx context.Context, q db.Querier, district string, p Plan) (Plan, error) {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return Plan{}, errs.Field("name", "请填写方案名称")
	}
	if utf8.RuneCountInString(p.Name) > 100 {
		return Plan{}, errs.Field("name", "方案名称不能超过 100 个字")
	}
	if len(p.Changes) == 0 {
		return Plan{}, errs.Field("changes", "方案至少要有一项调整")
	}
	body, err := json.Marshal(p.Changes)
	if err != nil {
		return Plan{}, err
	}
	p.ID, p.CreatedAt = db.NewID(), db.Now()
	_, err = q.Exec(ctx, `INSERT INTO indicator_plans (district_code, id, year, set_id, name, changes, author_id, author_name, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, district, p.ID, p.Year, p.SetID, p.Name, string(body), p.AuthorID, p.AuthorName, p.CreatedAt)
	return p, err
}

// ListPlans returns the plans of a year (all years when year is 0), newest first.
func ListPlans(ctx context.Context, q db.Querier, district string, year int) ([]Plan, error) {
	rows, err := q.Query(ctx, `SELECT id, year, set_id, name, changes, author_id, author_name, created_at FROM indicator_plans
WHERE district_code = ? AND (? = 0 OR year = ?) ORDER BY created_at DESC, id DESC`, district, year, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Plan{}
	for rows.Next() {
		p, err := scanPlan(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// GetPlan returns a plan.
func GetPlan(ctx context.Context, q db.Querier, district string, id int64) (Plan, error) {
	p, err := scanPlan(q.QueryRow(ctx, `SELECT id, year, set_id, name, changes, author_id, author_name, created_at FROM indicator_plans
WHERE district_code = ? AND id = ?`, district, id).Scan)
	if db.IsNoRows(err) {
		return Plan{}, errs.NotFoundf("规划方案")
	}
	return p, err
}

// DeletePlan removes a plan.
func DeletePlan(ctx context.Context, q db.Querier, district string, id int64) error {
	res, err := q.Exec(ctx, `DELETE FROM indicator_plans WHERE district_code = ? AND id = ?`, district, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.NotFoundf("规划方案")
	}
	return nil
}

func scanPlan(scan func(...any) error) (Plan, error) {
	var p Plan
	var changes string
	if err := scan(&p.ID, &p.Year, &p.SetID, &p.Name, &changes, &p.AuthorID, &p.AuthorName, &p.CreatedAt); err != nil {
		return Plan{}, err
	}
	if err := json.Unmarshal([]byte(changes), &p.Changes); err != nil {
		return Plan{}, fmt.Errorf("规划方案 %d 数据损坏: %w", p.ID, err)
	}
	return p, nil
}
