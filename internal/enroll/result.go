package enroll

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mechanism names an allocation mechanism.
type Mechanism string

// The mechanisms. DA is the default.
const (
	DA     Mechanism = "da"     // student-proposing deferred acceptance
	Boston Mechanism = "boston" // 志愿优先: rounds by choice rank, placements final
)

// ParseMechanism accepts "da" or "boston" exactly.
func ParseMechanism(s string) (Mechanism, error) {
	switch m := Mechanism(s); m {
	case DA, Boston:
		return m, nil
	}
	return "", fmt.Errorf("派位方式“%s”无效，应为 da（平行志愿，学生提议的延迟接受）或 boston（志愿优先）", s)
}

// CheckSeed rejects seeds that would be ambiguous when read aloud or retyped:
// empty, not UTF-8, leading or trailing white space, control characters. The
// seed is otherwise used byte for byte as given.
func CheckSeed(seed string) error {
	if msg := checkID(seed); msg != "" {
		return fmt.Errorf("随机种子%s", msg)
	}
	return nil
}

// Result is the outcome of one draw.
type Result struct {
	inst *Instance
	seed string
	mech Mechanism
	lot  *lottery
	pick []int32 // per applicant: 0-based position of their school in their choices, or -1
}

// Allocate runs the draw: it computes every applicant's lottery key from seed
// and assigns applicants to schools with mechanism m. It is deterministic.
func Allocate(in *Instance, seed string, m Mechanism) (*Result, error) {
	if err := CheckSeed(seed); err != nil {
		return nil, err
	}
	if _, err := ParseMechanism(string(m)); err != nil {
		return nil, err
	}
	lt := draw(in, seed)
	rs := newRankSpace(in, lt)
	var pos []int32
	switch m {
	case DA:
		pos = deferredAcceptance(in, rs)
	case Boston:
		pos = boston(in, rs)
	}
	r := &Result{inst: in, seed: seed, mech: m, lot: lt, pick: make([]int32, len(pos))}
	split(len(pos), workers(len(pos)), func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			c := int32(-1)
			if pos[k] < rs.end[k] {
				c = pos[k] - rs.start[k]
			}
			r.pick[lt.order[k]] = c
		}
	})
	return r, nil
}

// Instance returns the allocated instance.
func (r *Result) Instance() *Instance { return r.inst }

// Seed returns the seed of the draw.
func (r *Result) Seed() string { return r.seed }

// Mechanism returns the mechanism of the draw.
func (r *Result) Mechanism() Mechanism { return r.mech }

// Key returns applicant i's lottery key.
func (r *Result) Key(i int) [32]byte { return r.lot.keys[i] }

// LotteryRank returns the 0-based position of applicant i's key among all
// keys (0 is the smallest key).
func (r *Result) LotteryRank(i int) int { return int(r.lot.rank[i]) }

// Order returns the applicants in lottery order: smallest key first.
func (r *Result) Order() []int {
	out := make([]int, len(r.lot.order))
	for k, i := range r.lot.order {
		out[k] = int(i)
	}
	return out
}

// Assignment returns applicant i's school index and the 0-based position of
// that school in their choices; ok is false when they are unassigned.
func (r *Result) Assignment(i int) (school, choice int, ok bool) {
	c := r.pick[i]
	if c < 0 {
		return -1, -1, false
	}
	return int(choiceSchool(r.inst.prop[r.inst.start[i]+c])), int(c), true
}

// Admitted returns the applicants admitted to school s, in index order.
func (r *Result) Admitted(s int) []int {
	var out []int
	for i := range r.pick {
		if sc, _, ok := r.Assignment(i); ok && sc == s {
			out = append(out, i)
		}
	}
	return out
}

// DrawRecord is what the audit log keeps of a draw: enough for anyone holding
// the published files to recompute it. Hashes are lowercase hex SHA-256.
type DrawRecord struct {
	ListHash   string    `json:"list_hash"`   // of the canonical applicant list
	Seed       string    `json:"seed"`        // as entered
	Mechanism  Mechanism `json:"mechanism"`   // da or boston
	ResultHash string    `json:"result_hash"` // of the result CSV bytes
}

// String renders the record as the lines printed by the CLI.
func (d DrawRecord) String() string {
	return fmt.Sprintf("list_hash=%s\nseed=%s\nmechanism=%s\nresult_hash=%s\n", d.ListHash, d.Seed, d.Mechanism, d.ResultHash)
}

// Record returns the draw record, computing both hashes.
func (r *Result) Record() DrawRecord {
	return DrawRecord{ListHash: r.inst.ListHash(), Seed: r.seed, Mechanism: r.mech, ResultHash: r.Hash()}
}

// Hash returns the result hash: lowercase hex SHA-256 of the bytes written by
// WriteCSV.
func (r *Result) Hash() string {
	h := sha256.New()
	_ = r.WriteCSV(h) // a hash never fails to write
	return hex.EncodeToString(h.Sum(nil))
}

// ResultHeader is the header line of the result CSV.
const ResultHeader = "applicant_id,school_id,choice_rank,lottery"

// WriteCSV writes the result CSV: the header
// "applicant_id,school_id,choice_rank,lottery", then one row per applicant in
// byte-wise order of applicant_id; school_id and choice_rank (1-based) are
// empty for an unassigned applicant; lottery is the lowercase hex key. Lines
// end with "\n"; fields are quoted exactly as encoding/csv would quote them.
func (r *Result) WriteCSV(w io.Writer) error {
	if _, err := w.Write([]byte(ResultHeader + "\n")); err != nil {
		return err
	}
	in := r.inst
	// Each school's "school_id," once, quoted as needed.
	var cols []byte
	colEnd := make([]int, len(in.schoolIDs)+1)
	for s, id := range in.schoolIDs {
		cols = append(appendField(cols, id), ',')
		colEnd[s+1] = len(cols)
	}
	return writeRows(w, len(in.applicantIDs), func(buf []byte, i int) []byte {
		if in.quoteIDs {
			buf = appendField(buf, in.applicantIDs[i])
		} else {
			buf = append(buf, in.applicantIDs[i]...)
		}
		buf = append(buf, ',')
		if c := r.pick[i]; c >= 0 {
			s := choiceSchool(in.prop[in.start[i]+c])
			buf = append(buf, cols[colEnd[s]:colEnd[s+1]]...)
			buf = strconv.AppendInt(buf, int64(c+1), 10)
		} else {
			buf = append(buf, ',')
		}
		buf = append(buf, ',')
		buf = appendHexKey(buf, &r.lot.keys[i])
		return append(buf, '\n')
	})
}

// appendHexKey appends the lowercase hex of a key, four bytes at a time: the
// nibbles are spread one per byte, then turned into ASCII digits or letters
// without branches (as hex.Encode would, about three times faster).
func appendHexKey(buf []byte, k *[32]byte) []byte {
	var out [64]byte
	for i := 0; i < 32; i += 4 {
		x := uint64(binary.BigEndian.Uint32(k[i:]))
		x = (x | x<<16) & 0x0000FFFF0000FFFF
		x = (x | x<<8) & 0x00FF00FF00FF00FF
		x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F // one nibble per byte, high nibble first
		letters := (x + 0x0606060606060606) >> 4 & 0x0101010101010101
		binary.BigEndian.PutUint64(out[2*i:], x+0x3030303030303030+letters*0x27)
	}
	return append(buf, out[:]...)
}

// appendField appends s as one CSV field, quoted when encoding/csv's Writer
// would quote it (comma, quote, CR, LF, a leading space or the field `\.`).
func appendField(buf []byte, s string) []byte {
	if !fieldNeedsQuotes(s) {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		buf = append(buf, s[:i+1]...)
		buf = append(buf, '"')
		s = s[i+1:]
	}
	buf = append(buf, s...)
	return append(buf, '"')
}

func fieldNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
