package registry

import (
	"github.com/edubureau/edubureau/internal/platform/excel"
)

// Entities that can be imported and exported.
const (
	EntityStudents   = "students"
	EntityStaff      = "staff"
	EntityFacilities = "facilities"
)

// EntityNames are the Chinese names of the entities.
var EntityNames = map[string]string{EntityStudents: "学生", EntityStaff: "教职工", EntityFacilities: "办学条件"}

func yesNo() []string { return []string{"是", "否"} }

// studentColumns is the student template: 25 columns, guardians flattened to two.
func studentColumns(d Dicts) []excel.ColumnSpec {
	return []excel.ColumnSpec{
		{Key: "student_no", Title: "学籍号", Required: true, Text: true, Note: "全国学籍号：G 加身份证号；无身份证的用 J 号或 L 号"},
		{Key: "name", Title: "姓名", Required: true},
		{Key: "sex", Title: "性别", Choices: []string{"男", "女"}, Note: "有身份证号时可不填，以身份证号为准"},
		{Key: "id_number", Title: "身份证号", Aliases: []string{"身份证件号", "公民身份号码"}, Text: true, Note: "18 位，末位 X 大小写均可；请先把本列设为文本格式"},
		{Key: "birth_date", Title: "出生日期", Note: "如 2018-03-15；有身份证号时可不填"},
		{Key: "ethnicity", Title: "民族", Choices: names(d, DictEthnicity)},
		{Key: "hukou", Title: "户籍（本地/外地）", Aliases: []string{"户籍"}, Choices: []string{"本地", "外地"}},
		{Key: "migrant", Title: "随迁子女（是/否）", Aliases: []string{"随迁子女"}, Choices: yesNo()},
		{Key: "address", Title: "家庭住址"},
		{Key: "grade", Title: "年级", Required: true, Note: "如 三年级、七年级、高一、大班"},
		{Key: "class_number", Title: "班号", Note: "数字，如 2 表示（2）班；班级不存在时自动建立"},
		{Key: "status", Title: "学籍状态", Choices: names(d, DictStatus), Note: "默认“在读”"},
		{Key: "poor", Title: "建档立卡", Choices: yesNo()},
		{Key: "dibao", Title: "低保", Choices: yesNo()},
		{Key: "tekun", Title: "特困", Choices: yesNo()},
		{Key: "disabled", Title: "残疾", Choices: yesNo()},
		{Key: "disability_type", Title: "残疾类别", Choices: names(d, DictDisability)},
		{Key: "left_behind", Title: "留守儿童", Choices: yesNo()},
		{Key: "boarding", Title: "寄宿", Choices: yesNo()},
		{Key: "guardian1_name", Title: "监护人姓名", Aliases: []string{"监护人1姓名"}},
		{Key: "guardian1_relation", Title: "监护人关系", Aliases: []string{"监护人1关系"}, Choices: names(d, DictRelation)},
		{Key: "guardian1_phone", Title: "监护人电话", Aliases: []string{"监护人1电话", "监护人手机号"}, Text: true},
		{Key: "guardian2_name", Title: "监护人2姓名"},
		{Key: "guardian2_relation", Title: "监护人2关系", Choices: names(d, DictRelation)},
		{Key: "guardian2_phone", Title: "监护人2电话", Text: true},
	}
}

// staffColumns is the staff template.
func staffColumns(d Dicts) []excel.ColumnSpec {
	return []excel.ColumnSpec{
		{Key: "staff_no", Title: "工号", Required: true, Text: true},
		{Key: "name", Title: "姓名", Required: true},
		{Key: "sex", Title: "性别", Choices: []string{"男", "女"}},
		{Key: "id_number", Title: "身份证号", Required: true, Text: true},
		{Key: "political", Title: "政治面貌", Choices: names(d, DictPolitical)},
		{Key: "education", Title: "最高学历", Required: true, Choices: names(d, DictEducation)},
		{Key: "title", Title: "职称", Choices: names(d, DictTitle)},
		{Key: "post", Title: "岗位类别", Required: true, Choices: names(d, DictPost)},
		{Key: "subjects", Title: "任教学科", Note: "多个学科用顿号或逗号分隔，如 语文、道德与法治"},
		{Key: "backbone", Title: "骨干教师级别", Choices: names(d, DictBackbone)},
		{Key: "stage", Title: "任教学段", Choices: []string{"学前", "小学", "初中", "高中", "中职", "特殊教育"}},
		{Key: "on_payroll", Title: "在编", Choices: yesNo()},
		{Key: "teacher_cert", Title: "教师资格证", Choices: yesNo()},
		{Key: "joined_school_on", Title: "到本校工作日期", Required: true},
		{Key: "training_hours", Title: "五年培训学时"},
		{Key: "status", Title: "在职状态", Choices: names(d, DictStaffState)},
	}
}

// facilityColumns is the facilities template: one row per school and year.
func facilityColumns() []excel.ColumnSpec {
	return []excel.ColumnSpec{
		{Key: "school_code", Title: "学校标识码", Required: true, Text: true},
		{Key: "year", Title: "年度", Required: true},
		{Key: "teaching_area", Title: "教学及辅助用房面积（㎡）"},
		{Key: "admin_area", Title: "行政办公用房面积（㎡）"},
		{Key: "living_area", Title: "生活用房面积（㎡）"},
		{Key: "sports_area", Title: "体育运动场馆面积（㎡）"},
		{Key: "equipment_value", Title: "教学仪器设备值（元）"},
		{Key: "books", Title: "图书（册）"},
		{Key: "computers", Title: "计算机（台）"},
		{Key: "multimedia_rooms", Title: "网络多媒体教室（间）"},
		{Key: "music_rooms", Title: "音乐专用教室（间）"},
		{Key: "art_rooms", Title: "美术专用教室（间）"},
		{Key: "labs", Title: "实验室（间）"},
	}
}

// names lists a dictionary's names in their stored order.
func names(d Dicts, kind string) []string {
	out := []string{}
	for _, e := range DefaultDictionaries[kind] {
		if _, ok := d[kind][e.Code]; ok {
			out = append(out, e.Name)
		}
	}
	for code, name := range d[kind] {
		if !inDefaults(kind, code) {
			out = append(out, name)
		}
	}
	return out
}

func inDefaults(kind, code string) bool {
	for _, e := range DefaultDictionaries[kind] {
		if e.Code == code {
			return true
		}
	}
	return false
}

// Spec returns the import spec of an entity; uploads are read from their first sheet, whatever its name.
func Spec(entity string, d Dicts) (excel.Spec, bool) {
	switch entity {
	case EntityStudents:
		return excel.Spec{Columns: studentColumns(d)}, true
	case EntityStaff:
		return excel.Spec{Columns: staffColumns(d)}, true
	case EntityFacilities:
		return excel.Spec{Columns: facilityColumns()}, true
	}
	return excel.Spec{}, false
}
