package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestBlocksSaidOnArrival: a patron whose borrowing is blocked hears it
// at login, not at the first item scanned.
func TestBlocksSaidOnArrival(t *testing.T) {
	db, _ := demoDB(t)
	for _, tc := range []struct {
		card, pin, key string
	}{
		{sqlite.DemoCard(1), "1234", ""},
		{sqlite.DemoCard(2), "2345", kiosk.KeyPatronOverdue},
		{sqlite.DemoCard(6), "6789", kiosk.KeyPatronFines},
	} {
		p, err := db.Authenticate(context.Background(), kiosk.Credentials{Card: tc.card, PIN: tc.pin})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(p.Notices) > 0 {
			got = p.Notices[0].Key
		}
		if got != tc.key || len(p.Notices) > 1 {
			t.Errorf("%s: notices %+v, want %q", tc.card, p.Notices, tc.key)
		}
	}
}

func TestAuthenticate(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	tests := []struct {
		name      string
		card, pin string
		key       string
	}{
		{"good PIN", sqlite.DemoCard(1), "1234", ""},
		{"wrong PIN", sqlite.DemoCard(1), "9999", kiosk.KeyPINWrong},
		{"blank PIN", sqlite.DemoCard(1), "", kiosk.KeyPINRequired},
		{"unknown card", "20001999999990", "1234", kiosk.KeyPatronUnknown},
		{"unknown card, blank PIN", "20001999999990", "", kiosk.KeyPatronUnknown},
		{"expired card", sqlite.DemoCard(4), "4567", kiosk.KeyPatronExpired},
		{"expired card, wrong PIN says only the PIN", sqlite.DemoCard(4), "0000", kiosk.KeyPINWrong},
		{"blocked card", sqlite.DemoCard(5), "5678", kiosk.KeyPatronBlocked},
		{"fines do not stop a login", sqlite.DemoCard(6), "6789", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := db.Authenticate(ctx, kiosk.Credentials{Card: tt.card, PIN: tt.pin})
			wantKey(t, "Authenticate", err, tt.key)
			if err == nil && p.Card != tt.card {
				t.Fatalf("patron %q, want %q", p.Card, tt.card)
			}
		})
	}
}

func TestAuthenticatePINOptional(t *testing.T) {
	db, _ := demoDB(t)
	db.PINRequired = false
	ctx := context.Background()
	if _, err := db.Authenticate(ctx, kiosk.Credentials{Card: sqlite.DemoCard(1)}); err != nil {
		t.Fatalf("no PIN with PINs optional: %v", err)
	}
	_, err := db.Authenticate(ctx, kiosk.Credentials{Card: sqlite.DemoCard(1), PIN: "1111"})
	wantKey(t, "a wrong PIN typed anyway", err, kiosk.KeyPINWrong)
}

func TestPatronWithoutPIN(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	if err := db.AddPatron(ctx, sqlite.PatronRecord{Card: "20001000099990", Name: "Tanpa PIN", Category: "umum", Expires: "2030-01-01"}, ""); err != nil {
		t.Fatal(err)
	}
	_, err := db.Authenticate(ctx, kiosk.Credentials{Card: "20001000099990", PIN: "1234"})
	wantKey(t, "no PIN set", err, sqlite.KeyPINNotSet)
	_, err = db.Authenticate(ctx, kiosk.Credentials{Card: "20001000099990"})
	wantKey(t, "no PIN set, none typed", err, kiosk.KeyPINRequired)
}

// TestPINNeverStoredInClear checks what is stored for each demo patron: a
// bcrypt hash that verifies their PIN, never the PIN itself.
func TestPINNeverStoredInClear(t *testing.T) {
	db, _ := demoDB(t)
	for _, p := range sqlite.DemoPatrons {
		var h string
		if err := db.SQL().QueryRow(`SELECT pin_hash FROM patrons WHERE card = ?`, p.Card).Scan(&h); err != nil {
			t.Fatal(err)
		}
		if h == p.PIN || !strings.HasPrefix(h, "$2") {
			t.Fatalf("%s: PIN stored as %q", p.Name, h)
		}
		if err := bcrypt.CompareHashAndPassword([]byte(h), []byte(p.PIN)); err != nil {
			t.Fatalf("%s: stored hash does not verify the PIN: %v", p.Name, err)
		}
	}
}

func TestHashPINRejectsBadPINs(t *testing.T) {
	db, _ := demoDB(t)
	for _, pin := range []string{"", "123", "12a4", "1234567890123"} {
		if _, err := db.HashPIN(pin); err == nil {
			t.Errorf("HashPIN(%q) accepted", pin)
		}
	}
}

func TestBirthDate(t *testing.T) {
	db, _ := demoDB(t)
	p, err := db.Authenticate(context.Background(), kiosk.Credentials{Card: sqlite.DemoCard(1), PIN: "1234"})
	if err != nil || !p.BirthDate.Equal(time.Date(1996, 4, 12, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("Siti: %v %v", p, err)
	}
	p, err = db.Authenticate(context.Background(), kiosk.Credentials{Card: sqlite.DemoCard(7), PIN: "7890"})
	if err != nil || !p.BirthDate.IsZero() {
		t.Fatalf("Maria: %v %v", p, err)
	}
	if _, err := db.SQL().Exec(`UPDATE patrons SET birth_date = '12/04/1996' WHERE card = ?`, sqlite.DemoCard(1)); err == nil {
		t.Fatal("a malformed birth date was stored")
	}
}
