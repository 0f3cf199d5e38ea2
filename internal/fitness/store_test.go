package fitness

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/edubureau/edubureau/internal/org"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

const testDistrict = "339901"

// world is a small district for store tests: two zones with one school each.
type world struct {
	d                *db.DB
	keys             *pii.Keyring
	zoneA, zoneB     int64
	schoolA, schoolB int64
	seq              int
	studentSchool    map[int64]int64
}

func newWorld(t testing.TB, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	w := &world{d: d, keys: keys, zoneA: db.NewID(), zoneB: db.NewID(), studentSchool: map[int64]int64{}}
	err = d.Tx(ctx, func(q db.Querier) error {
		for i, z := range []int64{w.zoneA, w.zoneB} {
			if err := org.InsertZone(ctx, q, testDistrict, z, fmt.Sprintf("片区%d", i), i); err != nil {
				return err
			}
		}
		var err error
		if w.schoolA, err = org.InsertSchool(ctx, q, testDistrict, org.SchoolInput{Code: "3339901001", Name: "甲小学", Type: "primary",
			Nature: "公办", Urban: "城区", ZoneID: w.zoneA}); err != nil {
			return err
		}
		w.schoolB, err = org.InsertSchool(ctx, q, testDistrict, org.SchoolInput{Code: "3339901002", Name: "乙小学", Type: "primary",
			Nature: "公办", Urban: "城区", ZoneID: w.zoneB})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// student inserts a registry student of a school and grade.
func (w *world) student(t *testing.T, school int64, grade int, sex string) int64 {
	t.Helper()
	w.seq++
	id := db.NewID()
	if _, err := w.d.Write().Exec(context.Background(), `INSERT INTO students (district_code, id, student_no, name, sex, birth_date,
school_id, grade, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '2018-03-01', ?, ?, ?, ?)`,
		testDistrict, id, fmt.Sprintf("G%017d", w.seq), fmt.Sprintf("学生%d", w.seq), sex, school, grade, db.Now(), db.Now()); err != nil {
		t.Fatal(err)
	}
	w.studentSchool[id] = school
	return id
}

func (w *world) save(t *testing.T, entries ...Entry) {
	t.Helper()
	ctx := context.Background()
	err := w.d.Tx(ctx, func(q db.Querier) error {
		wr := NewWriter(q, w.keys, testDistrict, 1)
		for _, e := range entries {
			if e.SchoolID == 0 {
				e.SchoolID = w.studentSchool[e.StudentID]
			}
			if err := e.Input.Validate(); err != nil {
				return err
			}
			if _, err := wr.Add(ctx, e); err != nil {
				return err
			}
		}
		return wr.Close(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// grade1Boy is a first-grade boy whose results give the README's worked example (学年总分 94.5,
// 优秀) at scale 0; lower scales make him slower and weaker.
func grade1Boy(rope float64) Input {
	in := Input{Grade: 1, Sex: Male, HeightCM: Val(120), WeightKG: Val(23)}
	in.Set(VitalCapacity, 1350)
	in.Set(Run50m, 10.5)
	in.Set(SitAndReach, 12.5)
	in.Set(RopeSkip, rope)
	return in
}

func TestStoreRatesAndRetest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		excellent := grade1Boy(120) // 94.5 优秀
		fail := Input{Grade: 1, Sex: Male, HeightCM: Val(120), WeightKG: Val(40)}
		fail.Set(VitalCapacity, 500)
		fail.Set(Run50m, 14)
		fail.Set(SitAndReach, -5)
		fail.Set(RopeSkip, 10)
		if r := Score(fail); r.Rating != RatingFail {
			t.Fatalf("fixture: %v %v", r.Rating, r.Total)
		}
		incomplete := grade1Boy(120)
		incomplete.Items[RopeSkip] = Value{}
		exempt := Input{Grade: 1, Sex: Male, Exempt: true, ExemptReason: "先天性心脏病，医院证明"}

		a1, a2, a3, a4 := w.student(t, w.schoolA, 1, "男"), w.student(t, w.schoolA, 1, "男"), w.student(t, w.schoolA, 1, "男"), w.student(t, w.schoolA, 1, "男")
		b1, b2 := w.student(t, w.schoolB, 1, "男"), w.student(t, w.schoolB, 1, "男")
		w.save(t,
			Entry{StudentID: a1, SchoolYear: 2025, Input: excellent},
			Entry{StudentID: a2, SchoolYear: 2025, Input: fail},
			Entry{StudentID: a3, SchoolYear: 2025, Input: incomplete},
			Entry{StudentID: a4, SchoolYear: 2025, Input: exempt},
			Entry{StudentID: b1, SchoolYear: 2025, Input: fail},
			Entry{StudentID: b2, SchoolYear: 2025, Input: fail},
			Entry{StudentID: a1, SchoolYear: 2024, Input: fail},
		)
		got, err := Rates(ctx, d.Read(), testDistrict, 2025, 0)
		if err != nil {
			t.Fatal(err)
		}
		// 6 records, 1 exempt → 应测 5; 实测 4 (1 优秀, 3 不及格); 缺测 1.
		want := Figures{SchoolYear: 2025, Records: 6, Exempt: 1, Expected: 5, Tested: 4, Incomplete: 1, Excellent: 1, Fail: 3,
			TestRate: 80, ExcellentRate: 25, ExcellentGoodRate: 25, PassRate: 25, FailRate: 75}
		failTotal := Score(fail).Total
		want.MeanTotal = float64((945+3*int(failTotal)+2)/4) / 10 // rounded half up from tenths
		want.totalTenths = int64(945 + 3*int(failTotal))
		if got.Figures != want {
			t.Errorf("district 2025:\n got %+v\nwant %+v", got.Figures, want)
		}
		if got.Previous.Records != 1 || got.Previous.Fail != 1 || got.Previous.FailRate != 100 {
			t.Errorf("previous year: %+v", got.Previous)
		}
		// School and zone scopes.
		sa, err := Rates(ctx, d.Read(), testDistrict, 2025, w.schoolA)
		if err != nil {
			t.Fatal(err)
		}
		if sa.Records != 4 || sa.Tested != 2 || sa.PassRate != 50 || sa.TestRate != 66.67 {
			t.Errorf("school A: %+v", sa.Figures)
		}
		zb, err := ZoneRates(ctx, d.Read(), testDistrict, 2025, w.zoneB)
		if err != nil {
			t.Fatal(err)
		}
		if zb.Records != 2 || zb.Fail != 2 || zb.PassRate != 0 {
			t.Errorf("zone B: %+v", zb.Figures)
		}

		// A passing retest (补测) stands; a failing one leaves the first result standing.
		w.save(t, Entry{StudentID: b1, SchoolYear: 2025, Attempt: 2, Input: excellent},
			Entry{StudentID: b2, SchoolYear: 2025, Attempt: 2, Input: fail})
		zb, err = ZoneRates(ctx, d.Read(), testDistrict, 2025, w.zoneB)
		if err != nil {
			t.Fatal(err)
		}
		if zb.Records != 2 || zb.Excellent != 1 || zb.Fail != 1 || zb.PassRate != 50 {
			t.Errorf("zone B after 补测: %+v", zb.Figures)
		}
		recs, encs, err := StudentRecords(ctx, d.Read(), testDistrict, b2)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[0].Standing == recs[1].Standing || !recs[1].Standing {
			t.Errorf("equal retest: the retest stands (better or equal total): %+v", recs)
		}
		_ = encs

		// The exemption reason is stored encrypted and opens with the keyring.
		recs, encs, err = StudentRecords(ctx, d.Read(), testDistrict, a4)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || !recs[0].Exempt || recs[0].Rating != RatingExempt {
			t.Fatalf("exempt record: %+v", recs)
		}
		if bytes.Contains([]byte(encs[0]), []byte("心脏")) {
			t.Fatal("exemption reason stored in clear")
		}
		reason, err := w.keys.Open(encs[0], ctxExemptReason)
		if err != nil || reason != "先天性心脏病，医院证明" {
			t.Errorf("reason: %q %v", reason, err)
		}

		// Saving the same student, year and attempt again replaces the result.
		w.save(t, Entry{StudentID: a2, SchoolYear: 2025, Input: excellent})
		sa, err = Rates(ctx, d.Read(), testDistrict, 2025, w.schoolA)
		if err != nil {
			t.Fatal(err)
		}
		if sa.Records != 4 || sa.Excellent != 2 || sa.Fail != 0 {
			t.Errorf("school A after correction: %+v", sa.Figures)
		}
		recs, _, err = StudentRecords(ctx, d.Read(), testDistrict, a1)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[0].SchoolYear != 2024 || recs[1].Total == nil || *recs[1].Total != 94.5 || recs[1].Scores["rope_skip_1min"] != 100 ||
			recs[1].Bonuses["rope_skip_1min"] != 5 || recs[1].Values["run_50m"] != 10.5 {
			t.Errorf("history of a1: %+v", recs)
		}
	})
}
