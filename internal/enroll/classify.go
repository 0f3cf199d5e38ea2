package enroll

import (
	"fmt"
	"slices"
)

// Facts are what an application says about a family, reduced to what the categories depend on.
type Facts struct {
	HukouLocal      bool    // 户籍在本区
	HukouSchools    []int64 // catchment schools of the 户籍 address
	OwnHome         bool    // the home is owned by a parent (不动产权证)
	HomeSchools     []int64 // catchment schools of the home address
	PermitMonths    int     // 居住证 months
	InsuranceMonths int     // social insurance months
}

// Classification is the category of an application and why, for the parent to read before
// submitting.
type Classification struct {
	Category  string   `json:"category"`
	Name      string   `json:"category_name"`
	Catchment []int64  `json:"catchment"` // schools where the category's priority applies
	Migrant   bool     `json:"migrant"`   // 随迁子女 (户籍 outside the district)
	Reasons   []string `json:"reasons"`
}

func overlap(a, b []int64) []int64 {
	var out []int64
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// Classify puts an application into the best category of the policy it qualifies for, and explains
// the decision step by step.
func Classify(p *Policy, f Facts) Classification {
	c := Classification{Migrant: !f.HukouLocal}
	has := func(cat string) bool { return slices.Contains(p.Categories, cat) }
	set := func(cat string, schools []int64, why string) Classification {
		c.Category, c.Name, c.Catchment = cat, CategoryNames[cat], schools
		c.Reasons = append(c.Reasons, why)
		return c
	}
	if len(f.HomeSchools) == 0 {
		c.Reasons = append(c.Reasons, "住址不在任何学校的划片范围内")
	}
	if !f.HukouLocal {
		c.Reasons = append(c.Reasons, "户籍不在本区")
	} else if len(f.HukouSchools) == 0 {
		c.Reasons = append(c.Reasons, "户籍地址不在任何学校的划片范围内")
	}
	if f.OwnHome && f.HukouLocal {
		if both := overlap(f.HukouSchools, f.HomeSchools); len(both) > 0 && has(CatHouseHukou) {
			return set(CatHouseHukou, both, "父母名下住房在片区内，且户籍在该住房所在片区：房户一致")
		}
	}
	if f.HukouLocal && len(f.HukouSchools) > 0 && has(CatHukou) {
		return set(CatHukou, f.HukouSchools, "户籍在片区内")
	}
	if f.OwnHome && len(f.HomeSchools) > 0 && has(CatHouse) {
		return set(CatHouse, f.HomeSchools, "父母名下住房在片区内，户籍不在该片区")
	}
	if !f.HukouLocal && has(CatMigrant) {
		if f.PermitMonths >= p.MigrantPermitMonths && f.InsuranceMonths >= p.MigrantInsuranceMonths {
			return set(CatMigrant, f.HomeSchools, fmt.Sprintf("随迁子女：居住证 %d 个月（要求 %d），社保 %d 个月（要求 %d），按实际居住地片区安排",
				f.PermitMonths, p.MigrantPermitMonths, f.InsuranceMonths, p.MigrantInsuranceMonths))
		}
		c.Reasons = append(c.Reasons, fmt.Sprintf("居住证 %d 个月、社保 %d 个月，未达到随迁子女要求（%d / %d 个月）",
			f.PermitMonths, f.InsuranceMonths, p.MigrantPermitMonths, p.MigrantInsuranceMonths))
	}
	return set(CatOther, nil, "不符合片区内优先条件，由教育局统筹安排学位（保证入学）")
}
