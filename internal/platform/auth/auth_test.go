package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("Correct-Horse-9")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash format %q", h)
	}
	if !VerifyPassword(h, "Correct-Horse-9") || VerifyPassword(h, "correct-horse-9") {
		t.Fatal("verify")
	}
	h2, _ := HashPassword("Correct-Horse-9")
	if h == h2 {
		t.Fatal("same salt twice")
	}
	for _, bad := range []string{"", "x", "$argon2id$v=19$m=1,t=1,p=0$AA$AA", "$bcrypt$..."} {
		if VerifyPassword(bad, "Correct-Horse-9") {
			t.Fatalf("accepted malformed hash %q", bad)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	p := DefaultPolicy()
	cases := map[string]bool{
		"Abcdefgh1234":    true,  // 12, three classes
		"abcdefgh1234!":   true,  // lower, digit, symbol
		"Abcdefgh123":     false, // 11 characters
		"abcdefghijklmn":  false, // one class
		"ABCDEFGH12345":   false, // two classes
		"Zhangsan-2026ab": false, // contains the user name
		"密码密码密码密码Ab1!":    true,  // CJK counts as "other"
	}
	for pw, ok := range cases {
		if err := p.CheckPassword(pw, "zhangsan"); (err == nil) != ok {
			t.Errorf("CheckPassword(%q) = %v, want ok=%v", pw, err, ok)
		}
	}
	for i := 0; i < 50; i++ {
		if err := p.CheckPassword(GeneratePassword(), "admin"); err != nil {
			t.Fatalf("a generated password fails the policy: %v", err)
		}
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := DefaultPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
	p := DefaultPolicy()
	p.TOTPRoles = []string{"leader"}
	if err := p.Validate(); err == nil {
		t.Fatal("the three administrators must keep TOTP")
	}
	p = DefaultPolicy()
	p.IdleTimeoutMinutes = 60
	if err := p.Validate(); err == nil {
		t.Fatal("idle timeout above 30 minutes accepted")
	}
}

func TestMatchTOTP(t *testing.T) {
	secret, _, err := NewTOTPSecret("test", "u")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	code, _ := TOTPCode(secret, now)
	step, ok := MatchTOTP(secret, code, now, 0)
	if !ok || step != now.Unix()/30 {
		t.Fatalf("current code: %v %d", ok, step)
	}
	if _, ok := MatchTOTP(secret, code, now, step); ok {
		t.Fatal("a used step was accepted again")
	}
	prev, _ := TOTPCode(secret, now.Add(-30*time.Second))
	if _, ok := MatchTOTP(secret, prev, now, 0); !ok {
		t.Fatal("one step of drift refused")
	}
	old, _ := TOTPCode(secret, now.Add(-90*time.Second))
	if _, ok := MatchTOTP(secret, old, now, 0); ok {
		t.Fatal("a code three steps old accepted")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := MatchTOTP(secret, bad, now, 0); ok {
			t.Fatalf("accepted %q", bad)
		}
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(60, 3) // one a second, burst 3
	now := time.Unix(0, 0)
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("k", now); !ok {
			t.Fatalf("burst request %d refused", i)
		}
	}
	ok, wait := l.Allow("k", now)
	if ok || wait < 1 {
		t.Fatalf("fourth request: ok=%v wait=%d", ok, wait)
	}
	if ok, _ := l.Allow("other", now); !ok {
		t.Fatal("keys share a bucket")
	}
	if ok, _ := l.Allow("k", now.Add(1100*time.Millisecond)); !ok {
		t.Fatal("no refill after a second")
	}
}
