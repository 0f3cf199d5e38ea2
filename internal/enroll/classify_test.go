package enroll

import (
	"slices"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

func TestClassify(t *testing.T) {
	p := DefaultPolicy(2027, "primary")
	a, b := int64(1), int64(2)
	cases := []struct {
		name string
		f    Facts
		want string
		tier int // at school a
	}{
		{"房户一致", Facts{HukouLocal: true, HukouSchools: []int64{a}, OwnHome: true, HomeSchools: []int64{a}}, CatHouseHukou, 1},
		{"户籍与房产不在同一片区", Facts{HukouLocal: true, HukouSchools: []int64{a}, OwnHome: true, HomeSchools: []int64{b}}, CatHukou, 2},
		{"仅户籍", Facts{HukouLocal: true, HukouSchools: []int64{a}}, CatHukou, 2},
		{"仅房产（外区户籍）", Facts{HukouLocal: false, OwnHome: true, HomeSchools: []int64{a}}, CatHouse, 3},
		{"随迁子女", Facts{HomeSchools: []int64{a}, PermitMonths: 6, InsuranceMonths: 12}, CatMigrant, 4},
		{"随迁子女社保不足", Facts{HomeSchools: []int64{a}, PermitMonths: 6, InsuranceMonths: 11}, CatOther, 5},
		{"本区户籍但不在任何片区", Facts{HukouLocal: true}, CatOther, 5},
		{"租住本区户籍", Facts{HukouLocal: true, HomeSchools: []int64{a}}, CatOther, 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Classify(&p, c.f)
			if got.Category != c.want || len(got.Reasons) == 0 {
				t.Fatalf("got %s %v, want %s", got.Category, got.Reasons, c.want)
			}
			if tier := p.Tier(got.Category, got.Catchment, a); tier != c.tier {
				t.Fatalf("tier at a: %d, want %d", tier, c.tier)
			}
			if got.Migrant != !c.f.HukouLocal {
				t.Fatal("migrant flag")
			}
		})
	}
	t.Run("CategoryLeftOutOfThePolicyFallsThrough", func(t *testing.T) {
		q := p
		q.Categories = []string{CatHukou, CatOther}
		got := Classify(&q, Facts{HukouLocal: true, HukouSchools: []int64{a}, OwnHome: true, HomeSchools: []int64{a}})
		if got.Category != CatHukou || q.Tier(got.Category, got.Catchment, a) != 1 || q.Tier(got.Category, got.Catchment, b) != 2 {
			t.Fatalf("got %+v", got)
		}
	})
}

func TestPolicyValidate(t *testing.T) {
	p := DefaultPolicy(2027, "junior")
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.LockYears != 3 || DefaultPolicy(2027, "primary").LockYears != 6 {
		t.Fatal("housing lock: 6 years for primary, 3 for junior")
	}
	bad := p
	bad.Dates.RegClose = "2027-05-01" // before reg_open
	bad.Categories = []string{CatHukou, CatHukou}
	bad.Mechanism = "fifo"
	err := bad.Validate()
	for _, field := range []string{"dates.reg_close", "categories", "mechanism"} {
		if err == nil || !slices.ContainsFunc(fieldsOf(err), func(f string) bool { return f == field }) {
			t.Errorf("%s not reported: %v", field, err)
		}
	}
}

func TestAgeCheck(t *testing.T) {
	p := DefaultPolicy(2027, "primary")
	for _, c := range []struct {
		birth string
		ok    bool
	}{{"2021-08-31", true}, {"2021-09-01", false}, {"2020-09-01", true}, {"2019-08-31", false}} {
		b, _ := time.Parse(time.DateOnly, c.birth)
		if got := AgeCheck(&p, b); got.OK != c.ok {
			t.Errorf("%s: %v (%s)", c.birth, got.OK, got.Detail)
		}
	}
}

func TestSniffDocument(t *testing.T) {
	if _, err := SniffDocument([]byte("%PDF-1.4\n%%EOF")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, []byte("<html><script>"), []byte("PK\x03\x04 zip"), make([]byte, MaxDocumentSize+1)} {
		if _, err := SniffDocument(bad); err == nil {
			t.Errorf("accepted %q…", bad[:min(len(bad), 8)])
		}
	}
}

func fieldsOf(err error) []string {
	var out []string
	if e, ok := errs.As(err); ok {
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
	}
	return out
}

func TestZonesJoinCatchments(t *testing.T) {
	p := DefaultPolicy(2027, "primary")
	p.Plans = []Plan{{SchoolID: 1, Classes: 1, ClassSize: 40}, {SchoolID: 2, Classes: 1, ClassSize: 40}, {SchoolID: 3, Classes: 1, ClassSize: 40}}
	p.Zones = []Zone{{Name: "城东多校划片区", Schools: []int64{1, 2}}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := p.planned([]int64{2, 9}); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("planned: %v", got)
	}
	p.Zones = append(p.Zones, Zone{Name: "无效", Schools: []int64{3, 9}})
	if err := p.Validate(); err == nil || !slices.Contains(fieldsOf(err), "zones[1].schools") {
		t.Fatalf("zone with an unplanned school: %v", err)
	}
}
