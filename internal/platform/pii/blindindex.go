package pii

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// BlindIndex returns the lower-case hex HMAC-SHA256, under the blind-index
// subkey, of kind || 0x00 || value. Store it next to a sealed column to find
// rows by exact value without decrypting them.
//
// kind names what the value is (for example "id_number" or "phone") so equal
// values of different kinds do not collide; it must not contain a NUL byte.
// The index matches only byte-identical input, so callers must normalise the
// value first: identity and student numbers upper-cased (a trailing x
// becomes X), phone numbers stripped of spaces and separators, and
// full-width characters converted to half-width.
func (k *Keyring) BlindIndex(kind, value string) string {
	mac := hmac.New(sha256.New, k.blind)
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	mac.Write([]byte(value))
	return hex.EncodeToString(mac.Sum(nil))
}
