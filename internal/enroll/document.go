package enroll

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// MaxDocumentSize is the largest document a parent may upload.
const MaxDocumentSize = 5 << 20

// Document is an uploaded proof (证明材料); its content is stored encrypted.
type Document struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	KindName  string `json:"kind_name"`
	Filename  string `json:"filename"`
	Mime      string `json:"mime"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	CreatedAt int64  `json:"created_at"`
}

var allowedMime = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

// SniffDocument checks an upload by its content, not its name: PDF, JPEG or PNG up to 5 MB.
func SniffDocument(content []byte) (string, error) {
	if len(content) == 0 {
		return "", errs.Field("file", "文件为空")
	}
	if len(content) > MaxDocumentSize {
		return "", errs.Field("file", "文件不能超过 5 MB")
	}
	mime := http.DetectContentType(content)
	if _, ok := allowedMime[mime]; !ok || (mime == "application/pdf" && !bytes.HasPrefix(content, []byte("%PDF-"))) {
		return "", errs.Field("file", "只接受 PDF、JPG 或 PNG 格式的文件")
	}
	return mime, nil
}

func cleanFilename(name, mime string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	if !utf8.ValidString(name) || name == "" || name == "." {
		name = "材料"
	}
	if r := []rune(name); len(r) > 60 {
		name = string(r[:60])
	}
	if ext := allowedMime[mime]; !strings.HasSuffix(strings.ToLower(name), ext) && !(ext == ".jpg" && strings.HasSuffix(strings.ToLower(name), ".jpeg")) {
		name += ext
	}
	return name
}

// AddDocument stores a document on a parent's own application while it can still be edited.
func (s *Service) AddDocument(ctx context.Context, p *access.Principal, appID int64, kind, filename string, content []byte) (Document, error) {
	r, err := s.ownApplication(ctx, p, appID)
	if err != nil {
		return Document{}, err
	}
	if _, ok := DocKinds[kind]; !ok {
		return Document{}, errs.Field("kind", "材料类型不正确")
	}
	if r.Status != AppSubmitted && r.Status != AppReturned {
		return Document{}, errs.E(errs.Conflict, "申请已%s，不能再上传材料", AppStatusNames[r.Status])
	}
	c, err := s.cachedCampaign(ctx, p.District, r.CampaignID)
	if err != nil {
		return Document{}, err
	}
	if err := s.inWindow(c, r.Status); err != nil {
		return Document{}, err
	}
	mime, err := SniffDocument(content)
	if err != nil {
		return Document{}, err
	}
	sum := sha256.Sum256(content)
	enc, err := s.Keys.Seal(base64.StdEncoding.EncodeToString(content), ctxDocument)
	if err != nil {
		return Document{}, err
	}
	d := Document{ID: db.NewID(), Kind: kind, KindName: DocKinds[kind], Filename: cleanFilename(filename, mime), Mime: mime,
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), CreatedAt: db.Now()}
	err = s.DB.Tx(ctx, func(q db.Querier) error {
		if _, err := q.Exec(ctx, `INSERT INTO enroll_documents (district_code, id, application_id, kind, filename, mime, size, sha256,
content_enc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.District, d.ID, appID, d.Kind, d.Filename, d.Mime, d.Size, d.SHA256,
			enc, d.CreatedAt); err != nil {
			return err
		}
		return s.Audit.Append(ctx, q, p.District, audit1(p, ipOf(ctx), "enroll.document.upload", appID, d.KindName+"："+d.Filename))
	})
	return d, err
}

func (s *Service) documents(ctx context.Context, district string, appID int64) ([]Document, error) {
	rows, err := s.DB.Read().Query(ctx, `SELECT id, kind, filename, mime, size, sha256, created_at FROM enroll_documents
WHERE district_code = ? AND application_id = ? ORDER BY id`, district, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Document{}
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.ID, &d.Kind, &d.Filename, &d.Mime, &d.Size, &d.SHA256, &d.CreatedAt); err != nil {
			return nil, err
		}
		d.KindName = DocKinds[d.Kind]
		out = append(out, d)
	}
	return out, rows.Err()
}

// DocumentContent returns a document's file to its family or to a reviewer of its application
// (audited).
func (s *Service) DocumentContent(ctx context.Context, a Actor, id int64) (Document, []byte, error) {
	perm := access.EnrollRead
	if a.P != nil && a.P.Role == access.Parent {
		perm = access.Portal
	}
	if err := access.Require(a.P, perm); err != nil {
		return Document{}, nil, err
	}
	var appID int64
	var enc string
	var d Document
	err := s.DB.Read().QueryRow(ctx, `SELECT id, application_id, kind, filename, mime, size, sha256, created_at, content_enc
FROM enroll_documents WHERE district_code = ? AND id = ?`, a.P.District, id).Scan(&d.ID, &appID, &d.Kind, &d.Filename, &d.Mime, &d.Size,
		&d.SHA256, &d.CreatedAt, &enc)
	if db.IsNoRows(err) {
		return d, nil, errs.NotFoundf("材料")
	}
	if err != nil {
		return d, nil, err
	}
	r, err := s.loadApplication(ctx, s.DB.Read(), a.P.District, appID)
	if err != nil {
		return d, nil, err
	}
	if err := access.Decide(a.P, perm, r.Object(), "材料"); err != nil {
		return d, nil, err
	}
	raw, err := s.Keys.Open(enc, ctxDocument)
	if err != nil {
		return d, nil, err
	}
	content, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		return d, nil, err
	}
	if err := s.Audit.Record(ctx, a.P.District, a.entry("enroll.document.view", "enroll_application", appID, DocKinds[d.Kind]+"："+d.Filename)); err != nil {
		return d, nil, err
	}
	return d, content, nil
}
