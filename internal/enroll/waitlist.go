package enroll

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// 递补 (filling declined seats).
//
// The rule. When a seat at school s falls vacant, it is offered to the first
// eligible applicant in s's order, where
//
//   - s's order is the order the draw used at s: (tier at s, lottery key) for
//     DA; for Boston, whose round k let only k-th choices in, (rank of s in
//     the applicant's list, tier at s, lottery key);
//   - an applicant is eligible when they listed s, prefer s to where they are
//     now (unplaced counts as worst: they have no seat, or hold a seat at a
//     school they listed after s), have not withdrawn, and have not refused
//     an offer of s before.
//
// For DA this is the natural rule: the offered applicant is exactly the one
// who, with the new free seat, would form the best-ranked blocking pair, so
// the matching stays stable. An applicant who accepts leaves their old seat,
// which falls vacant in turn (a chain). Eligibility only ever shrinks —
// placements only improve, withdrawals and refusals are final — so the rule
// is well defined and cheap to re-apply.

// NextInLine applies the rule in one step: given the draw, the current
// choice index of every applicant (-1 when unplaced) and which (applicant,
// school) pairs are excluded (withdrawn applicants, refused offers), it
// returns who is offered the vacant seat at school s, or ok=false when nobody
// is eligible and the seat stays empty.
func NextInLine(r *Result, s int, current []int, excluded func(applicant, school int) bool) (applicant int, ok bool) {
	in := r.inst
	best, bestKey := -1, [3]uint64{}
	for i := range in.NumApplicants() {
		j := in.choiceRank(i, int32(s))
		if j < 0 || (current[i] >= 0 && current[i] <= j) || (excluded != nil && excluded(i, s)) {
			continue
		}
		if k := r.lineKey(i, j); best < 0 || cmpKey(k, bestKey) < 0 {
			best, bestKey = i, k
		}
	}
	return best, best >= 0
}

// lineKey is applicant i's place in the order of the school that is their
// j-th choice.
func (r *Result) lineKey(i, j int) [3]uint64 {
	_, tier := r.inst.Choice(i, j)
	rank := uint64(r.LotteryRank(i)) // the position of the key: same order as the key bytes
	t := uint64(uint32(int32(tier)) ^ 0x80000000)
	if r.mech == Boston {
		return [3]uint64{uint64(j), t, rank}
	}
	return [3]uint64{0, t, rank}
}

func cmpKey(a, b [3]uint64) int {
	for x := range a {
		if c := cmp.Compare(a[x], b[x]); c != 0 {
			return c
		}
	}
	return 0
}

// EventKind says what happened in the 递补 log.
type EventKind string

// The kinds of event.
const (
	Declined EventKind = "declined" // an admitted applicant gave up their seat and left
	Offered  EventKind = "offered"  // a vacant seat was offered
	Accepted EventKind = "accepted" // the offer was accepted
	Refused  EventKind = "refused"  // the offer was refused
	Unfilled EventKind = "unfilled" // nobody was eligible: the seat stays empty
)

// Event is one line of the 递补 record.
type Event struct {
	Seq        int // 1, 2, …
	Kind       EventKind
	Applicant  string // empty for Unfilled
	School     string
	ChoiceRank int    // 1-based rank of School in the applicant's list (Offered, Accepted, Refused)
	Freed      string // Accepted: the school whose seat the applicant left, if any
}

// String renders the event in Chinese for the record.
func (e Event) String() string {
	switch e.Kind {
	case Declined:
		return fmt.Sprintf("%d. %s 放弃 %s 的学位", e.Seq, e.Applicant, e.School)
	case Offered:
		return fmt.Sprintf("%d. %s 的空位递补给 %s（第 %d 志愿）", e.Seq, e.School, e.Applicant, e.ChoiceRank)
	case Accepted:
		if e.Freed != "" {
			return fmt.Sprintf("%d. %s 接受 %s 的递补学位，空出 %s 的学位", e.Seq, e.Applicant, e.School, e.Freed)
		}
		return fmt.Sprintf("%d. %s 接受 %s 的递补学位", e.Seq, e.Applicant, e.School)
	case Refused:
		return fmt.Sprintf("%d. %s 放弃 %s 的递补学位", e.Seq, e.Applicant, e.School)
	case Unfilled:
		return fmt.Sprintf("%d. %s 的空位无人符合递补条件，空缺", e.Seq, e.School)
	}
	return fmt.Sprintf("%d. %s %s %s", e.Seq, e.Kind, e.Applicant, e.School)
}

// Offer is the seat currently offered through 递补, awaiting an answer.
type Offer struct {
	Applicant  string
	School     string
	ChoiceRank int    // 1-based
	Holds      string // the school the applicant holds now ("" if none); accepting frees it
}

// Waitlist runs 递补 after a draw, one offer at a time: vacancies queue up in
// the order they arise, and the vacancy at the head is offered by the rule
// above; the offer stays open until Accept or Refuse. Given the same draw and
// the same sequence of calls it makes the same offers. Not safe for
// concurrent use.
type Waitlist struct {
	r         *Result
	current   []int // choice index per applicant, -1 when unplaced
	withdrawn []bool
	refused   map[[2]int]bool
	vacant    []int   // schools, FIFO
	open      int     // applicant holding the open offer, or -1
	chose     [][]int // per school, the applicants who listed it (until its line is built)
	line      [][]int // per school, its line in order (built on first vacancy)
	cursor    []int
	events    []Event
}

// ErrNoOpenOffer is returned by Accept and Refuse when no offer is open.
var ErrNoOpenOffer = errors.New("当前没有待答复的递补学位")

// NewWaitlist starts 递补 from the result of a draw.
func NewWaitlist(r *Result) *Waitlist {
	in := r.inst
	w := &Waitlist{
		r:         r,
		current:   make([]int, in.NumApplicants()),
		withdrawn: make([]bool, in.NumApplicants()),
		refused:   map[[2]int]bool{},
		open:      -1,
		line:      make([][]int, in.NumSchools()),
		cursor:    make([]int, in.NumSchools()),
	}
	for i := range w.current {
		_, c, ok := r.Assignment(i)
		if !ok {
			c = -1
		}
		w.current[i] = c
	}
	return w
}

// Decline records that an applicant gives up their seat (放弃学位) and leaves
// the allocation: they are offered nothing more. If they hold the open offer,
// that offer counts as refused. Their seat, if they have one, falls vacant
// and, if no other offer is open, the next offer is made.
func (w *Waitlist) Decline(applicantID string) error {
	i, ok := w.r.inst.ApplicantIndex(applicantID)
	if !ok {
		return fmt.Errorf("申请人“%s”不在派位名单中", applicantID)
	}
	if w.withdrawn[i] {
		return fmt.Errorf("申请人“%s”已放弃学位", applicantID)
	}
	if w.current[i] < 0 && w.open != i {
		return fmt.Errorf("申请人“%s”没有学位可放弃", applicantID)
	}
	w.withdrawn[i] = true
	if w.open == i {
		_ = w.Refuse()
	}
	if w.current[i] < 0 {
		return nil
	}
	s, _ := w.r.inst.Choice(i, w.current[i])
	w.current[i] = -1
	w.log(Event{Kind: Declined, Applicant: applicantID, School: w.r.inst.SchoolID(s)})
	w.vacant = append(w.vacant, s)
	w.advance()
	return nil
}

// Open returns the offer awaiting an answer, if any.
func (w *Waitlist) Open() (Offer, bool) {
	if w.open < 0 {
		return Offer{}, false
	}
	in := w.r.inst
	s := w.vacant[0]
	o := Offer{Applicant: in.ApplicantID(w.open), School: in.SchoolID(s), ChoiceRank: in.choiceRank(w.open, int32(s)) + 1}
	if c := w.current[w.open]; c >= 0 {
		h, _ := in.Choice(w.open, c)
		o.Holds = in.SchoolID(h)
	}
	return o, true
}

// Accept records that the open offer is accepted: the applicant moves, their
// old seat (if any) falls vacant, and the next offer is made.
func (w *Waitlist) Accept() error {
	o, ok := w.Open()
	if !ok {
		return ErrNoOpenOffer
	}
	i, s := w.open, w.vacant[0]
	if old := w.current[i]; old >= 0 {
		t, _ := w.r.inst.Choice(i, old)
		w.vacant = append(w.vacant, t)
	}
	w.current[i] = w.r.inst.choiceRank(i, int32(s))
	w.vacant = w.vacant[1:]
	w.open = -1
	w.log(Event{Kind: Accepted, Applicant: o.Applicant, School: o.School, ChoiceRank: o.ChoiceRank, Freed: o.Holds})
	w.advance()
	return nil
}

// Refuse records that the open offer is refused: the applicant keeps what
// they hold and will not be offered this school again; the seat goes to the
// next in line.
func (w *Waitlist) Refuse() error {
	o, ok := w.Open()
	if !ok {
		return ErrNoOpenOffer
	}
	w.refused[[2]int{w.open, w.vacant[0]}] = true
	w.open = -1
	w.log(Event{Kind: Refused, Applicant: o.Applicant, School: o.School, ChoiceRank: o.ChoiceRank})
	w.advance()
	return nil
}

// Placement returns where the applicant is now.
func (w *Waitlist) Placement(applicantID string) (school string, choiceRank int, ok bool) {
	i, found := w.r.inst.ApplicantIndex(applicantID)
	if !found || w.current[i] < 0 {
		return "", 0, false
	}
	s, _ := w.r.inst.Choice(i, w.current[i])
	return w.r.inst.SchoolID(s), w.current[i] + 1, true
}

// Events returns the record so far.
func (w *Waitlist) Events() []Event { return slices.Clone(w.events) }

func (w *Waitlist) log(e Event) {
	e.Seq = len(w.events) + 1
	w.events = append(w.events, e)
}

// excluded reports whether applicant i may not be offered school s.
func (w *Waitlist) excluded(i, s int) bool { return w.withdrawn[i] || w.refused[[2]int{i, s}] }

// advance opens the next offer if none is open, dropping vacancies nobody is
// eligible for.
func (w *Waitlist) advance() {
	for w.open < 0 && len(w.vacant) > 0 {
		s := w.vacant[0]
		if i, ok := w.nextInLine(s); ok {
			w.open = i
			o, _ := w.Open()
			w.log(Event{Kind: Offered, Applicant: o.Applicant, School: o.School, ChoiceRank: o.ChoiceRank})
			return
		}
		w.log(Event{Kind: Unfilled, School: w.r.inst.SchoolID(s)})
		w.vacant = w.vacant[1:]
	}
}

// nextInLine is NextInLine with a per-school cursor: since eligibility only
// shrinks, an applicant passed over once is never eligible again.
func (w *Waitlist) nextInLine(s int) (int, bool) {
	if w.line[s] == nil {
		w.buildLine(s)
	}
	for ; w.cursor[s] < len(w.line[s]); w.cursor[s]++ {
		i := w.line[s][w.cursor[s]]
		j := w.r.inst.choiceRank(i, int32(s))
		if (w.current[i] < 0 || w.current[i] > j) && !w.excluded(i, s) {
			return i, true
		}
	}
	return -1, false
}

// buildLine lists the applicants who chose s, in s's order. The first call
// indexes every choice by school, once.
func (w *Waitlist) buildLine(s int) {
	in := w.r.inst
	if w.chose == nil {
		w.chose = make([][]int, in.NumSchools())
		for i := range in.NumApplicants() {
			for j := range in.NumChoices(i) {
				c, _ := in.Choice(i, j)
				w.chose[c] = append(w.chose[c], i)
			}
		}
	}
	line := w.chose[s]
	keys := make(map[int][3]uint64, len(line))
	for _, i := range line {
		keys[i] = w.r.lineKey(i, in.choiceRank(i, int32(s)))
	}
	slices.SortFunc(line, func(a, b int) int { return cmpKey(keys[a], keys[b]) })
	w.line[s] = line
	w.chose[s] = nil
}
