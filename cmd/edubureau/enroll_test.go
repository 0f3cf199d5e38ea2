package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The hand-checked example.
//
// Lottery keys for seed "20250701", SHA-256("20250701" ‖ 0x00 ‖ id), checked
// with `printf '20250701\0A1' | sha256sum`:
//
//	A1 f2e10962…  A2 b00df402…  A3 3b0390cb…  A4 436f20de…  A5 fdf933f2…  A6 00ae17c2…
//
// so the key order is A6 < A3 < A4 < A2 < A1 < A5.
//
// Each school's order is (tier there, key):
//
//	S1 (1 seat):  A1 (tier 0), then tier 1: A3, A4, A2
//	S2 (2 seats): tier 1: A3, A4, A1; then A6 (tier 2)
//	S3 (1 seat):  A6 (tier 0), then tier 1: A4, A2, A5
//
// DA, student-proposing:
//
//  1. A1,A2,A4 → S1: S1 keeps A1 (tier 0), rejects A2, A4.
//     A3,A6 → S2: both fit.  A5 → S3: fits.
//  2. A2 → S3: A2 outranks A5 → S3 keeps A2, rejects A5 (no more choices).
//     A4 → S2: order A3, A4, A6 → S2 keeps A3, A4, rejects A6.
//  3. A6 → S3 (tier 0): outranks A2 → S3 keeps A6, rejects A2 (no more choices).
//
// Result: A1 S1 (1st), A2 —, A3 S2 (1st), A4 S2 (2nd), A5 —, A6 S3 (2nd).
//
// Boston: round 1 by first choices: S1 takes A1 (of A1,A2,A4), S2 takes A3
// and A6, S3 takes A5; every school is then full, so rounds 2 and 3 place
// nobody. Result: A1 S1, A3 S2, A5 S3, A6 S2 (all 1st); A2, A4 —.
const (
	exampleSchools = "school_id,capacity\nS1,1\nS2,2\nS3,1\n"
	// Deliberately not in id order: registration order must not matter.
	exampleApplicants = "applicant_id,choices,tiers\n" +
		"A4,S1;S2;S3,1;1;1\n" +
		"A1,S1;S2,0;1\n" +
		"A6,S2;S3,2;0\n" +
		"A2,S1;S3,1;1\n" +
		"A5,S3,1\n" +
		"A3,S2;S1,1;1\n"
	// The canonical list whose hash is published before the seed exists.
	exampleCanonical = "applicant_id,choices,tiers\n" +
		"A1,S1;S2,0;1\n" +
		"A2,S1;S3,1;1\n" +
		"A3,S2;S1,1;1\n" +
		"A4,S1;S2;S3,1;1;1\n" +
		"A5,S3,1\n" +
		"A6,S2;S3,2;0\n"

	keyA1 = "f2e10962fe0291a7f1f290335b15ac2cc974995993e622d6d8e32596e75f6eb0"
	keyA2 = "b00df40225c8522449db4d661bbf0413cfe377e29c718ada8fed61c279ef704c"
	keyA3 = "3b0390cbdb38a067901dfe3e79de84f0a69029f24803c379fd2de041f54fc2f6"
	keyA4 = "436f20de5517818624ca3e6550e2c00c910b45597a4583365ac7565213daf4a9"
	keyA5 = "fdf933f22c180cdfaf7f4eaeeb6e88592f27cbd9e9b36983a3ef1f34cb7e86e7"
	keyA6 = "00ae17c212a79d30b12518bef10c03ae52050b825886a8ef2b64c5ef41edbbc8"

	wantDA = "applicant_id,school_id,choice_rank,lottery\n" +
		"A1,S1,1," + keyA1 + "\n" +
		"A2,,," + keyA2 + "\n" +
		"A3,S2,1," + keyA3 + "\n" +
		"A4,S2,2," + keyA4 + "\n" +
		"A5,,," + keyA5 + "\n" +
		"A6,S3,2," + keyA6 + "\n"
	wantBoston = "applicant_id,school_id,choice_rank,lottery\n" +
		"A1,S1,1," + keyA1 + "\n" +
		"A2,,," + keyA2 + "\n" +
		"A3,S2,1," + keyA3 + "\n" +
		"A4,,," + keyA4 + "\n" +
		"A5,S3,1," + keyA5 + "\n" +
		"A6,S2,1," + keyA6 + "\n"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func hexSHA(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestEnroll_AllocateExactAndVerify(t *testing.T) {
	dir := writeFiles(t, map[string]string{"schools.csv": exampleSchools, "applicants.csv": exampleApplicants})
	schools, applicants := filepath.Join(dir, "schools.csv"), filepath.Join(dir, "applicants.csv")
	for _, c := range []struct{ mechanism, want string }{{"da", wantDA}, {"boston", wantBoston}} {
		out := filepath.Join(dir, c.mechanism+".csv")
		stdout := runOK(t, "enroll", "allocate", "--schools", schools, "--applicants", applicants,
			"--seed", "20250701", "--mechanism", c.mechanism, "--out", out)
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want {
			t.Fatalf("%s result:\n%s\nwant\n%s", c.mechanism, got, c.want)
		}
		for _, line := range []string{
			"list_hash=" + hexSHA(exampleCanonical),
			"seed=20250701",
			"mechanism=" + c.mechanism,
			"result_hash=" + hexSHA(c.want),
			"plan_hash=" + hexSHA("school_id,capacity\nS1,1\nS2,2\nS3,1\n"),
		} {
			if !strings.Contains(stdout, line+"\n") {
				t.Errorf("%s: stdout lacks %q:\n%s", c.mechanism, line, stdout)
			}
		}

		// verify accepts the produced file, also with the published hashes.
		v := runOK(t, "enroll", "verify", "--schools", schools, "--applicants", applicants,
			"--seed", "20250701", "--mechanism", c.mechanism, "--result", out,
			"--list-hash", hexSHA(exampleCanonical), "--result-hash", hexSHA(c.want))
		if !strings.Contains(v, "复核通过") {
			t.Fatalf("verify: %s", v)
		}
	}

	// The default mechanism is da.
	out := filepath.Join(dir, "default.csv")
	runOK(t, "enroll", "allocate", "--schools", schools, "--applicants", applicants, "--seed", "20250701", "--out", out)
	if got, _ := os.ReadFile(out); string(got) != wantDA {
		t.Fatalf("default mechanism:\n%s", got)
	}
}

func TestEnroll_VerifyCatchesTampering(t *testing.T) {
	// A5 given S3 as first choice instead of nothing.
	tampered := strings.Replace(wantDA, "A5,,,", "A5,S3,1,", 1)
	dir := writeFiles(t, map[string]string{
		"schools.csv": exampleSchools, "applicants.csv": exampleApplicants,
		"tampered.csv": tampered, "good.csv": wantDA,
	})
	args := func(result, mechanism, seed string) []string {
		return []string{"enroll", "verify", "--schools", filepath.Join(dir, "schools.csv"),
			"--applicants", filepath.Join(dir, "applicants.csv"), "--seed", seed, "--mechanism", mechanism,
			"--result", filepath.Join(dir, result)}
	}
	var out, errOut bytes.Buffer
	err := run(args("tampered.csv", "da", "20250701"), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "复核未通过") {
		t.Fatalf("tampered file passed: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"第 6 行（申请人 A5）：school_id 应为“”，文件中为“S3”",
		"第 6 行（申请人 A5）：choice_rank 应为“”，文件中为“1”",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}

	// The right file under the wrong seed or mechanism fails too.
	for _, a := range [][]string{args("good.csv", "da", "20250702"), args("good.csv", "boston", "20250701")} {
		out.Reset()
		if err := run(a, &out, &errOut); err == nil {
			t.Errorf("%v passed:\n%s", a, out.String())
		}
	}
	// A wrong published list hash is reported.
	out.Reset()
	err = run(append(args("good.csv", "da", "20250701"), "--list-hash", strings.Repeat("0", 64)), &out, &errOut)
	if err == nil || !strings.Contains(out.String(), "申请名单哈希不一致") {
		t.Errorf("wrong list hash: %v\n%s", err, out.String())
	}
}

func TestEnroll_BadInput(t *testing.T) {
	cases := []struct {
		name, schools, applicants, want string
	}{
		{"unknown school", exampleSchools, "applicant_id,choices,tiers\nA1,S1;S9,1;1\n",
			"applicants.csv 第 2 行 choices 列：第 2 志愿的学校“S9”不在"},
		{"tier count", exampleSchools, "applicant_id,choices,tiers\nA1,S1;S2,1\n",
			"applicants.csv 第 2 行 tiers 列：填报了 2 个志愿，却给出 1 个优先级"},
		{"capacity", "school_id,capacity\nS1,1\nS2,二\n", exampleApplicants,
			"schools.csv 第 3 行 capacity 列：学位数“二”不是非负整数"},
		{"duplicate applicant", exampleSchools, exampleApplicants + "A3,S1,1\n",
			"applicants.csv 第 8 行 applicant_id 列：申请人编号“A3”重复（与第 7 行相同）"},
		{"missing column", exampleSchools, "applicant_id,tiers\nA1,1\n",
			"applicants.csv 第 1 行 choices 列：表头缺少 choices 列"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"schools.csv": c.schools, "applicants.csv": c.applicants, "old.csv": "keep me\n"})
			for _, out := range []string{"new.csv", "old.csv"} {
				var stdout, stderr bytes.Buffer
				err := run([]string{"enroll", "allocate", "--schools", filepath.Join(dir, "schools.csv"),
					"--applicants", filepath.Join(dir, "applicants.csv"), "--seed", "1", "--out", filepath.Join(dir, out)}, &stdout, &stderr)
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("error %v, want %q", err, c.want)
				}
				// The error names the file as given on the command line.
				if !strings.Contains(err.Error(), dir) {
					t.Errorf("error does not name the file's path: %v", err)
				}
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if strings.Join(names, " ") != "applicants.csv old.csv schools.csv" {
				t.Errorf("files left behind: %v", names)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "old.csv")); string(b) != "keep me\n" {
				t.Errorf("existing output replaced: %q", b)
			}
		})
	}
}

func TestEnroll_Usage(t *testing.T) {
	var out, errOut bytes.Buffer
	for _, args := range [][]string{
		{"enroll"},
		{"enroll", "draw"},
		{"enroll", "allocate", "--schools", "s.csv"},
		{"enroll", "allocate", "--schools", "s", "--applicants", "a", "--seed", "1", "--out", "o", "--mechanism", "random"},
		{"enroll", "allocate", "--schools", "s", "--applicants", "a", "--seed", " 1", "--out", "o"},
	} {
		if err := run(args, &out, &errOut); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	err := run([]string{"enroll", "allocate", "--schools", "s.csv"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "缺少参数 --applicants、--seed、--out") {
		t.Errorf("missing flags: %v", err)
	}
	if !strings.Contains(fullUsage(), "enroll allocate|verify") {
		t.Error("enroll missing from the help text")
	}
}
