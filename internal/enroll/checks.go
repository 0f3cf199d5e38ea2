package enroll

import (
	"fmt"
	"slices"
	"time"
)

// Document kinds a parent uploads (证明材料).
var DocKinds = map[string]string{
	"birth": "出生医学证明", "hukou": "户口簿", "property": "不动产权证书", "permit": "居住证",
	"insurance": "社保缴费证明", "other": "其他材料",
}

// RequiredDocuments lists the documents an application of this kind must carry.
func RequiredDocuments(c Classification, ownHome bool) []string {
	out := []string{"birth"}
	if !c.Migrant {
		out = append(out, "hukou")
	}
	if ownHome {
		out = append(out, "property")
	}
	if c.Category == CatMigrant {
		out = append(out, "permit", "insurance")
	}
	return out
}

// Check is one automatic pre-check of an application (自动预审).
type Check struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// AgeCheck checks the child's age on the policy's cut-off date.
func AgeCheck(p *Policy, birth time.Time) Check {
	cut, _ := time.Parse(time.DateOnly, p.AgeCutoff)
	age := cut.Year() - birth.Year()
	if cut.Month() < birth.Month() || (cut.Month() == birth.Month() && cut.Day() < birth.Day()) {
		age--
	}
	c := Check{Code: "age", Name: "身份证与年龄", OK: age >= p.MinAge && age <= p.MaxAge}
	c.Detail = fmt.Sprintf("出生日期 %s，截至 %s 满 %d 周岁（要求 %d—%d 周岁）", birth.Format(time.DateOnly), p.AgeCutoff, age, p.MinAge, p.MaxAge)
	return c
}

// DocumentsCheck checks that every required document was uploaded.
func DocumentsCheck(required, have []string) Check {
	var missing []string
	for _, k := range required {
		if !slices.Contains(have, k) {
			missing = append(missing, DocKinds[k])
		}
	}
	c := Check{Code: "documents", Name: "证明材料", OK: len(missing) == 0, Detail: "材料齐全"}
	if len(missing) > 0 {
		c.Detail = fmt.Sprintf("缺少：%v", missing)
	}
	return c
}
