package session_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

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

// failingGuard is a shared PIN guard whose database is away.
type failingGuard struct{}

func (failingGuard) Locked(context.Context, string, time.Time) (time.Time, bool, error) {
	return time.Time{}, false, errors.New("database away")
}
func (failingGuard) Fail(context.Context, string, time.Time) (time.Time, int, error) {
	return time.Time{}, 0, errors.New("database away")
}
func (failingGuard) Clear(context.Context, string) error { return errors.New("database away") }

// TestSharedLockoutAway: with the shared count unreachable, the kiosk's
// own count still locks a card after five wrong PINs.
func TestSharedLockoutAway(t *testing.T) {
	s, _ := newSession(t, library())
	s.Lockout = session.Shared{Guard: failingGuard{}, Local: &session.Lockout{Max: 5, For: 15 * time.Minute}}
	s.Start(session.IntentBorrow)
	scan(s, siti.Card)
	for range 5 {
		pin(s, "0000")
	}
	wantScreen(t, s, session.ScreenIdentify)
	wantMessage(t, s, kiosk.KeyPINLocked)
	scan(s, siti.Card)
	wantMessage(t, s, kiosk.KeyPINLocked)
}

// TestLockoutAnyCase: wrong PINs count for the card whatever its case or
// the spaces around it (a library system matches "m0001" as "M0001").
func TestLockoutAnyCase(t *testing.T) {
	l := &session.Lockout{Max: 3, For: time.Minute}
	now := time.Now()
	l.Fail(ctx, "m0001", now)
	l.Fail(ctx, " M0001 ", now)
	if until, _, _ := l.Fail(ctx, "M0001", now); until.IsZero() {
		t.Fatal("three wrong PINs in three spellings did not lock the card")
	}
	if _, locked, _ := l.Locked(ctx, "m0001", now); !locked {
		t.Fatal("the lock does not hold for another spelling")
	}
}

// TestLockedWhileTyping: a card locked elsewhere while its PIN screen was
// open here gets no more tries, not even the right PIN.
func TestLockedWhileTyping(t *testing.T) {
	lib := library()
	s, _ := newSession(t, lib)
	s.Start(session.IntentBorrow)
	scan(s, siti.Card)
	for range 5 {
		s.Lockout.Fail(ctx, siti.Card, s.Now()) // at another kiosk, or on the web
	}
	calls := lib.Calls("Authenticate")
	pin(s, "1234")
	wantScreen(t, s, session.ScreenIdentify)
	wantMessage(t, s, kiosk.KeyPINLocked)
	if lib.Calls("Authenticate") != calls {
		t.Fatal("a locked card's PIN reached the library")
	}
}
