package fitness

import (
	"context"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/errs"
	"github.com/edubureau/edubureau/internal/registry"
)

func (w *world) class(t *testing.T, school int64, grade int, students ...int64) int64 {
	t.Helper()
	ctx := context.Background()
	id := db.NewID()
	if _, err := w.d.Write().Exec(ctx, `INSERT INTO classes (district_code, id, school_id, school_year, grade, number, name, created_at)
VALUES (?, ?, ?, 2025, ?, 1, '一年级（1）班', ?)`, testDistrict, id, school, grade, db.Now()); err != nil {
		t.Fatal(err)
	}
	for _, s := range students {
		if _, err := w.d.Write().Exec(ctx, `UPDATE students SET class_id = ? WHERE id = ?`, id, s); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

func TestClassEntryAndDossier(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		s := newTestService(t, w)
		boy, girl := w.student(t, w.schoolA, 1, "男"), w.student(t, w.schoolA, 1, "女")
		cls := w.class(t, w.schoolA, 1, boy, girl)
		admin := Actor{P: access.NewPrincipal(9, "sa", "", access.SchoolAdmin, testDistrict, w.schoolA, 0, 0, nil)}
		other := Actor{P: access.NewPrincipal(8, "sb", "", access.SchoolAdmin, testDistrict, w.schoolB, 0, 0, nil)}
		leader := Actor{P: access.NewPrincipal(7, "ld", "", access.Leader, testDistrict, 0, 0, 0, nil)}

		// Every bad cell is reported with its row and field, and nothing is saved.
		_, err := s.SaveClassResults(ctx, admin, cls, ClassEntry{SchoolYear: 2025, Rows: []EntryRow{
			{StudentID: boy, Values: map[string]string{"height": "120", "weight": "23", "run_50m": "abc"}},
			{StudentID: girl, Values: map[string]string{"height": "1.18"}},
		}})
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid || len(e.Fields) != 2 || e.Fields[0].Field != "rows.0.run_50m" || e.Fields[1].Field != "rows.1.height" ||
			!strings.Contains(e.Fields[1].Message, "第 2 行") || !strings.Contains(e.Fields[1].Message, "身高") {
			t.Fatalf("errors: %#v", err)
		}
		if f, _ := YearFigures(ctx, d.Read(), testDistrict, 2025, Scope{}); f.Records != 0 {
			t.Fatalf("saved despite errors: %+v", f)
		}
		// Another school's administrator cannot see or write the class.
		if _, err := s.SaveClassResults(ctx, other, cls, ClassEntry{SchoolYear: 2025}); errs.Code(err) != errs.NotFound {
			t.Errorf("other school writes: %v", err)
		}
		if _, err := s.ClassResults(ctx, other, cls, 2025, 1); errs.Code(err) != errs.NotFound {
			t.Errorf("other school reads: %v", err)
		}

		// A valid form: the README's example boy, and an exempt girl.
		sheet, err := s.SaveClassResults(ctx, admin, cls, ClassEntry{SchoolYear: 2025, TestedOn: "2025-10-10", Rows: []EntryRow{
			{StudentID: boy, Values: map[string]string{"height": "120", "weight": "23", "vital_capacity": "1350", "run_50m": "10.5",
				"sit_and_reach": "12.5", "rope_skip_1min": "120"}},
			{StudentID: girl, Exempt: true, ExemptReason: "哮喘（医院证明）"},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if len(sheet.Rows) != 2 || len(sheet.Fields) != 6 {
			t.Fatalf("sheet: %+v", sheet)
		}
		for _, r := range sheet.Rows {
			switch r.StudentID {
			case boy:
				if r.Record == nil || r.Record.Total == nil || *r.Record.Total != 94.5 || r.Record.Rating != RatingExcellent {
					t.Errorf("boy: %+v", r.Record)
				}
			case girl:
				if r.Record == nil || !r.Record.Exempt || r.Record.ExemptReason != "哮喘（医院证明）" {
					t.Errorf("girl (shown to the school): %+v", r.Record)
				}
			}
		}
		// A leader reads the class but not the reason.
		sheet, err = s.ClassResults(ctx, leader, cls, 2025, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range sheet.Rows {
			if r.StudentID == girl && strings.Contains(r.Record.ExemptReason, "哮喘") {
				t.Error("a reader without write permission sees the exemption reason")
			}
		}

		// 补测 through the form: refused for a student who passed, accepted after a 不及格.
		if _, err := s.SaveClassResults(ctx, admin, cls, ClassEntry{SchoolYear: 2025, Attempt: 2, Rows: []EntryRow{
			{StudentID: boy, Values: map[string]string{"height": "120"}}}}); errs.Code(err) != errs.Invalid || !strings.Contains(err.Error(), "不及格") {
			t.Errorf("补测 of a passing student: %v", err)
		}
		slowKid := w.student(t, w.schoolA, 1, "男")
		if _, err := w.d.Write().Exec(ctx, `UPDATE students SET class_id = ? WHERE id = ?`, cls, slowKid); err != nil {
			t.Fatal(err)
		}
		failing := map[string]string{"height": "120", "weight": "40", "vital_capacity": "500", "run_50m": "14", "sit_and_reach": "-5", "rope_skip_1min": "10"}
		passing := map[string]string{"height": "120", "weight": "23", "vital_capacity": "1350", "run_50m": "10.5", "sit_and_reach": "12.5", "rope_skip_1min": "120"}
		if _, err := s.SaveClassResults(ctx, admin, cls, ClassEntry{SchoolYear: 2025, Rows: []EntryRow{{StudentID: slowKid, Values: failing}}}); err != nil {
			t.Fatal(err)
		}
		sheet, err = s.SaveClassResults(ctx, admin, cls, ClassEntry{SchoolYear: 2025, Attempt: 2, Rows: []EntryRow{{StudentID: slowKid, Values: passing}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range sheet.Rows {
			if r.StudentID == slowKid && (sheet.Attempt != 2 || r.FirstRating != RatingFail || r.Record == nil || r.Record.Rating != RatingExcellent || !r.Record.Standing) {
				t.Errorf("补测 sheet row: %+v", r)
			}
		}

		// The dossier: a second, weaker year gives the trend and advice.
		weak := grade1Boy(60)
		weak.Grade = 2
		weak.Set(SitAndReach, 0)
		w.save(t, Entry{StudentID: boy, SchoolYear: 2026, Input: weak})
		dos, err := s.StudentDossier(ctx, leader, boy)
		if err != nil {
			t.Fatal(err)
		}
		if len(dos.Trend) != 2 || dos.Change == nil || dos.Direction != "下降" || *dos.Change >= 0 {
			t.Errorf("trend: %+v %v %s", dos.Trend, dos.Change, dos.Direction)
		}
		advised := map[string]bool{}
		for _, a := range dos.Advice {
			advised[a.Item] = a.Text != ""
		}
		if !advised["sit_and_reach"] || !advised["rope_skip_1min"] || advised["bmi"] {
			t.Errorf("advice: %+v", dos.Advice)
		}
		if dos.Graduation != nil {
			t.Errorf("a second-grader has no 毕业成绩: %v", *dos.Graduation)
		}
		// In a final grade the dossier gives the 毕业成绩: final year × 50% + the others' mean × 50%.
		final := grade1Boy(120)
		final.Grade = 6
		final.Set(SitUp, 40)
		final.Set(Run50x8, 110)
		w.save(t, Entry{StudentID: boy, SchoolYear: 2027, Input: final})
		if dos, err = s.StudentDossier(ctx, leader, boy); err != nil {
			t.Fatal(err)
		}
		last := *dos.Trend[2].Total
		want, _ := GraduationScore(last, []float64{94.5, *dos.Trend[1].Total})
		if dos.Graduation == nil || *dos.Graduation != want.Float64() || dos.BelowGraduation {
			t.Errorf("毕业成绩 %v, want %v", dos.Graduation, want)
		}
		if _, err := s.StudentDossier(ctx, other, boy); errs.Code(err) != errs.NotFound {
			t.Errorf("other school's dossier: %v", err)
		}
	})
}

func TestParentGuardianLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		s := newTestService(t, w)
		mine, theirs := w.student(t, w.schoolA, 1, "男"), w.student(t, w.schoolB, 1, "女")
		parent := Actor{P: access.NewPrincipal(db.NewID(), "parent1", "", access.Parent, testDistrict, 0, 0, 0, nil)}
		userPhone, _ := w.keys.Seal("13912345678", ctxUserPhone)
		if _, err := d.Write().Exec(ctx, `INSERT INTO users (district_code, id, username, display_name, role, phone_enc, password_hash,
password_changed_at, created_at, updated_at) VALUES (?, ?, 'parent1', '家长', 'parent', ?, 'x', 0, 0, 0)`, testDistrict, parent.P.UserID, userPhone); err != nil {
			t.Fatal(err)
		}
		for _, g := range []struct {
			student int64
			phone   string
		}{{mine, "13912345678"}, {theirs, "13800001111"}} {
			sealed, _ := w.keys.Seal(g.phone, "registry.guardian_phone")
			if _, err := d.Write().Exec(ctx, `INSERT INTO guardians (district_code, id, student_id, name, relation, phone_enc, phone_bidx)
VALUES (?, ?, ?, '家长', '父亲', ?, ?)`, testDistrict, db.NewID(), g.student, sealed, registry.GuardianPhoneIndex(w.keys, g.phone)); err != nil {
				t.Fatal(err)
			}
		}
		w.save(t, Entry{StudentID: mine, SchoolYear: 2025, Input: grade1Boy(120)})
		kids, err := s.Children(ctx, parent)
		if err != nil {
			t.Fatal(err)
		}
		if len(kids) != 1 || kids[0].StudentID != mine || kids[0].Rating != RatingExcellent {
			t.Fatalf("children: %+v", kids)
		}
		if _, err := s.StudentDossier(ctx, parent, mine); err != nil {
			t.Errorf("own child: %v", err)
		}
		if _, err := s.StudentDossier(ctx, parent, theirs); errs.Code(err) != errs.NotFound {
			t.Errorf("another family's child: %v", err)
		}
	})
}
