package registry

import (
	"errors"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/excel"
)

// cellReader turns the cells of one row into typed values, collecting an error per bad cell.
type cellReader struct {
	r    *excel.Reader
	row  excel.Row
	errs []excel.CellError
}

func (c *cellReader) fail(key string, err error) {
	if e, ok := errs.As(err); ok {
		err = errors.New(e.Message)
	}
	c.errs = append(c.errs, c.r.ErrorAt(c.row.Number, key, err))
}

func (c *cellReader) text(key string) string {
	v, err := excel.Text(c.row.Cells[key])
	if err != nil {
		c.fail(key, err)
	}
	return v
}

func (c *cellReader) code(key string) string {
	s := c.row.Cells[key]
	if excel.Blank(s) {
		return ""
	}
	v, err := excel.IDLike(s)
	if err != nil {
		c.fail(key, err)
	}
	return v
}

func (c *cellReader) phone(key string) string {
	s := c.row.Cells[key]
	if excel.Blank(s) {
		return ""
	}
	v, err := excel.Phone(s)
	if err != nil {
		c.fail(key, err)
	}
	return v
}

func (c *cellReader) flag(key string) bool {
	s := c.row.Cells[key]
	if excel.Blank(s) {
		return false
	}
	v, err := excel.Bool(s)
	if err != nil {
		c.fail(key, err)
	}
	return v
}

func (c *cellReader) date(key string) string {
	s := c.row.Cells[key]
	if excel.Blank(s) {
		return ""
	}
	t, err := c.r.Date(s)
	if err != nil {
		c.fail(key, err)
		return ""
	}
	return t.Format("2006-01-02")
}

func (c *cellReader) number(key string) float64 {
	s := c.row.Cells[key]
	if excel.Blank(s) {
		return 0
	}
	v, err := excel.Decimal(s)
	if err != nil {
		c.fail(key, err)
	}
	return v
}

func (c *cellReader) integer(key string) int {
	s := c.row.Cells[key]
	if excel.Blank(s) {
		return 0
	}
	v, err := excel.Int(s)
	if err != nil {
		c.fail(key, err)
	}
	return int(v)
}

// dict resolves a dictionary cell (code or name) to the code.
func (c *cellReader) dict(key string, d Dicts, kind string) string {
	s := c.row.Cells[key]
	if excel.Blank(s) {
		return ""
	}
	v, err := excel.Enum(s, d[kind])
	if err != nil {
		c.fail(key, err)
	}
	return v
}

// fieldKeys maps the field names of validation errors to template column keys.
var fieldKeys = map[string]string{"class_id": "class_number", "guardians[0].name": "guardian1_name",
	"guardians[0].relation": "guardian1_relation", "guardians[0].phone": "guardian1_phone", "guardians[1].name": "guardian2_name",
	"guardians[1].relation": "guardian2_relation", "guardians[1].phone": "guardian2_phone", "school_id": "", "hukou_local": "hukou"}

// validationErrors places the field errors of a record's validation on the row's cells.
func (c *cellReader) validation(err error) {
	e, ok := errs.As(err)
	if !ok || len(e.Fields) == 0 {
		c.errs = append(c.errs, excel.CellError{Row: c.row.Number, Message: errText(err)})
		return
	}
	for _, f := range e.Fields {
		key, mapped := fieldKeys[f.Field]
		if !mapped {
			key = f.Field
		}
		if key == "" {
			c.errs = append(c.errs, excel.CellError{Row: c.row.Number, Message: f.Message})
			continue
		}
		c.errs = append(c.errs, c.r.ErrorAt(c.row.Number, key, errors.New(f.Message)))
	}
}

func errText(err error) string {
	if e, ok := errs.As(err); ok {
		return e.Message
	}
	return err.Error()
}

// student reads a student row. The school comes from the import, the class from the class number.
func (c *cellReader) student(d Dicts) (StudentInput, int) {
	in := StudentInput{
		StudentNo: c.code("student_no"), Name: c.text("name"), IDNumber: c.code("id_number"), BirthDate: c.date("birth_date"),
		Address: c.text("address"), Migrant: c.flag("migrant"), Poor: c.flag("poor"), Dibao: c.flag("dibao"), Tekun: c.flag("tekun"),
		Disabled: c.flag("disabled"), LeftBehind: c.flag("left_behind"), Boarding: c.flag("boarding"), HukouLocal: true,
		Ethnicity: c.dict("ethnicity", d, DictEthnicity), Status: c.dict("status", d, DictStatus),
		DisabilityType: c.dict("disability_type", d, DictDisability),
	}
	in.StudentNo = strings.ToUpper(in.StudentNo)
	if s := c.row.Cells["sex"]; !excel.Blank(s) {
		in.Sex, _ = excel.Text(s)
		if in.Sex != "男" && in.Sex != "女" {
			c.fail("sex", errs.E(errs.Invalid, "性别应为“男”或“女”"))
		}
	}
	if h := c.text("hukou"); h != "" {
		switch h {
		case "本地":
		case "外地":
			in.HukouLocal = false
		default:
			c.fail("hukou", errs.E(errs.Invalid, "户籍应为“本地”或“外地”"))
		}
	}
	if g := c.text("grade"); g != "" {
		grade, ok := GradeByName(g)
		if !ok {
			c.fail("grade", errs.E(errs.Invalid, "年级“%s”无法识别，应如“三年级”“七年级”“高一”“大班”", g))
		}
		in.Grade = grade
	} else {
		c.fail("grade", errs.E(errs.Invalid, "请填写年级"))
	}
	for i, p := range []string{"guardian1", "guardian2"} {
		g := GuardianInput{Name: c.text(p + "_name"), Relation: c.dict(p+"_relation", d, DictRelation), Phone: c.phone(p + "_phone")}
		if g.Name != "" || g.Relation != "" || g.Phone != "" {
			if i == 1 && len(in.Guardians) == 0 {
				in.Guardians = append(in.Guardians, GuardianInput{})
			}
			in.Guardians = append(in.Guardians, g)
		}
	}
	return in, c.integer("class_number")
}

var stageByName = map[string]string{"学前": "kindergarten", "小学": "primary", "初中": "junior", "高中": "senior", "中职": "vocational", "特殊教育": "special"}

// staff reads a staff row.
func (c *cellReader) staff(d Dicts) StaffInput {
	in := StaffInput{StaffNo: c.code("staff_no"), Name: c.text("name"), IDNumber: c.code("id_number"),
		Political: c.dict("political", d, DictPolitical), Education: c.dict("education", d, DictEducation), Title: c.dict("title", d, DictTitle),
		Post: c.dict("post", d, DictPost), Backbone: c.dict("backbone", d, DictBackbone), OnPayroll: c.flag("on_payroll"),
		TeacherCert: c.flag("teacher_cert"), JoinedSchool: c.date("joined_school_on"), TrainingHours: c.integer("training_hours"),
		Status: c.dict("status", d, DictStaffState)}
	if s := c.text("sex"); s != "" {
		in.Sex = s
	}
	if st := c.text("stage"); st != "" {
		code, ok := stageByName[st]
		if !ok {
			c.fail("stage", errs.E(errs.Invalid, "任教学段应为学前、小学、初中、高中、中职或特殊教育"))
		}
		in.Stage = code
	}
	for _, sub := range strings.FieldsFunc(c.text("subjects"), func(r rune) bool { return strings.ContainsRune("、,，;； ", r) }) {
		in.Subjects = append(in.Subjects, sub)
	}
	return in
}

// facility reads a facilities row; the school is named by its 学校标识码.
func (c *cellReader) facility() (Facility, string) {
	f := Facility{Year: c.integer("year"), TeachingArea: c.number("teaching_area"), AdminArea: c.number("admin_area"),
		LivingArea: c.number("living_area"), SportsArea: c.number("sports_area"), EquipmentValue: c.number("equipment_value"),
		Books: c.integer("books"), Computers: c.integer("computers"), MultimediaRooms: c.integer("multimedia_rooms"),
		MusicRooms: c.integer("music_rooms"), ArtRooms: c.integer("art_rooms"), Labs: c.integer("labs")}
	return f, c.code("school_code")
}
