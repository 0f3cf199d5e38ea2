package enroll

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Difference is one way a published result CSV differs from the recomputed
// one.
type Difference struct {
	Line      int    // line of the published file; 0 for a row that is missing from it
	Applicant string // applicant_id concerned, if any
	Column    string // column concerned, if any
	Want, Got string // recomputed and published values, for a column
	Msg       string // the whole difference in Chinese
}

// String returns Msg.
func (d Difference) String() string { return d.Msg }

// Verify recomputes nothing itself: it compares the published result CSV
// with the result r (recomputed from the published inputs and seed) and
// returns every difference, row by row, in file order, then the rows missing
// from the file. It returns nil exactly when the published bytes equal
// r's CSV, so that their SHA-256 is r's result hash.
func Verify(r *Result, published []byte) []Difference {
	var want bytes.Buffer
	_ = r.WriteCSV(&want) // a bytes.Buffer never fails to write
	if bytes.Equal(want.Bytes(), published) {
		return nil
	}
	in := r.inst
	var diffs []Difference
	add := func(d Difference) { diffs = append(diffs, d) }

	data := published
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		add(Difference{Line: 1, Msg: "第 1 行：文件以 UTF-8 BOM 开头，规范结果文件没有 BOM"})
		data = data[3:]
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		add(Difference{Line: 1, Msg: "文件为空，缺少表头和全部记录"})
	case err != nil:
		add(Difference{Line: 1, Msg: "第 1 行：无法解析：" + err.Error()})
	case strings.Join(header, ",") != ResultHeader:
		add(Difference{Line: 1, Want: ResultHeader, Got: strings.Join(header, ","),
			Msg: fmt.Sprintf("第 1 行：表头应为“%s”，文件中为“%s”", ResultHeader, strings.Join(header, ","))})
	}

	seenAt := make(map[int]int, in.NumApplicants()) // applicant → line
	last := -1
	for err == nil {
		var rec []string
		rec, err = cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			add(Difference{Line: line, Msg: fmt.Sprintf("第 %d 行：无法解析（%v），其后的内容未能比对", line, err)})
			break
		}
		if len(rec) != 4 {
			add(Difference{Line: line, Msg: fmt.Sprintf("第 %d 行：应有 4 列，文件中为 %d 列", line, len(rec))})
			if len(rec) == 0 {
				continue
			}
		}
		id := rec[0]
		i, ok := in.ApplicantIndex(id)
		if !ok {
			add(Difference{Line: line, Applicant: id, Msg: fmt.Sprintf("第 %d 行：申请人“%s”不在申请名单中（多出的记录）", line, id)})
			continue
		}
		if prev, dup := seenAt[i]; dup {
			add(Difference{Line: line, Applicant: id, Msg: fmt.Sprintf("第 %d 行：申请人“%s”重复出现（第 %d 行已有）", line, id, prev)})
			continue
		}
		seenAt[i] = line
		if i < last {
			add(Difference{Line: line, Applicant: id, Msg: fmt.Sprintf("第 %d 行（申请人 %s）：顺序错误，记录应按 applicant_id 字节序排列", line, id)})
		}
		last = max(last, i)
		wantRow := r.row(i)
		for c, name := range []string{"school_id", "choice_rank", "lottery"} {
			got := ""
			if c+1 < len(rec) {
				got = rec[c+1]
			}
			if got != wantRow[c] {
				add(Difference{Line: line, Applicant: id, Column: name, Want: wantRow[c], Got: got,
					Msg: fmt.Sprintf("第 %d 行（申请人 %s）：%s 应为“%s”，文件中为“%s”", line, id, name, wantRow[c], got)})
			}
		}
	}
	for i := range in.NumApplicants() {
		if _, ok := seenAt[i]; !ok {
			w := r.row(i)
			where := "未录取"
			if w[0] != "" {
				where = fmt.Sprintf("录取 %s，第 %s 志愿", w[0], w[1])
			}
			add(Difference{Applicant: in.ApplicantID(i), Msg: fmt.Sprintf("缺少申请人“%s”的记录（应为%s）", in.ApplicantID(i), where)})
		}
	}
	if len(diffs) == 0 {
		sum := sha256.Sum256(published)
		add(Difference{Msg: fmt.Sprintf("各行内容一致，但文件字节与规范结果不同（换行符、引号或空行），结果哈希为 %s，应为 %s",
			hex.EncodeToString(sum[:]), r.Hash())})
	}
	slices.SortStableFunc(diffs, func(a, b Difference) int {
		// file order; missing rows (line 0) last
		la, lb := a.Line, b.Line
		if la == 0 {
			la = 1 << 62
		}
		if lb == 0 {
			lb = 1 << 62
		}
		return cmp.Compare(la, lb)
	})
	return diffs
}

// row returns applicant i's school_id, choice_rank and lottery as in the
// result CSV.
func (r *Result) row(i int) [3]string {
	k := r.Key(i)
	out := [3]string{"", "", hex.EncodeToString(k[:])}
	if s, c, ok := r.Assignment(i); ok {
		out[0], out[1] = r.inst.SchoolID(s), fmt.Sprint(c+1)
	}
	return out
}
