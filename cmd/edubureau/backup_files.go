package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// fileFolders are the folders of a data directory whose files belong with the database: the
// attachments of workflow items (hazard photos, rectification evidence). Job results and uploads
// awaiting import are transient and not kept.
var fileFolders = []string{"workflow"}

// filesBeside is where a backup keeps the data directory's files: "<backup>.files".
func filesBeside(backup string) string { return backup + ".files" }

// backupFiles copies the file folders of dataDir beside the backup and returns how many files it
// copied.
func backupFiles(dataDir, backup string) (int, error) {
	n := 0
	for _, f := range fileFolders {
		c, err := copyTree(filepath.Join(dataDir, f), filepath.Join(filesBeside(backup), f))
		if err != nil {
			return n, fmt.Errorf("备份附件目录 %s 失败: %w", f, err)
		}
		n += c
	}
	return n, nil
}

// restoreFiles copies the files kept beside a backup back into dataDir (replacing the folders) and
// returns how many it copied; a backup without files restores none.
func restoreFiles(backup, dataDir string) (int, error) {
	n := 0
	for _, f := range fileFolders {
		src := filepath.Join(filesBeside(backup), f)
		if _, err := os.Stat(src); os.IsNotExist(err) {
			continue
		}
		dst := filepath.Join(dataDir, f)
		tmp := dst + ".restore"
		os.RemoveAll(tmp)
		c, err := copyTree(src, tmp)
		if err != nil {
			os.RemoveAll(tmp)
			return n, fmt.Errorf("恢复附件目录 %s 失败: %w", f, err)
		}
		if err := os.RemoveAll(dst); err != nil {
			return n, err
		}
		if err := os.Rename(tmp, dst); err != nil {
			return n, err
		}
		n += c
	}
	return n, nil
}

// copyTree copies the regular files under src to dst (owner-only permissions); a missing src
// copies nothing.
func copyTree(src, dst string) (int, error) {
	if _, err := os.Stat(src); os.IsNotExist(err) {
		return 0, nil
	}
	n := 0
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		n++
		return copyFile(path, target)
	})
	return n, err
}
