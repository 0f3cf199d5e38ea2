package server

import (
	"encoding/json"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
)

// A school administrator lists only their own school, yet picks a receiving school for a transfer
// from the district's directory: every school of the district by code and name, no other district's.
func TestOrg_DirectoryListsTheDistrictsSchoolsForEveryone(t *testing.T) {
	dbtest.EachDSN(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		sa := f.as(access.SchoolAdmin)
		if _, body := sa.do("GET", "/api/v1/schools", nil); decodePage(t, body).Total != 1 {
			t.Fatalf("school list of a school administrator: %s", body)
		}
		status, body := sa.do("GET", "/api/v1/schools/directory", nil)
		if status != 200 {
			t.Fatalf("directory: %d %s", status, body)
		}
		var d struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		ids := map[int64]bool{}
		for _, it := range d.Items {
			ids[int64(it["id"].(float64))] = true
			if it["name"] == "" || it["code"] == "" || it["type_name"] == "" {
				t.Errorf("entry without name, code or type: %v", it)
			}
			for _, k := range []string{"address", "principal", "phone"} {
				if _, ok := it[k]; ok {
					t.Errorf("directory shows %s: %v", k, it)
				}
			}
		}
		if !ids[f.schools["A"]] || !ids[f.schools["B"]] || ids[f.schools["X"]] {
			t.Fatalf("directory %v: want A and B, not X", ids)
		}
	})
}
