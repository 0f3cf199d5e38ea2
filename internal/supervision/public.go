package supervision

import (
	"context"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// PublicDraw is what the public page shows of a draw: only announced draws appear; the seed and
// result once drawn; the inspection results once published. Of persons it shows the inspectors'
// names only (no account, unit or conflict reason).
type PublicDraw struct {
	ID             int64          `json:"id"`
	Title          string         `json:"title"`
	Filter         string         `json:"filter"`
	N              int            `json:"n"`
	PerTarget      int            `json:"per_target"`
	Status         string         `json:"status"`
	StatusName     string         `json:"status_name"`
	TargetCount    int            `json:"target_count"`
	PoolSize       int            `json:"pool_size"`
	ConflictCount  int            `json:"conflict_count"`
	PopulationHash string         `json:"population_hash"`
	Sums           string         `json:"sums"`
	Seed           string         `json:"seed"`
	DrawHash       string         `json:"draw_hash"`
	AnnouncedAt    *time.Time     `json:"announced_at"`
	DrawnAt        *time.Time     `json:"drawn_at"`
	PublishedAt    *time.Time     `json:"published_at"`
	Targets        []PublicTarget `json:"targets"`
	Files          []string       `json:"files"` // names downloadable from the public file route
}

// PublicTarget is a drawn target on the public page.
type PublicTarget struct {
	Order          int      `json:"order"`
	TargetID       string   `json:"target_id"`
	TargetName     string   `json:"target_name"`
	InspectorIDs   []string `json:"inspector_ids"`
	InspectorNames []string `json:"inspector_names"`
	Conclusion     string   `json:"conclusion"`
	Result         string   `json:"result"`
	InspectedOn    string   `json:"inspected_on"`
}

func publicView(r drawRow) PublicDraw {
	p := PublicDraw{ID: r.ID, Title: r.Title, Filter: r.Filter, N: r.N, PerTarget: r.PerTarget, Status: r.Status, StatusName: r.StatusName,
		TargetCount: r.TargetCount, PoolSize: r.PoolSize, ConflictCount: r.ConflictCount, PopulationHash: r.PopulationHash, Sums: r.Sums,
		AnnouncedAt: r.AnnouncedAt, Targets: []PublicTarget{}, Files: []string{TargetsFile, InspectorsFile, ConflictsFile, SumsFile}}
	if r.Status == DrawDrawn || r.Status == DrawPublished {
		p.Seed, p.DrawHash, p.DrawnAt = r.Seed, r.DrawHash, r.DrawnAt
		p.Files = append(p.Files, DrawFile)
		for _, t := range r.Targets {
			pt := PublicTarget{Order: t.Order, TargetID: t.TargetID, TargetName: t.TargetName, InspectorIDs: t.InspectorIDs, InspectorNames: t.InspectorNames}
			if r.Status == DrawPublished {
				pt.Conclusion, pt.Result, pt.InspectedOn = t.Conclusion, t.Result, t.InspectedOn
			}
			p.Targets = append(p.Targets, pt)
		}
	}
	if r.Status == DrawPublished {
		p.PublishedAt = r.PublishedAt
		p.Files = append(p.Files, ResultsFile)
	}
	return p
}

const publicWhere = `district_code = ? AND status IN ('announced', 'drawn', 'published')`

// PublicDraws lists the public draws of a district, newest first (no login).
func (s *Service) PublicDraws(ctx context.Context, district string) ([]PublicDraw, error) {
	rows, err := scanDraws(ctx, s.DB.Read(), publicWhere, district)
	if err != nil {
		return nil, err
	}
	if err := loadTargets(ctx, s.DB.Read(), district, rows); err != nil {
		return nil, err
	}
	out := []PublicDraw{}
	for _, r := range rows {
		out = append(out, publicView(r))
	}
	return out, nil
}

// PublicDrawByID reads one public draw; an unpublished one does not exist for the public.
func (s *Service) PublicDrawByID(ctx context.Context, district string, id int64) (PublicDraw, error) {
	r, err := publicRow(ctx, s, district, id)
	if err != nil {
		return PublicDraw{}, err
	}
	return publicView(r), nil
}

func publicRow(ctx context.Context, s *Service, district string, id int64) (drawRow, error) {
	rows, err := scanDraws(ctx, s.DB.Read(), publicWhere+` AND id = ?`, district, id)
	if err != nil {
		return drawRow{}, err
	}
	if len(rows) == 0 {
		return drawRow{}, errs.NotFoundf("抽查")
	}
	if err := loadTargets(ctx, s.DB.Read(), district, rows); err != nil {
		return drawRow{}, err
	}
	return rows[0], nil
}

// PublicFile returns one of a public draw's files (see population.go for how to use them).
func (s *Service) PublicFile(ctx context.Context, district string, id int64, name string) ([]byte, error) {
	r, err := publicRow(ctx, s, district, id)
	if err != nil {
		return nil, err
	}
	return drawFile(r, name)
}

// DrawFileFor returns a draw file to the bureau (any status).
func (s *Service) DrawFileFor(ctx context.Context, a Actor, id int64, name string) ([]byte, error) {
	if err := requireBureau(a.P, access.SupervisionRead); err != nil {
		return nil, err
	}
	r, err := getDraw(ctx, s.DB.Read(), a.P.District, id)
	if err != nil {
		return nil, err
	}
	return drawFile(r, name)
}

func drawFile(r drawRow, name string) ([]byte, error) {
	drawn := r.Status == DrawDrawn || r.Status == DrawPublished
	switch {
	case name == TargetsFile:
		return r.frozen.Targets, nil
	case name == InspectorsFile:
		return r.frozen.Inspectors, nil
	case name == ConflictsFile:
		return r.frozen.Conflicts, nil
	case name == SumsFile:
		return []byte(r.frozen.Sums), nil
	case name == DrawFile && drawn:
		return []byte(r.drawCSV), nil
	case name == ResultsFile && r.Status == DrawPublished:
		rows := [][]string{}
		for _, t := range r.Targets {
			rows = append(rows, []string{itoa(t.Order), t.TargetID, t.TargetName, strings.Join(t.InspectorNames, ";"), t.Conclusion, t.InspectedOn, t.Result})
		}
		return csvBytes([]string{"order", "target_id", "name", "inspectors", "conclusion", "inspected_on", "result"}, rows), nil
	}
	return nil, errs.NotFoundf("文件 " + name)
}
