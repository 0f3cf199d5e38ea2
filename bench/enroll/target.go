package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/edubureau/edubureau/internal/demo"
	"github.com/edubureau/edubureau/internal/enroll"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// target is what the load generator needs to submit valid applications to a real server: the
// campaign open for registration, its planned schools and, for each, addresses inside the
// school's published catchment.
type target struct {
	CampaignID int64          `json:"campaign_id"`
	MaxChoices int            `json:"max_choices"`
	Schools    []targetSchool `json:"schools"`
}

type targetSchool struct {
	ID        int64    `json:"id"`
	Addresses []string `json:"addresses"`
}

// findTarget reads the published campaign and the catchments of its schools, and makes addresses
// that the enrollment matcher places in each school's catchment.
func findTarget(ctx context.Context, d *db.DB, keys *pii.Keyring) (*target, error) {
	svc := &enroll.Service{DB: d, Keys: keys, Audit: audit.New(d, keys.AuditKey())}
	cs, err := svc.PublishedCampaigns(ctx, district)
	if err != nil {
		return nil, err
	}
	today := time.Now().Format(time.DateOnly)
	var c *enroll.Campaign
	for i := range cs {
		if cs[i].Status == enroll.StatusPublished && cs[i].Policy.Dates.RegOpen <= today && today <= cs[i].Policy.Dates.RegClose {
			c = &cs[i]
			break
		}
	}
	if c == nil {
		return nil, fmt.Errorf("no campaign open for registration in %s (run edubureau demo first)", district)
	}
	return targetOf(ctx, d, c)
}

// installCampaign writes the demo's catchments and open campaign (with its 8,000 applications),
// as "edubureau demo" does after the registry, into a database holding the demo district only.
func installCampaign(ctx context.Context, d *db.DB, keys *pii.Keyring) error {
	ids := map[string]int64{}
	rows, err := d.Read().Query(ctx, `SELECT code, id FROM schools WHERE district_code = ?`, district)
	if err != nil {
		return err
	}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			rows.Close()
			return err
		}
		ids[code] = id
	}
	rows.Close()
	today := time.Now()
	gen := demo.GenerateEnroll(demo.Generate(1), ids, today.Year()+1, 8000, 1, today)
	return d.Tx(ctx, func(q db.Querier) error {
		_, err := enroll.InstallDemo(ctx, q, keys, district, gen.Catchments, gen.Policy, gen.Apps)
		return err
	})
}

func targetOf(ctx context.Context, d *db.DB, c *enroll.Campaign) (*target, error) {
	texts := map[int64]string{}
	rows, err := d.Read().Query(ctx, `SELECT school_id, text FROM enroll_catchments WHERE district_code = ?`, district)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return nil, err
		}
		texts[id] = text
	}
	rows.Close()
	t := &target{CampaignID: c.ID, MaxChoices: c.Policy.MaxChoices}
	for _, p := range c.Policy.Plans {
		ts := targetSchool{ID: p.SchoolID}
		cat := enroll.ParseCatchment(texts[p.SchoolID], strconv.FormatInt(p.SchoolID, 10))
		for _, a := range addressesIn(cat.Rules) {
			if m := enroll.Match(a, []enroll.Catchment{cat}); len(m) == 1 {
				ts.Addresses = append(ts.Addresses, a)
			}
		}
		t.Schools = append(t.Schools, ts)
	}
	if len(t.Schools) == 0 {
		return nil, fmt.Errorf("campaign %d plans no school", c.ID)
	}
	return t, nil
}

// addressesIn writes a few home addresses covered by each rule.
func addressesIn(rules []enroll.Rule) []string {
	var out []string
	for _, r := range rules {
		switch r.Kind {
		case enroll.WholeStreet:
			for _, n := range []int{3, 18, 57} {
				out = append(out, fmt.Sprintf("江城市青溪区%s%d号", r.Street, n))
			}
		case enroll.StreetNumbers:
			for k := 0; k < 6; k++ {
				n := r.From + 2*k
				if r.To != enroll.OpenEnd && n > r.To {
					break
				}
				out = append(out, fmt.Sprintf("江城市青溪区%s%d号", r.Street, n))
			}
		case enroll.WholeCompound:
			out = append(out, fmt.Sprintf("青溪区%s3栋2单元201室", r.Compound), fmt.Sprintf("青溪区%s8栋1单元502室", r.Compound))
		case enroll.CompoundBuildings:
			for b := r.From; b <= min(r.To, r.From+4); b++ {
				out = append(out, fmt.Sprintf("青溪区%s%d栋1单元101室", r.Compound, b))
			}
		}
	}
	return out
}

func writeTarget(path string, t *target) error {
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

func readTarget(path string) (*target, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t target
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, err
	}
	var usable []targetSchool
	for _, s := range t.Schools {
		if len(s.Addresses) > 0 {
			usable = append(usable, s)
		}
	}
	if len(usable) == 0 {
		return nil, fmt.Errorf("%s: no school with a usable address", path)
	}
	t.Schools = usable
	return &t, nil
}

// realBody is the JSON body of application number i for the real submit endpoint
// (enroll.ApplicationInput): a child with a unique identity number living in the catchment of
// its first choice, parents owning the home, the hukou at the same address.
func realBody(b []byte, i int, t *target) []byte {
	id, _ := childID(i)
	s := t.Schools[i%len(t.Schools)]
	addr := s.Addresses[(i/len(t.Schools))%len(s.Addresses)]
	name := string(surnames[i%len(surnames)]) + given[(i/7)%len(given)]
	b = append(b[:0], `{"campaign_id":`...)
	b = strconv.AppendInt(b, t.CampaignID, 10)
	b = append(b, `,"child_name":`...)
	b = strconv.AppendQuote(b, name)
	b = append(b, `,"child_id_number":"`...)
	b = append(b, id...)
	b = append(b, `","guardians":[{"name":`...)
	b = strconv.AppendQuote(b, string(surnames[i%len(surnames)])+"建国")
	b = append(b, `,"relation":"父亲","phone":"138`...)
	b = fmt.Appendf(b, "%08d", i%100000000)
	b = append(b, `","id_number":""}],"hukou_local":true,"hukou_address":`...)
	b = strconv.AppendQuote(b, addr)
	b = append(b, `,"housing_type":"own","property_cert":"浙(2024)江城市不动产权第`...)
	b = strconv.AppendInt(b, int64(1000000+i), 10)
	b = append(b, `号","home_address":`...)
	b = strconv.AppendQuote(b, addr)
	b = append(b, `,"owner_relation":"父亲","permit_months":0,"insurance_months":0,"choices":[`...)
	b = strconv.AppendInt(b, s.ID, 10)
	if i%3 == 0 && t.MaxChoices > 1 && len(t.Schools) > 1 {
		b = append(b, ',')
		b = strconv.AppendInt(b, t.Schools[(i+1)%len(t.Schools)].ID, 10)
	}
	b = append(b, "]}"...)
	return b
}
