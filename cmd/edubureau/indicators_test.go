package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const indBalanceHeader = "school_id,school_name,students,teachers_above_degree,backbone_teachers,pe_art_teachers,teaching_area_m2,sports_area_m2,equipment_value_yuan,multimedia_rooms\n"

// indWorkedExampleCSV is the published worked example (students 45/37/89/76/55, books
// 279/137/935/160/402) with the books ×1,000 as equipment value in 元; every other resource is
// proportional to students and above the thresholds, so that its CV is 0.
func indWorkedExampleCSV() string {
	students := []int{45, 37, 89, 76, 55}
	books := []int{279, 137, 935, 160, 402}
	var b strings.Builder
	b.WriteString(indBalanceHeader)
	for i, p := range students {
		f := float64(p)
		b.WriteString(strings.Join([]string{
			"S" + string(rune('1'+i)), "学校" + string(rune('甲'+i)), indItoa(p),
			indFtoa(f * 0.06), indFtoa(f * 0.011), indFtoa(f * 0.01), indFtoa(f * 6), indFtoa(f * 11), indItoa(books[i] * 1000), indFtoa(f * 0.025),
		}, ",") + "\n")
	}
	return b.String()
}

func indItoa(i int) string { return indFtoa(float64(i)) }

func indFtoa(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

func indWriteTemp(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "schools.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestIndicatorsBalance_JSON(t *testing.T) {
	in := indWriteTemp(t, indWorkedExampleCSV())
	var out, errOut bytes.Buffer
	if err := run([]string{"indicators", "balance", "--in", in, "--level", "primary", "--format", "json"}, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}

	// Exactly the documented keys, at every level.
	var raw map[string]any
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	indCheckKeys(t, "top", raw, "level", "indicators", "schools", "pass")
	for _, ind := range raw["indicators"].([]any) {
		m := ind.(map[string]any)
		indCheckKeys(t, "indicator", m, "id", "name", "threshold", "district_value", "cv", "cv_limit", "cv_pass", "schools")
		for _, s := range m["schools"].([]any) {
			indCheckKeys(t, "indicator school", s.(map[string]any), "school_id", "value", "met")
		}
	}
	for _, s := range raw["schools"].([]any) {
		indCheckKeys(t, "school", s.(map[string]any), "school_id", "met_count", "pass")
	}

	var doc struct {
		Level      string `json:"level"`
		Indicators []struct {
			ID            string   `json:"id"`
			Name          string   `json:"name"`
			Threshold     float64  `json:"threshold"`
			DistrictValue float64  `json:"district_value"`
			CV            *float64 `json:"cv"`
			CVLimit       float64  `json:"cv_limit"`
			CVPass        bool     `json:"cv_pass"`
			Schools       []struct {
				SchoolID string  `json:"school_id"`
				Value    float64 `json:"value"`
				Met      bool    `json:"met"`
			} `json:"schools"`
		} `json:"indicators"`
		Schools []struct {
			SchoolID string `json:"school_id"`
			MetCount int    `json:"met_count"`
			Pass     bool   `json:"pass"`
		} `json:"schools"`
		Pass bool `json:"pass"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Level != "primary" || len(doc.Indicators) != 7 || len(doc.Schools) != 5 {
		t.Fatalf("%+v", doc)
	}
	ids := []string{}
	for _, ind := range doc.Indicators {
		ids = append(ids, ind.ID)
		if ind.CVLimit != 0.5 || ind.CV == nil || len(ind.Schools) != 5 || ind.Schools[0].SchoolID != "S1" {
			t.Errorf("%s: %+v", ind.ID, ind)
		}
	}
	if !slices.Equal(ids, []string{"teachers_above_degree_per100", "backbone_per100", "pe_art_per100",
		"teaching_area_per_student", "sports_area_per_student", "equipment_per_student", "multimedia_rooms_per100"}) {
		t.Errorf("ids %v", ids)
	}
	eq := doc.Indicators[5]
	if eq.Name != "生均教学仪器设备值" || eq.Threshold != 2000 || math.Round(*eq.CV*1000)/1000 != 0.515 || eq.CVPass {
		t.Errorf("equipment: %+v cv %v", eq, *eq.CV)
	}
	if math.Abs(eq.DistrictValue-1913000.0/302) > 1e-9 || math.Abs(eq.Schools[0].Value-6200) > 1e-9 || !eq.Schools[3].Met {
		t.Errorf("equipment values: %v %+v", eq.DistrictValue, eq.Schools)
	}
	for _, ind := range doc.Indicators[:5] {
		if *ind.CV > 1e-12 || !ind.CVPass {
			t.Errorf("%s: cv %v", ind.ID, *ind.CV)
		}
	}
	if ta := doc.Indicators[0]; ta.Threshold != 4.2 || math.Abs(ta.DistrictValue-6) > 1e-9 {
		t.Errorf("teachers: %+v", ta)
	}
	for _, s := range doc.Schools {
		if s.MetCount != 7 || !s.Pass {
			t.Errorf("school %+v", s)
		}
	}
	if doc.Pass {
		t.Error("a CV of 0.515 > 0.50 must fail the district")
	}

	// Junior: thresholds and limit of the junior level.
	out.Reset()
	if err := run([]string{"indicators", "balance", "--in", in, "--level", "junior"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Level != "junior" || doc.Indicators[0].Threshold != 5.3 || doc.Indicators[5].CVLimit != 0.45 || doc.Pass {
		t.Errorf("junior %+v", doc.Indicators[0])
	}
}

func indCheckKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	got := make([]string, 0, len(m))
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(keys)
	if !slices.Equal(got, keys) {
		t.Errorf("%s keys %v, want %v", what, got, keys)
	}
}

func TestIndicatorsBalance_PassingDistrictAndCSV(t *testing.T) {
	in := indWriteTemp(t, indBalanceHeader+
		"A,第一小学,1000,42,10,9,4500,7500,2000000,23\n"+
		"B,第二小学,500,21,5,2,2250,3750,1000000,12\n") // B: 体艺 0.4 per 100 (44%): fails
	outFile := filepath.Join(t.TempDir(), "result.csv")
	var out, errOut bytes.Buffer
	if err := run([]string{"indicators", "balance", "--in", in, "--level", "primary", "--format", "csv", "--out", outFile}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("stdout with --out: %q", out.String())
	}
	f, err := os.Open(outFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+7*2 || strings.Join(rows[0], ",") !=
		"level,indicator_id,indicator_name,threshold,school_id,school_name,value,met,gap,gap_unit,met_count,school_pass,district_value,cv,cv_limit,cv_pass,district_pass" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	var pe []string
	for _, r := range rows[1:] {
		if r[1] == "pe_art_per100" && r[4] == "B" {
			pe = r
		}
	}
	// B has 2 of the 4.5 teachers it needs: 3 persons missing (rounded up).
	if pe == nil || pe[6] != "0.4" || pe[7] != "false" || pe[8] != "3" || pe[9] != "人" || pe[10] != "6" || pe[11] != "false" || pe[16] != "false" {
		t.Errorf("B pe_art row %v", pe)
	}
	if _, err := os.Stat(outFile + ".tmp"); !os.IsNotExist(err) {
		t.Error("temporary file left behind")
	}

	// Raise B's PE and art teachers to 5: every school passes, the district passes.
	in = indWriteTemp(t, indBalanceHeader+
		"A,第一小学,1000,42,10,9,4500,7500,2000000,23\n"+
		"B,第二小学,500,21,5,5,2250,3750,1000000,12\n")
	out.Reset()
	if err := run([]string{"indicators", "balance", "--in", in, "--level", "primary"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var doc struct{ Pass bool }
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || !doc.Pass {
		t.Errorf("pass %v %v\n%s", doc.Pass, err, out.String())
	}
}

func TestIndicatorsBalance_Errors(t *testing.T) {
	good := "A,第一小学,1000,42,10,9,4500,7500,2000000,23\n"
	cases := []struct {
		name string
		file string // CSV content; "" with args given means no file
		args []string
		want []string
	}{
		{"missing column", strings.Replace(indBalanceHeader, "pe_art_teachers,", "", 1) + "A,甲,1000,42,10,4500,7500,2000000,23\n", nil,
			[]string{"第 1 行", "缺少列 pe_art_teachers"}},
		{"non-numeric cell", indBalanceHeader + good + "B,乙,500,二十,5,5,2250,3750,1000000,12\n", nil,
			[]string{"第 3 行", "teachers_above_degree 列", "不是数字"}},
		{"zero students", indBalanceHeader + "B,乙,0,21,5,5,2250,3750,1000000,12\n", nil,
			[]string{"第 2 行", "students 列", "学生数为 0"}},
		{"negative number", indBalanceHeader + "B,乙,500,21,5,5,2250,-1,1000000,12\n", nil,
			[]string{"第 2 行", "sports_area_m2 列", "不能为负数"}},
		{"duplicate school_id", indBalanceHeader + good + good, nil,
			[]string{"第 3 行", "school_id 列", "与第 2 行重复"}},
		{"empty file", "", nil, []string{"文件为空"}},
		{"header only", indBalanceHeader, nil, []string{"没有学校数据"}},
		{"bad level", indBalanceHeader + good, []string{"--level", "senior"}, []string{"--level 须为 primary"}},
		{"bad format", indBalanceHeader + good, []string{"--level", "primary", "--format", "xlsx"}, []string{"--format 须为 json 或 csv"}},
		{"missing --in", "", []string{"--level", "primary"}, []string{"缺少 --in"}},
		{"missing file", "", []string{"--in", "/nonexistent/schools.csv", "--level", "primary"}, []string{"无法打开输入文件"}},
		{"unknown flag", indBalanceHeader + good, []string{"--level", "primary", "--colour"}, []string{"参数错误"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"indicators", "balance"}
			if c.args == nil {
				args = append(args, "--in", indWriteTemp(t, c.file), "--level", "primary")
			} else {
				if c.file != "" {
					args = append(args, "--in", indWriteTemp(t, c.file))
				}
				args = append(args, c.args...)
			}
			var out, errOut bytes.Buffer
			err := run(args, &out, &errOut)
			if err == nil {
				t.Fatalf("no error; output %s", out.String())
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not contain %q", err.Error(), w)
				}
			}
			if out.Len() != 0 {
				t.Errorf("output on error: %s", out.String())
			}
		})
	}
}

func TestIndicatorsCommand_UsageAndHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"indicators"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "indicators balance") {
		t.Errorf("no subcommand: %v", err)
	}
	if err := run([]string{"indicators", "nonsense"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "未知的 indicators 子命令") {
		t.Errorf("unknown subcommand: %v", err)
	}
	if err := run([]string{"indicators", "balance", "--help"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "school_id,school_name") {
		t.Errorf("help: %v", err)
	}
	out.Reset()
	if err := run([]string{"help"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "indicators balance --in schools.csv") {
		t.Errorf("module not listed in help: %v", err)
	}
}

// Bad input makes the process exit non-zero with the problem on stderr (the test binary stands in
// for edubureau: see TestMain).
func TestIndicatorsBalance_ExitStatus(t *testing.T) {
	in := indWriteTemp(t, indBalanceHeader+"B,乙,0,21,5,5,2250,3750,1000000,12\n")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "EDUBUREAU_TEST_CHILD="+strings.Join([]string{"indicators", "balance", "--in", in, "--level", "primary"}, "\x1f"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 {
		t.Fatalf("exit: %v", err)
	}
	if !strings.Contains(stderr.String(), "第 2 行 students 列") || stdout.Len() != 0 {
		t.Errorf("stdout %q stderr %q", stdout.String(), stderr.String())
	}
}
