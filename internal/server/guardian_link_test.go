package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/registry"
)

// A parent account finds its child by the guardian phone's blind index, for students written
// through the API and for guardians written before the index existed (indexed at server start).
func TestRegistry_GuardianPhoneLinksParentToChild(t *testing.T) {
	dbtest.EachDSN(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		ctx := t.Context()
		idn := nextIDNumber(time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC))
		status, body := f.as(access.SchoolAdmin).do("POST", "/api/v1/students", fmt.Sprintf(`{"student_no":"G%s","name":"林小雨","id_number":"%s",
"school_id":%d,"grade":3,"guardians":[{"name":"林大海","relation":"父亲","phone":"13955550001"},{"name":"陈静","relation":"母亲","phone":"13955550002"}]}`,
			idn, idn, f.schools["A"]))
		if status != 201 {
			t.Fatalf("create: %d %s", status, body)
		}
		var st struct {
			ID int64 `json:"id"`
		}
		_ = json.Unmarshal(body, &st)
		find := func(phone string) []int64 {
			ids, err := registry.StudentsOfGuardianPhone(ctx, f.s.DB.Read(), f.s.Keys, home, phone)
			if err != nil {
				t.Fatal(err)
			}
			return ids
		}
		for _, phone := range []string{"13955550001", "13955550002"} {
			if ids := find(phone); !slices.Equal(ids, []int64{st.ID}) {
				t.Fatalf("guardian %s: %v, want [%d]", phone, ids, st.ID)
			}
		}
		if ids := find("13955550003"); len(ids) != 0 {
			t.Fatalf("another phone finds %v", ids)
		}
		ids, err := registry.StudentsOfGuardianPhone(ctx, f.s.DB.Read(), f.s.Keys, other, "13955550001")
		if err != nil || len(ids) != 0 {
			t.Fatalf("another district finds %v, %v", ids, err)
		}

		// Guardians written before the index: the index is rebuilt from the encrypted phones.
		if _, err := f.s.DB.Write().Exec(ctx, `UPDATE guardians SET phone_bidx = ''`); err != nil {
			t.Fatal(err)
		}
		if ids := find("13955550001"); len(ids) != 0 {
			t.Fatalf("unindexed guardian found: %v", ids)
		}
		n, err := f.s.Registry.IndexGuardianPhones(ctx)
		if err != nil || n < 2 {
			t.Fatalf("indexed %d guardians, %v", n, err)
		}
		if ids := find("13955550001"); !slices.Equal(ids, []int64{st.ID}) {
			t.Fatalf("after indexing: %v", ids)
		}
		if n, err := f.s.Registry.IndexGuardianPhones(ctx); err != nil || n != 0 {
			t.Fatalf("second run indexed %d, %v", n, err)
		}
	})
}
