package jobs

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
)

// SaveUpload keeps an uploaded file under the jobs directory (owner-only) until the job that
// imports it has read it, and returns its path; the name is random, prefixed by the module.
func (r *Runner) SaveUpload(prefix string, src io.Reader) (string, error) {
	dir := filepath.Join(r.dir, "uploads")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	path := filepath.Join(dir, prefix+hex.EncodeToString(b[:])+".xlsx")
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		os.Remove(path)
		return "", err
	}
	return path, out.Close()
}
