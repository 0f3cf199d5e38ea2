package registry

import (
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/platform/identity"
)

var today = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

var (
	boy2018   = identity.MakeIDNumber("110105", time.Date(2018, 3, 15, 0, 0, 0, 0, time.UTC), 1)
	other2018 = identity.MakeIDNumber("110105", time.Date(2018, 3, 15, 0, 0, 0, 0, time.UTC), 3)
	boy2010   = identity.MakeIDNumber("110105", time.Date(2010, 3, 15, 0, 0, 0, 0, time.UTC), 1)
)

func validStudent() StudentInput {
	return StudentInput{StudentNo: "G" + boy2018, Name: "王小明", IDNumber: boy2018, SchoolID: 1, Grade: 3,
		Guardians: []GuardianInput{{Name: "王大明", Relation: "父亲", Phone: "13800000000"}}}
}

// withCheck changes the last character of a valid ID number so that its check digit is wrong.
func withBadCheck(id string) string {
	last := id[17]
	bad := byte('0')
	if last == '0' {
		bad = '1'
	}
	return id[:17] + string(bad)
}

func TestStudentInput_Validate(t *testing.T) {
	d := NewDicts(DefaultDictionaries)
	cases := []struct {
		name  string
		edit  func(*StudentInput)
		field string // "" = valid
	}{
		{"valid", func(*StudentInput) {}, ""},
		{"lowercase x is normalised, but 1949 is far too old for 三年级", func(s *StudentInput) {
			s.IDNumber, s.StudentNo = "11010519491231002x", "G11010519491231002X"
		}, "birth_date"},
		{"sex contradicts ID", func(s *StudentInput) { s.Sex = "女" }, "sex"},
		{"bad check digit", func(s *StudentInput) { s.IDNumber = withBadCheck(boy2018) }, "id_number"},
		{"G number of another person", func(s *StudentInput) { s.StudentNo = "G" + other2018 }, "student_no"},
		{"birth date contradicts ID", func(s *StudentInput) { s.BirthDate = "2018-03-16" }, "birth_date"},
		{"grade not taught", func(s *StudentInput) { s.Grade = 8 }, "grade"},
		{"far too old for the grade", func(s *StudentInput) { s.Grade = 1; s.IDNumber = boy2010; s.StudentNo = "G" + boy2010 }, "birth_date"},
		{"ethnicity by name", func(s *StudentInput) { s.Ethnicity = "畲族" }, ""},
		{"unknown ethnicity", func(s *StudentInput) { s.Ethnicity = "火星族" }, "ethnicity"},
		{"migrant with local hukou", func(s *StudentInput) { s.Migrant, s.HukouLocal = true, true }, "migrant"},
		{"disabled without type", func(s *StudentInput) { s.Disabled = true }, "disability_type"},
		{"guardian phone", func(s *StudentInput) { s.Guardians[0].Phone = "1380000" }, "guardians[0].phone"},
		{"temporary L number without ID", func(s *StudentInput) { s.IDNumber, s.Sex = "", "男"; s.StudentNo = "L11010520180315" + "1234" }, ""},
		{"L number without sex", func(s *StudentInput) { s.IDNumber = ""; s.StudentNo = "L11010520180315" + "1234" }, "sex"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := validStudent()
			c.edit(&in)
			err := in.Validate(d, "primary", 2026, today)
			if c.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if err == nil || !fieldIn(err, c.field) {
				t.Fatalf("want an error on %s, got %v", c.field, err)
			}
		})
	}
	in := validStudent()
	if err := in.Validate(d, "primary", 2026, today); err != nil || in.Sex != "男" || in.BirthDate != "2018-03-15" || in.Ethnicity != "01" {
		t.Fatalf("normalised record: %+v, %v", in, err)
	}
}

func fieldIn(err error, field string) bool {
	e, ok := errs.As(err)
	if !ok {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

func TestGradeByName(t *testing.T) {
	for s, want := range map[string]int{"三年级": 3, "初一": 7, "高二": 11, "大班": 0, "小班": -2, "9": 9} {
		if g, ok := GradeByName(s); !ok || g != want {
			t.Errorf("GradeByName(%q) = %d, %v", s, g, ok)
		}
	}
	if _, ok := GradeByName("十三年级"); ok {
		t.Error("accepted 十三年级")
	}
}
