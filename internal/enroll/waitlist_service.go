package enroll

import (
	"context"
	"strconv"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Waitlist actions.
const (
	ActDecline = "decline" // an admitted family gives up the seat
	ActAccept  = "accept"  // the family holding the open offer accepts it
	ActRefuse  = "refuse"  // the family holding the open offer refuses it
)

// WaitlistInput is one recorded answer in 递补.
type WaitlistInput struct {
	Action string `json:"action"`
	No     string `json:"no"` // 报名号 (decline); accept and refuse answer the open offer
}

// WaitlistView is the 递补 record of a campaign and the offer awaiting an answer.
type WaitlistView struct {
	Events []string `json:"events"`
	Open   *Offer   `json:"open"`
}

// replay rebuilds the 递补 state of a drawn campaign from the draw and the recorded actions.
func (s *Service) replay(ctx context.Context, q db.Querier, district string, id int64) (*Campaign, *Waitlist, int, error) {
	c, err := s.campaign(ctx, q, district, id)
	if err != nil {
		return nil, nil, 0, err
	}
	if c.Status != StatusDrawn {
		return nil, nil, 0, errs.E(errs.Conflict, "尚未派位，没有可递补的学位")
	}
	if c.Policy, err = s.publishedPolicy(ctx, district, id, c.Version); err != nil {
		return nil, nil, 0, err
	}
	r, err := c.result()
	if err != nil {
		return nil, nil, 0, err
	}
	w := NewWaitlist(r)
	rows, err := q.Query(ctx, `SELECT action, applicant FROM enroll_waitlist_actions WHERE district_code = ? AND campaign_id = ? ORDER BY seq`, district, id)
	if err != nil {
		return nil, nil, 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var act, who string
		if err := rows.Scan(&act, &who); err != nil {
			return nil, nil, 0, err
		}
		if err := apply(w, act, who); err != nil {
			return nil, nil, 0, err
		}
		n++
	}
	return c, w, n, rows.Err()
}

func apply(w *Waitlist, act, who string) error {
	switch act {
	case ActDecline:
		return w.Decline(who)
	case ActAccept:
		return w.Accept()
	case ActRefuse:
		return w.Refuse()
	}
	return errs.Field("action", "操作应为放弃学位、接受递补或放弃递补")
}

func viewOf(w *Waitlist) WaitlistView {
	v := WaitlistView{Events: []string{}}
	for _, e := range w.Events() {
		v.Events = append(v.Events, e.String())
	}
	if o, ok := w.Open(); ok {
		v.Open = &o
	}
	return v
}

// Waitlist returns the 递补 record of a campaign.
func (s *Service) Waitlist(ctx context.Context, a Actor, id int64) (WaitlistView, error) {
	if err := access.Require(a.P, access.EnrollRead); err != nil {
		return WaitlistView{}, err
	}
	_, w, _, err := s.replay(ctx, s.DB.Read(), a.P.District, id)
	if err != nil {
		return WaitlistView{}, err
	}
	return viewOf(w), nil
}

// RecordWaitlist records a family's answer (放弃学位, 接受/放弃递补) for the bureau.
func (s *Service) RecordWaitlist(ctx context.Context, a Actor, id int64, in WaitlistInput) (WaitlistView, error) {
	if err := districtWide(a.P, access.EnrollWrite); err != nil {
		return WaitlistView{}, err
	}
	return s.act(ctx, a, id, in)
}

func (s *Service) act(ctx context.Context, a Actor, id int64, in WaitlistInput) (WaitlistView, error) {
	var view WaitlistView
	err := s.DB.Tx(ctx, func(q db.Querier) error {
		_, w, n, err := s.replay(ctx, q, a.P.District, id)
		if err != nil {
			return err
		}
		if in.Action != ActDecline {
			o, ok := w.Open()
			if !ok {
				return errs.E(errs.Conflict, "当前没有待答复的递补学位")
			}
			in.No = o.Applicant
		}
		before := len(w.Events())
		if err := apply(w, in.Action, in.No); err != nil {
			if e, ok := errs.As(err); ok {
				return e
			}
			return errs.Field("no", err.Error())
		}
		if _, err := q.Exec(ctx, `INSERT INTO enroll_waitlist_actions (district_code, campaign_id, seq, action, applicant, actor, at)
VALUES (?, ?, ?, ?, ?, ?, ?)`, a.P.District, id, n+1, in.Action, in.No, a.P.Name, db.Now()); err != nil {
			return err
		}
		touched := map[string]bool{in.No: true}
		detail := ""
		for _, e := range w.Events()[before:] {
			touched[e.Applicant] = true
			detail += e.String() + "；"
		}
		for no := range touched {
			if no == "" {
				continue
			}
			app, _ := strconv.ParseInt(no, 10, 64)
			school, rank, status := int64(0), 0, ResultUnassigned
			if sc, ch, ok := w.Placement(no); ok {
				school, _ = strconv.ParseInt(sc, 10, 64)
				rank, status = ch, ResultAdmitted
			} else if in.Action == ActDecline && no == in.No {
				status = ResultDeclined
			}
			if _, err := q.Exec(ctx, `UPDATE enroll_applications SET result_school_id = ?, result_rank = ?, result_status = ? WHERE district_code = ? AND id = ?`,
				school, rank, status, a.P.District, app); err != nil {
				return err
			}
		}
		view = viewOf(w)
		return s.Audit.Append(ctx, q, a.P.District, a.entry("enroll.waitlist", "enroll_campaign", id, in.Action+" "+in.No+"："+detail))
	})
	return view, err
}

// DeclineSeat is a parent giving up their child's seat (放弃学位); the seat goes to 递补.
func (s *Service) DeclineSeat(ctx context.Context, a Actor, appID int64) (Application, error) {
	r, err := s.ownApplication(ctx, a.P, appID)
	if err != nil {
		return Application{}, err
	}
	if r.resStatus != ResultAdmitted {
		return Application{}, errs.E(errs.Conflict, "没有可放弃的学位")
	}
	if _, err := s.act(ctx, a, r.CampaignID, WaitlistInput{Action: ActDecline, No: itoa(appID)}); err != nil {
		return Application{}, err
	}
	return s.MyApplication(ctx, a.P, appID)
}

// OfferView is a 递补 offer as the family sees it.
type OfferView struct {
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	ChoiceRank int    `json:"choice_rank"`
}

// readWaitlist returns the 递补 state of a drawn campaign for reading, nil when nobody has declined
// yet. Replays are kept per campaign and number of recorded answers, so that parents looking at
// their results do not each recompute the draw.
func (s *Service) readWaitlist(ctx context.Context, district string, campaignID int64) (*Waitlist, error) {
	var n int
	if err := s.DB.Read().QueryRow(ctx, `SELECT COUNT(*) FROM enroll_waitlist_actions WHERE district_code = ? AND campaign_id = ?`,
		district, campaignID).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	s.mu.RLock()
	cw, ok := s.waitlists[campaignID]
	s.mu.RUnlock()
	if ok && cw.n == n && cw.district == district {
		return cw.w, nil
	}
	_, w, got, err := s.replay(ctx, s.DB.Read(), district, campaignID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.waitlists == nil {
		s.waitlists = map[int64]cachedWaitlist{}
	}
	s.waitlists[campaignID] = cachedWaitlist{district: district, n: got, w: w}
	s.mu.Unlock()
	return w, nil
}

// cachedWaitlist is a replayed 递补 state, only read (Open, Events) once cached.
type cachedWaitlist struct {
	district string
	n        int
	w        *Waitlist
}

// openOfferFor returns the open 递补 offer of an application, if it holds it.
func (s *Service) openOfferFor(ctx context.Context, district string, campaignID int64, no string) (*OfferView, error) {
	w, err := s.readWaitlist(ctx, district, campaignID)
	if err != nil || w == nil {
		return nil, err
	}
	o, ok := w.Open()
	if !ok || o.Applicant != no {
		return nil, nil
	}
	id, _ := strconv.ParseInt(o.School, 10, 64)
	names, err := s.schoolNames(ctx, district)
	if err != nil {
		return nil, err
	}
	return &OfferView{SchoolID: id, SchoolName: names[id], ChoiceRank: o.ChoiceRank}, nil
}

// AnswerInput is a family's answer to a 递补 offer.
type AnswerInput struct {
	Accept bool `json:"accept"`
}

// AnswerOffer records a family's answer to the 递补 offer made to their own application.
func (s *Service) AnswerOffer(ctx context.Context, a Actor, appID int64, in AnswerInput) (Application, error) {
	r, err := s.ownApplication(ctx, a.P, appID)
	if err != nil {
		return Application{}, err
	}
	c, err := s.campaign(ctx, s.DB.Read(), a.P.District, r.CampaignID)
	if err != nil {
		return Application{}, err
	}
	if c.Status != StatusDrawn {
		return Application{}, errs.E(errs.Conflict, "没有待答复的递补学位")
	}
	o, err := s.openOfferFor(ctx, a.P.District, r.CampaignID, itoa(appID))
	if err != nil {
		return Application{}, err
	}
	if o == nil {
		return Application{}, errs.E(errs.Conflict, "没有待答复的递补学位")
	}
	act := ActRefuse
	if in.Accept {
		act = ActAccept
	}
	if _, err := s.act(ctx, a, r.CampaignID, WaitlistInput{Action: act}); err != nil {
		return Application{}, err
	}
	return s.MyApplication(ctx, a.P, appID)
}
