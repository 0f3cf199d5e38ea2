package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/jobs"
	"github.com/xuri/excelize/v2"
)

var studentHeader = []string{"学籍号", "姓名", "性别", "身份证号", "出生日期", "民族", "户籍（本地/外地）", "随迁子女（是/否）", "家庭住址",
	"年级", "班号", "学籍状态", "建档立卡", "低保", "特困", "残疾", "残疾类别", "留守儿童", "寄宿", "监护人姓名", "监护人关系", "监护人电话"}

// workbook writes a student sheet with a title row, the header, and rows.
func workbook(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"学生信息导入"})
	header := make([]any, len(studentHeader))
	for i, h := range studentHeader {
		header[i] = h
	}
	_ = f.SetSheetRow("Sheet1", "A2", &header)
	for i, r := range rows {
		_ = f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+3), &r)
	}
	path := filepath.Join(t.TempDir(), "学生.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func studentRow(name, idn string) []any {
	return []any{"G" + idn, name, "", idn, "", "汉族", "本地", "否", "青溪区人民路9号", "三年级", "2", "在读", "否", "否", "否", "否", "", "否", "否",
		"王大海", "父亲", "139 1234 5678"}
}

// upload posts a file to the import endpoint and waits for the job to end.
func (c *client) upload(t *testing.T, path, query string) jobs.Job {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", filepath.Base(path))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(b)
	_ = w.Close()
	req, _ := http.NewRequest("POST", c.f.srv.URL+"/api/v1/registry/imports/students"+query, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.AddCookie(c.cookie)
	req.Header.Set("X-CSRF-Token", c.csrf)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 202 {
		t.Fatalf("upload: %d %s", res.StatusCode, body)
	}
	var j jobs.Job
	_ = json.Unmarshal(body, &j)
	return c.waitJob(t, j.ID)
}

func (c *client) waitJob(t *testing.T, id int64) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, body := c.do("GET", fmt.Sprintf("/api/v1/jobs/%d", id), nil)
		var j jobs.Job
		_ = json.Unmarshal(body, &j)
		if j.Status == jobs.Succeeded || j.Status == jobs.Failed {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d did not end: %s", id, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Import → error workbook → fix → import: the first file commits nothing and yields a workbook
// naming the row and column; the corrected file imports.
func TestImport_ErrorWorkbookRoundTrip(t *testing.T) {
	f := newFixture(t, "")
	sa := f.as(access.SchoolAdmin)
	good := nextIDNumber(time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC))
	fixed := nextIDNumber(time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC))
	bad := fixed[:17] + map[bool]string{true: "1", false: "0"}[fixed[17] == '0']
	before := f.count(`SELECT COUNT(*) FROM students`)
	j := sa.upload(t, workbook(t, [][]any{studentRow("王海洋", good), studentRow("王海波", bad)}), "")
	if j.Status != jobs.Failed || !strings.Contains(j.Error, "未导入任何数据") || j.ResultName == "" {
		t.Fatalf("bad file: %+v", j)
	}
	if f.count(`SELECT COUNT(*) FROM students`) != before {
		t.Fatal("a file with an error committed rows")
	}
	status, book := sa.do("GET", fmt.Sprintf("/api/v1/jobs/%d/result", j.ID), nil)
	if status != 200 {
		t.Fatalf("error workbook: %d", status)
	}
	path := filepath.Join(t.TempDir(), "errors.xlsx")
	_ = os.WriteFile(path, book, 0o600)
	wb, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows(wb.GetSheetName(0))
	if len(rows) != 4 || len(rows[3]) != len(studentHeader)+1 {
		t.Fatalf("error workbook rows: %v", rows)
	}
	if last := rows[3][len(studentHeader)]; !strings.Contains(last, "D 列（身份证号）") || !strings.Contains(last, "校验位") {
		t.Fatalf("error column of row 4: %q", last)
	}
	if len(rows[2]) > len(studentHeader) && rows[2][len(studentHeader)] != "" {
		t.Fatalf("the valid row 3 carries an error: %v", rows[2])
	}
	j = sa.upload(t, workbook(t, [][]any{studentRow("王海洋", good), studentRow("王海波", fixed)}), "")
	if j.Status != jobs.Succeeded || !strings.Contains(j.Message, "新增 2 条") {
		t.Fatalf("fixed file: %+v", j)
	}
	_, body := sa.do("GET", "/api/v1/students?q=王海", nil)
	if p := decodePage(t, body); p.Total != 2 || p.Items[0]["class_name"] != "三年级（2）班" {
		t.Fatalf("imported students: %s", body)
	}
	// The same file again: strict mode refuses existing students; update mode updates them.
	again := workbook(t, [][]any{studentRow("王海洋", good), studentRow("王海波", fixed)})
	if j := sa.upload(t, again, ""); j.Status != jobs.Failed || !strings.Contains(j.Error, "已存在") {
		t.Fatalf("strict re-import: %+v", j)
	}
	if j := sa.upload(t, again, "?mode=upsert"); j.Status != jobs.Succeeded || !strings.Contains(j.Message, "更新 2 条") {
		t.Fatalf("upsert re-import: %+v", j)
	}
}

// The traps Excel users hit get a precise message naming the cell, and nothing is committed.
func TestImport_TrapsNameTheCell(t *testing.T) {
	f := newFixture(t, "")
	sa := f.as(access.SchoolAdmin)
	idn := nextIDNumber(time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC))
	sci := studentRow("李小龙", idn)
	sci[3] = "1.10105E+17" // how Excel stores an 18-digit number typed into a General cell
	full := studentRow("李小虎", idn)
	full[3] = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, idn) // full-width digits are normalised, not refused
	cases := []struct {
		name string
		rows [][]any
		want string
	}{
		{"scientific notation", [][]any{sci}, "科学计数法"},
		{"unknown grade", [][]any{append(append([]any{}, studentRow("李小凤", idn)[:9]...), append([]any{"十三年级"}, studentRow("李小凤", idn)[10:]...)...)}, "年级"},
	}
	before := f.count(`SELECT COUNT(*) FROM students`)
	for _, c := range cases {
		j := sa.upload(t, workbook(t, c.rows), "")
		if j.Status != jobs.Failed || !strings.Contains(j.Error, c.want) || !strings.Contains(j.Error, "第 3 行") {
			t.Errorf("%s: %+v", c.name, j)
		}
	}
	if f.count(`SELECT COUNT(*) FROM students`) != before {
		t.Fatal("a trap committed rows")
	}
	if j := sa.upload(t, workbook(t, [][]any{full}), ""); j.Status != jobs.Succeeded {
		t.Fatalf("full-width digits: %+v", j)
	}
	dir := t.TempDir()
	good, _ := os.ReadFile(workbook(t, [][]any{studentRow("李小明", nextIDNumber(time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC)))}))
	files := []struct {
		name    string
		content []byte
		want    string
	}{
		{"old .xls renamed", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 600)...), ".xls"},
		{"truncated .xlsx", good[:len(good)/2], "损坏"},
		{"CSV renamed", []byte("学籍号,姓名\nG1,张三\n"), "CSV"},
		{"empty file", nil, "空"},
	}
	for _, fc := range files {
		path := filepath.Join(dir, fc.name+".xlsx")
		_ = os.WriteFile(path, fc.content, 0o600)
		if j := sa.upload(t, path, ""); j.Status != jobs.Failed || !strings.Contains(j.Error, fc.want) {
			t.Errorf("%s: %+v", fc.name, j)
		}
	}
	if f.count(`SELECT COUNT(*) FROM students`) != before+1 {
		t.Fatal("an unreadable file committed rows")
	}
}

// An import long enough to report progress from inside its write transaction completes (progress
// is kept in memory: on SQLite a progress write would wait for the transaction forever).
func TestImport_ReportsProgressInsideItsTransaction(t *testing.T) {
	f := newFixture(t, "")
	sa := f.as(access.SchoolAdmin)
	var rows [][]any
	for i := 0; i < 2000; i++ {
		rows = append(rows, studentRow("赵明", nextIDNumber(time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC))))
	}
	done := make(chan jobs.Job, 1)
	go func() { done <- sa.upload(t, workbook(t, rows), "") }()
	select {
	case j := <-done:
		if j.Status != jobs.Succeeded || !strings.Contains(j.Message, "新增 2000 条") {
			t.Fatalf("import: %+v", j)
		}
	case <-time.After(90 * time.Second):
		t.Fatal("the import did not finish: progress reporting blocks on the write transaction")
	}
}
