package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/crypto/hkdf"
)

// MasterKeyEnv names the environment variable that, when set, holds the
// standard base64 encoding of the 32-byte master key.
const MasterKeyEnv = "EDUBUREAU_MASTER_KEY"

// KeySize is the length in bytes of the master key and of every subkey.
const KeySize = 32

// HKDF info strings; each purpose gets an independent subkey.
const (
	infoField  = "edubureau/v1/field-encryption"
	infoBlind  = "edubureau/v1/blind-index"
	infoAudit  = "edubureau/v1/audit-chain"
	infoTokens = "edubureau/v1/session-tokens"
)

// Keyring holds the subkeys derived from the master key. It is safe for
// concurrent use.
type Keyring struct {
	field cipher.AEAD
	blind []byte
	audit []byte
	token []byte
}

// NewKeyring derives the subkeys from a 32-byte master key.
func NewKeyring(master []byte) (*Keyring, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("主密钥长度应为%d字节，实际为%d字节 / master key must be %d bytes, got %d",
			KeySize, len(master), KeySize, len(master))
	}
	derive := func(info string) []byte {
		key := make([]byte, KeySize)
		if _, err := io.ReadFull(hkdf.New(sha256.New, master, nil, []byte(info)), key); err != nil {
			panic(err) // cannot happen: 32 bytes is far below the HKDF output limit
		}
		return key
	}
	block, err := aes.NewCipher(derive(infoField))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, err
	}
	return &Keyring{
		field: aead,
		blind: derive(infoBlind),
		audit: derive(infoAudit),
		token: derive(infoTokens),
	}, nil
}

// LoadKeyring loads the master key and derives the keyring. If MasterKeyEnv
// is set it must hold the base64 of exactly 32 bytes (an empty value is an
// error, not a fallback, so a broken deployment cannot silently switch keys).
// Otherwise the key is read from dataDir/keys/master.key, which must be
// exactly 32 bytes with permissions no wider than 0600; when the file does
// not exist a fresh random key is written there atomically (directory 0700,
// file 0600).
func LoadKeyring(dataDir string) (*Keyring, error) {
	var master []byte
	if v, ok := os.LookupEnv(MasterKeyEnv); ok {
		var err error
		master, err = base64.StdEncoding.DecodeString(strings.TrimSpace(v))
		if err != nil || len(master) != KeySize {
			return nil, fmt.Errorf("环境变量%s应为%d字节主密钥的base64编码 / %s must be the standard base64 encoding of exactly %d bytes",
				MasterKeyEnv, KeySize, MasterKeyEnv, KeySize)
		}
	} else {
		var err error
		master, err = loadKeyFile(filepath.Join(dataDir, "keys", "master.key"))
		if err != nil {
			return nil, err
		}
	}
	defer clear(master) // only the derived subkeys stay in memory
	return NewKeyring(master)
}

// loadKeyFile reads the master key file, creating it when missing.
func loadKeyFile(path string) ([]byte, error) {
	master, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createKeyFile(path); err != nil {
			return nil, fmt.Errorf("无法创建主密钥文件 / cannot create master key file: %w", err)
		}
		master, err = readKeyFile(path)
	}
	return master, err
}

func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("主密钥文件%s不是普通文件 / master key file %s is not a regular file", path, path)
	}
	if perm := info.Mode().Perm(); perm&^0o600 != 0 {
		return nil, fmt.Errorf("主密钥文件%s权限过宽（%04o），请执行 chmod 600 / master key file %s has permissions %04o, want 0600 or stricter (chmod 600)",
			path, perm, path, perm)
	}
	master, err := io.ReadAll(io.LimitReader(f, KeySize+1))
	if err != nil {
		return nil, err
	}
	if len(master) != KeySize {
		return nil, fmt.Errorf("主密钥文件%s长度错误：应为%d字节 / master key file %s must hold exactly %d bytes",
			path, KeySize, path, KeySize)
	}
	return master, nil
}

// createKeyFile writes a random key to a temporary file and links it into
// place, so readers never see a partial key and a key created concurrently by
// another process is kept rather than overwritten.
func createKeyFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".master.key-*") // created with mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	key := make([]byte, KeySize)
	rand.Read(key) // never fails since Go 1.24
	_, err = tmp.Write(key)
	clear(key)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// AuditKey returns a copy of the subkey for the tamper-evident audit chain.
func (k *Keyring) AuditKey() []byte { return slices.Clone(k.audit) }

// TokenKey returns a copy of the subkey for session tokens.
func (k *Keyring) TokenKey() []byte { return slices.Clone(k.token) }
