package session_test

import (
	"context"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// A library system whose members log in with a password (SLiMS): the PIN
// screen takes letters and signs, up to 64 characters, and its messages
// speak of a password.
func TestPasswordEntry(t *testing.T) {
	for _, c := range []struct {
		name    string
		letters bool
		typed   string
		want    string // what reaches the library
	}{
		{"PIN pad takes digits only", false, "12a3-4", "1234"},
		{"password takes letters and signs", true, "Rahasia-9!", "Rahasia-9!"},
		{"password drops spaces and control characters", true, "ab c\td\x00e", "abcde"},
		{"PIN stops at 12", false, strings.Repeat("9", 20), strings.Repeat("9", 12)},
		{"password stops at 64", true, strings.Repeat("x", 80), strings.Repeat("x", 64)},
	} {
		t.Run(c.name, func(t *testing.T) {
			lib := library()
			var got string
			lib.AuthenticateFn = func(_ context.Context, cr kiosk.Credentials) (*kiosk.Patron, error) {
				got = cr.PIN
				return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
			}
			s, _ := newSession(t, lib)
			s.Config.PINLetters = c.letters
			s.Start(session.IntentBorrow)
			scan(s, siti.Card)
			if s.View().PINLetters != c.letters {
				t.Fatalf("view PINLetters %v", s.View().PINLetters)
			}
			pin(s, c.typed)
			if got != c.want {
				t.Fatalf("library got %q, want %q", got, c.want)
			}
			want := kiosk.KeyPINWrong
			if c.letters {
				want = session.KeyPasswordWrong
			}
			wantMessage(t, s, want)
		})
	}
}

func TestPasswordMessages(t *testing.T) {
	lib := library()
	s, _ := newSession(t, lib)
	s.Config.PINLetters = true
	s.Start(session.IntentBorrow)
	scan(s, siti.Card)
	s.PINSubmit(ctx)
	wantMessage(t, s, session.KeyPasswordRequired)
	for range 5 {
		pin(s, "salah")
	}
	wantScreen(t, s, session.ScreenIdentify)
	wantMessage(t, s, session.KeyPasswordLocked)
}

// TestTypedItemForCard: an item's barcode typed on the card pad is told
// apart at once, as a scanned one is, before any PIN.
func TestTypedItemForCard(t *testing.T) {
	s, _ := newSession(t, library())
	s.Start(session.IntentBorrow)
	s.EnterCard(ctx, laskr.Barcode)
	wantScreen(t, s, session.ScreenIdentify)
	wantMessage(t, s, kiosk.KeyCardNotPatron)
	s.EnterCard(ctx, siti.Card)
	wantScreen(t, s, session.ScreenPIN)
}
