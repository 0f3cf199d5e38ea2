package pii

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func TestSealOpenRoundTrip(t *testing.T) {
	k := testKeyring(t, 1)
	for _, plain := range []string{
		"13800000000", "11010519491231002X", "张小明", "浙江省杭州市西湖区文三路1号", "a", "\x00\xff", strings.Repeat("长", 10000),
	} {
		sealed, err := k.Seal(plain, "users.phone")
		if err != nil {
			t.Fatal(err)
		}
		body, ok := strings.CutPrefix(sealed, "v1:")
		if !ok {
			t.Fatalf("Seal = %q, want v1: prefix", sealed)
		}
		raw, err := base64.RawStdEncoding.DecodeString(body)
		if err != nil || len(raw) != 12+len(plain)+16 {
			t.Fatalf("Seal body decodes to %d bytes, %v; want nonce, ciphertext and tag", len(raw), err)
		}
		if len(plain) >= 8 && strings.Contains(sealed, plain) {
			t.Fatalf("Seal(%q) leaks the plaintext", plain)
		}
		got, err := k.Open(sealed, "users.phone")
		if err != nil || got != plain {
			t.Errorf("Open(Seal(%.20q)) = %.20q, %v", plain, got, err)
		}
		again, _ := k.Seal(plain, "users.phone")
		if again == sealed {
			t.Errorf("Seal(%.20q) repeated its nonce", plain)
		}
	}
}

func TestSealEmpty(t *testing.T) {
	k := testKeyring(t, 1)
	if s, err := k.Seal("", "users.phone"); s != "" || err != nil {
		t.Errorf(`Seal("") = %q, %v; want ""`, s, err)
	}
	if s, err := k.Open("", "users.phone"); s != "" || err != nil {
		t.Errorf(`Open("") = %q, %v; want ""`, s, err)
	}
}

func TestOpenWrongContextOrKey(t *testing.T) {
	k := testKeyring(t, 1)
	sealed, err := k.Seal("11010519491231002X", "students.id_number")
	if err != nil {
		t.Fatal(err)
	}
	for _, ctx := range []string{"guardians.id_number", "students.id_number ", "", "STUDENTS.ID_NUMBER"} {
		if got, err := k.Open(sealed, ctx); !errors.Is(err, ErrOpen) || got != "" {
			t.Errorf("Open with context %q = %q, %v; want ErrOpen", ctx, got, err)
		}
	}
	if got, err := testKeyring(t, 2).Open(sealed, "students.id_number"); !errors.Is(err, ErrOpen) || got != "" {
		t.Errorf("Open with another key = %q, %v; want ErrOpen", got, err)
	}
}

func TestOpenTampered(t *testing.T) {
	k := testKeyring(t, 1)
	// 9 bytes of plaintext give 37 sealed bytes, so the encoding ends in a
	// partial group whose spare bits must be zero.
	const ctx = "students.name"
	sealed, err := k.Seal("张小明", ctx)
	if err != nil {
		t.Fatal(err)
	}
	reject := func(s, what string) {
		t.Helper()
		if got, err := k.Open(s, ctx); !errors.Is(err, ErrOpen) || got != "" {
			t.Fatalf("%s: Open(%q) = %q, %v; want ErrOpen", what, s, got, err)
		}
	}

	// Every character of the string replaced by every other candidate,
	// including line breaks (skipped by the base64 decoder) and padding.
	for i := range len(sealed) {
		for _, c := range []byte(base64Chars + ":v2\r\n= \x00") {
			if c != sealed[i] {
				reject(sealed[:i]+string(c)+sealed[i+1:], "substituted character")
			}
		}
		reject(sealed[:i]+"\n"+sealed[i:], "inserted line break")
	}

	// Every bit of every byte of nonce, ciphertext and tag.
	raw, _ := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	for i := range raw {
		for bit := range 8 {
			b := append([]byte(nil), raw...)
			b[i] ^= 1 << bit
			reject("v1:"+base64.RawStdEncoding.EncodeToString(b), "flipped bit")
		}
	}

	// Truncation and extension.
	for n := 1; n < len(sealed); n++ {
		reject(sealed[:n], "truncated")
	}
	for n := range raw {
		reject("v1:"+base64.RawStdEncoding.EncodeToString(raw[:n]), "truncated bytes")
	}
	reject(sealed+"A", "extended")
	reject("v1:"+base64.RawStdEncoding.EncodeToString(append(raw, 0)), "extended bytes")
	reject("v1:"+base64.StdEncoding.EncodeToString(raw), "padded")
	reject(sealed[3:], "missing prefix")
	reject("v2:"+sealed[3:], "unknown version")
	for _, s := range []string{"v1", "v1:", "v1:!!!!", "v1:AAAA", "null", "13800000000"} {
		reject(s, "malformed")
	}
}

// knownSealed are values sealed once under testKeyring(t, 1). They pin the
// v1 format (a change that breaks them would strand stored data) and give
// FuzzOpen deterministic seeds: fresh Seal output differs in every fuzz
// worker process.
var knownSealed = []struct{ sealed, context, plain string }{
	{"v1:D4yEMad1JmKOvh3kg+WimdmMU4ptp5btNmH7dBCjxF+2x62DfHbm", "users.phone", "13800000000"},
	{"v1:nd140vHLWV85SMyP4K8Bhh4mZqJRCVE09NUFCV8ELgaKv/6vIQ", "students.name", "张小明"},
	{"v1:06bxpZJXq9hh0zVdntCks348zgI4sU2GRbNQaYg", "", "x"},
}

func TestOpenKnownValues(t *testing.T) {
	k := testKeyring(t, 1)
	for _, kv := range knownSealed {
		if got, err := k.Open(kv.sealed, kv.context); err != nil || got != kv.plain {
			t.Errorf("Open(%q, %q) = %q, %v; want %q", kv.sealed, kv.context, got, err, kv.plain)
		}
	}
}

func FuzzOpen(f *testing.F) {
	k := testKeyring(f, 1)
	for _, kv := range knownSealed {
		f.Add(kv.sealed, kv.context)
		f.Add(kv.sealed, "users.name")
	}
	f.Add("", "users.phone")
	f.Add("v1:", "")
	f.Add("v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "users.phone")
	f.Fuzz(func(t *testing.T, sealed, ctx string) {
		got, err := k.Open(sealed, ctx)
		if err != nil {
			if !errors.Is(err, ErrOpen) || got != "" {
				t.Fatalf("Open(%q, %q) = %q, %v", sealed, ctx, got, err)
			}
			return
		}
		if sealed == "" {
			if got != "" {
				t.Fatalf(`Open("") = %q`, got)
			}
			return
		}
		// Without the key nothing but a genuine sealed value may open.
		for _, kv := range knownSealed {
			if sealed == kv.sealed && ctx == kv.context && got == kv.plain {
				return
			}
		}
		t.Fatalf("forged value opened: Open(%q, %q) = %q", sealed, ctx, got)
	})
}
