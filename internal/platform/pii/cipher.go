package pii

import (
	"encoding/base64"
	"errors"
	"strings"
)

// sealedPrefix marks the format version of a sealed value.
const sealedPrefix = "v1:"

// sealedEncoding rejects non-zero padding bits so every accepted string is
// the one canonical encoding of its bytes.
var sealedEncoding = base64.RawStdEncoding.Strict()

// ErrOpen is returned by Open for any value that cannot be decrypted.
var ErrOpen = errors.New("pii: 无法解密字段（格式错误、密钥不符、上下文不符或数据被篡改） / cannot open sealed value (malformed, wrong key, wrong context or tampered)")

// Seal encrypts plaintext with AES-256-GCM and returns
// "v1:" + base64.RawStdEncoding(nonce || ciphertext || tag). The context,
// conventionally "table.column" such as "users.phone", is authenticated as
// additional data, so a value copied into another column fails to open.
// The empty plaintext seals to the empty string: nothing is stored.
func (k *Keyring) Seal(plaintext, context string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	sealed := k.field.Seal(nil, nil, []byte(plaintext), []byte(context))
	return sealedPrefix + sealedEncoding.EncodeToString(sealed), nil
}

// Open reverses Seal for the same context. The empty string opens to the
// empty string. Any malformed, truncated, tampered, foreign-key or
// wrong-context input yields ErrOpen.
func (k *Keyring) Open(sealed, context string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	body, ok := strings.CutPrefix(sealed, sealedPrefix)
	// The decoder skips CR and LF; refusing them keeps the input canonical.
	if !ok || strings.ContainsAny(body, "\r\n") {
		return "", ErrOpen
	}
	raw, err := sealedEncoding.DecodeString(body)
	if err != nil || len(raw) < k.field.Overhead() {
		return "", ErrOpen
	}
	plain, err := k.field.Open(nil, nil, raw, []byte(context))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}
