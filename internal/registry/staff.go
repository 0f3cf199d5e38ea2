package registry

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/identity"
)

// StaffInput is a staff record as entered in a form or an import row.
type StaffInput struct {
	StaffNo       string   `json:"staff_no"`
	Name          string   `json:"name"`
	Sex           string   `json:"sex"`
	IDNumber      string   `json:"id_number"`
	Political     string   `json:"political"`
	Education     string   `json:"education"`
	Title         string   `json:"title"`
	Post          string   `json:"post"`
	Subjects      []string `json:"subjects"`
	Backbone      string   `json:"backbone"`
	OnPayroll     bool     `json:"on_payroll"`
	TeacherCert   bool     `json:"teacher_cert"`
	SchoolID      int64    `json:"school_id"`
	JoinedSchool  string   `json:"joined_school_on"`
	TrainingHours int      `json:"training_hours"`
	Status        string   `json:"status"`
	Stage         string   `json:"stage"`
	birthDate     string
}

// Stages (学段) a member of staff can work in.
var Stages = map[string]string{"kindergarten": "学前", "primary": "小学", "junior": "初中", "senior": "高中",
	"vocational": "中职", "special": "特殊教育"}

var staffNoRe = regexp.MustCompile(`^[A-Za-z0-9-]{3,20}$`)

// Validate checks a staff record and normalises it in place.
func (in *StaffInput) Validate(d Dicts, today time.Time) error {
	var f errs.Fields
	in.Name = strings.TrimSpace(in.Name)
	if !nameRe.MatchString(in.Name) {
		f.Add("name", "姓名应为 1–30 个汉字或字母")
	}
	if !staffNoRe.MatchString(in.StaffNo) {
		f.Add("staff_no", "工号应为 3–20 位字母、数字或连字符")
	}
	id, err := identity.ParseIDNumber(in.IDNumber, today)
	if err != nil {
		f.Add("id_number", err.Error())
	} else {
		in.IDNumber, in.birthDate = id.Number, id.Birth.Format("2006-01-02")
		if in.Sex == "" {
			in.Sex = id.Sex()
		} else if in.Sex != id.Sex() {
			f.Add("sex", fmt.Sprintf("性别“%s”与身份证号（%s）不一致", in.Sex, id.Sex()))
		}
		if age := id.AgeOn(today); age < 18 || age > 70 {
			f.Add("id_number", fmt.Sprintf("按身份证号计算年龄为 %d 岁，不在 18–70 岁之间", age))
		}
	}
	dict := func(field, kind string, v *string, required bool) {
		if *v == "" && !required {
			return
		}
		if code, ok := d.Lookup(kind, *v); ok {
			*v = code
			return
		}
		f.Add(field, fmt.Sprintf("“%s”不在%s字典中", *v, DictNames[kind]))
	}
	dict("political", DictPolitical, &in.Political, false)
	dict("education", DictEducation, &in.Education, true)
	dict("title", DictTitle, &in.Title, false)
	dict("post", DictPost, &in.Post, true)
	dict("backbone", DictBackbone, &in.Backbone, false)
	if in.Status == "" {
		in.Status = "在职"
	}
	dict("status", DictStaffState, &in.Status, true)
	for i, sub := range in.Subjects {
		sub = strings.TrimSpace(sub)
		if code, ok := d.Lookup(DictSubject, sub); ok {
			in.Subjects[i] = code
		} else {
			f.Add("subjects", "任教学科“"+sub+"”不在学科字典中")
		}
	}
	if in.Post == "专任教师" && len(in.Subjects) == 0 {
		f.Add("subjects", "专任教师须填写任教学科")
	}
	if j, err := time.Parse("2006-01-02", in.JoinedSchool); err != nil {
		f.Add("joined_school_on", "到本校工作日期格式应为 2006-01-02")
	} else if j.After(today) {
		f.Add("joined_school_on", "到本校工作日期晚于今天")
	}
	if _, ok := Stages[in.Stage]; in.Stage != "" && !ok {
		f.Add("stage", "学段应为学前、小学、初中、高中、中职或特殊教育")
	}
	if in.TrainingHours < 0 || in.TrainingHours > 2000 {
		f.Add("training_hours", "培训学时应在 0–2000 之间")
	}
	return f.Err()
}

// ExchangeEligible reports whether a teacher has served at least `years` years in the current
// school by the given date (交流轮岗 eligibility, commonly six years).
func ExchangeEligible(joined string, on time.Time, years int) bool {
	j, err := time.Parse("2006-01-02", joined)
	return err == nil && !j.AddDate(years, 0, 0).After(on)
}
