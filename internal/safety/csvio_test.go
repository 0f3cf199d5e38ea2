package safety

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadCSVErrors(t *testing.T) {
	cases := []struct {
		name, data string
		read       string // targets, inspectors, conflicts
		want       string
		line       int
	}{
		{"empty file", "", "targets", "targets.csv 第 1 行：文件为空，第 1 行应为表头 target_id,name", 1},
		{"wrong header", "id,name\nA,甲\n", "targets", "targets.csv 第 1 行 target_id 列（第 1 列）：表头应为 target_id,name，第 1 列应为 target_id，实为“id”", 1},
		{"header too short", "inspector_id\n", "inspectors", "inspectors.csv 第 1 行 name 列（第 2 列）", 1},
		{"only header", "target_id,name\n", "targets", "targets.csv：除表头外没有任何数据行", 0},
		{"missing column", "target_id,name\nA,甲\nB\n", "targets", "targets.csv 第 3 行：有 1 列，与表头的 2 列不符", 3},
		{"empty id", "target_id,name\nA,甲\n,乙\n", "targets", "targets.csv 第 3 行 target_id 列（第 1 列）：检查对象编号为空", 3},
		{"padded id", "inspector_id,name\n DX01,甲\n", "inspectors", "inspectors.csv 第 2 行 inspector_id 列（第 1 列）：检查人员编号“ DX01”首尾有空白字符", 2},
		{"duplicate id", "target_id,name\nA,甲\nB,乙\nA,丙\n", "targets", "targets.csv 第 4 行 target_id 列（第 1 列）：编号 A 与第 2 行重复", 4},
		{"semicolon", "inspector_id,name\nDX;01,甲\n", "inspectors", "inspectors.csv 第 2 行 inspector_id 列（第 1 列）：检查人员编号“DX;01”含有分号", 2},
		{"conflict empty target", "inspector_id,target_id\nDX01,\n", "conflicts", "conflicts.csv 第 2 行 target_id 列（第 2 列）：检查对象编号为空", 2},
		{"GBK", "target_id,name\nA,\xc7\xe0\xcf\xaa\n", "targets", "targets.csv 第 2 行：不是 UTF-8 编码（可能是 GBK）", 2},
		{"bare quote", "target_id,name\nA,甲\nB,a\"b\n", "targets", "targets.csv 第 3 行：CSV 格式错误", 3},
		{"open quote", "target_id,name\nA,\"甲\n", "targets", "targets.csv 第 2 行：CSV 格式错误", 2},
	}
	for _, c := range cases {
		var err error
		file := c.read + ".csv"
		switch c.read {
		case "targets":
			_, err = ReadTargets(strings.NewReader(c.data), file)
		case "inspectors":
			_, err = ReadInspectors(strings.NewReader(c.data), file)
		case "conflicts":
			_, err = ReadConflicts(strings.NewReader(c.data), file)
		}
		var ce *CSVError
		if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), c.want) || ce.Line != c.line {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestReadCSVAccepts(t *testing.T) {
	// A BOM (Excel's CSV UTF-8), CRLF, extra columns, a quoted name spanning two lines, blank lines.
	data := "\xef\xbb\xbftarget_id,name,type\r\nA,\"甲,\n学校\",小学\r\n\r\nB,,幼儿园\r\n"
	ts, err := ReadTargets(strings.NewReader(data), "targets.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].ID != "A" || ts[0].Name != "甲,\n学校" || ts[1].ID != "B" || ts[1].Line != 5 {
		t.Fatalf("%+v", ts)
	}
	cs, err := ReadConflicts(strings.NewReader("inspector_id,target_id\n"), "conflicts.csv")
	if err != nil || len(cs) != 0 {
		t.Fatalf("header-only conflicts: %v %v", cs, err)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "draw.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return errors.New("boom")
	})
	if err == nil {
		t.Fatal("no error")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Fatalf("old content replaced by %q", b)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Fatalf("temporary file left: %v", es)
	}
	if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("content %q", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Fatalf("mode %v", st.Mode())
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "draw.csv"), func(io.Writer) error { return nil }); err == nil {
		t.Fatal("wrote into a missing directory")
	}
}
