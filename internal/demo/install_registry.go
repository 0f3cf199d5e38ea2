package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/registry"
)

// InstallRegistry writes the generated classes, staff, students and facilities into a district
// installed by Install. Every record goes through the registry's own validation, so the demo
// data obeys the same rules as an import.
func InstallRegistry(ctx context.Context, svc *registry.Service, log *audit.Log, dist District, reg Registry) error {
	code := dist.District.Code
	return svc.DB.Tx(ctx, func(q db.Querier) error {
		if err := registry.EnsureDictionaries(ctx, q, code); err != nil {
			return err
		}
		dicts := registry.NewDicts(registry.DefaultDictionaries)
		schools := map[string]struct {
			id  int64
			typ string
		}{}
		rows, err := q.Query(ctx, `SELECT code, id, type FROM schools WHERE district_code = ?`, code)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c, t string
			var id int64
			if err := rows.Scan(&c, &id, &t); err != nil {
				rows.Close()
				return err
			}
			schools[c] = struct {
				id  int64
				typ string
			}{id, t}
		}
		rows.Close()
		today := registryToday(reg.SchoolYear)
		load := svc.NewLoader(q, code)
		staffIDs := map[string]int64{}
		for i := range reg.Staff {
			m := &reg.Staff[i]
			in := registry.StaffInput{StaffNo: m.StaffNo, Name: m.Name, Sex: m.Sex, IDNumber: m.IDNumber, Political: m.Political,
				Education: m.Education, Title: m.Title, Post: m.Post, Subjects: append([]string(nil), m.Subjects...), Backbone: m.Backbone,
				OnPayroll: m.OnPayroll, TeacherCert: m.TeacherCert, SchoolID: schools[m.SchoolCode].id,
				JoinedSchool: m.JoinedSchool.Format("2006-01-02"), TrainingHours: m.TrainingHours, Stage: m.Stage}
			if err := in.Validate(dicts, today); err != nil {
				return fmt.Errorf("演示教职工 %s（%s）: %w", m.Name, m.StaffNo, err)
			}
			id, err := load.Staff(ctx, &in)
			if err != nil {
				return err
			}
			staffIDs[m.StaffNo] = id
		}
		if err := load.Flush(ctx); err != nil {
			return err
		}
		type classKey struct {
			school     string
			grade, num int
		}
		classIDs := map[classKey]int64{}
		classes := db.NewBatch(q, "classes", []string{"district_code", "id", "school_id", "school_year", "grade", "number", "name",
			"head_teacher_id", "created_at"}, "", 500)
		for _, c := range reg.Classes {
			id := db.NewID()
			classIDs[classKey{c.SchoolCode, c.Grade, c.Number}] = id
			if err := classes.Add(ctx, code, id, schools[c.SchoolCode].id, reg.SchoolYear, c.Grade, c.Number, c.Name,
				db.NullID(staffIDs[c.HeadTeacherNo]), db.Now()); err != nil {
				return err
			}
		}
		if err := classes.Flush(ctx); err != nil {
			return err
		}
		// Planned capacity: today's classes, at the standard class size of the school's stage.
		if _, err := q.Exec(ctx, `UPDATE schools SET planned_classes = (SELECT COUNT(*) FROM classes c WHERE c.district_code = schools.district_code
AND c.school_id = schools.id), standard_class_size = CASE type WHEN 'kindergarten' THEN 30 WHEN 'primary' THEN 45
WHEN 'teaching_point' THEN 45 WHEN 'special' THEN 12 ELSE 50 END WHERE district_code = ?`, code); err != nil {
			return err
		}
		for i := range reg.Students {
			st := &reg.Students[i]
			sc := schools[st.SchoolCode]
			in := registry.StudentInput{StudentNo: st.StudentNo, Name: st.Name, Sex: st.Sex, IDNumber: st.IDNumber,
				BirthDate: st.Birth.Format("2006-01-02"), Ethnicity: st.Ethnicity, HukouLocal: st.HukouLocal, Migrant: st.Migrant,
				Address: st.Address, SchoolID: sc.id, Grade: st.Grade, ClassID: classIDs[classKey{st.SchoolCode, st.Grade, st.ClassNumber}],
				Status: st.Status, Poor: st.Poor, Dibao: st.Dibao, Tekun: st.Tekun, Disabled: st.Disabled,
				DisabilityType: st.DisabilityType, LeftBehind: st.LeftBehind, Boarding: st.Boarding}
			if st.Status == registry.StatusTransferred {
				in.ClassID = 0
			}
			for _, g := range st.Guardians {
				in.Guardians = append(in.Guardians, registry.GuardianInput{Name: g.Name, Relation: g.Relation, Phone: g.Phone})
			}
			if err := in.Validate(dicts, sc.typ, reg.SchoolYear, today); err != nil {
				return fmt.Errorf("演示学生 %s（%s）: %w", st.Name, st.StudentNo, err)
			}
			if _, err := load.Student(ctx, &in, 0, "建立学籍（演示数据）"); err != nil {
				return err
			}
		}
		for i := range reg.Facilities {
			f := reg.Facilities[i]
			rf := registry.Facility{SchoolID: schools[f.SchoolCode].id, Year: f.Year, TeachingArea: f.TeachingArea, AdminArea: f.AdminArea,
				LivingArea: f.LivingArea, SportsArea: f.SportsArea, EquipmentValue: f.EquipmentValue, Books: f.Books, Computers: f.Computers,
				MultimediaRooms: f.MultimediaRooms, MusicRooms: f.MusicRooms, ArtRooms: f.ArtRooms, Labs: f.Labs}
			if err := load.Facility(ctx, &rf); err != nil {
				return err
			}
		}
		if err := load.Flush(ctx); err != nil {
			return err
		}
		return log.Append(ctx, q, code, audit.Entry{ActorName: "system", Action: "demo.install", ObjectType: "registry", ObjectID: code,
			Detail: fmt.Sprintf("生成演示学籍：%d 名学生、%d 名教职工、%d 个班级、%d 所学校的办学条件", len(reg.Students), len(reg.Staff),
				len(reg.Classes), len(reg.Facilities))})
	})
}

// registryToday is the date the demo's records are checked against: the October of its school year.
func registryToday(year int) time.Time { return time.Date(year, 10, 15, 0, 0, 0, 0, time.UTC) }
