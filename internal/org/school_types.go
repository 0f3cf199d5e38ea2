// Package org is the organisation of a district: the GB/T 2260 region tree, the zones (片区) that
// group schools and 责任督学, the bureau's sections (科室), and the schools themselves (the registry
// extends schools with classes, students, staff and facilities).
package org

// SchoolType is a kind of school.
type SchoolType struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// SchoolTypes lists the kinds of school in display order.
var SchoolTypes = []SchoolType{
	{"kindergarten", "幼儿园"},
	{"primary", "小学"},
	{"junior", "初中"},
	{"nine_year", "九年一贯制学校"},
	{"complete_secondary", "完全中学"},
	{"twelve_year", "十二年一贯制学校"},
	{"senior", "普通高中"},
	{"vocational", "中等职业学校"},
	{"special", "特殊教育学校"},
	{"teaching_point", "教学点"},
}

// SchoolTypeName returns the Chinese name of a type code ("" when unknown).
func SchoolTypeName(code string) string {
	for _, t := range SchoolTypes {
		if t.Code == code {
			return t.Name
		}
	}
	return ""
}

// Natures of a school (办学性质).
var Natures = []string{"公办", "民办"}

// UrbanKinds are the 城乡分类 used in statistics.
var UrbanKinds = []string{"城区", "镇区", "乡村"}
