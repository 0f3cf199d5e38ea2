package registry

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/identity"
)

// Student statuses.
const (
	StatusEnrolled    = "在读"
	StatusTransferred = "转出"
)

// StudentInput is a student record as entered in a form or an import row. Personal fields are in
// clear here; the store encrypts them.
type StudentInput struct {
	StudentNo      string          `json:"student_no"`
	Name           string          `json:"name"`
	Sex            string          `json:"sex"`
	IDNumber       string          `json:"id_number"`
	BirthDate      string          `json:"birth_date"`
	Ethnicity      string          `json:"ethnicity"`
	HukouLocal     bool            `json:"hukou_local"`
	Migrant        bool            `json:"migrant"`
	Address        string          `json:"address"`
	SchoolID       int64           `json:"school_id"`
	Grade          int             `json:"grade"`
	ClassID        int64           `json:"class_id"`
	Status         string          `json:"status"`
	Poor           bool            `json:"poor"`
	Dibao          bool            `json:"dibao"`
	Tekun          bool            `json:"tekun"`
	Disabled       bool            `json:"disabled"`
	DisabilityType string          `json:"disability_type"`
	LeftBehind     bool            `json:"left_behind"`
	Boarding       bool            `json:"boarding"`
	Guardians      []GuardianInput `json:"guardians"`
}

// GuardianInput is a guardian with a phone in clear.
type GuardianInput struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Phone    string `json:"phone"`
}

var nameRe = regexp.MustCompile(`^[\p{Han}·•A-Za-z][\p{Han}·•A-Za-z ]{0,29}$`)
var mobileRe = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// Validate checks a student record against the dictionaries and the identity rules, normalising it
// in place (upper-case X, derived birth date and sex). schoolType is the type of the student's
// school; today fixes the date for birth-date checks. Each problem names its field.
func (in *StudentInput) Validate(d Dicts, schoolType string, schoolYear int, today time.Time) error {
	var f errs.Fields
	in.Name = strings.TrimSpace(in.Name)
	if !nameRe.MatchString(in.Name) {
		f.Add("name", "姓名应为 1–30 个汉字或字母")
	}
	var birth time.Time
	if in.IDNumber != "" {
		id, err := identity.ParseIDNumber(in.IDNumber, today)
		if err != nil {
			f.Add("id_number", err.Error())
		} else {
			in.IDNumber = id.Number
			birth = id.Birth
			if in.Sex == "" {
				in.Sex = id.Sex()
			} else if in.Sex != id.Sex() {
				f.Add("sex", fmt.Sprintf("性别“%s”与身份证号（%s）不一致", in.Sex, id.Sex()))
			}
		}
	}
	no, err := identity.ParseStudentNo(in.StudentNo, today)
	if err != nil {
		f.Add("student_no", err.Error())
	} else {
		in.StudentNo = no.Number
		if no.Kind == identity.KindFormal && in.IDNumber != "" && no.Number[1:] != in.IDNumber {
			f.Add("student_no", "G 字头学籍号应为“G”加本人身份证号")
		}
		if birth.IsZero() {
			birth = no.Birth
		}
	}
	if in.BirthDate != "" {
		b, err := time.Parse("2006-01-02", in.BirthDate)
		switch {
		case err != nil:
			f.Add("birth_date", "出生日期格式应为 2006-01-02")
		case !birth.IsZero() && !b.Equal(birth):
			f.Add("birth_date", fmt.Sprintf("出生日期 %s 与身份证号中的 %s 不一致", in.BirthDate, birth.Format("2006-01-02")))
		default:
			birth = b
		}
	}
	if birth.IsZero() {
		if in.BirthDate == "" {
			f.Add("birth_date", "请填写出生日期")
		}
	} else {
		in.BirthDate = birth.Format("2006-01-02")
		checkAge(&f, birth, in.Grade, schoolType, schoolYear)
	}
	if in.Sex != "男" && in.Sex != "女" {
		f.Add("sex", "性别应为“男”或“女”")
	}
	if in.Ethnicity == "" {
		in.Ethnicity = "01"
	}
	if code, ok := d.Lookup(DictEthnicity, in.Ethnicity); ok {
		in.Ethnicity = code
	} else {
		f.Add("ethnicity", "民族“"+in.Ethnicity+"”不在民族字典（GB/T 3304）中")
	}
	if in.Status == "" {
		in.Status = StatusEnrolled
	}
	if _, ok := d.Lookup(DictStatus, in.Status); !ok {
		f.Add("status", "学籍状态“"+in.Status+"”无效")
	}
	if !SchoolTeaches(schoolType, in.Grade) {
		f.Add("grade", fmt.Sprintf("该校没有%s", GradeName(in.Grade)))
	}
	if in.Migrant && in.HukouLocal {
		f.Add("migrant", "随迁子女的户籍应为外地")
	}
	if in.Disabled {
		if _, ok := d.Lookup(DictDisability, in.DisabilityType); !ok {
			f.Add("disability_type", "残疾学生须填写残疾类别（视力、听力、言语、肢体、智力、精神、多重）")
		}
	} else if in.DisabilityType != "" {
		f.Add("disability_type", "非残疾学生不应填写残疾类别")
	}
	if len([]rune(in.Address)) > 120 {
		f.Add("address", "家庭住址不超过 120 字")
	}
	for i, g := range in.Guardians {
		field := fmt.Sprintf("guardians[%d]", i)
		if strings.TrimSpace(g.Name) == "" {
			f.Add(field+".name", "请填写监护人姓名")
		}
		if _, ok := d.Lookup(DictRelation, g.Relation); !ok {
			f.Add(field+".relation", "监护人关系“"+g.Relation+"”无效")
		}
		if g.Phone != "" && !mobileRe.MatchString(g.Phone) {
			f.Add(field+".phone", "监护人手机号应为 11 位数字")
		}
	}
	return f.Err()
}

// checkAge flags an age far from the grade's usual age (special schools excepted).
func checkAge(f *errs.Fields, birth time.Time, grade int, schoolType string, schoolYear int) {
	if schoolType == "special" || schoolYear == 0 {
		return
	}
	sept := time.Date(schoolYear, 9, 1, 0, 0, 0, 0, time.UTC)
	age := sept.Year() - birth.Year()
	if sept.Month() < birth.Month() || (sept.Month() == birth.Month() && sept.Day() < birth.Day()) {
		age--
	}
	want := ExpectedAge(grade)
	if age < want-2 || age > want+4 {
		f.Add("birth_date", fmt.Sprintf("%s学生 %d 学年 9 月 1 日应约 %d 岁，按出生日期为 %d 岁，请核对出生日期或年级", GradeName(grade), schoolYear, want, age))
	}
}
