package supervision

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/safety"
)

// CreateDraw freezes a draw's population: the targets (schools of the chosen types, or the uploaded
// list), the pool and the declared conflicts between them are written as the draw's files and
// hashed. The draw is not public until it is announced.
func (s *Service) CreateDraw(ctx context.Context, a Actor, in DrawInput) (Draw, error) {
	if err := requireBureau(a.P, access.SupervisionWrite); err != nil {
		return Draw{}, err
	}
	if err := in.Normalize(); err != nil {
		return Draw{}, err
	}
	id := db.NewID()
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		d, err := freezeDraw(ctx, q, a.P.District, in)
		if err != nil {
			return err
		}
		if err := insertDraw(ctx, q, a.P.District, id, a.P.UserID, in, d); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.draw_create", "draw", fmt.Sprint(id),
			fmt.Sprintf("%s：%s，抽取 %d 个、每个 %d 人；名单哈希 %s", in.Title, d.filter, in.N, in.PerTarget, d.frozen.Hash)))
	})
	if err != nil {
		return Draw{}, err
	}
	return s.GetDraw(ctx, a, id)
}

type frozenDraw struct {
	frozen                   Frozen
	filter                   string
	schools                  map[string]int64 // target id → school id (school populations)
	targets, pool, conflicts int
}

// freezeDraw reads the population of a draw input and freezes it.
func freezeDraw(ctx context.Context, q db.Querier, district string, in DrawInput) (frozenDraw, error) {
	var d frozenDraw
	var p Population
	d.schools = map[string]int64{}
	switch in.Population {
	case PopulationSchools:
		sql, args := `SELECT id, code, name, type FROM schools WHERE district_code = ? AND status = 'open'`, []any{district}
		names := []string{}
		for _, t := range in.SchoolTypes {
			if n := org.SchoolTypeName(t); n == t || n == "" {
				return d, errs.Field("school_types", "学校类型“"+t+"”不存在")
			}
			names = append(names, org.SchoolTypeName(t))
		}
		if len(in.SchoolTypes) > 0 {
			sql += ` AND type IN (?` + strings.Repeat(", ?", len(in.SchoolTypes)-1) + `)`
			for _, t := range in.SchoolTypes {
				args = append(args, t)
			}
			d.filter = "学校名录：" + strings.Join(names, "、")
		} else {
			d.filter = "学校名录：全部学校与幼儿园"
		}
		rows, err := q.Query(ctx, sql, args...)
		if err != nil {
			return d, err
		}
		for rows.Next() {
			var id int64
			var code, name, typ string
			if err := rows.Scan(&id, &code, &name, &typ); err != nil {
				rows.Close()
				return d, err
			}
			p.Targets = append(p.Targets, safety.Target{ID: code, Name: name})
			d.schools[code] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return d, err
		}
	case PopulationUpload:
		ts, err := safety.ReadTargets(strings.NewReader(in.TargetsCSV), TargetsFile)
		if err != nil {
			return d, errs.Field("targets_csv", err.Error())
		}
		p.Targets, d.filter = ts, "上传名单"
	}
	if len(p.Targets) == 0 {
		return d, errs.Field("population", "抽取范围内没有检查对象")
	}
	members, err := pool(ctx, q, district, true)
	if err != nil {
		return d, err
	}
	chosen := map[int64]bool{}
	for _, id := range in.PoolIDs {
		chosen[id] = true
	}
	codeByID := map[int64]string{}
	for _, m := range members {
		if len(chosen) == 0 || chosen[m.ID] {
			p.Inspectors = append(p.Inspectors, safety.Inspector{ID: m.Code, Name: m.Name})
			codeByID[m.ID] = m.Code
			delete(chosen, m.ID)
		}
	}
	if len(chosen) > 0 {
		return d, errs.Field("pool_ids", "所选检查人员中有不在检查人员库（或已停用）的")
	}
	if len(p.Inspectors) == 0 {
		return d, errs.Field("pool_ids", "检查人员库为空")
	}
	cs, err := conflicts(ctx, q, district)
	if err != nil {
		return d, err
	}
	for _, c := range cs {
		if code, ok := codeByID[c.PoolID]; ok {
			p.Conflicts = append(p.Conflicts, safety.Conflict{InspectorID: code, TargetID: c.TargetID})
		}
	}
	if in.N > len(p.Targets) {
		return d, errs.Field("n", fmt.Sprintf("抽取数量 %d 超过检查对象总数 %d", in.N, len(p.Targets)))
	}
	if in.PerTarget > len(p.Inspectors) {
		return d, errs.Field("per_target", fmt.Sprintf("每个检查对象的检查人员数 %d 超过检查人员总数 %d", in.PerTarget, len(p.Inspectors)))
	}
	if d.frozen, err = Freeze(p); err != nil {
		return d, errs.Field("population", err.Error())
	}
	d.targets, d.pool = len(p.Targets), len(p.Inspectors)
	d.conflicts = bytes.Count(d.frozen.Conflicts, []byte("\n")) - 1
	return d, nil
}

func insertDraw(ctx context.Context, q db.Querier, district string, id, by int64, in DrawInput, d frozenDraw) error {
	_, err := q.Exec(ctx, `INSERT INTO supervision_draws (district_code, id, title, population, filter, n, per_target, status, targets_csv,
inspectors_csv, conflicts_csv, population_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		district, id, in.Title, in.Population, d.filter, in.N, in.PerTarget, DrawFrozen, string(d.frozen.Targets),
		string(d.frozen.Inspectors), string(d.frozen.Conflicts), d.frozen.Hash, by, db.Now())
	return err
}

// drawRow is a stored draw with its files.
type drawRow struct {
	Draw
	frozen  Frozen
	drawCSV string
}

const drawSelect = `SELECT id, title, population, filter, n, per_target, status, targets_csv, inspectors_csv, conflicts_csv,
population_hash, seed, draw_csv, draw_hash, created_at, announced_at, drawn_at, published_at FROM supervision_draws`

func scanDraws(ctx context.Context, q db.Querier, where string, args ...any) ([]drawRow, error) {
	rows, err := q.Query(ctx, drawSelect+` WHERE `+where+` ORDER BY created_at DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []drawRow
	for rows.Next() {
		var r drawRow
		var t, i, c string
		var created, announced, drawn, published int64
		if err := rows.Scan(&r.ID, &r.Title, &r.Population, &r.Filter, &r.N, &r.PerTarget, &r.Status, &t, &i, &c, &r.PopulationHash,
			&r.Seed, &r.drawCSV, &r.DrawHash, &created, &announced, &drawn, &published); err != nil {
			return nil, err
		}
		r.frozen = Frozen{Targets: []byte(t), Inspectors: []byte(i), Conflicts: []byte(c)}
		r.frozen.Sums, r.frozen.Hash = HashFiles(r.frozen.Targets, r.frozen.Inspectors, r.frozen.Conflicts)
		r.Sums, r.StatusName, r.CreatedAt = r.frozen.Sums, DrawStatusName(r.Status), db.Time(created)
		r.AnnouncedAt, r.DrawnAt, r.PublishedAt = optTime(announced), optTime(drawn), optTime(published)
		r.TargetCount = bytes.Count(r.frozen.Targets, []byte("\n")) - 1
		r.PoolSize = bytes.Count(r.frozen.Inspectors, []byte("\n")) - 1
		r.ConflictCount = bytes.Count(r.frozen.Conflicts, []byte("\n")) - 1
		r.Targets = []DrawTarget{}
		out = append(out, r)
	}
	return out, rows.Err()
}

func optTime(ms int64) *time.Time {
	if ms == 0 {
		return nil
	}
	t := db.Time(ms)
	return &t
}

// loadTargets fills the drawn targets of draws.
func loadTargets(ctx context.Context, q db.Querier, district string, ds []drawRow) error {
	for i := range ds {
		rows, err := q.Query(ctx, `SELECT ord, target_id, target_name, school_id, inspector_ids, inspector_names, conclusion, result, inspected_on
FROM supervision_draw_targets WHERE district_code = ? AND draw_id = ? ORDER BY ord`, district, ds[i].ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var t DrawTarget
			var school *int64
			var ids, names string
			if err := rows.Scan(&t.Order, &t.TargetID, &t.TargetName, &school, &ids, &names, &t.Conclusion, &t.Result, &t.InspectedOn); err != nil {
				rows.Close()
				return err
			}
			if school != nil {
				t.SchoolID = *school
			}
			t.InspectorIDs, t.InspectorNames = strings.Split(ids, ";"), strings.Split(names, "、")
			if t.Conclusion != "" {
				ds[i].Inspected++
			}
			ds[i].Targets = append(ds[i].Targets, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// ListDraws lists the district's draws, newest first (bureau only).
func (s *Service) ListDraws(ctx context.Context, a Actor) ([]Draw, error) {
	if err := requireBureau(a.P, access.SupervisionRead); err != nil {
		return nil, err
	}
	rows, err := scanDraws(ctx, s.DB.Read(), `district_code = ?`, a.P.District)
	if err != nil {
		return nil, err
	}
	if err := loadTargets(ctx, s.DB.Read(), a.P.District, rows); err != nil {
		return nil, err
	}
	out := []Draw{}
	for _, r := range rows {
		out = append(out, r.Draw)
	}
	return out, nil
}

// GetDraw reads one draw (bureau only).
func (s *Service) GetDraw(ctx context.Context, a Actor, id int64) (Draw, error) {
	if err := requireBureau(a.P, access.SupervisionRead); err != nil {
		return Draw{}, err
	}
	r, err := getDraw(ctx, s.DB.Read(), a.P.District, id)
	return r.Draw, err
}

func getDraw(ctx context.Context, q db.Querier, district string, id int64) (drawRow, error) {
	rows, err := scanDraws(ctx, q, `district_code = ? AND id = ?`, district, id)
	if err != nil {
		return drawRow{}, err
	}
	if len(rows) == 0 {
		return drawRow{}, errs.NotFoundf("抽查")
	}
	if err := loadTargets(ctx, q, district, rows); err != nil {
		return drawRow{}, err
	}
	return rows[0], nil
}

// transition moves a draw from one status to the next inside a transaction, after check.
func (s *Service) transition(ctx context.Context, a Actor, id int64, from, to, stampCol string,
	check func(q db.Querier, r drawRow) (string, error)) (Draw, error) {
	if err := requireBureau(a.P, access.SupervisionWrite); err != nil {
		return Draw{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		r, err := getDraw(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if r.Status != from {
			return errs.E(errs.Conflict, "抽查“%s”当前状态为“%s”，不能进行此操作", r.Title, r.StatusName)
		}
		detail, err := check(q, r)
		if err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `UPDATE supervision_draws SET status = ?, `+stampCol+` = ? WHERE district_code = ? AND id = ? AND status = ?`,
			to, db.Now(), a.P.District, id, from); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.draw_"+to, "draw", fmt.Sprint(id), r.Title+"："+detail))
	})
	if err != nil {
		return Draw{}, err
	}
	return s.GetDraw(ctx, a, id)
}

// AnnounceDraw publishes the frozen population and its hash (公示), before any seed.
func (s *Service) AnnounceDraw(ctx context.Context, a Actor, id int64) (Draw, error) {
	return s.transition(ctx, a, id, DrawFrozen, DrawAnnounced, "announced_at", func(q db.Querier, r drawRow) (string, error) {
		return fmt.Sprintf("公示检查对象 %d 个、检查人员 %d 名，名单哈希 %s", r.TargetCount, r.PoolSize, r.PopulationHash), nil
	})
}

// SeedInput is the seed announced at the draw.
type SeedInput struct {
	Seed string `json:"seed"`
}

// EnterSeed performs the draw with the seed announced at the drawing: the result is computed by
// safety.RunDraw from the frozen files exactly as the CLI computes it. The seed, the population
// hash and the hash of draw.csv go into the audit log. An unstaffable draw is refused, naming the
// target, and audited as failed.
func (s *Service) EnterSeed(ctx context.Context, a Actor, id int64, seed string) (Draw, error) {
	if msg := safety.CheckSeed(seed); msg != "" {
		return Draw{}, errs.Field("seed", msg)
	}
	var failure error
	d, err := s.transition(ctx, a, id, DrawAnnounced, DrawDrawn, "drawn_at", func(q db.Querier, r drawRow) (string, error) {
		if r.frozen.Hash != r.PopulationHash {
			return "", errs.E(errs.Conflict, "名单文件与公示的哈希不一致，不能抽取")
		}
		res, csvOut, err := RunFrozen(r.frozen, seed, r.N, r.PerTarget)
		if err != nil {
			var u *safety.UnstaffableError
			if errors.As(err, &u) {
				failure = err
			}
			return "", errs.Field("seed", err.Error())
		}
		names := map[string]string{}
		if p, err := Thaw(r.frozen.Targets, r.frozen.Inspectors, r.frozen.Conflicts); err == nil {
			for _, i := range p.Inspectors {
				names[i.ID] = i.Name
			}
		}
		drawHash := Sha256Hex(csvOut)
		for _, as := range res.Assignments {
			var school any
			if r.Population == PopulationSchools {
				var sid int64
				if err := q.QueryRow(ctx, `SELECT id FROM schools WHERE district_code = ? AND code = ?`, a.P.District, as.TargetID).Scan(&sid); err == nil {
					school = sid
				}
			}
			var ns []string
			for _, iid := range as.InspectorIDs {
				ns = append(ns, names[iid])
			}
			if _, err := q.Exec(ctx, `INSERT INTO supervision_draw_targets (district_code, draw_id, ord, target_id, target_name, school_id,
inspector_ids, inspector_names) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.P.District, id, as.Order, as.TargetID, as.TargetName, school,
				strings.Join(as.InspectorIDs, ";"), strings.Join(ns, "、")); err != nil {
				return "", err
			}
		}
		if _, err := q.Exec(ctx, `UPDATE supervision_draws SET seed = ?, draw_csv = ?, draw_hash = ? WHERE district_code = ? AND id = ?`,
			seed, string(csvOut), drawHash, a.P.District, id); err != nil {
			return "", err
		}
		drawn := make([]string, len(res.Assignments))
		for i, as := range res.Assignments {
			drawn[i] = as.TargetID
		}
		return fmt.Sprintf("随机种子“%s”，名单哈希 %s，抽取结果 draw.csv 哈希 %s，抽中 %s", seed, r.PopulationHash, drawHash,
			strings.Join(drawn, ",")), nil
	})
	if failure != nil {
		e := a.entry("supervision.draw_drawn", "draw", fmt.Sprint(id), fmt.Sprintf("随机种子“%s”：%s", seed, failure.Error()))
		e.Result = "failed"
		if rerr := s.Audit.Record(ctx, a.P.District, e); rerr != nil {
			return Draw{}, rerr
		}
	}
	return d, err
}

// RecordResult records the inspection result of one drawn target.
func (s *Service) RecordResult(ctx context.Context, a Actor, id int64, order int, in ResultInput) (Draw, error) {
	if err := requireBureau(a.P, access.SupervisionWrite); err != nil {
		return Draw{}, err
	}
	if err := in.Normalize(Today()); err != nil {
		return Draw{}, err
	}
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		r, err := getDraw(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if r.Status != DrawDrawn {
			return errs.E(errs.Conflict, "抽查“%s”当前状态为“%s”，不能登记检查结果", r.Title, r.StatusName)
		}
		i := slices.IndexFunc(r.Targets, func(t DrawTarget) bool { return t.Order == order })
		if i < 0 {
			return errs.NotFoundf("抽中的检查对象")
		}
		if _, err := q.Exec(ctx, `UPDATE supervision_draw_targets SET conclusion = ?, result = ?, inspected_on = ?, recorded_at = ?
WHERE district_code = ? AND draw_id = ? AND ord = ?`, in.Conclusion, in.Result, in.InspectedOn, db.Now(), a.P.District, id, order); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, a.P.District, a.entry("supervision.draw_result", "draw", fmt.Sprint(id),
			fmt.Sprintf("%s 第 %d 个 %s：%s", r.Title, order, r.Targets[i].TargetName, in.Conclusion)))
	})
	if err != nil {
		return Draw{}, err
	}
	return s.GetDraw(ctx, a, id)
}

// PublishResults publishes the inspection results once every drawn target has one.
func (s *Service) PublishResults(ctx context.Context, a Actor, id int64) (Draw, error) {
	return s.transition(ctx, a, id, DrawDrawn, DrawPublished, "published_at", func(q db.Querier, r drawRow) (string, error) {
		var missing []string
		for _, t := range r.Targets {
			if t.Conclusion == "" {
				missing = append(missing, t.TargetName)
			}
		}
		if len(missing) > 0 {
			return "", errs.E(errs.Invalid, "还有 %d 个检查对象未登记检查结果（%s），不能公开", len(missing), strings.Join(missing, "、"))
		}
		return fmt.Sprintf("公开 %d 个检查对象的检查结果", len(r.Targets)), nil
	})
}
