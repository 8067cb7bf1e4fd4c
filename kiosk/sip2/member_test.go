package sip2_test

import (
	"context"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

// TestCheckMember: the guest book asks the library whether a card is a
// member's without a PIN, and no PIN field goes to the server.
func TestCheckMember(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{})
	for _, tt := range []struct {
		card, key string
	}{
		{"2001", ""},
		{"9999", kiosk.KeyPatronUnknown},
		{"hello world", kiosk.KeyPatronUnknown},
		{"2005", kiosk.KeyPatronBlocked}, // card lost
	} {
		if err := c.CheckMember(ctx, tt.card); key(err) != tt.key {
			t.Errorf("CheckMember(%q) = %v, want %q", tt.card, err, tt.key)
		}
	}
	for _, m := range s.Received() {
		if (m.Code == "63" || m.Code == "23") && hasAD(m.Get) {
			t.Fatalf("a PIN field went to the server: %v", m)
		}
	}
}

func hasAD(get func(string) (string, bool)) bool {
	_, ok := get("AD")
	return ok
}

// TestCheckMemberPatronStatus: a server without 63 is asked with 23,
// whose AD the message always carries: empty, never a PIN.
func TestCheckMemberPatronStatus(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{Supported: "YYYYYYYNYYYYYYYY"}) // BX: no 63
	for _, tt := range []struct{ card, key string }{
		{"2001", ""},
		{"9999", kiosk.KeyPatronUnknown},
		{"2005", kiosk.KeyPatronBlocked},
	} {
		if err := c.CheckMember(ctx, tt.card); key(err) != tt.key {
			t.Errorf("CheckMember(%q) = %v, want %q", tt.card, err, tt.key)
		}
	}
	n := 0
	for _, m := range s.Received() {
		switch m.Code {
		case "63":
			t.Fatal("63 sent to a server without it")
		case "23":
			n++
			if ad, ok := m.Get("AD"); !ok || ad != "" {
				t.Fatalf("23's AD %q (present %v), want empty", ad, ok)
			}
		}
	}
	if n != 3 {
		t.Fatalf("%d Patron Status requests", n)
	}
}
