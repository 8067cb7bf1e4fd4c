package session_test

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/devices/receipt"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// demoLibrary is the embedded library with the demo data, in a temp file,
// on the session's clock.
func demoLibrary(t *testing.T, clock *mock.Clock) *sqlite.DB {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "library.db"))
	db.Now = clock.Now
	db.PINCost = bcrypt.MinCost
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// demoSession is a session on the embedded demo library with a printer
// that keeps what it is given.
func demoSession(t *testing.T) (*session.Session, *printer) {
	t.Helper()
	clock := mock.NewClock(t0)
	s, _ := newSession(t, demoLibrary(t, clock))
	s.Now = clock.Now
	p := &printer{}
	s.Printer = p
	return s, p
}

// slip is the visit's receipt as shown on screen and as the printer's
// bytes, after Finish.
func slip(t *testing.T, s *session.Session, p *printer) (screen string, paper []byte) {
	t.Helper()
	s.Finish(ctx)
	v := wantScreen(t, s, session.ScreenFinish)
	if v.Receipt == nil || len(p.got) != 1 {
		t.Fatalf("receipt %v, printed %d", v.Receipt, len(p.got))
	}
	return v.Receipt.Text(42), receipt.Encode(p.got[0], 42)
}

// TestReceiptTellsCopiesApart borrows two copies of Laskar Pelangi: each
// line of the receipt, on screen and on paper, carries its barcode.
func TestReceiptTellsCopiesApart(t *testing.T) {
	s, p := demoSession(t)
	s.Start(session.IntentBorrow)
	scan(s, sqlite.DemoCard(1))
	pin(s, sqlite.DemoPatrons[0].PIN)
	wantScreen(t, s, session.ScreenBorrow)
	two, three := sqlite.DemoItem(2), sqlite.DemoItem(3)
	scan(s, two)
	scan(s, three)
	if l := s.View().Lines; len(l) != 2 || l[0].Status != session.StatusBorrowed || l[1].Status != session.StatusBorrowed {
		t.Fatalf("lines %+v", l)
	}
	screen, paper := slip(t, s, p)
	for _, e := range p.got[0].Entries {
		if e.Title != "Laskar Pelangi" {
			t.Fatalf("entry %+v", e)
		}
	}
	for _, b := range []string{two, three} {
		if !strings.Contains(screen, "\n  "+b+"\n") {
			t.Errorf("barcode %s not on the screen's receipt:\n%s", b, screen)
		}
		if !bytes.Contains(paper, []byte("\n  "+b+"\n")) {
			t.Errorf("barcode %s not on paper: %q", b, paper)
		}
	}
}

// TestRenewalFineOnReceipt renews Budi's Sang Pemimpi, six days overdue,
// on the embedded library: the late days charged at the renewal (6 × Rp
// 500) are on its line and in the total, like a return's fine, whichever
// way it was renewed.
func TestRenewalFineOnReceipt(t *testing.T) {
	budi, late := sqlite.DemoCard(2), sqlite.DemoItem(4)
	renewals := map[string]func(t *testing.T, s *session.Session){
		"my account, renew all": func(t *testing.T, s *session.Session) {
			s.Start(session.IntentAccount)
			scan(s, budi)
			pin(s, sqlite.DemoPatrons[1].PIN)
			wantScreen(t, s, session.ScreenAccount)
			s.RenewAll(ctx)
		},
		"my account, renew selected": func(t *testing.T, s *session.Session) {
			s.Start(session.IntentAccount)
			scan(s, budi)
			pin(s, sqlite.DemoPatrons[1].PIN)
			v := wantScreen(t, s, session.ScreenAccount)
			for i, l := range v.Account.Loans {
				if l.Item.Barcode == late {
					s.ToggleLoan(i)
				}
			}
			s.RenewSelected(ctx)
		},
		"borrow screen's offer": func(t *testing.T, s *session.Session) {
			s.Start(session.IntentBorrow)
			scan(s, budi)
			pin(s, sqlite.DemoPatrons[1].PIN)
			scan(s, late)
			if v := s.View(); v.Offer != late {
				t.Fatalf("no renewal offered: %+v", v.Lines)
			}
			s.AcceptRenewal(ctx)
		},
	}
	fine := "Denda " + assets.Catalog().Money(kiosk.LangID, 3000)
	for name, renew := range renewals {
		t.Run(name, func(t *testing.T) {
			s, p := demoSession(t)
			renew(t, s)
			var line *session.Line
			for _, l := range s.View().Lines {
				if l.Barcode == late {
					line = &l
				}
			}
			if line == nil || line.Status != session.StatusRenewed || line.Fine != 3000 {
				t.Fatalf("renewal line %+v", line)
			}
			screen, paper := slip(t, s, p)
			var entry kiosk.ReceiptEntry
			for _, e := range p.got[0].Entries {
				if e.Barcode == late {
					entry = e
				}
			}
			if !strings.Contains(entry.Detail, fine) {
				t.Errorf("renewal entry %+v lacks %q", entry, fine)
			}
			if !slices.Contains(p.got[0].Notes, fine) {
				t.Errorf("notes %q lack the total %q", p.got[0].Notes, fine)
			}
			if strings.Count(screen, fine) != 2 {
				t.Errorf("the fine is not on the screen's receipt, line and total:\n%s", screen)
			}
			if bytes.Count(paper, []byte(fine)) != 2 {
				t.Errorf("the fine is not on paper, line and total: %q", paper)
			}
		})
	}
}

// TestReceiptCountsCopies: a copy borrowed and then renewed in the same
// visit is two lines on the receipt and one copy in its count.
func TestReceiptCountsCopies(t *testing.T) {
	lib := library()
	lent := map[string]bool{}
	lib.CheckoutFn = func(_ context.Context, _ kiosk.Credentials, b string) (*kiosk.Loan, error) {
		if lent[b] {
			return nil, kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemAlreadyYours, "title", "Laskar Pelangi")
		}
		lent[b] = true
		return &kiosk.Loan{Item: kiosk.Item{Barcode: b, Title: "Laskar Pelangi"}, Due: t0.AddDate(0, 0, 7)}, nil
	}
	s, _ := newSession(t, lib)
	p := &printer{}
	s.Printer = p
	lib.AccountFn = func(context.Context, kiosk.Credentials) (*kiosk.Account, error) {
		return &kiosk.Account{Patron: *siti, Loans: []kiosk.Loan{{Item: laskr, Due: t0.AddDate(0, 0, 7)}}}, nil
	}
	lib.RenewAllFn = func(context.Context, kiosk.Credentials) ([]kiosk.RenewResult, error) {
		return []kiosk.RenewResult{{Barcode: laskr.Barcode, Title: laskr.Title, Loan: &kiosk.Loan{Item: laskr, Due: t0.AddDate(0, 0, 14), Renewals: 1}}}, nil
	}
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	scan(s, "30001000000036")
	s.ShowAccount(ctx) // and renew what was just borrowed
	s.RenewAll(ctx)
	screen, _ := slip(t, s, p)
	if n := len(p.got[0].Entries); n != 3 {
		t.Fatalf("%d receipt lines, want 3:\n%s", n, screen)
	}
	if !strings.Contains(screen, "Jumlah: 2 eksemplar") {
		t.Fatalf("the count is not of copies:\n%s", screen)
	}
}
