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
