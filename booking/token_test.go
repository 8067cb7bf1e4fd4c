package booking

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestToken(t *testing.T) {
	s := Signer{Site: "jakpus", Secret: []byte("0123456789abcdef0123")}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tok := Token{Site: "jakpus", Booking: 42, Expires: now.Add(time.Hour)}
	p, err := s.Sign(tok)
	if err != nil {
		t.Fatal(err)
	}
	if !IsToken(p) || len(p) > 60 {
		t.Fatalf("payload %q", p)
	}
	got, err := s.Verify(p, now)
	if err != nil || got != tok {
		t.Fatalf("Verify = %+v, %v; want %+v", got, err, tok)
	}
	other := Signer{Site: "surabaya", Secret: s.Secret}
	foreign, _ := other.Sign(Token{Site: "surabaya", Booking: 42, Expires: tok.Expires})
	forged, _ := Signer{Site: "jakpus", Secret: []byte("another secret of the site")}.Sign(tok)
	i := strings.Index(p, ".42.")
	tests := []struct {
		name    string
		payload string
		at      time.Time
		key     string
	}{
		{"expired", p, tok.Expires, KeyTokenExpired},
		{"foreign site", foreign, now, KeyTokenOtherSite},
		{"forged with another secret", forged, now, KeyTokenInvalid},
		{"altered booking id", p[:i] + ".43." + p[i+4:], now, KeyTokenInvalid},
		{"altered expiry", strings.Replace(p, unix(tok.Expires), unix(tok.Expires.Add(time.Hour)), 1), now, KeyTokenInvalid},
		{"truncated mac", p[:len(p)-2], now, KeyTokenInvalid},
		{"no mac", p[:strings.LastIndexByte(p, '.')], now, KeyTokenInvalid},
		{"item barcode", "B000123", now, KeyTokenInvalid},
		{"leading zero id", strings.Replace(p, ".42.", ".042.", 1), now, KeyTokenInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.payload == p && tt.at.Equal(now) {
				t.Fatal("test does not alter the payload")
			}
			_, err := s.Verify(tt.payload, tt.at)
			if keyOf(err) != tt.key {
				t.Fatalf("Verify(%q) = %v, want %s", tt.payload, err, tt.key)
			}
		})
	}
	if _, err := (Signer{Site: "jakpus", Secret: []byte("short")}).Sign(tok); err != ErrShortSecret {
		t.Errorf("short secret: %v", err)
	}
}

func unix(t time.Time) string { return "." + strconv.FormatInt(t.Unix(), 10) + "." }

// FuzzParseToken: any input parses or fails without panicking; whatever
// parses re-signs to a token that parses to the same values, and a
// payload never verifies unless it is exactly what Sign makes.
func FuzzParseToken(f *testing.F) {
	s := Signer{Site: "jakpus", Secret: []byte("0123456789abcdef0123")}
	p, _ := s.Sign(Token{Site: "jakpus", Booking: 7, Expires: time.Unix(1795000000, 0)})
	for _, seed := range []string{p, "ANJB1.", "ANJB1.a.1.1.AAAAAAAAAAAAAAAAAAAAAA", "ANJB1.a..1.x", "B000123", p + "=", strings.ToLower(p)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tok, _, _, err := ParseToken(in)
		if err != nil {
			return
		}
		re, err := s.Sign(Token{Site: "jakpus", Booking: tok.Booking, Expires: tok.Expires})
		if err != nil {
			t.Fatalf("re-sign %+v: %v", tok, err)
		}
		if _, err := s.Verify(in, time.Unix(0, 0)); err == nil && in != re {
			t.Fatalf("%q verifies but Sign makes %q", in, re)
		}
	})
}
