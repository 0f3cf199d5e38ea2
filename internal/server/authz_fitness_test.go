package server

import (
	"context"
	"fmt"
	"github.com/edubureau/edubureau/internal/registry"

	"github.com/edubureau/edubureau/internal/platform/db"
)

// fitnessFixture holds a class with one student in each fixture school; the student of school A
// has a guardian whose phone is the fixture parent's (the guardian link of the portal).
type fitnessFixture struct {
	classes  map[string]int64
	students map[string]int64
}

func (f *fixture) fitness() *fitnessFixture {
	if m, ok := f.mods["fitness"].(*fitnessFixture); ok {
		return m
	}
	ctx := context.Background()
	m := &fitnessFixture{classes: map[string]int64{}, students: map[string]int64{}}
	for _, k := range []string{"A", "B", "X"} {
		district := home
		if k == "X" {
			district = other
		}
		cid := db.NewID()
		if _, err := f.s.DB.Write().Exec(ctx, `INSERT INTO classes (district_code, id, school_id, school_year, grade, number, name, created_at)
VALUES (?, ?, ?, 2026, 3, 1, '三年级1班', ?)`, district, cid, f.schools[k], db.Now()); err != nil {
			f.t.Fatal(err)
		}
		st := f.insertStudent(ctx, district, f.schools[k])
		if _, err := f.s.DB.Write().Exec(ctx, `UPDATE students SET class_id = ? WHERE district_code = ? AND id = ?`, cid, district, st.id); err != nil {
			f.t.Fatal(err)
		}
		phone := "13600000000"
		if k == "A" {
			phone = "13900000000" // the phone of every fixture actor, among them the parent
		}
		sealed, err := f.s.Keys.Seal(phone, "registry.guardian_phone")
		if err != nil {
			f.t.Fatal(err)
		}
		if _, err := f.s.DB.Write().Exec(ctx, `INSERT INTO guardians (district_code, id, student_id, name, relation, phone_enc, sort, phone_bidx)
VALUES (?, ?, ?, '测试家长', '母亲', ?, 1, ?)`, district, db.NewID(), st.id, sealed, registry.GuardianPhoneIndex(f.s.Keys, phone)); err != nil {
			f.t.Fatal(err)
		}
		m.classes[k], m.students[k] = cid, st.id
	}
	f.mods["fitness"] = m
	return m
}

func init() {
	objectKinds["fitness_class"] = func(f *fixture, role string) []object {
		m := f.fitness()
		out := []object{}
		for _, k := range []string{"A", "B", "X"} {
			out = append(out, object{name: k, id: m.classes[k], vars: map[string]string{"{fstudent}": fmt.Sprint(m.students[k])}})
		}
		return out
	}
	objectKinds["fitness_student"] = func(f *fixture, role string) []object {
		m := f.fitness()
		return []object{{name: "A", id: m.students["A"]}, {name: "B", id: m.students["B"]}, {name: "X", id: m.students["X"]}}
	}
	readers := map[string]string{"leader": "200", "staff": "200", "school_admin": "200"}
	moduleMatrix = append(moduleMatrix,
		matrixRow{"GET", "/api/v1/fitness/years", "", "", only("403", readers)},
		matrixRow{"GET", "/api/v1/fitness/stats", "", "", only("403", readers)},
		matrixRow{"GET", "/api/v1/fitness/classes", "", "", only("403", map[string]string{"leader": "400", "staff": "400", "school_admin": "200"})},
		matrixRow{"GET", "/api/v1/fitness/classes/{id}/results", "fitness_class", "",
			only("403 403 403", map[string]string{"leader": "200 200 404", "staff": "200 200 404", "school_admin": "200 404 404"})},
		matrixRow{"PUT", "/api/v1/fitness/classes/{id}/results", "fitness_class",
			`{"school_year":2026,"tested_on":"2026-10-12","rows":[{"student_id":"{fstudent}","values":{"height":"130.5","weight":"28","run_50m":"9.8"}}]}`,
			only("403 403 403", map[string]string{"staff": "200 200 404", "school_admin": "200 404 404"})},
		matrixRow{"GET", "/api/v1/fitness/students/{id}", "fitness_student", "",
			only("403 403 403", map[string]string{"leader": "200 200 404", "staff": "200 200 404", "school_admin": "200 404 404",
				"parent": "200 404 404"})},
		matrixRow{"GET", "/api/v1/fitness/targets", "", "", only("403", readers)},
		matrixRow{"PUT", "/api/v1/fitness/targets", "", `{"school_year":2026,"targets":[{"metric":"pass_rate","value":95}]}`,
			only("403", map[string]string{"staff": "200"})},
		matrixRow{"GET", "/api/v1/fitness/template", "", "", only("403", readers)},
		matrixRow{"POST", "/api/v1/fitness/imports", "school", "multipart:school_id={id}&school_year=2026",
			only("403 403 403", map[string]string{"staff": "202 202 404", "school_admin": "202 404 404"})},
		matrixRow{"POST", "/api/v1/fitness/exports", "", `{"school_year":2026}`,
			only("403", map[string]string{"leader": "202", "staff": "202", "school_admin": "202"})},
		matrixRow{"GET", "/api/v1/portal/fitness", "", "", only("403", map[string]string{"parent": "200"})},
	)
}
