package pii

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// unsetMasterKeyEnv removes MasterKeyEnv for the duration of the test.
func unsetMasterKeyEnv(t *testing.T) {
	t.Helper()
	t.Setenv(MasterKeyEnv, "")
	os.Unsetenv(MasterKeyEnv)
}

func testKeyring(t testing.TB, fill byte) *Keyring {
	t.Helper()
	k, err := NewKeyring(bytes.Repeat([]byte{fill}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestNewKeyring(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := NewKeyring(make([]byte, n)); err == nil {
			t.Errorf("NewKeyring accepted a %d-byte key", n)
		}
	}

	k := testKeyring(t, 0)
	// Known answers pin the derivation: changing an info string would make
	// every stored value unreadable.
	if got, want := hex.EncodeToString(k.AuditKey()), "9cb6320b1964658a981192a1432e103f456f150d289874080698b62cf77ea633"; got != want {
		t.Errorf("AuditKey = %s, want %s", got, want)
	}
	if got, want := hex.EncodeToString(k.TokenKey()), "d43bc17e322812a33c46d241183cc6ab98898813ce718bd1a7def3a9d82f73bc"; got != want {
		t.Errorf("TokenKey = %s, want %s", got, want)
	}

	keys := [][]byte{k.AuditKey(), k.TokenKey(), k.blind, make([]byte, KeySize)}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if bytes.Equal(keys[i], keys[j]) {
				t.Errorf("subkeys %d and %d are equal", i, j)
			}
		}
	}

	a := k.AuditKey()
	a[0] ^= 0xff
	if bytes.Equal(a, k.AuditKey()) {
		t.Error("AuditKey returned the internal slice")
	}
}

func TestLoadKeyringCreatesAndReuses(t *testing.T) {
	unsetMasterKeyEnv(t)
	dir := t.TempDir()
	k1, err := LoadKeyring(dir)
	if err != nil {
		t.Fatal(err)
	}
	keyDir := filepath.Join(dir, "keys")
	info, err := os.Stat(filepath.Join(keyDir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 || info.Size() != KeySize {
		t.Errorf("master.key mode %04o size %d, want 0600 and %d", info.Mode().Perm(), info.Size(), KeySize)
	}
	if info, err := os.Stat(keyDir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("keys directory: %v, %v; want mode 0700", info.Mode(), err)
	}

	k2, err := LoadKeyring(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k1.AuditKey(), k2.AuditKey()) {
		t.Error("second load derived different keys")
	}
	sealed, err := k1.Seal("13800000000", "users.phone")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := k2.Open(sealed, "users.phone"); err != nil || got != "13800000000" {
		t.Errorf("reloaded keyring Open = %q, %v", got, err)
	}

	entries, err := os.ReadDir(keyDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("keys directory holds %d entries, want only master.key", len(entries))
	}
}

func TestLoadKeyringEnv(t *testing.T) {
	master := make([]byte, KeySize)
	rand.Read(master)
	want, err := NewKeyring(master)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, v := range []string{
		base64.StdEncoding.EncodeToString(master),
		" " + base64.StdEncoding.EncodeToString(master) + "\n",
	} {
		t.Setenv(MasterKeyEnv, v)
		k, err := LoadKeyring(dir)
		if err != nil {
			t.Fatalf("LoadKeyring with %s=%q: %v", MasterKeyEnv, v, err)
		}
		if !bytes.Equal(k.AuditKey(), want.AuditKey()) || !bytes.Equal(k.TokenKey(), want.TokenKey()) {
			t.Error("environment key derived different subkeys")
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "keys")); !os.IsNotExist(err) {
		t.Errorf("key directory created although %s is set: %v", MasterKeyEnv, err)
	}
}

func TestLoadKeyringBadEnv(t *testing.T) {
	dir := t.TempDir()
	for name, v := range map[string]string{
		"empty":           "",
		"not base64":      "这不是密钥",
		"16 bytes":        base64.StdEncoding.EncodeToString(make([]byte, 16)),
		"33 bytes":        base64.StdEncoding.EncodeToString(make([]byte, 33)),
		"unpadded base64": base64.RawStdEncoding.EncodeToString(make([]byte, KeySize)),
		"hex":             hex.EncodeToString(make([]byte, KeySize)),
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(MasterKeyEnv, v)
			k, err := LoadKeyring(dir)
			if err == nil {
				t.Fatalf("LoadKeyring accepted %s=%q: %v", MasterKeyEnv, v, k)
			}
			if !strings.Contains(err.Error(), MasterKeyEnv) || !strings.Contains(err.Error(), "base64") {
				t.Errorf("error %q does not name %s and base64", err, MasterKeyEnv)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "keys")); !os.IsNotExist(err) {
		t.Errorf("bad environment key fell back to a key file: %v", err)
	}
}

// writeKeyFile writes data as dir/keys/master.key with the given mode.
func writeKeyFile(t *testing.T, data []byte, mode os.FileMode) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "keys", "master.key")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadKeyringFilePermissions(t *testing.T) {
	unsetMasterKeyEnv(t)
	key := bytes.Repeat([]byte{7}, KeySize)
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660, 0o700, 0o666} {
		dir := writeKeyFile(t, key, mode)
		_, err := LoadKeyring(dir)
		if err == nil {
			t.Errorf("key file with mode %04o accepted", mode)
			continue
		}
		if !strings.Contains(err.Error(), "权限过宽") || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("mode %04o: unclear error %q", mode, err)
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		k, err := LoadKeyring(writeKeyFile(t, key, mode))
		if err != nil {
			t.Errorf("key file with mode %04o refused: %v", mode, err)
			continue
		}
		if want := testKeyring(t, 7); !bytes.Equal(k.AuditKey(), want.AuditKey()) {
			t.Errorf("mode %04o: key file not used", mode)
		}
	}
}

func TestLoadKeyringFileLength(t *testing.T) {
	unsetMasterKeyEnv(t)
	for _, n := range []int{0, 1, 31, 33, 44} {
		dir := writeKeyFile(t, make([]byte, n), 0o600)
		if _, err := LoadKeyring(dir); err == nil || !strings.Contains(err.Error(), "长度错误") {
			t.Errorf("%d-byte key file: error %v, want a length error", n, err)
		}
	}
}

func TestLoadKeyringKeyPathIsDirectory(t *testing.T) {
	unsetMasterKeyEnv(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "keys", "master.key"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKeyring(dir); err == nil {
		t.Error("directory accepted as key file")
	}
}
