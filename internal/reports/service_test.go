package reports

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/identity"
	"github.com/edubureau/edubureau/internal/platform/pii"
	"github.com/edubureau/edubureau/internal/registry"
)

const dist = "339901"

// world is a small district: a primary school and a kindergarten in zone 1, a junior school in
// zone 2, with students, teachers, classes and facilities entered through the registry's service.
type world struct {
	t        *testing.T
	ctx      context.Context
	s        *Service
	reg      *registry.Service
	schools  map[string]int64
	zones    map[string]int64
	students map[string][]int64
	inputs   map[int64]registry.StudentInput
	seq      int
}

var fixedNow = time.Date(2026, 12, 10, 9, 0, 0, 0, cst)

func newWorld(t *testing.T, d *db.DB) *world {
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{5}, 32))
	if err != nil {
		t.Fatal(err)
	}
	log := audit.New(d, keys.AuditKey())
	o := &org.Service{DB: d, Audit: log}
	reg := &registry.Service{DB: d, Keys: keys, Audit: log, Today: func() time.Time { return time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC) }}
	w := &world{t: t, ctx: context.Background(), reg: reg, schools: map[string]int64{}, zones: map[string]int64{}, students: map[string][]int64{}, inputs: map[int64]registry.StudentInput{},
		s: &Service{DB: d, Org: o, Registry: reg, Audit: log, Now: func() time.Time { return fixedNow }}}
	err = d.Tx(w.ctx, func(q db.Querier) error {
		if err := org.UpsertRegion(w.ctx, q, "339900", "江城市", 2, "330000"); err != nil {
			return err
		}
		if err := org.UpsertRegion(w.ctx, q, dist, "青溪区", 3, "339900"); err != nil {
			return err
		}
		if err := registry.EnsureDictionaries(w.ctx, q, dist); err != nil {
			return err
		}
		for i, z := range []string{"东片区", "西片区"} {
			w.zones[z] = db.NewID()
			if err := org.InsertZone(w.ctx, q, dist, w.zones[z], z, i); err != nil {
				return err
			}
		}
		for i, s := range []struct{ key, name, typ, nature, zone string }{
			{"A", "青溪区实验小学", "primary", "公办", "东片区"}, {"K", "青溪区阳光幼儿园", "kindergarten", "民办", "东片区"},
			{"B", "青溪区第一中学", "junior", "公办", "西片区"}} {
			id, err := org.InsertSchool(w.ctx, q, dist, org.SchoolInput{Code: fmt.Sprintf("333990100%d", i), Name: s.name, Type: s.typ,
				Nature: s.nature, Urban: "城区", ZoneID: w.zones[s.zone]})
			if err != nil {
				return err
			}
			w.schools[s.key] = id
		}
		for _, c := range []struct {
			school       string
			grade, count int
		}{{"A", 3, 2}, {"B", 7, 1}} {
			for n := 1; n <= c.count; n++ {
				if err := registry.InsertClass(w.ctx, q, dist, db.NewID(), registry.ClassInput{SchoolID: w.schools[c.school], SchoolYear: 2026,
					Grade: c.grade, Number: n}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		w.addStudent("A", 3, i < 2)
	}
	for i := 0; i < 3; i++ {
		w.addStudent("B", 7, i == 0)
	}
	w.addStudent("K", -1, false)
	w.addTeacher("A")
	w.addTeacher("B")
	if _, err := reg.PutFacility(w.ctx, w.schoolAdmin("A"), registry.Facility{SchoolID: w.schools["A"], Year: 2026, TeachingArea: 3200,
		SportsArea: 5000, Books: 24000, Computers: 120, EquipmentValue: 1_500_000}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) schoolAdmin(key string) registry.Actor {
	return registry.Actor{P: access.NewPrincipal(9, "xz"+key, "学校管理员", access.SchoolAdmin, dist, w.schools[key], 0, 0, nil)}
}

func (w *world) studentInput(key string, grade int, migrant bool) registry.StudentInput {
	w.seq++
	birth := time.Date(2026-registry.ExpectedAge(grade), 3, 1+w.seq%25, 0, 0, 0, 0, time.UTC)
	idn := identity.MakeIDNumber("330102", birth, 100+w.seq)
	return registry.StudentInput{StudentNo: "G" + idn, Name: "学生" + string(rune('甲'+w.seq)), IDNumber: idn, SchoolID: w.schools[key], Grade: grade,
		Migrant: migrant, HukouLocal: !migrant, Address: "青溪区人民路1号", Status: "在读"}
}

func (w *world) addStudent(key string, grade int, migrant bool) {
	in := w.studentInput(key, grade, migrant)
	st, err := w.reg.CreateStudent(w.ctx, w.schoolAdmin(key), in)
	if err != nil {
		w.t.Fatal(err)
	}
	w.inputs[st.ID] = in
	w.students[key] = append(w.students[key], st.ID)
}

func (w *world) addTeacher(key string) {
	w.seq++
	idn := identity.MakeIDNumber("330102", time.Date(1985, 5, 1+w.seq%25, 0, 0, 0, 0, time.UTC), 100+w.seq)
	if _, err := w.reg.CreateStaff(w.ctx, w.schoolAdmin(key), registry.StaffInput{StaffNo: fmt.Sprintf("T%04d", w.seq), Name: "教师" + string(rune('甲'+w.seq)),
		IDNumber: idn, Education: "本科", Post: "专任教师", Subjects: []string{"数学"}, SchoolID: w.schools[key], JoinedSchool: "2015-09-01",
		Status: "在职"}); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) staff() Actor {
	return Actor{P: access.NewPrincipal(7, "keshi", "科室人员", access.Staff, dist, 0, 0, 0, []string{access.ReportsRead, access.ReportsWrite})}
}

func (w *world) generate(kind, period string, sc Scope) *Doc {
	w.t.Helper()
	d, err := w.s.Generate(w.ctx, dist, Request{Kind: kind, Period: period}, sc)
	if err != nil {
		w.t.Fatal(err)
	}
	return d
}

func figureValue(d *Doc, metric, scope string) string {
	for _, f := range d.Figures {
		if f.Metric == metric && f.Scope == scope {
			return f.Text
		}
	}
	return "missing"
}

func TestGenerateAnnualFromTheRecords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		doc := w.generate(KindAnnual, "2026", District)
		if doc.Title != "青溪区教育局2026年工作总结和下一年度工作计划" {
			t.Errorf("title %q", doc.Title)
		}
		for metric, want := range map[string]string{"schools.total": "3", "schools.public": "2", "schools.private": "1", "students.total": "9",
			"students.migrant": "3", "students.migrant_share": "33.3%", "teachers.total": "2", "teachers.ratio": "4.5", "classes.total": "3",
			"facilities.books": "24000", "facilities.equipment_value": "150.0"} {
			if got := figureValue(doc, metric, "全区"); got != want {
				t.Errorf("%s = %s, want %s", metric, got, want)
			}
		}
		body := doc.Text()
		for _, want := range []string{"学前1人、小学5人、初中3人", "幼儿园1所、小学1所、初中1所", "一、2026年工作总结", "（四）教师队伍建设扎实推进",
			"本期尚未制定工作计划"} {
			if !strings.Contains(body, want) {
				t.Errorf("body lacks %q:\n%s", want, body)
			}
		}
		if !strings.Contains(body, "全年计划招生学位（暂无数据），报名（暂无数据），录取（暂无数据），其中随迁子女（暂无数据），") {
			t.Errorf("a figure without data drops the unit written after it:\n%s", body)
		}
		if !strings.Contains(body, "比上学年（上期无可比数据）") {
			t.Errorf("a school year without classes is no data, not zero:\n%s", body)
		}
	})
}

// TestEveryNumberOfTheBodyIsInTheAppendix: a number in the body is either a figure (its run
// names the figure, whose appendix row shows the same text) or part of the wording (template,
// period, plan).
func TestEveryNumberOfTheBodyIsInTheAppendix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.putPlan(t, 0)
		doc := w.generate(KindAnnual, "2026", District)
		plan, _, _ := storedPlan(w.ctx, d.Read(), dist, "2026")
		wording := []string{DefaultTemplate(KindAnnual), "2025 2026 2027", fmt.Sprint(plan)}
		if bad := doc.Untraced(wording...); len(bad) > 0 {
			t.Errorf("untraced numbers:\n%s", strings.Join(bad, "\n"))
		}
		figs := 0
		for _, b := range doc.Blocks {
			for _, r := range b.Runs {
				if r.Fig > 0 {
					figs++
				}
			}
		}
		if figs < 20 || len(doc.Targets) == 0 {
			t.Errorf("only %d figures and %d targets in the body", figs, len(doc.Targets))
		}
		// The check fails on a number that is neither wording nor a figure.
		doc.Blocks = append(doc.Blocks, DocBlock{Kind: BlockParagraph, Runs: []Run{{Text: "另有学校987654所"}}, Line: 99})
		if bad := doc.Untraced(wording...); len(bad) != 1 || !strings.Contains(bad[0], "987654") {
			t.Errorf("a stray number is not reported: %v", bad)
		}
	})
}

// TestChangingARecordChangesOnlyItsFigures: one student becomes 随迁子女; only the migrant count
// and its share change in the regenerated report.
func TestChangingARecordChangesOnlyItsFigures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		before := w.generate(KindAnnual, "2026", District)
		a := w.schoolAdmin("B")
		id := w.students["B"][2]
		in := w.inputs[id]
		in.Migrant, in.HukouLocal = true, false
		if _, err := w.reg.UpdateStudent(w.ctx, a, id, in); err != nil {
			t.Fatal(err)
		}
		after := w.generate(KindAnnual, "2026", District)
		if len(before.Figures) != len(after.Figures) {
			t.Fatalf("%d figures before, %d after", len(before.Figures), len(after.Figures))
		}
		changed := []string{}
		for i, f := range before.Figures {
			g := after.Figures[i]
			if f.Name != g.Name || f.Scope != g.Scope {
				t.Fatalf("figure %d is %s/%s before and %s/%s after", i+1, f.Name, f.Scope, g.Name, g.Scope)
			}
			if f.Text != g.Text {
				changed = append(changed, fmt.Sprintf("%s %s→%s", f.Metric, f.Text, g.Text))
			}
		}
		sort.Strings(changed)
		if want := "students.migrant 3→4|students.migrant_share 33.3%→44.4%"; strings.Join(changed, "|") != want {
			t.Errorf("changed figures: %v, want %s", changed, want)
		}
		if before.Text() == after.Text() {
			t.Error("the body did not change")
		}
	})
}

func TestFunctionsRankShareChangeAndScopes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		body := "# {{学校}}简报\n在校生{{students.total}}人，全区{{metric students.total scope=district}}人，" +
			"随迁子女占{{share students.migrant students.total}}；在校生{{rank students.total}}；东片区学校{{metric schools.total scope=zone:" +
			fmt.Sprint(w.zones["东片区"]) + "}}所，小学{{metric students.total scope=type:primary}}人；班级比上学年{{change classes.total}}。"
		doc, err := w.s.Preview(w.ctx, w.staff(), Request{Period: "2026", SchoolID: w.schools["A"], Body: body})
		if err != nil {
			t.Fatal(err)
		}
		want := "青溪区实验小学简报\n在校生5人，全区9人，随迁子女占40.0%；在校生全区第1位（共3所）；东片区学校2所，小学5人；班级比上学年（上期无可比数据）。\n"
		if got := doc.Text(); got != want {
			t.Errorf("got  %q\nwant %q", got, want)
		}
		scopes := []string{}
		for _, f := range doc.Figures {
			scopes = append(scopes, f.Scope)
		}
		if strings.Join(scopes, ",") != "青溪区实验小学,全区,青溪区实验小学,青溪区实验小学,东片区,小学" {
			t.Errorf("figure scopes: %v", scopes)
		}
		_, err = w.s.Preview(w.ctx, w.staff(), Request{Period: "2026", Body: "# 标题\n{{metric schools.by_type scope=school:" + fmt.Sprint(w.schools["A"]) + "}}"})
		if err == nil || !strings.Contains(err.Error(), "第2行第1列") || !strings.Contains(err.Error(), "不能按学校统计") {
			t.Errorf("a metric asked for a scope it cannot be cut by: %v", err)
		}
	})
}
