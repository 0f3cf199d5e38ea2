package demo

import (
	"context"
	"fmt"
	"sync"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/auth"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// Credential is a demo account's initial password, printed once.
type Credential struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Password    string `json:"password"`
}

// Install writes the generated district into an empty, migrated database and returns every
// account's initial password (each must be changed at first login).
func Install(ctx context.Context, d *db.DB, keys *pii.Keyring, log *audit.Log, dist District) ([]Credential, error) {
	var n int
	if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM schools WHERE district_code = ?`, dist.District.Code).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fmt.Errorf("区县 %s 已有数据，请使用 --reset 重新生成演示数据", dist.District.Code)
	}
	creds, hashes, err := passwords(dist.Accounts)
	if err != nil {
		return nil, err
	}
	code := dist.District.Code
	err = d.Tx(ctx, func(q db.Querier) error {
		for _, r := range []Region{dist.Province, dist.City, dist.District} {
			if err := org.UpsertRegion(ctx, q, r.Code, r.Name, r.Level, r.ParentCode); err != nil {
				return err
			}
		}
		zoneIDs := map[string]int64{}
		for i, z := range dist.Zones {
			zoneIDs[z.Key] = db.NewID()
			if err := org.InsertZone(ctx, q, code, zoneIDs[z.Key], z.Name, i+1); err != nil {
				return err
			}
		}
		sectionIDs := map[string]int64{}
		for _, s := range dist.Sections {
			sectionIDs[s.Name] = db.NewID()
			if err := org.InsertSection(ctx, q, code, sectionIDs[s.Name], s.Name, s.Sort); err != nil {
				return err
			}
		}
		schoolIDs := map[string]int64{}
		for _, s := range dist.Schools {
			in := org.SchoolInput{Code: s.Code, Name: s.Name, ShortName: s.ShortName, Type: s.Type, Nature: s.Nature,
				Inclusive: s.Inclusive, Urban: s.Urban, ZoneID: zoneIDs[s.ZoneKey], Street: s.Street, Address: s.Address,
				Principal: s.Principal, GroupName: s.GroupName, GroupLead: s.GroupLead, Founded: s.Founded}
			if err := in.Validate(); err != nil {
				return fmt.Errorf("演示学校 %s: %w", s.Name, err)
			}
			id, err := org.InsertSchool(ctx, q, code, in)
			if err != nil {
				return err
			}
			schoolIDs[s.Code] = id
		}
		for i, a := range dist.Accounts {
			if _, err := accounts.InsertUser(ctx, q, keys, accounts.NewUser{District: code, Username: a.Username,
				DisplayName: a.DisplayName, Phone: a.Phone, Role: a.Role, SchoolID: schoolIDs[a.SchoolCode],
				ZoneID: zoneIDs[a.ZoneKey], SectionID: sectionIDs[a.SectionName], Permissions: a.Permissions,
				PasswordHash: hashes[i]}); err != nil {
				return fmt.Errorf("演示账号 %s: %w", a.Username, err)
			}
		}
		return log.Append(ctx, q, code, audit.Entry{ActorName: "system", Action: "demo.install", ObjectType: "district", ObjectID: code,
			Detail: fmt.Sprintf("生成演示区县：%d 个片区、%d 个科室、%d 所学校、%d 个账号", len(dist.Zones), len(dist.Sections), len(dist.Schools), len(dist.Accounts))})
	})
	return creds, err
}

// passwords makes a one-time password for every account and hashes them on every core.
func passwords(accts []Account) ([]Credential, []string, error) {
	creds := make([]Credential, len(accts))
	hashes := make([]string, len(accts))
	for i, a := range accts {
		creds[i] = Credential{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, Password: auth.GeneratePassword()}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				h, err := auth.HashPassword(creds[i].Password)
				mu.Lock()
				hashes[i] = h
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	for i := range creds {
		next <- i
	}
	close(next)
	wg.Wait()
	return creds, hashes, firstErr
}
