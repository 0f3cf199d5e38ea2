package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

const district = "339901"

// session is a logged-in parent as the load generator uses it.
type session struct {
	Cookie string `json:"cookie"` // name=value
	CSRF   string `json:"csrf"`
}

// sessionsCmd creates parent accounts with completed logins in an edubureau data directory (after
// "edubureau demo") and writes their cookies and CSRF tokens to a file, and the open campaign with
// addresses in its schools' catchments to another.
func sessionsCmd(args []string) error {
	fs := flag.NewFlagSet("sessions", flag.ExitOnError)
	data := fs.String("data", "", "edubureau data directory (keys and edubureau.db)")
	n := fs.Int("n", 512, "parent accounts")
	out := fs.String("out", "sessions.json", "file for the sessions")
	install := fs.Bool("install", true, "install the demo's catchments and open campaign when none is open (demo --registry=false)")
	targetOut := fs.String("target", "target.json", "file for the campaign, schools and catchment addresses to submit")
	_ = fs.Parse(args)
	ctx := context.Background()
	keys, err := pii.LoadKeyring(*data)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, *data+"/edubureau.db")
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return err
	}
	t, err := findTarget(ctx, d, keys)
	if err != nil && *install {
		if err = installCampaign(ctx, d, keys); err == nil {
			t, err = findTarget(ctx, d, keys)
		}
	}
	if err != nil {
		return err
	}
	if err := writeTarget(*targetOut, t); err != nil {
		return err
	}
	ss, err := makeParents(ctx, d, keys, *n)
	if err != nil {
		return err
	}
	fmt.Printf("%d parent sessions in %s; campaign %d with %d schools in %s\n", len(ss), *out, t.CampaignID, len(t.Schools), *targetOut)
	return writeSessions(*out, ss)
}

// makeParents adds n parent accounts (one password hash shared, to spare n argon2 runs) and a
// session that has completed the login flow for each.
func makeParents(ctx context.Context, d *db.DB, keys *pii.Keyring, n int) ([]session, error) {
	hash, err := auth.HashPassword("Bench-Parent-2026")
	if err != nil {
		return nil, err
	}
	a := auth.NewService(d, keys, audit.New(d, keys.AuditKey()))
	prefix := fmt.Sprintf("bench%d_", db.NewID()%100000)
	out := make([]session, 0, n)
	for i := range n {
		var id int64
		err := d.Tx(ctx, func(q db.Querier) error {
			var err error
			id, err = accounts.InsertUser(ctx, q, keys, accounts.NewUser{District: district,
				Username: fmt.Sprintf("%s%d", prefix, i), DisplayName: "家长" + fmt.Sprint(i), Role: access.Parent,
				Phone: fmt.Sprintf("139%08d", i), PasswordHash: hash})
			return err
		})
		if err != nil {
			return nil, err
		}
		ck, csrf, err := a.IssueSession(ctx, district, id, auth.StageDone)
		if err != nil {
			return nil, err
		}
		out = append(out, session{Cookie: ck.Name + "=" + ck.Value, CSRF: csrf})
	}
	return out, nil
}

func writeSessions(path string, ss []session) error {
	b, err := json.Marshal(ss)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

func readSessions(path string) ([]session, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ss []session
	if err := json.Unmarshal(b, &ss); err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, fmt.Errorf("%s holds no sessions", path)
	}
	return ss, nil
}
