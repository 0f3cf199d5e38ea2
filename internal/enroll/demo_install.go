package enroll

import (
	"context"
	"encoding/json"
	"time"

	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/identity"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// DemoApplication is a generated application with its review state.
type DemoApplication struct {
	Input    ApplicationInput
	ParentID int64
	Status   string
}

// DemoSummary counts what InstallDemo wrote.
type DemoSummary struct {
	CampaignID   int64
	Applications int
	ByCategory   map[string]int
	Conflicts    int // applications sharing a property with another family's
}

// InstallDemo writes catchment texts, a published campaign and its applications in one go, classified
// and sealed exactly as Submit does, for the demo district. It writes no audit records.
func InstallDemo(ctx context.Context, q db.Querier, keys *pii.Keyring, district string, catchments map[int64]string, pol Policy,
	apps []DemoApplication) (DemoSummary, error) {
	sum := DemoSummary{ByCategory: map[string]int{}}
	ix := &catchIndex{names: map[int64]string{}}
	for id, text := range catchments {
		if err := UpsertCatchment(ctx, q, district, id, text); err != nil {
			return sum, err
		}
		ix.list = append(ix.list, ParseCatchment(text, itoa(id)))
	}
	ix.rules = NewCatchmentIndex(ix.list)
	for i := range pol.Plans {
		if err := q.QueryRow(ctx, `SELECT name FROM schools WHERE district_code = ? AND id = ?`, district, pol.Plans[i].SchoolID).
			Scan(&pol.Plans[i].SchoolName); err != nil {
			return sum, err
		}
	}
	raw, _ := json.Marshal(pol)
	id, now := db.NewID(), db.Now()
	sum.CampaignID = id
	if _, err := q.Exec(ctx, `INSERT INTO enroll_campaigns (district_code, id, year, stage, title, status, version, policy, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, district, id, pol.Year, pol.Stage, pol.Title, StatusPublished, string(raw), now, now); err != nil {
		return sum, err
	}
	if _, err := q.Exec(ctx, `INSERT INTO enroll_campaign_versions (district_code, campaign_id, version, policy, published_by, published_at)
VALUES (?, ?, 1, ?, '招生办', ?)`, district, id, string(raw), now); err != nil {
		return sum, err
	}
	b := db.NewBatch(q, "enroll_applications", []string{"district_code", "id", "campaign_id", "parent_id", "child_name", "child_bidx",
		"child_id_enc", "birth_date", "sex", "details_enc", "property_bidx", "catchment", "category", "migrant", "choices",
		"review_school_id", "status", "submitted_at", "updated_at"}, "", 500)
	houses := map[string]int64{}
	today := time.Now()
	for i, a := range apps {
		in := a.Input
		own := in.HousingType == "own" && (in.OwnerRelation == "父亲" || in.OwnerRelation == "母亲")
		f := Facts{HukouLocal: in.HukouLocal, OwnHome: own, HomeSchools: pol.planned(ix.match(in.HomeAddress)),
			PermitMonths: in.PermitMonths, InsuranceMonths: in.InsuranceMonths}
		if in.HukouLocal {
			f.HukouSchools = pol.planned(ix.match(in.HukouAddress))
		}
		cl := Classify(&pol, f)
		sum.ByCategory[cl.Category]++
		idn, err := identity.ParseIDNumber(in.ChildIDNumber, today)
		if err != nil {
			return sum, err
		}
		pr := &prepared{in: in}
		idEnc, detEnc, err := (&Service{Keys: keys}).seal(pr)
		if err != nil {
			return sum, err
		}
		house := ""
		if in.HousingType == "own" {
			house = keys.BlindIndex(bidxHouse, normalizeCert(in.PropertyCert))
			if p, ok := houses[house]; ok && p != a.ParentID {
				sum.Conflicts++
			}
			houses[house] = a.ParentID
		}
		at := now - int64(len(apps)-i)*37_000
		if err := b.Add(ctx, district, db.NewID(), id, a.ParentID, in.ChildName, keys.BlindIndex(bidxChildID, in.ChildIDNumber), idEnc,
			idn.Birth.Format(time.DateOnly), idn.Sex(), detEnc, house, joinIDs(cl.Catchment), cl.Category, cl.Migrant, joinIDs(in.Choices),
			in.Choices[0], a.Status, at, at); err != nil {
			return sum, err
		}
		sum.Applications++
	}
	return sum, b.Flush(ctx)
}
