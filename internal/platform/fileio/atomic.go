// Package fileio writes output files so that a reader sees either the old file or the whole new
// one: the CLIs' result files (scores, allocations, draws, indicator reports) go through it.
package fileio

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteAtomic writes path through a temporary file in the same directory: write fills it, then
// it is given perm, synced and renamed over path, and the directory is synced. An error from
// write is returned as it is and leaves path untouched; file-system errors name the path.
func WriteAtomic(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("无法写入 %s：%w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	for _, step := range []func() error{func() error { return f.Chmod(perm) }, f.Sync, f.Close, func() error { return os.Rename(tmp, path) }} {
		if err := step(); err != nil {
			return fmt.Errorf("无法写入 %s：%w", path, err)
		}
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // make the rename durable where the platform allows it
		d.Close()
	}
	return nil
}
