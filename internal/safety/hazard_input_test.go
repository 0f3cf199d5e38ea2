package safety

import (
	"testing"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

func TestHazardInputValidate(t *testing.T) {
	ok := HazardInput{SchoolID: 1, Source: SourceVisit, Category: "消防", Severity: "一般", Description: "灭火器过期"}
	for _, tc := range []struct {
		name  string
		role  string
		edit  func(*HazardInput)
		field string // "" when valid
	}{
		{"a visit finding", access.Inspector, func(*HazardInput) {}, ""},
		{"a school's self-inspection", access.SchoolAdmin, func(in *HazardInput) { in.Source = SourceSelf }, ""},
		{"a school may not claim a visit", access.SchoolAdmin, func(*HazardInput) {}, "source"},
		{"only a school self-inspects", access.Staff, func(in *HazardInput) { in.Source = SourceSelf }, "source"},
		{"a campaign finding names its campaign", access.Staff, func(in *HazardInput) { in.Source = SourceCampaign }, "campaign_id"},
		{"unknown category", access.Inspector, func(in *HazardInput) { in.Category = "天气" }, "category"},
		{"unknown severity", access.Inspector, func(in *HazardInput) { in.Severity = "特别重大" }, "severity"},
		{"blank description", access.Inspector, func(in *HazardInput) { in.Description = "  " }, "description"},
		{"no school", access.Inspector, func(in *HazardInput) { in.SchoolID = 0 }, "school_id"},
		{"found in the future", access.Inspector, func(in *HazardInput) { in.FoundOn = "2025-10-02" }, "found_on"},
		{"found on a bad date", access.Inspector, func(in *HazardInput) { in.FoundOn = "2025-02-30" }, "found_on"},
		{"found today by default", access.Inspector, func(in *HazardInput) { in.FoundOn = "" }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			tc.edit(&in)
			err := in.Validate(tc.role, "2025-10-01")
			if tc.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				if in.FoundOn == "" {
					t.Fatal("found_on not defaulted")
				}
				return
			}
			e, isErr := errs.As(err)
			if !isErr || e.Code != errs.Invalid || e.Fields[0].Field != tc.field {
				t.Fatalf("want invalid %s, got %v", tc.field, err)
			}
		})
	}
}
