package safety

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/db/dbtest"
	"github.com/edubureau/edubureau/internal/platform/httpapi"
	"github.com/edubureau/edubureau/internal/platform/workflow"
)

// byHeader authenticates the request as the principal named by its X-Test-User header.
type byHeader map[string]*access.Principal

func (b byHeader) Authenticate(r *http.Request) (*httpapi.Session, error) {
	p := b[r.Header.Get("X-Test-User")]
	if p == nil {
		return nil, nil
	}
	return &httpapi.Session{ID: "s", District: p.District, Stage: httpapi.StageDone, CSRF: "t", Principal: p}, nil
}

func upload(t *testing.T, srv *httptest.Server, user, path, name string, content []byte) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	_, _ = fw.Write(content)
	_ = w.Close()
	req, _ := http.NewRequest("POST", srv.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-Test-User", user)
	req.Header.Set("X-CSRF-Token", "t")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body
}

func TestEvidenceUploadAndDownloadOverHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		rt := httpapi.NewRouter(byHeader{"school": w.adminA, "other": w.adminB, "inspector": w.inspector}, nil, slog.New(slog.DiscardHandler))
		rt.MaxBody = 1 << 20
		w.s.Routes(rt)
		srv := httptest.NewServer(rt)
		defer srv.Close()
		h, err := w.s.Report(ctx, w.inspector, finding(w.schoolA))
		if err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/safety/hazards/" + fmtID(h.ID) + "/attachments"
		photo := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{1}, 100)...)

		if st, body := upload(t, srv, "school", path, "a.exe", []byte("MZ\x90\x00 program")); st != 400 || !strings.Contains(string(body), "不支持的文件格式") {
			t.Fatalf("an executable: %d %s", st, body)
		}
		old := workflow.MaxPhoto
		workflow.MaxPhoto = 64
		st, body := upload(t, srv, "school", path, "big.png", photo)
		workflow.MaxPhoto = old
		if st != 413 {
			t.Fatalf("an oversized photo: %d %s", st, body)
		}
		if st, body := upload(t, srv, "other", path, "a.png", photo); st != 404 {
			t.Fatalf("another school: %d %s", st, body)
		}
		st, body = upload(t, srv, "school", path, `..\..\整改后.png`, photo)
		if st != 201 {
			t.Fatalf("upload: %d %s", st, body)
		}
		var a workflow.Attachment
		_ = json.Unmarshal(body, &a)
		if a.Name != "整改后.png" || a.Kind != "photo" || a.Size != int64(len(photo)) {
			t.Fatalf("stored %+v", a)
		}

		get := func(user string) *http.Response {
			req, _ := http.NewRequest("GET", srv.URL+path+"/"+fmtID(a.ID), nil)
			req.Header.Set("X-Test-User", user)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		res := get("inspector")
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !bytes.Equal(got, photo) || res.Header.Get("Content-Type") != "image/png" ||
			res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline") {
			t.Fatalf("download: %d %v", res.StatusCode, res.Header)
		}
		if res := get("other"); res.StatusCode != 404 {
			t.Fatalf("another school's download: %d", res.StatusCode)
		}
	})
}
