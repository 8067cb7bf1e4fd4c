package sip2_test

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

var siti = kiosk.Credentials{Card: "2001", PIN: "1234"}

func library(t *testing.T, q sip2test.Quirks) (*sip2test.Server, *sip2.Client) {
	t.Helper()
	s := sip2test.Start(t, q)
	var lost sip2.PatronFlags
	lost[sip2.FlagCardLost] = true
	s.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234", Name: "Siti Rahmawati", BirthDate: "19960412"})
	s.AddPatron(sip2test.Patron{Card: "2005", PIN: "5678", Name: "Dewi", Flags: lost})
	s.AddItem(sip2test.Item{Barcode: "3001", Title: "Laskar Pelangi"})
	s.AddItem(sip2test.Item{Barcode: "3002", Title: "Sang Pemimpi", Patron: "2001", Due: time.Now().Add(72 * time.Hour)})
	s.AddItem(sip2test.Item{Barcode: "3003", Title: "Bumi Manusia", Patron: "2001", Due: time.Now().Add(48 * time.Hour), Holds: 1})
	s.AddItem(sip2test.Item{Barcode: "3009", Title: "KBBI", NoLoan: true})
	c := &sip2.Client{Addr: s.Addr(), User: "kiosk", Password: "sip-secret", Institution: "perpus", Loc: time.UTC,
		Options: sip2.Options{ErrorDetection: !q.NoErrorDetection, CRLF: q.CRLF, Charset: q.Charset, Resends: 2},
		Logger:  slog.New(slog.DiscardHandler)}
	return s, c
}

func key(err error) string {
	if err == nil {
		return ""
	}
	return kiosk.ErrorKey(err)
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{})
	p, err := c.Authenticate(ctx, siti)
	if err != nil || p.Name != "Siti Rahmawati" || p.BirthDate.Year() != 1996 {
		t.Fatalf("Authenticate = %+v, %v", p, err)
	}
	for _, tt := range []struct {
		cred kiosk.Credentials
		key  string
	}{
		{kiosk.Credentials{Card: "2001", PIN: "0000"}, kiosk.KeyPINWrong},
		{kiosk.Credentials{Card: "9999", PIN: "1234"}, kiosk.KeyPatronUnknown},
		{kiosk.Credentials{Card: "2005", PIN: "5678"}, kiosk.KeyPatronBlocked},
		{kiosk.Credentials{Card: "2001", PIN: ""}, kiosk.KeyPINRequired},
	} {
		if _, err := c.Authenticate(ctx, tt.cred); key(err) != tt.key {
			t.Errorf("%s: %v, want %s", tt.cred, err, tt.key)
		}
	}
	// The blank PIN was never sent.
	for _, m := range s.Received() {
		if m.Code == "63" && m.Value("AA") == "2001" && m.Value("AD") == "" {
			t.Fatal("a blank PIN went to the server")
		}
	}
	// A server that answers BL=Y without CQ does not let anyone in.
	s.SetQuirks(sip2test.Quirks{BLOnly: true})
	if _, err := c.Authenticate(ctx, siti); key(err) != kiosk.KeyPINUnchecked {
		t.Fatalf("BL alone: %v", err)
	}
}

func TestCirculation(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{CRLF: true})
	loan, err := c.Checkout(ctx, siti, "3001")
	if err != nil || loan.Item.Title != "Laskar Pelangi" || loan.Due.Before(time.Now().Add(13*24*time.Hour)) {
		t.Fatalf("checkout %+v %v", loan, err)
	}
	if _, err := c.Checkout(ctx, siti, "3009"); key(err) != kiosk.KeyLibraryRefused || kiosk.ErrorArg(err, "message") != "Reference only" {
		t.Fatalf("reference: %v", err)
	}
	if _, err := c.Renew(ctx, siti, "3003"); key(err) != kiosk.KeyLibraryRefused {
		t.Fatalf("renew with a hold: %v", err)
	}
	if l, err := c.Renew(ctx, siti, "3002"); err != nil || l.Due.IsZero() {
		t.Fatalf("renew %+v %v", l, err)
	}
	acc, err := c.Account(ctx, siti)
	if err != nil || len(acc.Loans) != 3 {
		t.Fatalf("account %+v %v", acc, err)
	}
	for _, l := range acc.Loans {
		if l.Item.Title == "" || l.Due.IsZero() {
			t.Errorf("loan without title or due date: %+v", l)
		}
	}
	ret, err := c.Checkin(ctx, "3003")
	if err != nil || !ret.Hold || ret.Item.Title != "Bumi Manusia" {
		t.Fatalf("checkin %+v %v", ret, err)
	}
	if it, _ := s.Item("3003"); it.Patron != "" {
		t.Fatal("still on loan at the server")
	}
	results, err := c.RenewAll(ctx, siti)
	if err != nil || len(results) != 2 {
		t.Fatalf("renew all %+v %v", results, err)
	}
	if it, err := c.Item(ctx, "3001"); err != nil || it.Title != "Laskar Pelangi" {
		t.Fatalf("item %+v %v", it, err)
	}
}

// TestLinkAndReconnect: the link is reported; when the server drops the
// connection the next request fails "offline" and the one after
// reconnects; an unreachable server is "offline".
func TestLinkAndReconnect(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{})
	var links []kiosk.LinkStatus
	c.OnLink = func(l kiosk.LinkStatus) { links = append(links, l) }
	if _, err := c.Item(ctx, "3001"); err != nil {
		t.Fatal(err)
	}
	if l := c.Link(); !l.Up || l.RTT <= 0 {
		t.Fatalf("link %+v", l)
	}
	s.SetQuirks(sip2test.Quirks{DisconnectAfter: s.Answers() + 1})
	if _, err := c.Item(ctx, "3001"); kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE {
		t.Fatalf("cut off: %v", err)
	}
	if c.Link().Up {
		t.Fatal("link still up")
	}
	s.SetQuirks(sip2test.Quirks{})
	if _, err := c.Item(ctx, "3001"); err != nil {
		t.Fatalf("after reconnect: %v", err)
	}
	if len(links) < 3 || !links[len(links)-1].Up {
		t.Fatalf("link changes %+v", links)
	}
	s.Close()
	if _, err := c.Item(ctx, "3001"); key(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("server gone: %v", err)
	}
}

// TestACSPolicy: an ACS that reports itself off-line is not asked to lend;
// the kiosk says the library is offline (and the offline queue, when
// allowed, takes over).
func TestACSPolicy(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{Offline: true})
	if _, err := c.Item(ctx, "3001"); err != nil { // connects, learns the 98
		t.Fatal(err)
	}
	before := len(s.Received())
	if _, err := c.Checkout(ctx, siti, "3001"); key(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("checkout at an off-line ACS: %v", err)
	}
	if _, err := c.Checkin(ctx, "3002"); key(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("checkin at an off-line ACS: %v", err)
	}
	if len(s.Received()) != before {
		t.Fatal("the off-line ACS was asked anyway")
	}
}

// TestPatronFlags: the flags that limit what a patron can do at a kiosk
// (borrowing, renewing, fines, overdues) are told on arrival; the others
// (recall, holds, claims returned, lost items, billed) only logged; a
// lost card is refused.
func TestPatronFlags(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{})
	told := map[int]string{
		sip2.FlagChargeDenied: sip2.KeyFlagChargeDenied, sip2.FlagRenewalDenied: sip2.KeyFlagRenewalDenied,
		sip2.FlagTooManyCharged: sip2.KeyFlagTooManyItems, sip2.FlagTooManyOverdue: sip2.KeyFlagOverdue,
		sip2.FlagTooManyRenewals: sip2.KeyFlagTooManyRenew, sip2.FlagExcessiveFines: kiosk.KeyPatronFines,
		sip2.FlagExcessiveFees: sip2.KeyFlagFees, sip2.FlagRecallOverdue: sip2.KeyFlagRecallOverdue,
	}
	for i := range 14 {
		var f sip2.PatronFlags
		f[i] = true
		card := "5" + strconv.Itoa(100+i)
		s.AddPatron(sip2test.Patron{Card: card, PIN: "1111", Name: "Flag", Flags: f})
		p, err := c.Authenticate(ctx, kiosk.Credentials{Card: card, PIN: "1111"})
		switch key, ok := told[i]; {
		case i == sip2.FlagCardLost:
			if kiosk.ErrorKey(err) != kiosk.KeyPatronBlocked {
				t.Errorf("card lost: %v", err)
			}
		case err != nil:
			t.Errorf("flag %d: %v", i, err)
		case ok && (len(p.Notices) != 1 || p.Notices[0].Key != key || p.Notices[0].Level != kiosk.LevelWarning):
			t.Errorf("flag %d: notices %+v, want %s", i, p.Notices, key)
		case !ok && len(p.Notices) != 0:
			t.Errorf("flag %d is none of the patron's business at a kiosk: notices %+v", i, p.Notices)
		}
	}
	if p, _ := c.Authenticate(ctx, siti); len(p.Notices) != 0 {
		t.Errorf("no flags, notices %+v", p.Notices)
	}
}

// TestRecallDeniedForEveryone: a server that sets "recall privileges
// denied" for every patron (a default of several systems) must not
// replace every patron's welcome with it.
func TestRecallDeniedForEveryone(t *testing.T) {
	_, c := library(t, sip2test.Quirks{RecallDenied: true})
	p, err := c.Authenticate(context.Background(), siti)
	if err != nil || len(p.Notices) != 0 {
		t.Fatalf("patron %+v, %v", p, err)
	}
}

// TestACSPolicyFlags: the 98's renewal policy and off-line permission are
// followed.
func TestACSPolicyFlags(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{NoRenewals: true, NoSCOffline: true})
	if !c.OfflineAllowed() {
		t.Fatal("off-line refused before any 98")
	}
	if _, err := c.Item(ctx, "3001"); err != nil {
		t.Fatal(err)
	}
	n := len(s.Received())
	if _, err := c.Renew(ctx, siti, "3002"); key(err) != sip2.KeyNoRenewals {
		t.Fatalf("renew: %v", err)
	}
	if _, err := c.RenewAll(ctx, siti); key(err) != sip2.KeyNoRenewals {
		t.Fatalf("renew all: %v", err)
	}
	if len(s.Received()) != n || c.OfflineAllowed() {
		t.Fatal("policy not followed")
	}
}

// TestTLS: the client speaks SIP2 over TLS, trusting the site's CA, and
// refuses a server it cannot verify.
func TestTLS(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{TLS: true})
	c.TLS = &tls.Config{RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}
	if p, err := c.Authenticate(ctx, siti); err != nil || p.Name != "Siti Rahmawati" {
		t.Fatalf("over TLS: %+v %v", p, err)
	}
	other := &sip2.Client{Addr: s.Addr(), User: "kiosk", Password: "sip-secret", TLS: &tls.Config{MinVersion: tls.VersionTLS12},
		Options: sip2.Options{ErrorDetection: true}, Logger: slog.New(slog.DiscardHandler)}
	if _, err := other.Item(ctx, "3001"); key(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("unverified server: %v", err)
	}
}

func TestEndSession(t *testing.T) {
	s, c := library(t, sip2test.Quirks{})
	if err := c.EndSession(context.Background(), siti); err != nil {
		t.Fatal(err)
	}
	got := s.Received()
	if last := got[len(got)-1]; last.Code != "35" || last.Value("AA") != "2001" {
		t.Fatalf("last request %+v", last)
	}
}

// TestRunOwnsReconnect: while Run keeps the link, a request that meets
// the link down is answered "offline" at once, without dialling (the
// patron does not wait out a connect per scan); Run brings the link back
// and requests go through again.
func TestRunOwnsReconnect(t *testing.T) {
	s, c := library(t, sip2test.Quirks{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	waitLink(t, c, true)
	if _, err := c.Item(ctx, "3001"); err != nil {
		t.Fatal(err)
	}
	s.Down()
	if _, err := c.Item(ctx, "3001"); key(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("server gone: %v", err)
	}
	_, err := c.Item(ctx, "3001")
	if !errors.Is(err, sip2.ErrLinkDown) || key(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("second request while down: %v", err)
	}
	waitLink(t, c, false)
	s.Up(t)
	waitLink(t, c, true)
	if it, err := c.Item(ctx, "3001"); err != nil || it.Title != "Laskar Pelangi" {
		t.Fatalf("after Run reconnected: %+v %v", it, err)
	}
}

// waitLink waits (at most 30 s) for the link to be up or down.
func waitLink(t *testing.T, c *sip2.Client, up bool) {
	t.Helper()
	waitFor(t, 30*time.Second, "the link to be up="+strconv.FormatBool(up), func() bool { return c.Link().Up == up })
}

// TestSupportedMessages: the client sends only what the server's BX
// says it takes: a patron is identified with 23 when 63 is not taken;
// renew all is made of 29s when 65 is not taken; the account, the end of
// a visit and item lookups are left alone when their messages are not.
func TestSupportedMessages(t *testing.T) {
	ctx := context.Background()
	sent := func(s *sip2test.Server) map[string]int {
		n := map[string]int{}
		for _, m := range s.Received() {
			n[m.Code]++
		}
		return n
	}
	t.Run("no 63, 35, 17, 65", func(t *testing.T) {
		//                                 23 11 09 01 99 97 93 63 35 37 17 19 25 15 29 65
		s, c := library(t, sip2test.Quirks{Supported: "Y" + "Y" + "Y" + "Y" + "Y" + "Y" + "Y" + "N" + "N" + "Y" + "N" + "Y" + "Y" + "Y" + "Y" + "N"})
		p, err := c.Authenticate(ctx, siti) // connects first: the 98 arrives before the request is chosen
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Authenticate(ctx, kiosk.Credentials{Card: "2001", PIN: "0000"}); key(err) != kiosk.KeyPINWrong {
			t.Fatalf("wrong PIN over 23: %v", err)
		}
		if p.Name != "Siti Rahmawati" {
			t.Fatalf("patron %+v", p)
		}
		if _, err := c.Account(ctx, siti); key(err) != sip2.KeyNoAccount {
			t.Fatalf("account: %v", err)
		}
		if _, err := c.RenewAll(ctx, siti); key(err) != sip2.KeyNoRenewals {
			t.Fatalf("renew all: %v", err)
		}
		if err := c.EndSession(ctx, siti); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Item(ctx, "3001"); err == nil {
			t.Fatal("item information sent to a server without 17")
		}
		n := sent(s)
		if n["23"] != 2 || n["63"] != 0 || n["35"] != 0 || n["17"] != 0 || n["65"] != 0 {
			t.Fatalf("sent %v", n)
		}
	})
	t.Run("no 65", func(t *testing.T) {
		s, c := library(t, sip2test.Quirks{Supported: "YYYYYYYYYYYYYYYN"})
		if _, err := c.Authenticate(ctx, siti); err != nil {
			t.Fatal(err)
		}
		results, err := c.RenewAll(ctx, siti)
		if err != nil || len(results) != 2 {
			t.Fatalf("renew all %+v %v", results, err)
		}
		for _, r := range results {
			switch r.Barcode {
			case "3002":
				if r.Err != nil || r.Loan == nil || r.Title != "Sang Pemimpi" {
					t.Fatalf("3002 %+v", r)
				}
			case "3003": // others wait for it
				if r.Err == nil {
					t.Fatalf("3003 renewed despite a hold: %+v", r)
				}
			default:
				t.Fatalf("renewed %+v", r)
			}
		}
		if n := sent(s); n["65"] != 0 || n["29"] != 2 {
			t.Fatalf("sent %v", n)
		}
		// The link fails at the first renewal: every loan gets that
		// failure, and the others are not tried.
		s.AddItem(sip2test.Item{Barcode: "3004", Title: "Ronggeng Dukuh Paruk", Patron: "2001", Due: time.Now().Add(24 * time.Hour)})
		// 64, then 18 for each of the three loans, then the first 30.
		s.SetQuirks(sip2test.Quirks{Supported: "YYYYYYYYYYYYYYYN", DisconnectAfter: s.Answers() + 5})
		before := sent(s)["29"]
		results, err = c.RenewAll(ctx, siti)
		if err != nil || len(results) != 3 {
			t.Fatalf("renew all, link failing %+v %v", results, err)
		}
		for _, r := range results {
			if kiosk.ErrorCode(r.Err) != kiosk.EUNAVAILABLE {
				t.Fatalf("%s: %v", r.Barcode, r.Err)
			}
		}
		if n := sent(s)["29"] - before; n != 1 {
			t.Fatalf("%d renewals tried after the link failed, want 1", n)
		}
	})
}

// TestAccountFines: the account lists the fines the server itemizes
// (AV), with the amount found in each server's own wording.
func TestAccountFines(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{})
	s.AddPatron(sip2test.Patron{Card: "2009", PIN: "1111", Name: "Budi", FeeAmount: "4500.00",
		Fines: []string{"IDR 3000 overdue Laskar Pelangi", "Lost card 1,500.00"}})
	acc, err := c.Account(ctx, kiosk.Credentials{Card: "2009", PIN: "1111"})
	if err != nil {
		t.Fatal(err)
	}
	if acc.FinesTotal != 4500 || len(acc.Fines) != 2 || acc.Fines[0].Amount != 3000 || acc.Fines[1].Amount != 1500 ||
		acc.Fines[0].Description != "IDR 3000 overdue Laskar Pelangi" {
		t.Fatalf("fines %d %+v", acc.FinesTotal, acc.Fines)
	}
	count63 := func() (n int) {
		for _, m := range s.Received() {
			if m.Code == "63" {
				n++
			}
		}
		return n
	}
	before := count63()
	acc, err = c.Account(ctx, siti) // no fines: no second request
	if err != nil || len(acc.Fines) != 0 || len(acc.Loans) != 2 || count63()-before != 1 {
		t.Fatalf("siti %+v %v; %d requests", acc, err, count63()-before)
	}
}

func TestFineAmount(t *testing.T) {
	for text, want := range map[string]int64{
		"IDR 3000 overdue":     3000,
		"Rp5000 denda":         5000,
		"Overdue fee 1,500.00": 1500,
		"$2.50 late":           2,
		"no amount here":       0,
		"":                     0,
	} {
		if got := sip2.FineAmount(text); got != want {
			t.Errorf("%q: %d, want %d", text, got, want)
		}
	}
}
