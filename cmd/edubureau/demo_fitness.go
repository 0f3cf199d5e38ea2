package main

import (
	"context"
	"fmt"

	"github.com/edubureau/edubureau/internal/demo"
	"github.com/edubureau/edubureau/internal/fitness"
	"github.com/edubureau/edubureau/internal/platform/accounts"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/registry"
	"github.com/edubureau/edubureau/internal/server"
)

func init() {
	addDemoStep(demoStep{name: "学生体质健康测试成绩", sort: 20, run: demoFitness})
}

// demoFitness writes three school years of fitness results for every student in grades 1–12
// and links the demo parent accounts to a child each (the guardian link: the account's phone is
// a guardian's phone).
func demoFitness(ctx context.Context, env demoEnv) (string, error) {
	s := env.Server
	district := env.District.District.Code
	var students []fitness.DemoStudent
	schools, err := demoSchools(ctx, s.DB.Read(), district)
	if err != nil {
		return "", err
	}
	rows, err := s.DB.Read().Query(ctx, `SELECT id, school_id, COALESCE(class_id, 0), grade, sex FROM students
WHERE district_code = ? AND status = '在读' AND grade >= 1 ORDER BY id`, district)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var st fitness.DemoStudent
		if err := rows.Scan(&st.ID, &st.SchoolID, &st.ClassID, &st.Grade, &st.Sex); err != nil {
			rows.Close()
			return "", err
		}
		own := schools.byID[st.SchoolID]
		st.SchoolKey = own.code
		id := st.ID
		st.SchoolAt = func(g int) (int64, string) {
			if registry.SchoolTeaches(own.typ, g) {
				return own.id, own.code
			}
			// A feeder school of the zone: the same one for the student every year.
			cands := schools.teaching(own.zone, g)
			if len(cands) == 0 {
				return 0, ""
			}
			c := cands[int(id%int64(len(cands)))]
			return c.id, c.code
		}
		students = append(students, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	var sum fitness.DemoSummary
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		var err error
		sum, err = fitness.GenerateDemo(ctx, q, s.Keys, district, env.Registry.SchoolYear, students, env.Seed)
		if err != nil {
			return err
		}
		if err := fitness.SetTargets(ctx, q, district, env.Registry.SchoolYear, []fitness.Target{{Metric: "pass_rate", Value: 95},
			{Metric: "excellent_good_rate", Value: 48.81}}); err != nil {
			return err
		}
		return linkDemoParents(ctx, q, s, district, env.Registry)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d 名学生三个学年共 %d 条成绩（免测 %d、缺测 %d、补测 %d），目标：合格率≥95%%、优良率≥48.81%%；家长账号已关联子女",
		len(students), sum.Results, sum.Exempt, sum.Incomplete, sum.Retests), nil
}

type demoSchool struct {
	id        int64
	code, typ string
	zone      int64
}

type demoSchoolSet struct {
	byID  map[int64]demoSchool
	list  []demoSchool
	cache map[[2]int64][]demoSchool
}

func demoSchools(ctx context.Context, q db.Querier, district string) (*demoSchoolSet, error) {
	set := &demoSchoolSet{byID: map[int64]demoSchool{}, cache: map[[2]int64][]demoSchool{}}
	rows, err := q.Query(ctx, `SELECT id, code, type, COALESCE(zone_id, 0) FROM schools WHERE district_code = ? ORDER BY code`, district)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sc demoSchool
		if err := rows.Scan(&sc.id, &sc.code, &sc.typ, &sc.zone); err != nil {
			return nil, err
		}
		set.byID[sc.id] = sc
		set.list = append(set.list, sc)
	}
	return set, rows.Err()
}

// teaching lists the schools of a zone that teach a grade (regular schools only).
func (set *demoSchoolSet) teaching(zone int64, grade int) []demoSchool {
	k := [2]int64{zone, int64(grade)}
	if l, ok := set.cache[k]; ok {
		return l
	}
	var l []demoSchool
	for _, sc := range set.list {
		if sc.zone == zone && sc.typ != "special" && sc.typ != "teaching_point" && registry.SchoolTeaches(sc.typ, grade) {
			l = append(l, sc)
		}
	}
	set.cache[k] = l
	return l
}

// linkDemoParents gives parent1…3 the phone of a guardian of a student in grades 4, 8 and 11
// (the first such student with a guardian phone), so that the portal shows each a child.
func linkDemoParents(ctx context.Context, q db.Querier, s *server.Server, district string, reg demo.Registry) error {
	for i, grade := range []int{4, 8, 11} {
		for _, st := range reg.Students {
			if st.Grade != grade || st.Status != "在读" || len(st.Guardians) == 0 || st.Guardians[0].Phone == "" {
				continue
			}
			sealed, err := s.Keys.Seal(st.Guardians[0].Phone, accounts.PhoneContext)
			if err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `UPDATE users SET phone_enc = ? WHERE district_code = ? AND username = ?`, sealed, district,
				fmt.Sprintf("parent%d", i+1)); err != nil {
				return err
			}
			break
		}
	}
	return nil
}
