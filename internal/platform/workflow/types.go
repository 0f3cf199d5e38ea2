// Package workflow is the engine behind every piece of work that moves through states with a
// deadline: safety hazards now, later hotline cases, student-aid close-out and dropout follow-up.
//
// A feature declares a Type: its states, and its transitions, each guarded by a permission, and
// optionally by roles and by "only the assignee". An Item of that type has an assignee (a school,
// a section or a person), a deadline counted in working days from the working-day calendar
// (platform/workcal), and a superior — the section or the district the item escalates to when it
// is overdue. Every change (creation, transition, comment, attachment, escalation) is an Event of
// the item's history and an entry of the audit log. Attachments (photos and documents) are
// checked by content and size and kept under the data directory, outside the database.
//
// Deadlines: a deadline is the day AddWorkdays(start, n) of the calendar; when that count needs a
// year for which the calendar has no data, the item keeps no deadline and its DueNote says which
// year's 节假日安排 must be entered — the engine never guesses. The system administrator enters a
// year (SetCalendarYear); items waiting for it get their deadline at the next Sweep.
//
// Scope: the engine decides with platform/access on the item's school and zone, so a school sees
// only its own items and an inspector those of the schools of their zone; a feature adds its own
// rules before calling the engine.
package workflow

import (
	"github.com/edubureau/edubureau/internal/platform/access"
)

// Assignee kinds: who must do the work of an item.
const (
	AssignSchool   = "school"
	AssignSection  = "section"
	AssignUser     = "user"
	AssignDistrict = "district" // the bureau as a whole (a superior only)
)

// State is one state of a type.
type State struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Final bool   `json:"final"`
}

// Transition moves an item from one of From to To.
type Transition struct {
	Action string   `json:"action"`
	Name   string   `json:"name"`
	From   []string `json:"-"`
	To     string   `json:"-"`
	// Perm is the permission the caller must hold (and the item must be in their scope).
	Perm string `json:"-"`
	// Roles, when set, are the only roles that may take the transition.
	Roles []string `json:"-"`
	// Assignee: only the assignee (the school's administrator, a member of the section, the
	// person) may take it.
	Assignee bool `json:"-"`
	// NeedComment: the transition must say why (send back, cancel).
	NeedComment bool `json:"need_comment"`
	// NeedAttachment: at least one attachment must have been added since the item entered its
	// current state (rectification evidence).
	NeedAttachment bool `json:"need_attachment"`
}

// Type declares one kind of item.
type Type struct {
	Code        string
	Name        string
	Initial     string
	States      []State
	Transitions []Transition
	// ReadPerm lets a caller read items, comment and attach files (with the item in scope).
	ReadPerm string
	// CommentPerm lets a caller comment and attach files (with the item in scope).
	CommentPerm string
}

func (t *Type) state(code string) (State, bool) {
	for _, s := range t.States {
		if s.Code == code {
			return s, true
		}
	}
	return State{}, false
}

// StateName is the Chinese name of a state.
func (t *Type) StateName(code string) string {
	if s, ok := t.state(code); ok {
		return s.Name
	}
	return code
}

func (t *Type) transition(action string) (Transition, bool) {
	for _, tr := range t.Transitions {
		if tr.Action == action {
			return tr, true
		}
	}
	return Transition{}, false
}

// Item is one piece of work.
type Item struct {
	ID           int64  `json:"id,string"`
	Type         string `json:"type"`
	State        string `json:"state"`
	StateName    string `json:"state_name"`
	StateAt      int64  `json:"state_at"`
	Title        string `json:"title"`
	SchoolID     int64  `json:"school_id,string"`
	ZoneID       int64  `json:"zone_id,string"`
	AssigneeKind string `json:"assignee_kind"`
	AssigneeID   int64  `json:"assignee_id,string"`
	SuperiorKind string `json:"superior_kind"`
	SuperiorID   int64  `json:"superior_id,string"`
	StartOn      string `json:"start_on"`
	DueDays      int    `json:"due_days"`
	DueOn        string `json:"due_on"`   // '' when the calendar lacks the year (see DueNote)
	DueNote      string `json:"due_note"` // why there is no deadline
	EscalatedAt  int64  `json:"escalated_at"`
	ClosedAt     int64  `json:"closed_at"`
	ClosedOn     string `json:"closed_on"`
	Final        bool   `json:"final"`
	Overdue      bool   `json:"overdue"`
	CreatedBy    int64  `json:"created_by,string"`
	CreatedAt    int64  `json:"created_at"`
	UpdatedAt    int64  `json:"updated_at"`

	district string
}

// Object locates the item for the access policy.
func (it Item) Object() access.Object {
	return access.Object{District: it.district, SchoolID: it.SchoolID, ZoneID: it.ZoneID}
}

// District is the item's district.
func (it Item) District() string { return it.district }

// IsAssignee reports whether p is the item's assignee.
func (it Item) IsAssignee(p *access.Principal) bool {
	if p == nil || p.District != it.district {
		return false
	}
	switch it.AssigneeKind {
	case AssignSchool:
		return p.SchoolID != 0 && p.SchoolID == it.AssigneeID
	case AssignSection:
		return p.SectionID != 0 && p.SectionID == it.AssigneeID
	case AssignUser:
		return p.UserID == it.AssigneeID
	}
	return false
}

// Event is one entry of an item's history.
type Event struct {
	ID        int64  `json:"id,string"`
	At        int64  `json:"at"`
	ActorID   int64  `json:"actor_id,string"`
	ActorName string `json:"actor_name"`
	ActorRole string `json:"actor_role"`
	Action    string `json:"action"`
	Name      string `json:"name"`
	FromState string `json:"from_state"`
	ToState   string `json:"to_state"`
	Comment   string `json:"comment"`
}

// Attachment is a stored photo or document of an item.
type Attachment struct {
	ID        int64  `json:"id,string"`
	ItemID    int64  `json:"item_id,string"`
	Kind      string `json:"kind"` // photo or file
	Name      string `json:"name"`
	MIME      string `json:"mime"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	CreatedBy int64  `json:"created_by,string"`
	CreatedAt int64  `json:"created_at"`

	path string
}

// Path is where the attachment's bytes are kept.
func (a Attachment) Path() string { return a.path }

// NewItem is what a feature gives to Create.
type NewItem struct {
	Type         string
	Title        string
	SchoolID     int64
	ZoneID       int64
	AssigneeKind string
	AssigneeID   int64
	SuperiorKind string
	SuperiorID   int64
	StartOn      string // 'YYYY-MM-DD'; today when empty
	DueDays      int    // working days after StartOn; 0 means no deadline
	Comment      string
}
