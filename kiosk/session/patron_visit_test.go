package session_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

const budi = "20001000000020"

// twoPatrons is the mock library with Budi (PIN 2345) besides Siti, and
// records on whose card each item was lent.
func twoPatrons(t *testing.T) (*session.Session, *printer, map[string]string) {
	lib := library()
	auth, checkout := lib.AuthenticateFn, lib.CheckoutFn
	lib.AuthenticateFn = func(ctx context.Context, c kiosk.Credentials) (*kiosk.Patron, error) {
		if c.Card == budi {
			if c.PIN != "2345" {
				return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
			}
			return &kiosk.Patron{Card: budi, Name: "Budi Santoso"}, nil
		}
		return auth(ctx, c)
	}
	lentTo := map[string]string{}
	lib.CheckoutFn = func(ctx context.Context, c kiosk.Credentials, b string) (*kiosk.Loan, error) {
		if b == "30001000000028" { // a second copy, for the second patron
			lentTo[b] = c.Card
			return &kiosk.Loan{Item: kiosk.Item{Barcode: b, Title: "Laskar Pelangi"}, Due: t0.AddDate(0, 0, 14)}, nil
		}
		l, err := checkout(ctx, c, b)
		if err == nil {
			lentTo[b] = c.Card
		}
		return l, err
	}
	lib.AccountFn = func(_ context.Context, c kiosk.Credentials) (*kiosk.Account, error) {
		return &kiosk.Account{Patron: kiosk.Patron{Card: c.Card}}, nil
	}
	s, _ := newSession(t, lib)
	p := &printer{}
	s.Printer = p
	return s, p, lentTo
}

// TestAnotherCardEndsTheVisit: a patron who walks away mid-visit leaves
// their session open; the next patron's card must end it (receipt
// printed) and start theirs, and nothing may be lent onto the first
// patron's card afterwards.
func TestAnotherCardEndsTheVisit(t *testing.T) {
	for _, tc := range []struct {
		name    string
		start   func(s *session.Session)
		receipt bool // the first visit had something on its receipt
	}{
		{"borrow screen after a loan", func(s *session.Session) { login(s, session.IntentBorrow); scan(s, laskr.Barcode) }, true},
		{"borrow screen, nothing done", func(s *session.Session) { login(s, session.IntentBorrow) }, false},
		{"PIN screen", func(s *session.Session) { s.Start(session.IntentBorrow); scan(s, siti.Card); s.PINKey('1') }, false},
		{"return screen after a return", func(s *session.Session) { s.Start(session.IntentReturn); scan(s, "30001000000028") }, true},
		{"my account", func(s *session.Session) { login(s, session.IntentAccount) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, p, lentTo := twoPatrons(t)
			tc.start(s)
			scan(s, budi)
			v := wantScreen(t, s, session.ScreenPIN)
			if v.PatronName != "" || v.PINLength != 0 || len(v.Lines) != 0 || v.Account != nil {
				t.Fatalf("the first patron's visit shows through: %+v", v)
			}
			if got := len(p.got); got != map[bool]int{true: 1, false: 0}[tc.receipt] {
				t.Fatalf("%d receipts printed", got)
			}
			pin(s, "2345")
			v = wantScreen(t, s, session.ScreenBorrow)
			if v.PatronName != "Budi" {
				t.Fatalf("patron %q", v.PatronName)
			}
			scan(s, "30001000000028")
			if lentTo["30001000000028"] != budi {
				t.Fatalf("lent to %q, want Budi", lentTo["30001000000028"])
			}
		})
	}
}

// TestOwnCardMidVisit: scanning one's own card again is not a new visit.
func TestOwnCardMidVisit(t *testing.T) {
	s, p, _ := twoPatrons(t)
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	scan(s, siti.Card)
	v := wantScreen(t, s, session.ScreenBorrow)
	if len(v.Lines) != 1 || len(p.got) != 0 {
		t.Fatalf("lines %d, receipts %d", len(v.Lines), len(p.got))
	}
	wantMessage(t, s, kiosk.KeyScanNotItem)
}

// TestRefusalNamesTheTitle: a refused item is shown by its title when
// the library knows it, not by its barcode.
func TestRefusalNamesTheTitle(t *testing.T) {
	lib := library()
	lib.ItemFn = func(_ context.Context, b string) (*kiosk.Item, error) {
		if b == "30001000000531" {
			return &kiosk.Item{Barcode: b, Title: "Kamus Besar Bahasa Indonesia"}, nil
		}
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyItemUnknown)
	}
	s, _ := newSession(t, lib)
	login(s, session.IntentBorrow)
	scan(s, "30001000000531")
	scan(s, "30009999999999")
	v := s.View()
	if v.Lines[1].Title != "Kamus Besar Bahasa Indonesia" || v.Lines[0].Title != "" {
		t.Fatalf("lines %+v", v.Lines)
	}
	// A return refused for an item the library knows, too.
	s.Cancel()
	s.Start(session.IntentReturn)
	scan(s, "30001000000531")
	if l := s.View().Lines[0]; l.Title != "Kamus Besar Bahasa Indonesia" || l.Status != session.StatusRefused {
		t.Fatalf("return line %+v", l)
	}
}

// TestFloodOfRefusalsIsBounded: thousands of bad scans keep the visit's
// list bounded; what was lent stays on it.
func TestFloodOfRefusalsIsBounded(t *testing.T) {
	s, _ := newSession(t, library())
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	for i := range 5000 {
		scan(s, fmt.Sprintf("3%013d", i))
	}
	v := s.View()
	if len(v.Lines) > 100 {
		t.Fatalf("%d lines kept", len(v.Lines))
	}
	if last := v.Lines[len(v.Lines)-1]; last.Barcode != laskr.Barcode || !last.OK() {
		t.Fatalf("the loan fell off the list: %+v", last)
	}
}

// TestTypingKeepsTheVisit: digits typed on the keypad (the UI holds them
// until Enter) count as activity: the visit does not time out under the
// patron's fingers, and a countdown already up is taken down.
func TestTypingKeepsTheVisit(t *testing.T) {
	s, clock := newSession(t, library())
	s.Start(session.IntentBorrow)
	for range 5 { // a digit every 20 s for 100 s
		clock.Advance(20 * time.Second)
		s.Tick()
		s.Active()
	}
	v := wantScreen(t, s, session.ScreenIdentify)
	if v.Countdown != 0 {
		t.Fatalf("countdown %d while typing", v.Countdown)
	}
	clock.Advance(50 * time.Second)
	s.Tick()
	if v := s.View(); v.Countdown == 0 {
		t.Fatal("no countdown after 50 s without a key")
	}
	s.Active()
	if v := s.View(); v.Countdown != 0 {
		t.Fatalf("a key did not take the countdown down: %d", v.Countdown)
	}
}

// TestReceiptSaysWhatWasDone: loans make a loan receipt even when the
// visit ends on My account.
func TestReceiptSaysWhatWasDone(t *testing.T) {
	s, p, _ := twoPatrons(t)
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	s.ShowAccount(ctx)
	s.Finish(ctx)
	if len(p.got) != 1 || p.got[0].Heading != "Bukti Peminjaman" {
		t.Fatalf("receipts %+v", p.got)
	}
}

// TestAccountStartsClean: a message from the borrow list ("scanned
// twice") is not carried onto My account.
func TestAccountStartsClean(t *testing.T) {
	s, _, _ := twoPatrons(t)
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	scan(s, laskr.Barcode)
	wantMessage(t, s, session.KeyDuplicate)
	s.ShowAccount(ctx)
	if v := wantScreen(t, s, session.ScreenAccount); !v.Message.IsZero() {
		t.Fatalf("My account says %q", v.Message.Key)
	}
}
