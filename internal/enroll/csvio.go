package enroll

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The columns of the input files and the header of the canonical list.
const (
	ApplicantsHeader = "applicant_id,choices,tiers"
	SchoolsHeader    = "school_id,capacity"
)

// ReadSchoolsCSV reads schools.csv: a header naming the columns school_id and
// capacity (in any order; other columns are ignored), then one school per
// row. Capacity is a non-negative decimal integer. Errors are *InputError
// naming file, line and column. A UTF-8 byte order mark is skipped.
func ReadSchoolsCSV(r io.Reader, file string) ([]School, error) {
	var out []School
	err := readCSV(r, file, []string{"school_id", "capacity"}, func(line int, f []string) error {
		c, ok := parseInt(f[1], false)
		if !ok || c > math.MaxInt32 {
			return inputErr(file, line, "capacity", "学位数“%s”不是非负整数", f[1])
		}
		out = append(out, School{ID: f[0], Capacity: c, Line: line})
		return nil
	})
	return out, err
}

// ReadApplicantsCSV reads applicants.csv: a header naming applicant_id,
// choices and tiers (in any order; other columns are ignored), then one
// applicant per row. choices lists school ids in preference order separated by
// ";"; tiers gives the integer tier for each choice in the same order, also
// separated by ";" (lower is better). An applicant with no choices has both
// fields empty.
func ReadApplicantsCSV(r io.Reader, file string) ([]Applicant, error) {
	var out []Applicant
	err := readCSV(r, file, []string{"applicant_id", "choices", "tiers"}, func(line int, f []string) error {
		a := Applicant{ID: f[0], Line: line}
		if f[1] != "" {
			a.Choices = strings.Split(f[1], ";")
			for j, c := range a.Choices {
				if c == "" {
					return inputErr(file, line, "choices", "第 %d 个志愿为空（志愿之间用一个分号分隔）", j+1)
				}
			}
		}
		if f[2] != "" {
			parts := strings.Split(f[2], ";")
			a.Tiers = make([]int, len(parts))
			for j, p := range parts {
				t, ok := parseInt(p, true)
				if !ok || t < -MaxTier || t > MaxTier {
					return inputErr(file, line, "tiers", "第 %d 个优先级“%s”不是整数", j+1, p)
				}
				a.Tiers[j] = t
			}
		}
		if len(a.Tiers) != len(a.Choices) {
			return inputErr(file, line, "tiers", "填报了 %d 个志愿，却给出 %d 个优先级", len(a.Choices), len(a.Tiers))
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// ReadInstance reads both files and builds the instance; errors name the
// given file names.
func ReadInstance(schoolsFile string, schools io.Reader, applicantsFile string, applicants io.Reader) (*Instance, error) {
	ss, err := ReadSchoolsCSV(schools, schoolsFile)
	if err != nil {
		return nil, err
	}
	as, err := ReadApplicantsCSV(applicants, applicantsFile)
	if err != nil {
		return nil, err
	}
	return newInstance(schoolsFile, applicantsFile, ss, as)
}

// parseInt accepts an optional minus sign (when signed) followed by ASCII
// digits, and nothing else: no plus sign, no spaces, no full-width digits.
func parseInt(s string, signed bool) (int, bool) {
	digits := s
	if signed && strings.HasPrefix(s, "-") {
		digits = s[1:]
	}
	if digits == "" || len(digits) > 12 {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	v, err := strconv.Atoi(s)
	return v, err == nil
}

// readCSV reads a CSV file with a header containing the wanted columns and
// calls row with the 1-based line of each record and its wanted fields in the
// order of want.
func readCSV(r io.Reader, file string, want []string, row func(line int, fields []string) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return inputErr(file, 1, "", "文件为空，缺少表头（应为 %s）", strings.Join(want, ","))
	}
	if err != nil {
		return csvErr(file, err)
	}
	idx := make([]int, len(want))
	for k, name := range want {
		idx[k] = -1
		for j, h := range header {
			if strings.TrimSpace(h) != name {
				continue
			}
			if idx[k] >= 0 {
				return inputErr(file, 1, name, "表头中 %s 列出现了两次", name)
			}
			idx[k] = j
		}
		if idx[k] < 0 {
			return inputErr(file, 1, name, "表头缺少 %s 列（表头应为 %s）", name, strings.Join(want, ","))
		}
	}
	fields := make([]string, len(want))
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvErr(file, err)
		}
		line, _ := cr.FieldPos(0)
		for k, j := range idx {
			fields[k] = strings.Clone(rec[j]) // records are reused
		}
		if err := row(line, fields); err != nil {
			return err
		}
	}
}

// csvErr turns an encoding/csv error into an *InputError.
func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return inputErr(file, 0, "", "读取失败：%v", err)
	}
	line := pe.StartLine
	if line == 0 {
		line = pe.Line
	}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		return inputErr(file, line, "", "列数与表头不一致")
	case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
		return inputErr(file, line, "", "第 %d 列引号不配对或位置不当", pe.Column)
	}
	return inputErr(file, line, "", "无法解析：%v", pe.Err)
}

// WriteCanonicalCSV writes the frozen applicant list in canonical form: the
// header "applicant_id,choices,tiers", then one row per applicant in byte-wise
// order of applicant_id; choices joined by ";", tiers as decimal integers
// (no plus sign, no leading zeros) joined by ";"; fields quoted exactly as
// encoding/csv would quote them; every line ends with "\n". Its SHA-256 is
// the list hash published before the seed exists.
func (in *Instance) WriteCanonicalCSV(w io.Writer) error {
	if _, err := io.WriteString(w, ApplicantsHeader+"\n"); err != nil {
		return err
	}
	return writeRows(w, len(in.applicantIDs), func(buf []byte, i int) []byte {
		buf = appendField(buf, in.applicantIDs[i])
		buf = append(buf, ',')
		cs := in.prop[in.start[i]:in.start[i+1]]
		mark := len(buf)
		for j, c := range cs {
			if j > 0 {
				buf = append(buf, ';')
			}
			buf = append(buf, in.schoolIDs[choiceSchool(c)]...)
		}
		if raw := buf[mark:]; fieldNeedsQuotes(string(raw)) {
			buf = appendField(buf[:mark], string(raw))
		}
		buf = append(buf, ',')
		for j, c := range cs {
			if j > 0 {
				buf = append(buf, ';')
			}
			buf = strconv.AppendInt(buf, int64(choiceTier(c)), 10)
		}
		return append(buf, '\n')
	})
}

// ListHash returns the list hash: lowercase hex SHA-256 of the canonical
// applicant list (WriteCanonicalCSV).
func (in *Instance) ListHash() string {
	h := sha256.New()
	_ = in.WriteCanonicalCSV(h) // a hash never fails to write
	return hex.EncodeToString(h.Sum(nil))
}

// WritePlanCSV writes the schools in canonical form: the header
// "school_id,capacity", then one row per school in byte-wise order of
// school_id.
func (in *Instance) WritePlanCSV(w io.Writer) error {
	ids := make([]int, len(in.schoolIDs))
	for i := range ids {
		ids[i] = i
	}
	slices.SortFunc(ids, func(a, b int) int { return strings.Compare(in.schoolIDs[a], in.schoolIDs[b]) })
	buf := []byte(SchoolsHeader + "\n")
	for _, s := range ids {
		buf = appendField(buf, in.schoolIDs[s])
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(in.capacity[s]), 10)
		buf = append(buf, '\n')
	}
	_, err := w.Write(buf)
	return err
}

// PlanHash returns the lowercase hex SHA-256 of the canonical school list (WritePlanCSV), so
// that the capacities used in a draw can be published too.
func (in *Instance) PlanHash() string {
	h := sha256.New()
	_ = in.WritePlanCSV(h)
	return hex.EncodeToString(h.Sum(nil))
}
