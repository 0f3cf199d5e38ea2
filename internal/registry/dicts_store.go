package registry

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// EnsureDictionaries writes the default dictionaries of a district where it has none.
func EnsureDictionaries(ctx context.Context, q db.Querier, district string) error {
	for kind, es := range DefaultDictionaries {
		for i, e := range es {
			if _, err := q.Exec(ctx, `INSERT INTO dictionaries (district_code, kind, code, name, sort, active)
VALUES (?, ?, ?, ?, ?, TRUE) ON CONFLICT (district_code, kind, code) DO NOTHING`, district, kind, e.Code, e.Name, i+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// Dicts returns the district's active dictionaries (cached; edits clear the cache), or the defaults
// while the district has none stored. It only reads, so it is safe inside a write transaction.
func (s *Service) Dicts(ctx context.Context, district string) (Dicts, error) {
	if v, ok := s.dicts.Load(district); ok {
		return v.(Dicts), nil
	}
	all, err := s.dictEntries(ctx, district, true)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		all = DefaultDictionaries
	}
	d := NewDicts(all)
	s.dicts.Store(district, d)
	return d, nil
}

// DictEntry is a dictionary value as the administrator edits it.
type DictEntry struct {
	Kind   string `json:"kind"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Sort   int    `json:"sort"`
	Active bool   `json:"active"`
}

// Dictionary is one dictionary for the UI.
type Dictionary struct {
	Kind    string      `json:"kind"`
	Name    string      `json:"name"`
	Entries []DictEntry `json:"entries"`
}

func (s *Service) dictEntries(ctx context.Context, district string, activeOnly bool) (map[string][]Entry, error) {
	q := `SELECT kind, code, name FROM dictionaries WHERE district_code = ?`
	if activeOnly {
		q += ` AND active = TRUE`
	}
	rows, err := s.DB.Read().Query(ctx, q+` ORDER BY kind, sort, code`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]Entry{}
	for rows.Next() {
		var kind string
		var e Entry
		if err := rows.Scan(&kind, &e.Code, &e.Name); err != nil {
			return nil, err
		}
		out[kind] = append(out[kind], e)
	}
	return out, rows.Err()
}

// Dictionaries lists every dictionary with all its values, for any signed-in bureau or school user.
func (s *Service) Dictionaries(ctx context.Context, a Actor) ([]Dictionary, error) {
	var n int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM dictionaries WHERE district_code = ?`, a.P.District).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		if err := EnsureDictionaries(ctx, s.DB.Write(), a.P.District); err != nil {
			return nil, err
		}
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT kind, code, name, sort, active FROM dictionaries WHERE district_code = ?
ORDER BY kind, sort, code`, a.P.District)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[string]*Dictionary{}
	for rows.Next() {
		var e DictEntry
		if err := rows.Scan(&e.Kind, &e.Code, &e.Name, &e.Sort, &e.Active); err != nil {
			return nil, err
		}
		d, ok := by[e.Kind]
		if !ok {
			d = &Dictionary{Kind: e.Kind, Name: DictNames[e.Kind]}
			by[e.Kind] = d
		}
		d.Entries = append(d.Entries, e)
	}
	out := make([]Dictionary, 0, len(by))
	for _, d := range by {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out, rows.Err()
}

// PutDictEntry adds or edits a dictionary value (系统管理员). Values are never deleted, only
// deactivated, so old records keep their meaning.
func (s *Service) PutDictEntry(ctx context.Context, a Actor, e DictEntry) (DictEntry, error) {
	if err := access.Require(a.P, access.SettingsManage); err != nil {
		return DictEntry{}, err
	}
	var f errs.Fields
	if _, ok := DictNames[e.Kind]; !ok {
		f.Add("kind", "未知的字典："+e.Kind)
	}
	e.Code, e.Name = strings.TrimSpace(e.Code), strings.TrimSpace(e.Name)
	if e.Code == "" || len([]rune(e.Code)) > 20 {
		f.Add("code", "代码不能为空，且不超过 20 个字符")
	}
	if e.Name == "" || len([]rune(e.Name)) > 40 {
		f.Add("name", "名称不能为空，且不超过 40 个字")
	}
	if err := f.Err(); err != nil {
		return DictEntry{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		if err := EnsureDictionaries(ctx, q, a.P.District); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `INSERT INTO dictionaries (district_code, kind, code, name, sort, active) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (district_code, kind, code) DO UPDATE SET name = excluded.name, sort = excluded.sort, active = excluded.active`,
			a.P.District, e.Kind, e.Code, e.Name, e.Sort, e.Active); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("dictionary.update", "dictionary", e.Kind+":"+e.Code,
			fmt.Sprintf("%s：%s %s（%s）", DictNames[e.Kind], e.Code, e.Name, map[bool]string{true: "启用", false: "停用"}[e.Active])))
	})
	s.dicts.Delete(a.P.District)
	return e, err
}
