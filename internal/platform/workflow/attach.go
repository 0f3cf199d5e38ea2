package workflow

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/edubureau/edubureau/internal/platform/access"
	"github.com/edubureau/edubureau/internal/platform/audit"
	"github.com/edubureau/edubureau/internal/platform/db"
	"github.com/edubureau/edubureau/internal/platform/errs"
)

// Size limits of attachments.
var (
	MaxPhoto int64 = 10 << 20 // JPEG, PNG, WebP
	MaxFile  int64 = 20 << 20 // PDF, Word (.docx), Excel (.xlsx)
)

// Accepted lists the accepted attachment formats, for messages and the UI.
const Accepted = "照片（JPG、PNG、WebP，≤10 MB）或文件（PDF、Word .docx、Excel .xlsx，≤20 MB）"

// sniff decides an attachment's kind, MIME type and stored extension from its first bytes and
// its name; an unaccepted format is an error naming what is accepted.
func sniff(head []byte, name string) (kind, mime, ext string, err error) {
	ct := http.DetectContentType(head)
	lower := strings.ToLower(name)
	switch {
	case ct == "image/jpeg":
		return "photo", ct, ".jpg", nil
	case ct == "image/png":
		return "photo", ct, ".png", nil
	case ct == "image/webp":
		return "photo", ct, ".webp", nil
	case ct == "application/pdf":
		return "file", ct, ".pdf", nil
	case ct == "application/zip" && strings.HasSuffix(lower, ".docx"):
		return "file", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", nil
	case ct == "application/zip" && strings.HasSuffix(lower, ".xlsx"):
		return "file", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", nil
	}
	return "", "", "", errs.Field("file", "不支持的文件格式，请上传"+Accepted)
}

// cleanName keeps a display name without path or control characters.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 100 {
		name = string(r[len(r)-100:])
	}
	if name == "" || name == "." {
		name = "附件"
	}
	return name
}

// Attach stores a photo or document for an item: the caller may comment on it (permission and
// scope); the format is recognised from the content (not the name alone) and the size limited;
// the file is written 0600 under Dir/<district>/<item>/ with a random name, then recorded with its
// SHA-256 in the history and the audit log. On any error nothing is kept.
func (e *Engine) Attach(ctx context.Context, p *access.Principal, ip, typ string, id int64, name string, r io.Reader, what string) (Attachment, error) {
	// The upload is read and written to disk before the (short) write transaction, so a slow
	// client never holds the database's writer.
	f, err := e.store(ctx, e.DB.Read(), p, typ, id, name, r, what)
	if err != nil {
		return Attachment{}, err
	}
	err = e.DB.Tx(ctx, func(q db.Querier) error { return e.record(ctx, q, p, ip, f) })
	if err != nil {
		os.Remove(f.a.path)
		return Attachment{}, err
	}
	return f.a, nil
}

// stored is a file written to disk, not yet recorded.
type stored struct {
	a   Attachment
	it  Item
	t   *Type
	rel string
}

// AttachTx is Attach inside the caller's transaction, for generators and imports with the bytes
// at hand (a caller that rolls back later leaves an unreferenced file behind, which is harmless).
func (e *Engine) AttachTx(ctx context.Context, q db.Querier, p *access.Principal, ip, typ string, id int64, name string, r io.Reader, what string) (Attachment, error) {
	f, err := e.store(ctx, q, p, typ, id, name, r, what)
	if err != nil {
		return Attachment{}, err
	}
	if err := e.record(ctx, q, p, ip, f); err != nil {
		os.Remove(f.a.path)
		return Attachment{}, err
	}
	return f.a, nil
}

// store checks the caller and the file and writes it to disk.
func (e *Engine) store(ctx context.Context, q db.Querier, p *access.Principal, typ string, id int64, name string, r io.Reader, what string) (stored, error) {
	it, t, err := e.Load(ctx, q, p, typ, id, what)
	if err != nil {
		return stored{}, err
	}
	if err := access.Decide(p, t.CommentPerm, it.Object(), what); err != nil {
		return stored{}, err
	}
	if it.Final {
		return stored{}, errs.E(errs.Conflict, "%s已办结，不能再上传附件", what)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return stored{}, err
	}
	head = head[:n]
	if n == 0 {
		return stored{}, errs.Field("file", "文件是空的")
	}
	kind, mime, ext, err := sniff(head, name)
	if err != nil {
		return stored{}, err
	}
	limit := MaxFile
	if kind == "photo" {
		limit = MaxPhoto
	}
	var rnd [12]byte
	_, _ = rand.Read(rnd[:])
	rel := filepath.Join(it.district, fmt.Sprint(it.ID), hex.EncodeToString(rnd[:])+ext)
	path := filepath.Join(e.Dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return stored{}, err
	}
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return stored{}, err
	}
	keep := false
	defer func() {
		if !keep {
			os.Remove(path)
		}
	}()
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(out, h), io.LimitReader(io.MultiReader(bytes.NewReader(head), r), limit+1))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return stored{}, err
	}
	if size > limit {
		return stored{}, errs.E(errs.TooLarge, "文件过大（%s不超过 %d MB）", map[string]string{"photo": "照片", "file": "文件"}[kind], limit>>20)
	}
	a := Attachment{ID: db.NewID(), ItemID: it.ID, Kind: kind, Name: cleanName(name), MIME: mime, Size: size,
		SHA256: hex.EncodeToString(h.Sum(nil)), CreatedBy: p.UserID, CreatedAt: e.now().UnixMilli(), path: path}
	keep = true
	return stored{a: a, it: it, t: t, rel: rel}, nil
}

// record inserts a stored file's row, history event and audit entry.
func (e *Engine) record(ctx context.Context, q db.Querier, p *access.Principal, ip string, f stored) error {
	a, it, t, rel := f.a, f.it, f.t, f.rel
	if _, err := q.Exec(ctx, `INSERT INTO wf_attachments (district_code, id, item_id, kind, name, mime, size, sha256, path,
created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, it.district, a.ID, a.ItemID, a.Kind, a.Name, a.MIME, a.Size,
		a.SHA256, rel, a.CreatedBy, a.CreatedAt); err != nil {
		return err
	}
	if err := e.event(ctx, q, p, it, "attach", "", "", a.Name, a.CreatedAt); err != nil {
		return err
	}
	return e.Audit.Append(ctx, q, it.district, audit.By(p, ip, "workflow.attach", t.Code, fmt.Sprint(it.ID),
		fmt.Sprintf("上传附件 %s（%d 字节，SHA-256 %s）", a.Name, a.Size, a.SHA256[:16])))
}

// Attachments lists an item's attachments (the caller has loaded the item).
func (e *Engine) Attachments(ctx context.Context, q db.Querier, it Item) ([]Attachment, error) {
	rows, err := q.Query(ctx, `SELECT id, item_id, kind, name, mime, size, sha256, path, created_by, created_at FROM wf_attachments
WHERE district_code = ? AND item_id = ? ORDER BY created_at, id`, it.district, it.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Attachment{}
	for rows.Next() {
		var a Attachment
		var rel string
		if err := rows.Scan(&a.ID, &a.ItemID, &a.Kind, &a.Name, &a.MIME, &a.Size, &a.SHA256, &rel, &a.CreatedBy, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.path = filepath.Join(e.Dir, rel)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attachment finds one attachment of an item the caller has loaded.
func (e *Engine) Attachment(ctx context.Context, q db.Querier, it Item, aid int64) (Attachment, error) {
	all, err := e.Attachments(ctx, q, it)
	if err != nil {
		return Attachment{}, err
	}
	for _, a := range all {
		if a.ID == aid {
			return a, nil
		}
	}
	return Attachment{}, errs.NotFoundf("附件")
}
