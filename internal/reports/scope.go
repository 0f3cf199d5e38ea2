package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Scope kinds: what part of the district a figure covers.
const (
	ScopeDistrict = "district"
	ScopeZone     = "zone"
	ScopeSchool   = "school"
	ScopeType     = "type" // schools of one org type
)

// Scope is the part of the district a figure covers.
type Scope struct {
	Kind     string `json:"kind"`
	SchoolID int64  `json:"school_id,omitempty"`
	ZoneID   int64  `json:"zone_id,omitempty"`
	Type     string `json:"type,omitempty"`
}

// District is the whole district.
var District = Scope{Kind: ScopeDistrict}

// ParseScope reads "district", "school:123", "zone:45" or "type:primary".
func ParseScope(s string) (Scope, error) {
	kind, arg, _ := strings.Cut(strings.TrimSpace(s), ":")
	switch kind {
	case ScopeDistrict, "":
		return District, nil
	case ScopeSchool, ScopeZone:
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || id <= 0 {
			return Scope{}, errs.Field("scope", "范围应写作 "+kind+":编号："+s)
		}
		if kind == ScopeSchool {
			return Scope{Kind: kind, SchoolID: id}, nil
		}
		return Scope{Kind: kind, ZoneID: id}, nil
	case ScopeType:
		if arg == "" {
			return Scope{}, errs.Field("scope", "范围应写作 type:学校类型代码："+s)
		}
		return Scope{Kind: kind, Type: arg}, nil
	}
	return Scope{}, errs.Field("scope", "未知的范围："+s+"（可用 district、zone:编号、school:编号、type:类型）")
}

// String is the code of the scope.
func (s Scope) String() string {
	switch s.Kind {
	case ScopeSchool:
		return fmt.Sprintf("school:%d", s.SchoolID)
	case ScopeZone:
		return fmt.Sprintf("zone:%d", s.ZoneID)
	case ScopeType:
		return "type:" + s.Type
	}
	return ScopeDistrict
}
