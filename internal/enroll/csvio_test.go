package enroll

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func readInstance(schools, applicants string) (*Instance, error) {
	return ReadInstance("schools.csv", strings.NewReader(schools), "applicants.csv", strings.NewReader(applicants))
}

func TestReadInstance_Errors(t *testing.T) {
	const schools = "school_id,capacity\nS1,2\nS2,1\n"
	cases := []struct {
		name, schools, applicants, want string
	}{
		{"unknown school", schools, "applicant_id,choices,tiers\nA1,S1;S9,1;2\n",
			"applicants.csv 第 2 行 choices 列：第 2 志愿的学校“S9”不在 schools.csv 中"},
		{"tier count", schools, "applicant_id,choices,tiers\nA1,S1,1\nA2,S1;S2,1\n",
			"applicants.csv 第 3 行 tiers 列：填报了 2 个志愿，却给出 1 个优先级"},
		{"capacity not integer", "school_id,capacity\nS1,2\nS2,两\n", "applicant_id,choices,tiers\n",
			"schools.csv 第 3 行 capacity 列：学位数“两”不是非负整数"},
		{"negative capacity", "school_id,capacity\nS1,-1\n", "applicant_id,choices,tiers\n",
			"schools.csv 第 2 行 capacity 列：学位数“-1”不是非负整数"},
		{"duplicate applicant", schools, "applicant_id,choices,tiers\nA1,S1,1\nA2,S1,1\nA1,S2,1\n",
			"applicants.csv 第 4 行 applicant_id 列：申请人编号“A1”重复（与第 2 行相同）"},
		{"duplicate school", "school_id,capacity\nS1,2\nS1,1\n", "applicant_id,choices,tiers\n",
			"schools.csv 第 3 行 school_id 列：学校编号“S1”重复"},
		{"missing column", schools, "applicant_id,choices\nA1,S1\n",
			"applicants.csv 第 1 行 tiers 列：表头缺少 tiers 列（表头应为 applicant_id,choices,tiers）"},
		{"missing column schools", "school_id\nS1\n", "applicant_id,choices,tiers\n",
			"schools.csv 第 1 行 capacity 列：表头缺少 capacity 列（表头应为 school_id,capacity）"},
		{"tier not integer", schools, "applicant_id,choices,tiers\nA1,S1;S2,1;x\n",
			"applicants.csv 第 2 行 tiers 列：第 2 个优先级“x”不是整数"},
		{"school twice", schools, "applicant_id,choices,tiers\nA1,S1;S1,1;1\n",
			"applicants.csv 第 2 行 choices 列：学校“S1”被重复填报"},
		{"empty choice", schools, "applicant_id,choices,tiers\nA1,S1;;S2,1;1;1\n",
			"applicants.csv 第 2 行 choices 列：第 2 个志愿为空（志愿之间用一个分号分隔）"},
		{"field count", schools, "applicant_id,choices,tiers\nA1,S1\n",
			"applicants.csv 第 2 行：列数与表头不一致"},
		{"empty file", schools, "",
			"applicants.csv 第 1 行：文件为空，缺少表头（应为 applicant_id,choices,tiers）"},
		{"empty id", schools, "applicant_id,choices,tiers\n,S1,1\n",
			"applicants.csv 第 2 行 applicant_id 列：申请人编号为空"},
		{"space in id", schools, "applicant_id,choices,tiers\n\"A1 \",S1,1\n",
			"applicants.csv 第 2 行 applicant_id 列：申请人编号“A1 ”首尾含有空白字符"},
	}
	for _, c := range cases {
		_, err := readInstance(c.schools, c.applicants)
		var ie *InputError
		if !errors.As(err, &ie) || err.Error() != c.want {
			t.Errorf("%s: error %v, want %s", c.name, err, c.want)
		}
	}
}

func TestReadInstance_Accepts(t *testing.T) {
	in, err := readInstance(
		"\ufeffcapacity,school_id,note\n3,\"S,1\",x\n0,S2,\n",
		"tiers,applicant_id,choices\n\"-1;02\",A2,\"S,1;S2\"\n,A1,\n")
	if err != nil {
		t.Fatal(err)
	}
	if in.NumApplicants() != 2 || in.ApplicantID(0) != "A1" || in.NumChoices(0) != 0 || in.NumChoices(1) != 2 {
		t.Fatalf("instance %+v", in)
	}
	var b bytes.Buffer
	if err := in.WriteCanonicalCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "applicant_id,choices,tiers\nA1,,\nA2,\"S,1;S2\",-1;2\n"
	if b.String() != want {
		t.Fatalf("canonical list\n%q\nwant\n%q", b.String(), want)
	}
	if in.ListHash() != sha256Hex(want) {
		t.Fatal("list hash is not the SHA-256 of the canonical list")
	}
	b.Reset()
	in.WritePlanCSV(&b)
	if b.String() != "school_id,capacity\n\"S,1\",3\nS2,0\n" {
		t.Fatalf("plan %q", b.String())
	}
}

func TestVerify(t *testing.T) {
	in, err := readInstance("school_id,capacity\nS1,1\nS2,1\n",
		"applicant_id,choices,tiers\nA1,S1;S2,1;1\nA2,S1;S2,1;1\nA3,S1,1\n")
	if err != nil {
		t.Fatal(err)
	}
	r := mustAllocate(t, in, "42", DA)
	good := csvBytes(t, r)
	if d := Verify(r, good); d != nil {
		t.Fatalf("intact result: %v", d)
	}
	lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
	// Tamper: swap the school of two rows, drop one, add a stranger, CRLF.
	tampered := func(edit func([]string) []string) []byte {
		l := edit(append([]string(nil), lines...))
		return []byte(strings.Join(l, "\n") + "\n")
	}
	msgs := func(ds []Difference) string {
		var s []string
		for _, d := range ds {
			s = append(s, d.String())
		}
		return strings.Join(s, "\n")
	}
	f := strings.Split(lines[3], ",") // A3
	f[1], f[2] = "S1", "1"
	got := msgs(Verify(r, tampered(func(l []string) []string { l[3] = strings.Join(f, ","); return l })))
	if !strings.Contains(got, "第 4 行（申请人 A3）：school_id 应为") || !strings.Contains(got, "文件中为“S1”") {
		t.Errorf("changed school not reported:\n%s", got)
	}
	got = msgs(Verify(r, tampered(func(l []string) []string { return append(l[:2], l[3:]...) })))
	if !strings.Contains(got, "缺少申请人“A2”的记录") {
		t.Errorf("missing row not reported:\n%s", got)
	}
	got = msgs(Verify(r, tampered(func(l []string) []string { return append(l, "A9,S1,1,00") })))
	if !strings.Contains(got, "第 5 行：申请人“A9”不在申请名单中") {
		t.Errorf("extra row not reported:\n%s", got)
	}
	got = msgs(Verify(r, tampered(func(l []string) []string { l[1], l[2] = l[2], l[1]; return l })))
	if !strings.Contains(got, "顺序错误") {
		t.Errorf("order not reported:\n%s", got)
	}
	got = msgs(Verify(r, bytes.ReplaceAll(good, []byte("\n"), []byte("\r\n"))))
	if !strings.Contains(got, "字节与规范结果不同") {
		t.Errorf("CRLF not reported:\n%s", got)
	}
	got = msgs(Verify(r, nil))
	if !strings.Contains(got, "文件为空") {
		t.Errorf("empty file:\n%s", got)
	}
}
