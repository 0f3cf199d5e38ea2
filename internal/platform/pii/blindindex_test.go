package pii

import (
	"regexp"
	"testing"
)

func TestBlindIndex(t *testing.T) {
	k := testKeyring(t, 0)
	// Known answer: HMAC-SHA256(HKDF(master, "edubureau/v1/blind-index"),
	// "id_number" || 0x00 || value), checked against an independent
	// implementation.
	if got, want := k.BlindIndex("id_number", "11010519491231002X"), "0c643c6d6e719bc31478fc7881708b49f0502f96c3382be489f26df004452ea7"; got != want {
		t.Errorf("BlindIndex = %s, want %s", got, want)
	}
	hexRE := regexp.MustCompile(`^[0-9a-f]{64}$`)
	idx := k.BlindIndex("phone", "13800000000")
	if !hexRE.MatchString(idx) {
		t.Errorf("BlindIndex = %q, want 64 lower-case hex digits", idx)
	}
	if k.BlindIndex("phone", "13800000000") != idx {
		t.Error("BlindIndex is not deterministic")
	}
	for name, other := range map[string]string{
		"other kind":               k.BlindIndex("guardian_phone", "13800000000"),
		"other value":              k.BlindIndex("phone", "13800000001"),
		"kind/value boundary":      k.BlindIndex("phone1", "3800000000"),
		"other key":                testKeyring(t, 1).BlindIndex("phone", "13800000000"),
		"unnormalised lowercase x": k.BlindIndex("id_number", "11010519491231002x"),
	} {
		if other == idx || name == "unnormalised lowercase x" && other == k.BlindIndex("id_number", "11010519491231002X") {
			t.Errorf("%s: index collides", name)
		}
	}
}
