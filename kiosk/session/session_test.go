package session_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
)

var (
	ctx   = context.Background()
	t0    = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	siti  = &kiosk.Patron{Card: "20001000000012", Name: "Siti Rahmawati", Category: "umum", Status: kiosk.PatronActive}
	laskr = kiosk.Item{Barcode: "30001000000010", Title: "Laskar Pelangi", Loanable: true}
)

// library is a mock library with Siti (PIN 1234) and a few items.
func library() *mock.Circulation {
	return &mock.Circulation{
		AuthenticateFn: func(_ context.Context, c kiosk.Credentials) (*kiosk.Patron, error) {
			switch {
			case c.Card == "20001000000046":
				return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronExpired)
			case c.Card == "20001000000053":
				return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronBlocked)
			case c.Card != siti.Card:
				return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
			case c.PIN != "1234":
				return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
			}
			return siti, nil
		},
		CheckoutFn: func(_ context.Context, c kiosk.Credentials, b string) (*kiosk.Loan, error) {
			switch b {
			case laskr.Barcode:
				return &kiosk.Loan{Item: laskr, Due: t0.AddDate(0, 0, 14)}, nil
			case "30001000000531":
				return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyItemReference)
			case "30001000000044":
				return nil, kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemAlreadyYours, "title", "Sang Pemimpi")
			}
			return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyItemUnknown)
		},
		RenewFn: func(_ context.Context, c kiosk.Credentials, b string) (*kiosk.Loan, error) {
			return &kiosk.Loan{Item: kiosk.Item{Barcode: b, Title: "Sang Pemimpi"}, Due: t0.AddDate(0, 0, 14), Renewals: 1}, nil
		},
		CheckinFn: func(_ context.Context, b string) (*kiosk.Return, error) {
			switch b {
			case laskr.Barcode:
				return &kiosk.Return{Item: laskr, Fine: 1500}, nil
			case "30001000000028":
				return &kiosk.Return{Item: kiosk.Item{Barcode: b, Title: "Laskar Pelangi"}}, nil
			}
			return nil, kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemNotOnLoan)
		},
	}
}

type printer struct{ got []kiosk.Receipt }

func (p *printer) Print(_ context.Context, r kiosk.Receipt) error {
	p.got = append(p.got, r)
	return nil
}

func newSession(t *testing.T, circ kiosk.Circulation) (*session.Session, *mock.Clock) {
	t.Helper()
	clock := mock.NewClock(t0)
	cfg := session.DefaultConfig()
	cfg.Library = "Perpustakaan Umum Kota Nusantara"
	cfg.Classifier = kiosk.Classifier{
		Patron: []kiosk.ScanPattern{{Prefix: "2", Length: 14}},
		Item:   []kiosk.ScanPattern{{Prefix: "3", Length: 14}},
	}
	s := session.New(cfg, circ, assets.Catalog())
	s.Now = clock.Now
	return s, clock
}

func pin(s *session.Session, digits string) {
	for i := 0; i < len(digits); i++ {
		s.PINKey(digits[i])
	}
	s.PINSubmit(ctx)
}

func scan(s *session.Session, code string) { s.Scan(ctx, kiosk.Scan{Code: code}) }

// login starts a visit for intent and identifies Siti with her PIN.
func login(s *session.Session, intent session.Intent) {
	s.Start(intent)
	scan(s, siti.Card)
	pin(s, "1234")
}

func wantScreen(t *testing.T, s *session.Session, want session.Screen) session.View {
	t.Helper()
	v := s.View()
	if v.Screen != want {
		t.Fatalf("screen %s, want %s (message %q)", v.Screen, want, v.Message.Key)
	}
	return v
}

func wantMessage(t *testing.T, s *session.Session, key string) {
	t.Helper()
	if got := s.View().Message.Key; got != key {
		t.Fatalf("message %q, want %q", got, key)
	}
}

func TestBorrowFlow(t *testing.T) {
	p := &printer{}
	s, _ := newSession(t, library())
	s.Printer = p
	s.Start(session.IntentBorrow)
	wantScreen(t, s, session.ScreenIdentify)
	scan(s, siti.Card)
	wantScreen(t, s, session.ScreenPIN)
	pin(s, "1234")
	v := wantScreen(t, s, session.ScreenBorrow)
	if v.PatronName != "Siti" || v.PINLength != 0 {
		t.Fatalf("view after login: name %q, pin length %d", v.PatronName, v.PINLength)
	}

	scan(s, laskr.Barcode)
	scan(s, laskr.Barcode) // a double read
	wantMessage(t, s, session.KeyDuplicate)
	scan(s, "30001000000531")
	scan(s, "30009999999999")
	scan(s, siti.Card)
	wantMessage(t, s, kiosk.KeyScanNotItem)

	v = s.View()
	want := []struct {
		status session.LineStatus
		key    string
	}{
		{session.StatusRefused, kiosk.KeyItemUnknown},
		{session.StatusRefused, kiosk.KeyItemReference},
		{session.StatusBorrowed, ""},
	}
	if len(v.Lines) != len(want) {
		t.Fatalf("lines %+v", v.Lines)
	}
	for i, w := range want {
		if v.Lines[i].Status != w.status || v.Lines[i].Message.Key != w.key {
			t.Errorf("line %d: %+v, want %+v", i, v.Lines[i], w)
		}
	}
	if v.Lines[2].Title != "Laskar Pelangi" || !v.Lines[2].Due.Equal(t0.AddDate(0, 0, 14)) {
		t.Fatalf("borrowed line %+v", v.Lines[2])
	}

	s.Finish(ctx)
	v = wantScreen(t, s, session.ScreenFinish)
	if !v.Printed || len(p.got) != 1 {
		t.Fatalf("printed %v, %d receipts", v.Printed, len(p.got))
	}
	r := p.got[0]
	if len(r.Entries) != 1 || r.Entries[0].Title != "Laskar Pelangi" || !strings.Contains(r.Entries[0].Detail, "7 Des 2026") ||
		r.Library != "Perpustakaan Umum Kota Nusantara" || r.Patron != "Siti" {
		t.Fatalf("receipt %+v", r)
	}
}

func TestRenewalOfferedForOwnItem(t *testing.T) {
	lib := library()
	s, _ := newSession(t, lib)
	login(s, session.IntentBorrow)
	scan(s, "30001000000044")
	v := s.View()
	if v.Offer != "30001000000044" || v.Lines[0].Status != session.StatusOffer || v.Lines[0].Title != "Sang Pemimpi" {
		t.Fatalf("no renewal offer: %+v", v)
	}
	s.AcceptRenewal(ctx)
	v = s.View()
	if v.Offer != "" || v.Lines[0].Status != session.StatusRenewed || lib.Calls("Renew") != 1 {
		t.Fatalf("after accepting: %+v", v)
	}

	scan(s, "30001000000044") // renewed already: a duplicate now
	wantMessage(t, s, session.KeyDuplicate)
}

func TestDeclinedOfferBecomesRefusal(t *testing.T) {
	s, _ := newSession(t, library())
	login(s, session.IntentBorrow)
	scan(s, "30001000000044")
	s.DeclineRenewal()
	v := s.View()
	if v.Offer != "" || v.Lines[0].Status != session.StatusRefused || v.Lines[0].Message.Key != kiosk.KeyItemAlreadyYours {
		t.Fatalf("%+v", v)
	}
}

func TestRefusedCards(t *testing.T) {
	tests := []struct {
		card string
		key  string
	}{
		{"20009999999999", kiosk.KeyPatronUnknown},
		{"20001000000046", kiosk.KeyPatronExpired},
		{"20001000000053", kiosk.KeyPatronBlocked},
	}
	for _, tt := range tests {
		s, _ := newSession(t, library())
		s.Start(session.IntentBorrow)
		scan(s, tt.card)
		pin(s, "1234")
		wantScreen(t, s, session.ScreenIdentify)
		wantMessage(t, s, tt.key)
	}
}

func TestBlankPINNeverAuthenticates(t *testing.T) {
	lib := library()
	lib.AuthenticateFn = func(context.Context, kiosk.Credentials) (*kiosk.Patron, error) { return siti, nil } // a lax library
	s, _ := newSession(t, lib)
	s.Start(session.IntentBorrow)
	scan(s, siti.Card)
	s.PINSubmit(ctx)
	wantScreen(t, s, session.ScreenPIN)
	wantMessage(t, s, kiosk.KeyPINRequired)
	if n := lib.Calls("Authenticate"); n != 0 {
		t.Fatalf("library asked %d times with a blank PIN", n)
	}
}

func TestPINOptional(t *testing.T) {
	lib := library()
	lib.AuthenticateFn = func(_ context.Context, c kiosk.Credentials) (*kiosk.Patron, error) {
		if c.PIN != "" {
			t.Errorf("PIN %q sent", c.PIN)
		}
		return siti, nil
	}
	s, _ := newSession(t, lib)
	s.Config.PINRequired = false
	s.Start(session.IntentBorrow)
	scan(s, siti.Card)
	wantScreen(t, s, session.ScreenBorrow)
}

func TestWrongPINsLockTheCard(t *testing.T) {
	lib := library()
	s, clock := newSession(t, lib)
	s.Start(session.IntentBorrow)
	scan(s, siti.Card)
	for i := 1; i <= 4; i++ {
		pin(s, "0000")
		wantScreen(t, s, session.ScreenPIN)
		wantMessage(t, s, kiosk.KeyPINWrong)
		if left := s.View().Message.Args["left"]; left != string(rune('0'+5-i)) {
			t.Fatalf("after %d wrong PINs: %s left", i, left)
		}
	}
	pin(s, "0000")
	wantScreen(t, s, session.ScreenIdentify)
	wantMessage(t, s, kiosk.KeyPINLocked)

	// Locked: even the right PIN is not asked for, and the library is not called.
	calls := lib.Calls("Authenticate")
	scan(s, siti.Card)
	wantScreen(t, s, session.ScreenIdentify)
	wantMessage(t, s, kiosk.KeyPINLocked)
	if lib.Calls("Authenticate") != calls {
		t.Fatal("a locked card reached the library")
	}
	// A new visit does not clear the lock.
	s.Cancel()
	s.Start(session.IntentAccount)
	scan(s, siti.Card)
	wantMessage(t, s, kiosk.KeyPINLocked)

	clock.Advance(14 * time.Minute)
	scan(s, siti.Card)
	wantMessage(t, s, kiosk.KeyPINLocked)
	clock.Advance(time.Minute + time.Second)
	scan(s, siti.Card)
	wantScreen(t, s, session.ScreenPIN)
	pin(s, "1234")
	wantScreen(t, s, session.ScreenAccount)
}

func TestReturnNeedsNoCard(t *testing.T) {
	lib := library()
	s, _ := newSession(t, lib)
	s.Start(session.IntentReturn)
	wantScreen(t, s, session.ScreenReturn)
	scan(s, laskr.Barcode)
	scan(s, "30001000000028")
	scan(s, "30001000000036")
	v := s.View()
	if len(v.Lines) != 3 || lib.Calls("Authenticate") != 0 {
		t.Fatalf("%+v", v.Lines)
	}
	if v.Lines[2].Status != session.StatusReturned || v.Lines[2].Message.Key != kiosk.KeyReturnOKFine ||
		v.Lines[2].Message.Args["fine"] != "Rp 1.500" {
		t.Fatalf("late return: %+v", v.Lines[2])
	}
	if v.Lines[0].Status != session.StatusRefused || v.Lines[0].Message.Key != kiosk.KeyItemNotOnLoan {
		t.Fatalf("not on loan: %+v", v.Lines[0])
	}
	s.Finish(ctx)
	v = wantScreen(t, s, session.ScreenFinish)
	if v.Receipt == nil || len(v.Receipt.Entries) != 2 || v.Printed {
		t.Fatalf("on-screen receipt %+v", v.Receipt)
	}
	if txt := v.Receipt.Text(32); !strings.Contains(txt, "Denda Rp 1.500") {
		t.Fatalf("receipt text lacks the fine:\n%s", txt)
	}
}

func TestHomeScreenScans(t *testing.T) {
	s, _ := newSession(t, library())
	scan(s, laskr.Barcode)
	wantScreen(t, s, session.ScreenHome)
	wantMessage(t, s, session.KeyChooseFirst)
	scan(s, siti.Card)
	v := wantScreen(t, s, session.ScreenPIN)
	if v.Intent != session.IntentBorrow {
		t.Fatalf("intent %s", v.Intent)
	}
	s.Cancel()
	s.Start(session.IntentBorrow)
	scan(s, laskr.Barcode)
	wantScreen(t, s, session.ScreenIdentify)
	wantMessage(t, s, kiosk.KeyCardNotPatron)
}

func TestInactivityEndsTheVisit(t *testing.T) {
	s, clock := newSession(t, library())
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)

	clock.Advance(44 * time.Second)
	s.Tick()
	if c := s.View().Countdown; c != 0 {
		t.Fatalf("countdown %d at 44 s", c)
	}
	clock.Advance(2 * time.Second)
	s.Tick()
	if c := s.View().Countdown; c != 14 {
		t.Fatalf("countdown %d at 46 s, want 14", c)
	}
	s.Touch() // "I'm still here"
	clock.Advance(50 * time.Second)
	s.Tick()
	wantScreen(t, s, session.ScreenBorrow)
	clock.Advance(10 * time.Second)
	s.Tick()
	v := wantScreen(t, s, session.ScreenHome)
	if v.PatronName != "" || len(v.Lines) != 0 || v.Account != nil || v.Receipt != nil || v.Countdown != 0 {
		t.Fatalf("patron data left after timeout: %+v", v)
	}
	// The next patron starts clean: no card carried over.
	s.Start(session.IntentBorrow)
	s.PINSubmit(ctx)
	wantScreen(t, s, session.ScreenIdentify)
}

func TestSummaryReturnsHome(t *testing.T) {
	s, clock := newSession(t, library())
	s.Start(session.IntentReturn)
	scan(s, laskr.Barcode)
	s.Finish(ctx)
	wantScreen(t, s, session.ScreenFinish)
	clock.Advance(14 * time.Second)
	s.Tick()
	wantScreen(t, s, session.ScreenFinish)
	clock.Advance(2 * time.Second)
	s.Tick()
	wantScreen(t, s, session.ScreenHome)
}

func TestAccountRenewals(t *testing.T) {
	lib := library()
	lib.AccountFn = func(context.Context, kiosk.Credentials) (*kiosk.Account, error) {
		return &kiosk.Account{Patron: *siti, FinesTotal: 3000, Loans: []kiosk.Loan{
			{Item: kiosk.Item{Barcode: "A", Title: "Overdue"}, Due: t0.Add(-48 * time.Hour)},
			{Item: kiosk.Item{Barcode: "B", Title: "Later"}, Due: t0.Add(48 * time.Hour)},
		}}, nil
	}
	lib.RenewFn = func(_ context.Context, _ kiosk.Credentials, b string) (*kiosk.Loan, error) {
		if b == "B" {
			return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyRenewHold)
		}
		return &kiosk.Loan{Item: kiosk.Item{Barcode: b}, Due: t0.AddDate(0, 0, 14)}, nil
	}
	lib.RenewAllFn = func(context.Context, kiosk.Credentials) ([]kiosk.RenewResult, error) {
		return []kiosk.RenewResult{{Barcode: "A", Loan: &kiosk.Loan{Due: t0.AddDate(0, 0, 14)}},
			{Barcode: "B", Err: kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyRenewLimit)}}, nil
	}
	s, _ := newSession(t, lib)
	login(s, session.IntentAccount)
	v := wantScreen(t, s, session.ScreenAccount)
	if v.Account == nil || len(v.Account.Loans) != 2 || !v.Account.Loans[0].Overdue || v.Account.Loans[1].Overdue || v.Account.FinesTotal != 3000 {
		t.Fatalf("account %+v", v.Account)
	}
	s.RenewSelected(ctx)
	wantMessage(t, s, session.KeyNotSelected)
	s.ToggleLoan(0)
	s.ToggleLoan(1)
	s.RenewSelected(ctx)
	v = s.View()
	if v.Account.Loans[0].Result.Key != kiosk.KeyRenewOK || v.Account.Loans[1].Result.Key != kiosk.KeyRenewHold {
		t.Fatalf("results %+v", v.Account.Loans)
	}
	if len(v.Lines) != 1 || v.Lines[0].Status != session.StatusRenewed {
		t.Fatalf("renewals for the receipt: %+v", v.Lines)
	}
	s.RenewAll(ctx)
	v = s.View()
	if v.Account.Loans[1].Result.Key != kiosk.KeyRenewLimit {
		t.Fatalf("renew all: %+v", v.Account.Loans)
	}
	if lib.Calls("Account") != 3 {
		t.Fatalf("account loaded %d times, want 3", lib.Calls("Account"))
	}
}

func TestLibraryFaultKeepsThePatron(t *testing.T) {
	lib := library()
	lib.CheckoutFn = func(context.Context, kiosk.Credentials, string) (*kiosk.Loan, error) {
		return nil, context.DeadlineExceeded
	}
	s, _ := newSession(t, lib)
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	v := wantScreen(t, s, session.ScreenBorrow)
	if v.Lines[0].Message.Key != kiosk.KeyInternal {
		t.Fatalf("internal fault shown as %q", v.Lines[0].Message.Key)
	}
}

func TestViewsAreSnapshots(t *testing.T) {
	var views []session.View
	s, _ := newSession(t, library())
	s.SetOnChange(func(v session.View) { views = append(views, v) })
	s.Start(session.IntentReturn)
	scan(s, laskr.Barcode)
	v := s.View()
	v.Lines[0].Title = "changed"
	if s.View().Lines[0].Title != "Laskar Pelangi" {
		t.Fatal("a View shares memory with the Session")
	}
	if len(views) < 3 {
		t.Fatalf("only %d changes published", len(views))
	}
	busy := false
	for _, v := range views {
		busy = busy || v.Busy
	}
	if !busy {
		t.Fatal("no Busy view while the library was asked")
	}
}

func TestScannerDownOutlivesVisits(t *testing.T) {
	var published int
	s, clock := newSession(t, library())
	s.SetOnChange(func(session.View) { published++ })
	s.SetScannerDown(true)
	s.SetScannerDown(true) // no change: nothing published
	if published != 1 || !s.View().ScannerDown {
		t.Fatalf("published %d, view %+v", published, s.View())
	}
	login(s, session.IntentBorrow)
	s.Cancel()
	if !s.View().ScannerDown {
		t.Fatal("the end of a visit forgot the scanner is down")
	}
	// Device news is not patron activity: an idle visit still ends.
	login(s, session.IntentBorrow)
	clock.Advance(59 * time.Second)
	s.SetScannerDown(false)
	clock.Advance(2 * time.Second)
	s.Tick()
	wantScreen(t, s, session.ScreenHome)
}

// TestLanguageChosenOnHomeStays: a patron who switches language or text
// size on the home screen keeps it for their visit; the next visit starts
// with the defaults again.
func TestLanguageChosenOnHomeStays(t *testing.T) {
	s, _ := newSession(t, library())
	s.SetLang(kiosk.LangEN)
	s.ToggleLargeText()
	s.Start(session.IntentBorrow)
	if v := s.View(); v.Lang != kiosk.LangEN || !v.LargeText {
		t.Fatalf("after Start: lang %s, large %v", v.Lang, v.LargeText)
	}
	s.Cancel()
	if v := s.View(); v.Lang != kiosk.LangID || v.LargeText {
		t.Fatalf("next visit: lang %s, large %v", v.Lang, v.LargeText)
	}
	s.SetLang(kiosk.LangEN)
	scan(s, siti.Card) // a card scanned on the home screen starts a visit too
	if v := s.View(); v.Lang != kiosk.LangEN || v.Screen != session.ScreenPIN {
		t.Fatalf("after a card scan: lang %s, screen %s", v.Lang, v.Screen)
	}
}
