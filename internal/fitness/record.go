package fitness

import (
	"strings"
)

// Entry is one test result to store: who was tested, in which school year and attempt, and the
// raw results. The scores are computed from the Input when the entry is saved.
type Entry struct {
	StudentID  int64
	SchoolYear int   // the year the school year starts: 2025 is the 2025–2026 学年
	Attempt    int   // 1 the test, 2 its 补测
	SchoolID   int64 // the student's school at the time of the test
	ClassID    int64 // 0 when unknown
	TestedOn   string
	Input      Input
}

// Record is a stored result with its scores.
type Record struct {
	ID         int64  `json:"id,string"`
	StudentID  int64  `json:"student_id,string"`
	SchoolYear int    `json:"school_year"`
	Attempt    int    `json:"attempt"`
	Standing   bool   `json:"standing"` // the attempt that counts for the school year
	SchoolID   int64  `json:"school_id,string"`
	ClassID    int64  `json:"class_id,string"`
	Grade      int    `json:"grade"`
	Sex        string `json:"sex"`
	TestedOn   string `json:"tested_on"`
	// Values are the raw results by item code plus "height" and "weight"; absent when not tested.
	Values map[string]float64 `json:"values"`
	// Scores are the item scores by item code (BMI under "bmi"); absent when not tested.
	Scores       map[string]int `json:"scores"`
	Bonuses      map[string]int `json:"bonuses,omitempty"`
	BMI          *float64       `json:"bmi"`
	BMICategory  string         `json:"bmi_category"`
	Bonus        int            `json:"bonus"`
	Standard     *float64       `json:"standard_score"`
	Total        *float64       `json:"total_score"`
	Rating       Rating         `json:"rating"`
	Exempt       bool           `json:"exempt"`
	ExemptReason string         `json:"exempt_reason,omitempty"` // only for callers allowed to see it
}

// valueColumns are the raw-value columns of fitness_results in Item order (BMI: none), and
// scoreColumns the score columns.
var valueColumns, scoreColumns [NumItems]string

func init() {
	for it := range Item(NumItems) {
		scoreColumns[it] = "s_" + it.Code()
		if it != BMI {
			valueColumns[it] = "v_" + it.Code()
		}
	}
}

// resultColumns are the columns written for a result, in the order of (*stored).args.
func resultColumns() []string {
	cols := []string{"district_code", "id", "student_id", "school_year", "attempt", "standing", "school_id", "class_id", "grade", "sex",
		"tested_on", "v_height", "v_weight"}
	for it := VitalCapacity; it < NumItems; it++ {
		cols = append(cols, valueColumns[it])
	}
	cols = append(cols, "bmi", "bmi_category")
	cols = append(cols, scoreColumns[:]...)
	return append(cols, "bonus", "standard_score", "total_score", "rating", "exempt", "exempt_reason_enc", "created_at", "updated_at", "updated_by")
}

// upsertSuffix updates an existing row of the same student, year and attempt.
func upsertSuffix() string {
	var b strings.Builder
	b.WriteString("ON CONFLICT (district_code, student_id, school_year, attempt) DO UPDATE SET ")
	first := true
	for _, c := range resultColumns() {
		switch c {
		case "district_code", "id", "student_id", "school_year", "attempt", "created_at":
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(c + " = excluded." + c)
	}
	return b.String()
}

// rowArgs are the values of resultColumns for an entry and its result.
func rowArgs(district string, id int64, e Entry, r Result, reasonEnc string, now, by int64) []any {
	in := e.Input
	opt := func(v Value) any {
		if !v.Set {
			return nil
		}
		return v.V
	}
	sex := in.Sex.String()
	args := []any{district, id, e.StudentID, e.SchoolYear, e.Attempt, e.Attempt <= 1, e.SchoolID, nullID(e.ClassID), in.Grade, sex,
		e.TestedOn, opt(in.HeightCM), opt(in.WeightKG)}
	for it := VitalCapacity; it < NumItems; it++ {
		args = append(args, opt(in.Items[it]))
	}
	if r.Items[BMI].Tested {
		args = append(args, int(r.BMI), r.BMICategory)
	} else {
		args = append(args, nil, "")
	}
	for it := range Item(NumItems) {
		if ir := r.Items[it]; ir.Tested {
			args = append(args, ir.Score)
		} else {
			args = append(args, nil)
		}
	}
	var std, tot any
	if r.Rating.Scored() {
		std, tot = int(r.Standard), int(r.Total)
	}
	return append(args, r.Bonus, std, tot, string(r.Rating), in.Exempt, reasonEnc, now, now, by)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// sexOf reads 男/女 (and M/F, 1/2).
func sexOf(s string) Sex {
	switch strings.TrimSpace(s) {
	case "男", "M", "m", "1":
		return Male
	case "女", "F", "f", "2":
		return Female
	}
	return 0
}
