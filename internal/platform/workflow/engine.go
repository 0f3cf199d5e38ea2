package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/workcal"
)

// Engine runs the items of the registered types.
type Engine struct {
	DB    *db.DB
	Audit *audit.Log
	Cal   *workcal.Calendar
	// Dir is where attachments are kept (the data directory's "workflow" folder).
	Dir string
	// Now is the clock (time.Now when nil); tests set it.
	Now func() time.Time

	mu    sync.Mutex
	types map[string]*Type
	swept map[string]time.Time
}

// New returns an engine over d with the embedded calendar, keeping attachments under dir.
func New(d *db.DB, a *audit.Log, dir string) *Engine {
	return &Engine{DB: d, Audit: a, Cal: workcal.Default(), Dir: dir, types: map[string]*Type{}, swept: map[string]time.Time{}}
}

// Register adds a type. It panics on a malformed declaration (a programming error).
func (e *Engine) Register(t *Type) {
	if _, ok := t.state(t.Initial); !ok {
		panic("workflow: initial state of " + t.Code + " is not declared")
	}
	for _, tr := range t.Transitions {
		if _, ok := t.state(tr.To); !ok || tr.Perm == "" {
			panic("workflow: transition " + tr.Action + " of " + t.Code + " is malformed")
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.types[t.Code] = t
}

// TypeOf returns a registered type.
func (e *Engine) TypeOf(code string) (*Type, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, ok := e.types[code]
	return t, ok
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Today is the engine's current day in China.
func (e *Engine) Today() string { return Today(e.now()) }

const itemCols = `id, type, state, state_at, title, school_id, zone_id, assignee_kind, assignee_id, superior_kind, superior_id,
start_on, due_days, due_on, due_note, escalated_at, closed_at, closed_on, final_state, created_by, created_at, updated_at, district_code`

// ItemColumns are the item columns in the order ScanItem reads them, prefixed with alias (e.g. "w.").
func ItemColumns(alias string) string {
	if alias == "" {
		return itemCols
	}
	parts := strings.Split(itemCols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// ScanItem reads the columns of ItemColumns (plus any the caller appends in extra).
func (e *Engine) ScanItem(row interface{ Scan(...any) error }, extra ...any) (Item, error) {
	var it Item
	dest := []any{&it.ID, &it.Type, &it.State, &it.StateAt, &it.Title, &it.SchoolID, &it.ZoneID, &it.AssigneeKind, &it.AssigneeID,
		&it.SuperiorKind, &it.SuperiorID, &it.StartOn, &it.DueDays, &it.DueOn, &it.DueNote, &it.EscalatedAt, &it.ClosedAt,
		&it.ClosedOn, &it.Final, &it.CreatedBy, &it.CreatedAt, &it.UpdatedAt, &it.district}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return Item{}, err
	}
	e.decorate(&it)
	return it, nil
}

func (e *Engine) decorate(it *Item) {
	if t, ok := e.TypeOf(it.Type); ok {
		it.StateName = t.StateName(it.State)
	}
	it.Overdue = overdue(it.Final, it.DueOn, e.Today())
}

// Get reads an item without any access check (features check scope through Load).
func (e *Engine) Get(ctx context.Context, q db.Querier, district string, id int64) (Item, error) {
	it, err := e.ScanItem(q.QueryRow(ctx, `SELECT `+itemCols+` FROM wf_items WHERE district_code = ? AND id = ?`, district, id))
	if db.IsNoRows(err) {
		return Item{}, errs.NotFoundf("事项")
	}
	return it, err
}

// Load reads an item of type typ that the principal may read: the type's read permission first
// (forbidden), then existence and scope (not found for items of other schools, zones or districts).
func (e *Engine) Load(ctx context.Context, q db.Querier, p *access.Principal, typ string, id int64, what string) (Item, *Type, error) {
	t, ok := e.TypeOf(typ)
	if !ok {
		return Item{}, nil, fmt.Errorf("workflow: type %s not registered", typ)
	}
	if err := access.Require(p, t.ReadPerm); err != nil {
		return Item{}, nil, err
	}
	it, err := e.Get(ctx, q, p.District, id)
	if err == nil && it.Type != typ {
		err = errs.NotFoundf(what)
	}
	if errs.Code(err) == errs.NotFound {
		ne := errs.NotFoundf(what)
		ne.Denied = true
		return Item{}, nil, ne
	}
	if err != nil {
		return Item{}, nil, err
	}
	if err := access.Decide(p, t.ReadPerm, it.Object(), what); err != nil {
		return Item{}, nil, err
	}
	return it, t, nil
}

// Create inserts an item in its type's initial state, inside the caller's transaction, computing
// its deadline; the creation is the first event of its history and is audited.
func (e *Engine) Create(ctx context.Context, q db.Querier, p *access.Principal, ip string, in NewItem) (Item, error) {
	t, ok := e.TypeOf(in.Type)
	if !ok {
		return Item{}, fmt.Errorf("workflow: type %s not registered", in.Type)
	}
	switch in.AssigneeKind {
	case AssignSchool, AssignSection, AssignUser:
	default:
		return Item{}, errs.Field("assignee_kind", "承办对象应为学校、科室或个人")
	}
	if in.SuperiorKind == "" {
		in.SuperiorKind = AssignDistrict
	}
	if in.StartOn == "" {
		in.StartOn = e.Today()
	}
	due, note, err := DueDate(e.Cal, in.StartOn, in.DueDays)
	if err != nil {
		return Item{}, errs.Field("start_on", "日期格式应为 YYYY-MM-DD")
	}
	now := e.now().UnixMilli()
	it := Item{ID: db.NewID(), Type: t.Code, State: t.Initial, StateAt: now, Title: in.Title, SchoolID: in.SchoolID, ZoneID: in.ZoneID,
		AssigneeKind: in.AssigneeKind, AssigneeID: in.AssigneeID, SuperiorKind: in.SuperiorKind, SuperiorID: in.SuperiorID,
		StartOn: in.StartOn, DueDays: in.DueDays, DueOn: due, DueNote: note, CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now,
		district: p.District}
	if _, err := q.Exec(ctx, `INSERT INTO wf_items (district_code, id, type, state, state_at, title, school_id, zone_id, assignee_kind,
assignee_id, superior_kind, superior_id, start_on, due_days, due_on, due_note, created_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.District, it.ID, it.Type, it.State, it.StateAt, it.Title,
		it.SchoolID, it.ZoneID, it.AssigneeKind, it.AssigneeID, it.SuperiorKind, it.SuperiorID, it.StartOn, it.DueDays, it.DueOn,
		it.DueNote, it.CreatedBy, it.CreatedAt, it.UpdatedAt); err != nil {
		return Item{}, err
	}
	if err := e.event(ctx, q, p, it, "create", "", it.State, in.Comment, now); err != nil {
		return Item{}, err
	}
	if err := e.Audit.Append(ctx, q, p.District, audit.By(p, ip, "workflow.create", t.Code, fmt.Sprint(it.ID),
		fmt.Sprintf("新建%s：%s", t.Name, it.Title))); err != nil {
		return Item{}, err
	}
	e.decorate(&it)
	return it, nil
}

func (e *Engine) event(ctx context.Context, q db.Querier, p *access.Principal, it Item, action, from, to, comment string, at int64) error {
	var id int64
	name, role := "系统", ""
	if p != nil {
		id, name, role = p.UserID, p.Name, p.Role
		if name == "" {
			name = p.Username
		}
	}
	_, err := q.Exec(ctx, `INSERT INTO wf_events (district_code, id, item_id, at, actor_id, actor_name, actor_role, action,
from_state, to_state, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, it.district, db.NewID(), it.ID, at, id, name, role,
		action, from, to, comment)
	return err
}

// Allowed lists the transitions p may take on it now.
func (e *Engine) Allowed(p *access.Principal, it Item) []Transition {
	t, ok := e.TypeOf(it.Type)
	if !ok {
		return nil
	}
	out := []Transition{}
	for _, tr := range t.Transitions {
		if guard(p, it, tr) == nil {
			out = append(out, tr)
		}
	}
	return out
}

// guard answers why p may not take tr on it now (nil when allowed); the scope is checked apart.
func guard(p *access.Principal, it Item, tr Transition) error {
	if err := access.Require(p, tr.Perm); err != nil {
		return err
	}
	if !slices.Contains(tr.From, it.State) {
		return errs.E(errs.Conflict, "当前状态不能“%s”", tr.Name)
	}
	if len(tr.Roles) > 0 && !slices.Contains(tr.Roles, p.Role) {
		return errs.E(errs.Forbidden, "“%s”不由您的角色办理", tr.Name)
	}
	if tr.Assignee && !it.IsAssignee(p) {
		return errs.E(errs.Forbidden, "“%s”只能由承办单位办理", tr.Name)
	}
	return nil
}

// Act takes a transition, inside the caller's transaction: permission and scope, the guard, the
// required comment and evidence; then the state, the history and the audit log.
func (e *Engine) Act(ctx context.Context, q db.Querier, p *access.Principal, ip, typ string, id int64, action, comment, what string) (Item, error) {
	it, t, err := e.Load(ctx, q, p, typ, id, what)
	if err != nil {
		return Item{}, err
	}
	tr, ok := t.transition(action)
	if !ok {
		return Item{}, errs.Field("action", "不支持的操作："+action)
	}
	if err := access.Decide(p, tr.Perm, it.Object(), what); err != nil {
		return Item{}, err
	}
	if err := guard(p, it, tr); err != nil {
		return Item{}, err
	}
	comment = strings.TrimSpace(comment)
	if tr.NeedComment && comment == "" {
		return Item{}, errs.Field("comment", "请填写“"+tr.Name+"”的理由")
	}
	if len([]rune(comment)) > 2000 {
		return Item{}, errs.Field("comment", "说明不能超过 2000 字")
	}
	if tr.NeedAttachment {
		n, err := evidenceSince(ctx, q, p, it)
		if err != nil {
			return Item{}, err
		}
		if n == 0 {
			return Item{}, errs.Field("attachments", "请先上传“"+tr.Name+"”的照片或材料")
		}
	}
	to, _ := t.state(tr.To)
	now := e.now()
	nowMs := now.UnixMilli()
	closedAt, closedOn := int64(0), ""
	if to.Final {
		closedAt, closedOn = nowMs, Today(now)
	}
	if _, err := q.Exec(ctx, `UPDATE wf_items SET state = ?, state_at = ?, final_state = ?, closed_at = ?, closed_on = ?, updated_at = ?
WHERE district_code = ? AND id = ? AND state = ?`, to.Code, nowMs, to.Final, closedAt, closedOn, nowMs, it.district, it.ID, it.State); err != nil {
		return Item{}, err
	}
	if err := e.event(ctx, q, p, it, action, it.State, to.Code, comment, nowMs); err != nil {
		return Item{}, err
	}
	detail := fmt.Sprintf("%s“%s”：%s → %s", t.Name, it.Title, t.StateName(it.State), to.Name)
	if comment != "" {
		detail += "（" + comment + "）"
	}
	if err := e.Audit.Append(ctx, q, it.district, audit.By(p, ip, "workflow."+action, t.Code, fmt.Sprint(it.ID), detail)); err != nil {
		return Item{}, err
	}
	it.State, it.StateAt, it.Final, it.ClosedAt, it.ClosedOn, it.UpdatedAt = to.Code, nowMs, to.Final, closedAt, closedOn, nowMs
	e.decorate(&it)
	return it, nil
}

// Comment adds a comment to the history.
func (e *Engine) Comment(ctx context.Context, q db.Querier, p *access.Principal, ip, typ string, id int64, text, what string) (Event, error) {
	it, t, err := e.Load(ctx, q, p, typ, id, what)
	if err != nil {
		return Event{}, err
	}
	if err := access.Decide(p, t.CommentPerm, it.Object(), what); err != nil {
		return Event{}, err
	}
	text = strings.TrimSpace(text)
	if text == "" || len([]rune(text)) > 2000 {
		return Event{}, errs.Field("comment", "请填写意见（不超过 2000 字）")
	}
	now := e.now().UnixMilli()
	if err := e.event(ctx, q, p, it, "comment", "", "", text, now); err != nil {
		return Event{}, err
	}
	if _, err := q.Exec(ctx, `UPDATE wf_items SET updated_at = ? WHERE district_code = ? AND id = ?`, now, it.district, it.ID); err != nil {
		return Event{}, err
	}
	if err := e.Audit.Append(ctx, q, it.district, audit.By(p, ip, "workflow.comment", t.Code, fmt.Sprint(it.ID), "留言："+text)); err != nil {
		return Event{}, err
	}
	return Event{At: now, ActorID: p.UserID, ActorName: p.Name, ActorRole: p.Role, Action: "comment", Name: "留言", Comment: text}, nil
}

// actionNames are the names of the engine's own events.
var actionNames = map[string]string{"create": "登记", "comment": "留言", "attach": "上传附件", "escalate": "逾期升级", "deadline": "确定期限"}

// History lists an item's events, oldest first (the caller has loaded the item).
func (e *Engine) History(ctx context.Context, q db.Querier, it Item) ([]Event, error) {
	rows, err := q.Query(ctx, `SELECT id, at, actor_id, actor_name, actor_role, action, from_state, to_state, comment FROM wf_events
WHERE district_code = ? AND item_id = ? ORDER BY at, id`, it.district, it.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t, _ := e.TypeOf(it.Type)
	out := []Event{}
	for rows.Next() {
		var ev Event
		if err := rows.Scan(&ev.ID, &ev.At, &ev.ActorID, &ev.ActorName, &ev.ActorRole, &ev.Action, &ev.FromState, &ev.ToState, &ev.Comment); err != nil {
			return nil, err
		}
		ev.Name = actionNames[ev.Action]
		if tr, ok := t.transition(ev.Action); ok && ev.Name == "" {
			ev.Name = tr.Name
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// evidenceSince counts the attachments added since the item entered its state by the caller or
// by the assignee's people (the members of the assigned school or section, or the person): the
// photo an inspector adds to a hazard is not the school's rectification evidence.
func evidenceSince(ctx context.Context, q db.Querier, p *access.Principal, it Item) (int, error) {
	by := `created_by = ?`
	args := []any{it.district, it.ID, it.StateAt, p.UserID}
	switch it.AssigneeKind {
	case AssignSchool:
		by += ` OR created_by IN (SELECT id FROM users WHERE district_code = ? AND school_id = ?)`
		args = append(args, it.district, it.AssigneeID)
	case AssignSection:
		by += ` OR created_by IN (SELECT id FROM users WHERE district_code = ? AND section_id = ?)`
		args = append(args, it.district, it.AssigneeID)
	case AssignUser:
		by += ` OR created_by = ?`
		args = append(args, it.AssigneeID)
	}
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM wf_attachments WHERE district_code = ? AND item_id = ? AND created_at >= ? AND (`+by+`)`,
		args...).Scan(&n)
	return n, err
}
