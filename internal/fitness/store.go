package fitness

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/jobs"
	"github.com/edubureau/edubureau/internal/platform/pii"
)

// Service stores and reports fitness results.
type Service struct {
	DB    *db.DB
	Keys  *pii.Keyring
	Audit *audit.Log
	Jobs  *jobs.Runner
	// Today fixes the date in tests (the current school year).
	Today func() time.Time

	cache sync.Map     // statsKey → cachedStats
	gen   atomic.Int64 // bumped by every write of results or targets
}

// ctxExemptReason binds the encrypted exemption reason to its column.
const ctxExemptReason = "fitness.exempt_reason"

// SchoolYearOf is the school year running on a date (1 September – 31 August), named by the
// year it starts.
func SchoolYearOf(t time.Time) int {
	if t.Month() >= time.September {
		return t.Year()
	}
	return t.Year() - 1
}

func (s *Service) currentYear() int {
	if s.Today != nil {
		return SchoolYearOf(s.Today())
	}
	return SchoolYearOf(time.Now())
}

// Writer scores entries and writes them in multi-row statements; Close flushes and settles which
// attempt stands for each school year touched. Use it inside the caller's transaction.
type Writer struct {
	q        db.Querier
	keys     *pii.Keyring
	district string
	by, now  int64
	b        *db.Batch
	years    map[int]bool
	n        int
}

// NewWriter starts a writer for a district; by is the user writing.
func NewWriter(q db.Querier, keys *pii.Keyring, district string, by int64) *Writer {
	return &Writer{q: q, keys: keys, district: district, by: by, now: db.Now(),
		b: db.NewBatch(q, "fitness_results", resultColumns(), upsertSuffix(), 500), years: map[int]bool{}}
}

// Add scores and queues one entry (Attempt 0 is taken as 1). The entry's Input must pass
// Validate. It returns the computed result.
func (w *Writer) Add(ctx context.Context, e Entry) (Result, error) {
	if e.Attempt == 0 {
		e.Attempt = 1
	}
	r := Score(e.Input)
	enc := ""
	if e.Input.Exempt {
		var err error
		if enc, err = w.keys.Seal(strings.TrimSpace(e.Input.ExemptReason), ctxExemptReason); err != nil {
			return r, err
		}
	}
	w.years[e.SchoolYear] = true
	w.n++
	return r, w.b.Add(ctx, rowArgs(w.district, db.NewID(), e, r, enc, w.now, w.by)...)
}

// Count is the number of entries added.
func (w *Writer) Count() int { return w.n }

// Close writes what is queued and settles the standing attempts.
func (w *Writer) Close(ctx context.Context) error {
	if err := w.b.Flush(ctx); err != nil {
		return err
	}
	for y := range w.years {
		if err := settle(ctx, w.q, w.district, y); err != nil {
			return err
		}
	}
	return nil
}

// settle applies the 补测 rule (Retest) to a school year: where a student has a retest, the
// retest stands when its 学年总分 is at least the first test's, otherwise the first test does.
func settle(ctx context.Context, q db.Querier, district string, year int) error {
	if _, err := q.Exec(ctx, `UPDATE fitness_results SET standing = NOT EXISTS (SELECT 1 FROM fitness_results r2
WHERE r2.district_code = fitness_results.district_code AND r2.student_id = fitness_results.student_id
AND r2.school_year = fitness_results.school_year AND r2.attempt = 2 AND COALESCE(r2.total_score, -1) >= COALESCE(fitness_results.total_score, -1))
WHERE district_code = ? AND school_year = ? AND attempt = 1`, district, year); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `UPDATE fitness_results SET standing = NOT EXISTS (SELECT 1 FROM fitness_results r1
WHERE r1.district_code = fitness_results.district_code AND r1.student_id = fitness_results.student_id
AND r1.school_year = fitness_results.school_year AND r1.attempt = 1 AND COALESCE(r1.total_score, -1) > COALESCE(fitness_results.total_score, -1))
WHERE district_code = ? AND school_year = ? AND attempt = 2`, district, year)
	return err
}

// selectColumns reads a Record (scanRecord).
func selectColumns(prefix string) string {
	cols := []string{"id", "student_id", "school_year", "attempt", "standing", "school_id", "COALESCE(" + prefix + "class_id, 0)", "grade", "sex",
		"tested_on", "v_height", "v_weight"}
	for it := VitalCapacity; it < NumItems; it++ {
		cols = append(cols, valueColumns[it])
	}
	cols = append(cols, "bmi", "bmi_category")
	cols = append(cols, scoreColumns[:]...)
	cols = append(cols, "bonus", "standard_score", "total_score", "rating", "exempt", "exempt_reason_enc")
	for i, c := range cols {
		if !strings.Contains(c, "(") {
			cols[i] = prefix + c
		}
	}
	return strings.Join(cols, ", ")
}

// scanRecord reads a row of selectColumns; the sealed exemption reason is returned apart.
func scanRecord(row interface{ Scan(...any) error }) (Record, string, error) {
	var r Record
	var h, w sql.NullFloat64
	var vals [NumItems]sql.NullFloat64
	var scores [NumItems]sql.NullInt64
	var bmi, std, tot sql.NullInt64
	var rating, enc string
	dest := []any{&r.ID, &r.StudentID, &r.SchoolYear, &r.Attempt, &r.Standing, &r.SchoolID, &r.ClassID, &r.Grade, &r.Sex, &r.TestedOn, &h, &w}
	for it := VitalCapacity; it < NumItems; it++ {
		dest = append(dest, &vals[it])
	}
	dest = append(dest, &bmi, &r.BMICategory)
	for it := range Item(NumItems) {
		dest = append(dest, &scores[it])
	}
	dest = append(dest, &r.Bonus, &std, &tot, &rating, &r.Exempt, &enc)
	if err := row.Scan(dest...); err != nil {
		return r, "", err
	}
	r.Rating = Rating(rating)
	r.Values, r.Scores = map[string]float64{}, map[string]int{}
	if h.Valid {
		r.Values["height"] = h.Float64
	}
	if w.Valid {
		r.Values["weight"] = w.Float64
	}
	for it := VitalCapacity; it < NumItems; it++ {
		if vals[it].Valid {
			r.Values[it.Code()] = vals[it].Float64
		}
	}
	for it := range Item(NumItems) {
		if scores[it].Valid {
			r.Scores[it.Code()] = int(scores[it].Int64)
		}
	}
	tenths := func(n sql.NullInt64) *float64 {
		if !n.Valid {
			return nil
		}
		f := Tenths(n.Int64).Float64()
		return &f
	}
	r.BMI, r.Standard, r.Total = tenths(bmi), tenths(std), tenths(tot)
	r.Bonuses = bonuses(r)
	return r, enc, nil
}

// bonuses recomputes the bonus per item from the stored raw values (the table holds only the sum).
func bonuses(r Record) map[string]int {
	sex := sexOf(r.Sex)
	var out map[string]int
	for _, it := range []Item{RopeSkip, SitUp, PullUp, Run800m, Run1000m} {
		if v, ok := r.Values[it.Code()]; ok {
			if b := ItemBonus(it, r.Grade, sex, v); b > 0 {
				if out == nil {
					out = map[string]int{}
				}
				out[it.Code()] = b
			}
		}
	}
	return out
}

// inputOf rebuilds the Input of a stored record (for re-scoring and the export).
func inputOf(r Record, reason string) Input {
	in := Input{Grade: r.Grade, Sex: sexOf(r.Sex), Exempt: r.Exempt, ExemptReason: reason}
	if v, ok := r.Values["height"]; ok {
		in.HeightCM = Val(v)
	}
	if v, ok := r.Values["weight"]; ok {
		in.WeightKG = Val(v)
	}
	for it := VitalCapacity; it < NumItems; it++ {
		if v, ok := r.Values[it.Code()]; ok {
			in.Items[it] = Val(v)
		}
	}
	return in
}

// StudentRecords lists a student's results, oldest school year first (both attempts).
func StudentRecords(ctx context.Context, q db.Querier, district string, studentID int64) ([]Record, []string, error) {
	rows, err := q.Query(ctx, `SELECT `+selectColumns("")+` FROM fitness_results WHERE district_code = ? AND student_id = ?
ORDER BY school_year, attempt`, district, studentID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []Record
	var encs []string
	for rows.Next() {
		r, enc, err := scanRecord(rows)
		if err != nil {
			return nil, nil, err
		}
		out, encs = append(out, r), append(encs, enc)
	}
	return out, encs, rows.Err()
}
