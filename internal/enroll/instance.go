package enroll

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Default file names used in error messages when the input did not come from
// named files.
const (
	SchoolsFile    = "schools.csv"
	ApplicantsFile = "applicants.csv"
)

// School is one row of schools.csv: a school and its number of seats.
type School struct {
	ID       string
	Capacity int
	Line     int // line in the source file (1 is the header); 0 when not from a file
}

// Applicant is one row of applicants.csv. Choices are school ids in order of
// preference; Tiers[i] is the applicant's priority tier at Choices[i] (lower is
// better).
type Applicant struct {
	ID      string
	Choices []string
	Tiers   []int
	Line    int // line in the source file (1 is the header); 0 when not from a file
}

// InputError says which file, line and column hold a bad value. Its message is
// Chinese, for the clerk who prepared the file.
type InputError struct {
	File   string
	Line   int    // 1-based line of the file (1 is the header); 0 when unknown
	Column string // column name; empty when the error concerns the whole row or file
	Msg    string
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " 第 %d 行", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, " %s 列", e.Column)
	}
	b.WriteString("：")
	b.WriteString(e.Msg)
	return b.String()
}

func inputErr(file string, line int, column, format string, args ...any) *InputError {
	return &InputError{File: file, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)}
}

// Instance is a frozen allocation problem in index form: schools and
// applicants are numbered, applicants in byte-wise order of their ids, and
// every choice refers to a school by index. Build one with [NewInstance] or
// [ReadInstance]; it is immutable afterwards and safe for concurrent use.
type Instance struct {
	schoolIDs    []string
	capacity     []int32
	applicantIDs []string // sorted byte-wise, unique
	start        []int32  // applicant i's choices are prop[start[i]:start[i+1]]
	prop         []uint64 // a choice packed by packChoice: tier and school index
	maxChoices   int
	schoolIndex  map[string]int32
	quoteIDs     bool // some applicant id needs CSV quoting
}

// MaxTier bounds the absolute value of a tier so that it fits the packed
// priority used by the mechanisms.
const MaxTier = math.MaxInt32

// NewInstance validates schools and applicants and builds the index form.
// Errors are *InputError naming schools.csv or applicants.csv and the Line of
// the offending record (when it has one). Applicants may come in any order:
// registration order never matters.
func NewInstance(schools []School, applicants []Applicant) (*Instance, error) {
	return newInstance(SchoolsFile, ApplicantsFile, schools, applicants)
}

func newInstance(schoolsFile, applicantsFile string, schools []School, applicants []Applicant) (*Instance, error) {
	in := &Instance{
		schoolIDs: make([]string, len(schools)),
		capacity:  make([]int32, len(schools)),
	}
	index := make(map[string]int32, len(schools))
	for i, s := range schools {
		if msg := checkID(s.ID); msg != "" {
			return nil, inputErr(schoolsFile, s.Line, "school_id", "学校编号%s", msg)
		}
		if strings.Contains(s.ID, ";") {
			return nil, inputErr(schoolsFile, s.Line, "school_id", "学校编号“%s”含有分号，分号用于分隔志愿", s.ID)
		}
		if _, dup := index[s.ID]; dup {
			return nil, inputErr(schoolsFile, s.Line, "school_id", "学校编号“%s”重复", s.ID)
		}
		if s.Capacity < 0 || s.Capacity > math.MaxInt32 {
			return nil, inputErr(schoolsFile, s.Line, "capacity", "学位数 %d 超出范围（应为 0 至 %d 的整数）", s.Capacity, math.MaxInt32)
		}
		index[s.ID] = int32(i)
		in.schoolIDs[i] = s.ID
		in.capacity[i] = int32(s.Capacity)
	}

	order := make([]int, len(applicants))
	for i := range order {
		order[i] = i
	}
	// Stable, so that of two records with the same id the later one is reported.
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(applicants[a].ID, applicants[b].ID) })
	total := 0
	for _, a := range applicants {
		total += len(a.Choices)
	}
	if total > math.MaxInt32 || len(applicants) >= math.MaxInt32 {
		return nil, inputErr(applicantsFile, 0, "", "申请人或志愿数量过多")
	}
	in.applicantIDs = make([]string, len(applicants))
	in.start = make([]int32, len(applicants)+1)
	in.prop = make([]uint64, 0, total)
	seen := make([]bool, len(schools))
	for k, i := range order {
		a := &applicants[i]
		if msg := checkID(a.ID); msg != "" {
			return nil, inputErr(applicantsFile, a.Line, "applicant_id", "申请人编号%s", msg)
		}
		if k > 0 && applicants[order[k-1]].ID == a.ID {
			if prev := applicants[order[k-1]].Line; prev > 0 {
				return nil, inputErr(applicantsFile, a.Line, "applicant_id", "申请人编号“%s”重复（与第 %d 行相同）", a.ID, prev)
			}
			return nil, inputErr(applicantsFile, a.Line, "applicant_id", "申请人编号“%s”重复", a.ID)
		}
		if len(a.Tiers) != len(a.Choices) {
			return nil, inputErr(applicantsFile, a.Line, "tiers", "申请人“%s”填报了 %d 个志愿，却给出 %d 个优先级", a.ID, len(a.Choices), len(a.Tiers))
		}
		in.applicantIDs[k] = a.ID
		in.quoteIDs = in.quoteIDs || fieldNeedsQuotes(a.ID)
		in.start[k] = int32(len(in.prop))
		for j, sid := range a.Choices {
			s, ok := index[sid]
			if !ok {
				return nil, inputErr(applicantsFile, a.Line, "choices", "第 %d 志愿的学校“%s”不在 %s 中", j+1, sid, schoolsFile)
			}
			if seen[s] {
				return nil, inputErr(applicantsFile, a.Line, "choices", "学校“%s”被重复填报", sid)
			}
			seen[s] = true
			t := a.Tiers[j]
			if t < -MaxTier || t > MaxTier {
				return nil, inputErr(applicantsFile, a.Line, "tiers", "第 %d 个优先级 %d 超出范围", j+1, t)
			}
			in.prop = append(in.prop, packChoice(s, int32(t)))
		}
		for _, c := range in.prop[in.start[k]:] {
			seen[choiceSchool(c)] = false
		}
		in.maxChoices = max(in.maxChoices, len(a.Choices))
	}
	in.start[len(applicants)] = int32(len(in.prop))
	in.schoolIndex = index
	return in, nil
}

// checkID returns "" for a usable id, else the reason (completing a sentence
// that starts with the kind of id).
func checkID(id string) string {
	switch {
	case id == "":
		return "为空"
	case !utf8.ValidString(id):
		return "不是有效的 UTF-8 文本"
	}
	r, _ := utf8.DecodeRuneInString(id)
	l, _ := utf8.DecodeLastRuneInString(id)
	if unicode.IsSpace(r) || unicode.IsSpace(l) {
		return fmt.Sprintf("“%s”首尾含有空白字符", id)
	}
	for _, r := range id {
		if unicode.IsControl(r) {
			return fmt.Sprintf("“%s”含有不可见字符 U+%04X", id, r)
		}
	}
	return ""
}

// NumSchools returns the number of schools.
func (in *Instance) NumSchools() int { return len(in.schoolIDs) }

// NumApplicants returns the number of applicants.
func (in *Instance) NumApplicants() int { return len(in.applicantIDs) }

// SchoolID returns the id of school s.
func (in *Instance) SchoolID(s int) string { return in.schoolIDs[s] }

// Capacity returns the seats of school s.
func (in *Instance) Capacity(s int) int { return int(in.capacity[s]) }

// ApplicantID returns the id of applicant i (applicants are in byte-wise id
// order).
func (in *Instance) ApplicantID(i int) string { return in.applicantIDs[i] }

// SchoolIndex returns the index of the school with the given id.
func (in *Instance) SchoolIndex(id string) (int, bool) {
	i, ok := in.schoolIndex[id]
	return int(i), ok
}

// ApplicantIndex returns the index of the applicant with the given id.
func (in *Instance) ApplicantIndex(id string) (int, bool) {
	i, ok := slices.BinarySearch(in.applicantIDs, id)
	return i, ok
}

// NumChoices returns how many schools applicant i listed.
func (in *Instance) NumChoices(i int) int { return int(in.start[i+1] - in.start[i]) }

// Choice returns applicant i's j-th choice (0-based): the school index and
// the applicant's tier there.
func (in *Instance) Choice(i, j int) (school, tier int) {
	c := in.prop[int(in.start[i])+j]
	return int(choiceSchool(c)), int(choiceTier(c))
}

// choiceRank returns the 0-based position of school s in applicant i's list,
// or -1.
func (in *Instance) choiceRank(i int, s int32) int {
	for j, c := range in.prop[in.start[i]:in.start[i+1]] {
		if choiceSchool(c) == s {
			return j
		}
	}
	return -1
}

// packChoice packs a choice into one integer: the tier, offset so that
// negative tiers sort first, in the high 32 bits and the school index in the
// low 32 bits. Replacing the low half by a lottery rank gives the school's
// priority for the applicant as one integer (see rankSpace).
func packChoice(school, tier int32) uint64 {
	return uint64(uint32(tier)^0x80000000)<<32 | uint64(uint32(school))
}

func choiceSchool(c uint64) int32 { return int32(uint32(c)) }

func choiceTier(c uint64) int32 { return int32(uint32(c>>32) ^ 0x80000000) }
