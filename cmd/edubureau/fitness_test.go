package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const fitnessHeaderIn = "student_id,grade,sex,height_cm,weight_kg,vital_capacity_ml,run_50m_s,sit_and_reach_cm,rope_skip_1min,sit_up_1min,run_50x8_s,standing_long_jump_cm,pull_up,run_800m_s,run_1000m_s\n"
const fitnessHeaderOut = "student_id,bmi,bmi_score,vital_capacity_score,run_50m_score,sit_and_reach_score,rope_skip_1min_score,sit_up_1min_score,run_50x8_score,standing_long_jump_score,pull_up_score,run_800m_score,run_1000m_score,bonus,standard_score,total_score,rating\n"

// The expected rows were worked out by hand from the official tables (internal/fitness/data):
//
// S001 the README's worked example: 一年级男生 120 cm 23.04 kg → BMI 16.0 (正常 100), 肺活量 1350 → 80,
// 50米 10.5 → 85, 坐位体前屈 12.5 → 85, 跳绳 120 → 100 + ⌊(120−109)/2⌋ = 5;
// 标准分 = (100·15 + 80·15 + 85·20 + 85·30 + 100·20)/100 = 89.5, 学年总分 94.5, 优秀.
//
// S002 三年级女生 without 仰卧起坐: 缺测. 130 cm 26 kg → BMI 15.38 → 15.4 (正常 13.6–18.6) 100;
// 肺活量 1500 → 85; 50米 10.2 → 78; 坐位体前屈 15.0 → 85 (14.9); 跳绳 100 → 76 (95 ≤ 100 < 102).
// Its 1000米 value is for an item girls of grade 3 do not take: ignored with a warning.
//
// S003 初二男生: 165 cm 52 kg → BMI 19.10 → 19.1 (正常 15.7–22.5) 100; 肺活量 3700 → 90; 50米 8.0 → 78
// (8.1); 坐位体前屈 10.0 → 76 (9.0); 立定跳远 220 → 85 (218); 引体向上 16 → 100 and 2 over the 100-point
// 14 → bonus 2; 1000米 4'30" = 270 s → 74; 标准分 = (1500 + 1350 + 78·20 + 760 + 850 + 1000 + 74·20)/100
// = 85.0, 学年总分 87.0, 良好.
//
// S004 高二女生: 160 cm 61.5 kg → BMI 24.02 → 24.0 (超重 23.3–25.4) 80; 肺活量 3000 → 85; 50米 9.6 → 68
// (9.7); 坐位体前屈 12.85 → 72 (12.8); 仰卧起坐 30 → 66; 立定跳远 150 → 60 (149); 800米 4:35 = 275 s → 60
// (278); 标准分 = (1200 + 1275 + 1360 + 720 + 660 + 600 + 1200)/100 = 70.15 → 70.2 (half up), 及格.
const fitnessSampleIn = fitnessHeaderIn +
	"S001,1,M,120,23.04,1350,10.5,12.5,120,,,,,,\n" +
	"S002,3,F,130,26,1500,10.2,15.0,100,,,,,,300\n" +
	"S003,8,M,165,52,3700,8.0,10.0,,,,220,16,,\"4'30\"\"\"\n" +
	"S004,11,F,160,61.5,3000,9.6,12.85,,30,,150,,4:35,\n"

const fitnessSampleOut = fitnessHeaderOut +
	"S001,16.0,100,80,85,85,100,,,,,,,5,89.5,94.5,优秀\n" +
	"S002,15.4,100,85,78,85,76,,,,,,,,,,缺测\n" +
	"S003,19.1,100,90,78,76,,,,85,100,,74,2,85.0,87.0,良好\n" +
	"S004,24.0,80,85,68,72,,66,,60,,60,,0,70.2,70.2,及格\n"

func fitnessRun(t *testing.T, input string, extra ...string) (outPath, stdout, stderr string, err error) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "raw.csv")
	if err := os.WriteFile(in, []byte(input), 0o600); err != nil {
		t.Fatal(err)
	}
	outPath = filepath.Join(dir, "scored.csv")
	var o, e bytes.Buffer
	err = run(append([]string{"fitness", "score", "--in", in, "--out", outPath}, extra...), &o, &e)
	return outPath, o.String(), e.String(), err
}

func TestFitnessScore_ExactOutput(t *testing.T) {
	for _, line := range strings.Split(strings.TrimSuffix(fitnessSampleOut, "\n"), "\n") {
		if n := len(strings.Split(line, ",")); n != 17 {
			t.Fatalf("expected row has %d fields: %s", n, line)
		}
	}
	out, stdout, stderr, err := fitnessRun(t, fitnessSampleIn)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != fitnessSampleOut {
		t.Errorf("output:\n%s\nwant:\n%s", got, fitnessSampleOut)
	}
	if want := "已评分 4 名学生（缺测 1 名），结果已写入 " + out + "\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	if want := "注意：1 个单元格填写了该年级、性别不测的项目，已忽略，首个在第 3 行“run_1000m_s”列（三年级女生）\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 2 {
		t.Errorf("files left beside the output: %v", entries)
	}
}

func TestFitnessScore_MinuteDotSecondColumnsAndSpreadsheetInput(t *testing.T) {
	// The same students from a spreadsheet: byte-order mark, CRLF, 800 m written 4.35 in a column
	// declared 分.秒, 1000 m as 4:30 and spaces around values.
	in := "\ufeff" + strings.ReplaceAll(fitnessHeaderIn, "\n", "\r\n") +
		"S001,1,M,120,23.04,1350,10.5,12.5,120,,,,,,\r\n" +
		"S002, 3 ,F,130,26,1500,10.2,15.0,100,,,,,,\r\n" +
		"S003,8,M,165,52,3700,8.0,10.0,,,,220,16,,4:30\r\n" +
		"S004,11,F,160,61.5,3000,9.6, 12.85 ,,30,,150,,4.35,\r\n"
	out, _, stderr, err := fitnessRun(t, in, "--minsec", "run_800m_s,run_1000m_s")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	if string(got) != fitnessSampleOut {
		t.Errorf("output:\n%s\nwant:\n%s", got, fitnessSampleOut)
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestFitnessScore_BadInput(t *testing.T) {
	row := func(cells string) string {
		return fitnessHeaderIn + "S001,1,M,120,23.04,1350,10.5,12.5,120,,,,,,\n" + cells + "\n"
	}
	cases := []struct {
		name, input string
		extra       []string
		want        string
	}{
		{"not a number", row("S002,8,M,165,52,3700,abc,10.0,,,,220,16,,270"), nil,
			"第 3 行“run_50m_s”列：不是数字：abc"},
		{"bad time", row("S002,8,M,165,52,3700,8.0,10.0,,,,220,16,,4分半"), nil,
			"第 3 行“run_1000m_s”列：不是有效的时间：4分半（可写作秒数 215 或 215.5，或写作 3'35\"、3:35）"},
		{"minute.second read as seconds", row("S002,8,M,165,52,3700,8.0,10.0,,,,220,16,,4.30"), nil,
			"第 3 行“run_1000m_s”列：1000米跑超出合理范围（90～1800 秒）：4.3（若为“分.秒”写法，请写作 3'35\" 或使用 --minsec run_1000m_s）"},
		{"grade", row("S002,13,M,165,52,3700,8.0,10.0,,,,220,16,,270"), nil,
			"第 3 行“grade”列：年级须为 1～12 的整数：13"},
		{"sex", row("S002,8,X,165,52,3700,8.0,10.0,,,,220,16,,270"), nil,
			"第 3 行“sex”列：性别须为 M 或 F：X"},
		{"height in metres", row("S002,8,M,1.65,52,3700,8.0,10.0,,,,220,16,,270"), nil,
			"第 3 行“height_cm”列：身高超出合理范围（50～250 厘米）：1.65"},
		{"fractional count", row("S002,8,M,165,52,3700,8.0,10.0,,,,220,16.5,,270"), nil,
			"第 3 行“pull_up”列：引体向上须为整数：16.5"},
		{"empty id", row(",8,M,165,52,3700,8.0,10.0,,,,220,16,,270"), nil,
			"第 3 行“student_id”列：学生编号为空"},
		{"too few cells", row("S002,8,M,165,52"), nil,
			"第 3 行：列数与表头（15 列）不一致"},
		{"bad quote", row("S002,8,M,165,52,3700,8.0,10.0,,,,220,16,,4'30\""), nil,
			"第 3 行：CSV 格式错误：未加引号的单元格中含有英文双引号（整个单元格须用双引号括起，其中的双引号写两次）"},
		{"empty file", "", nil, "输入文件为空（缺少表头）"},
		{"missing and unknown column", strings.Replace(fitnessHeaderIn, "pull_up", "pullup", 1), nil,
			"第 1 行表头缺少列“pull_up”，有未知列“pullup”；表头须为：" + strings.TrimSuffix(fitnessHeaderIn, "\n")},
		{"extra column", strings.Replace(fitnessHeaderIn, "\n", ",class\n", 1), nil,
			"第 1 行表头有未知列“class”；表头须为：" + strings.TrimSuffix(fitnessHeaderIn, "\n")},
		{"duplicate column", strings.Replace(fitnessHeaderIn, "weight_kg", "height_cm", 1), nil,
			"第 1 行表头缺少列“weight_kg”，有重复列“height_cm”；表头须为：" + strings.TrimSuffix(fitnessHeaderIn, "\n")},
		{"column order", strings.Replace(fitnessHeaderIn, "grade,sex", "sex,grade", 1), nil,
			"第 1 行表头第 2 列应为“grade”，实为“sex”；表头须为：" + strings.TrimSuffix(fitnessHeaderIn, "\n")},
		{"minsec on 50 m", row("S002,8,M,165,52,3700,8.0,10.0,,,,220,16,,270"), []string{"--minsec", "run_50m_s"},
			"--minsec 只适用于 run_50x8_s、run_800m_s、run_1000m_s，不能用于“run_50m_s”"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "raw.csv")
			if err := os.WriteFile(in, []byte(c.input), 0o600); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "scored.csv")
			// an existing output stays untouched on failure
			if err := os.WriteFile(out, []byte("old\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			var o, e bytes.Buffer
			err := run(append([]string{"fitness", "score", "--in", in, "--out", out}, c.extra...), &o, &e)
			if err == nil || err.Error() != c.want {
				t.Fatalf("error:\n%v\nwant:\n%s", err, c.want)
			}
			if b, _ := os.ReadFile(out); string(b) != "old\n" {
				t.Errorf("output file changed: %q", b)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 2 {
				t.Errorf("partial files left behind: %v", entries)
			}
			if o.Len() != 0 {
				t.Errorf("stdout: %s", o.String())
			}
		})
	}
}

func TestFitnessScore_NoOutputFileOnError(t *testing.T) {
	out, _, _, err := fitnessRun(t, fitnessSampleIn+"S005,8,M,165,52,3700,abc,10.0,,,,220,16,,270\n")
	if err == nil || err.Error() != "第 6 行“run_50m_s”列：不是数字：abc" {
		t.Fatalf("error %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output file exists after an error: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
}

func TestFitnessCommand_Usage(t *testing.T) {
	var o, e bytes.Buffer
	if err := run([]string{"fitness"}, &o, &e); err == nil || !strings.Contains(err.Error(), "用法：edubureau fitness score") {
		t.Errorf("no subcommand: %v", err)
	}
	if err := run([]string{"fitness", "scores"}, &o, &e); err == nil || !strings.HasPrefix(err.Error(), "未知的 fitness 子命令 \"scores\"") {
		t.Errorf("unknown subcommand: %v", err)
	}
	if err := run([]string{"fitness", "score", "--in", "x.csv"}, &o, &e); err == nil || !strings.HasPrefix(err.Error(), "须指定 --in 与 --out") {
		t.Errorf("no --out: %v", err)
	}
	if err := run([]string{"fitness", "score", "--in", filepath.Join(t.TempDir(), "none.csv"), "--out", filepath.Join(t.TempDir(), "o.csv")}, &o, &e); err == nil ||
		!strings.HasPrefix(err.Error(), "无法打开输入文件") {
		t.Errorf("missing input: %v", err)
	}
	o.Reset()
	if err := run([]string{"help"}, &o, &e); err != nil || !strings.Contains(o.String(), "fitness score --in raw.csv --out scored.csv   按国家学生体质健康标准（2014）评分") {
		t.Errorf("help does not list the fitness command: %v\n%s", err, o.String())
	}
}

func TestFitnessScore_OutputIsValidCSVForEveryGrade(t *testing.T) {
	// every grade and sex with every column filled: the untested items are blank, the rest scored
	var b strings.Builder
	b.WriteString(fitnessHeaderIn)
	for g := 1; g <= 12; g++ {
		for _, sex := range []string{"M", "F"} {
			b.WriteString("X," + strconv.Itoa(g) + "," + sex + ",150,40,2500,9.0,10.0,120,30,110,180,5,230,250\n")
		}
	}
	out, stdout, _, err := fitnessRun(t, b.String())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout, "已评分 24 名学生（缺测 0 名）") {
		t.Errorf("stdout %s", stdout)
	}
	f, _ := os.Open(out)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 25 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	blank := func(rec []string) (n int) {
		for _, c := range rec[2:13] {
			if c == "" {
				n++
			}
		}
		return n
	}
	for i, rec := range recs[1:] {
		grade := i/2 + 1
		tested := 7 // grades 5–12
		switch {
		case grade <= 2:
			tested = 5
		case grade <= 4:
			tested = 6
		}
		want := 11 - tested
		if blank(rec) != want || rec[16] == "缺测" || rec[15] == "" {
			t.Errorf("grade %d %s: %v", grade, rec[0], rec)
		}
	}
}
