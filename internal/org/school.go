package org

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// School is a school of the district.
type School struct {
	ID        int64  `json:"id"`
	District  string `json:"district_code"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	Type      string `json:"type"`
	TypeName  string `json:"type_name"`
	Nature    string `json:"nature"`
	Inclusive bool   `json:"inclusive"`
	Urban     string `json:"urban"`
	ZoneID    int64  `json:"zone_id"`
	ZoneName  string `json:"zone_name"`
	Street    string `json:"street"`
	Address   string `json:"address"`
	Principal string `json:"principal"`
	GroupName string `json:"group_name"`
	GroupLead bool   `json:"group_lead"`
	Founded   int    `json:"founded"`
	Status    string `json:"status"`
	// PlannedClasses × StandardClassSize is the school's planned capacity (学位).
	PlannedClasses    int       `json:"planned_classes"`
	StandardClassSize int       `json:"standard_class_size"`
	Capacity          int       `json:"capacity"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// Object locates the school for the access policy.
func (s School) Object() access.Object {
	return access.Object{District: s.District, SchoolID: s.ID, ZoneID: s.ZoneID}
}

// SchoolInput is the editable part of a school.
type SchoolInput struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	Type      string `json:"type"`
	Nature    string `json:"nature"`
	Inclusive bool   `json:"inclusive"`
	Urban     string `json:"urban"`
	ZoneID    int64  `json:"zone_id"`
	Street    string `json:"street"`
	Address   string `json:"address"`
	Principal string `json:"principal"`
	GroupName string `json:"group_name"`
	GroupLead bool   `json:"group_lead"`
	Founded   int    `json:"founded"`
	// Planned capacity: classes × standard class size (e.g. 24 × 45).
	PlannedClasses    int `json:"planned_classes"`
	StandardClassSize int `json:"standard_class_size"`
}

var schoolCodeRe = regexp.MustCompile(`^[0-9]{10}$`)

// Validate checks a school's fields and names each one at fault.
func (in *SchoolInput) Validate() error {
	var f errs.Fields
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	if !schoolCodeRe.MatchString(in.Code) {
		f.Add("code", "学校标识码应为 10 位数字")
	}
	if n := len([]rune(in.Name)); n < 2 || n > 60 {
		f.Add("name", "学校名称应为 2–60 个字")
	}
	if SchoolTypeName(in.Type) == "" {
		f.Add("type", "未知的学校类型："+in.Type)
	}
	if in.Nature == "" {
		in.Nature = "公办"
	}
	if !oneOf(in.Nature, Natures) {
		f.Add("nature", "办学性质应为公办或民办")
	}
	if in.Urban == "" {
		in.Urban = "城区"
	}
	if !oneOf(in.Urban, UrbanKinds) {
		f.Add("urban", "城乡分类应为城区、镇区或乡村")
	}
	if in.Inclusive && in.Type != "kindergarten" {
		f.Add("inclusive", "只有幼儿园可认定为普惠性")
	}
	if in.PlannedClasses < 0 || in.PlannedClasses > 500 {
		f.Add("planned_classes", "规划班级数应在 0–500 之间")
	}
	if in.StandardClassSize < 0 || in.StandardClassSize > 60 {
		f.Add("standard_class_size", "标准班额应在 0–60 人之间")
	}
	if in.Founded != 0 && (in.Founded < 1800 || in.Founded > time.Now().Year()) {
		f.Add("founded", "建校年份不合理")
	}
	return f.Err()
}

func oneOf(s string, xs []string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

const schoolSelect = `SELECT s.id, s.district_code, s.code, s.name, s.short_name, s.type, s.nature, s.inclusive, s.urban, s.zone_id,
COALESCE(z.name, ''), s.street, s.address, s.principal, s.group_name, s.group_lead, s.founded, s.status, s.planned_classes,
s.standard_class_size, s.updated_at
FROM schools s LEFT JOIN zones z ON z.district_code = s.district_code AND z.id = s.zone_id`

func scanSchool(row interface{ Scan(...any) error }) (School, error) {
	var s School
	var zone sql.NullInt64
	var updated int64
	err := row.Scan(&s.ID, &s.District, &s.Code, &s.Name, &s.ShortName, &s.Type, &s.Nature, &s.Inclusive, &s.Urban, &zone,
		&s.ZoneName, &s.Street, &s.Address, &s.Principal, &s.GroupName, &s.GroupLead, &s.Founded, &s.Status, &s.PlannedClasses,
		&s.StandardClassSize, &updated)
	s.ZoneID, s.UpdatedAt, s.TypeName = zone.Int64, db.Time(updated), SchoolTypeName(s.Type)
	s.Capacity = s.PlannedClasses * s.StandardClassSize
	return s, err
}

// InsertSchool stores a validated school and returns its ID (used by the API and the demo).
func InsertSchool(ctx context.Context, q db.Querier, district string, in SchoolInput) (int64, error) {
	id, now := db.NewID(), db.Now()
	_, err := q.Exec(ctx, `INSERT INTO schools (district_code, id, code, name, short_name, type, nature, inclusive, urban, zone_id,
street, address, principal, group_name, group_lead, founded, planned_classes, standard_class_size, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, district, id, in.Code, in.Name, in.ShortName, in.Type, in.Nature,
		in.Inclusive, in.Urban, db.NullID(in.ZoneID), in.Street, in.Address, in.Principal, in.GroupName, in.GroupLead, in.Founded,
		in.PlannedClasses, in.StandardClassSize, now, now)
	return id, err
}
