package main

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sitebook"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestShareNumbers: with guestbook.site_database the kiosk copies its
// visits and loans to the site's store — while the server is away they
// wait in the guest book and arrive when it is back —, and a restarted
// kiosk sends only what is new: nothing is lost or counted twice.
func TestShareNumbers(t *testing.T) {
	srv := pgtest.Shared(t)
	url := srv.NewDatabase(t)
	p := startProxy(t, srv.Addr)
	viaProxy := strings.Replace(url, srv.Addr, p.addr, 1)
	dir := t.TempDir()
	var failed, sent atomic.Int64 // share rounds ended
	configure := func(m *Main) {
		m.Config.Kiosk.DataDir, m.Config.GuestBook.SiteDatabase = dir, viaProxy
		m.shareEvery = 50 * time.Millisecond
		m.onShared = func(err error) {
			if err != nil {
				failed.Add(1)
			} else {
				sent.Add(1)
			}
		}
	}
	site := &sitebook.Store{URL: url}
	if err := site.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	counts := func() (visits, loans int) {
		b, err := site.Read(context.Background(), time.Now().Add(-time.Hour), time.Now().Add(time.Hour), "")
		if err != nil {
			t.Fatal(err)
		}
		for _, tl := range b.Tallies {
			if tl.Op == kiosk.OpCheckout && tl.Kiosk == "kiosk-01" {
				loans++
			}
		}
		return len(b.Visits), loans
	}

	m, _, ctx := startMainWith(t, configure)
	s := m.Session
	borrow := func(s *session.Session, card, item string) {
		s.Start(session.IntentBorrow)
		s.Scan(ctx, kiosk.Scan{Code: card})
		for _, d := range "1234" {
			s.PINKey(byte(d))
		}
		s.PINSubmit(ctx)
		s.Scan(ctx, kiosk.Scan{Code: item})
		s.Done()
	}
	borrow(s, sqlite.DemoCard(1), sqlite.DemoItem(1))
	s.Start(session.IntentVisit)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(2)})
	s.Done()
	waitForIt(t, "the visit and the loan in the site's store", func() bool { v, l := counts(); return v == 1 && l == 1 })

	p.down()
	borrow(s, sqlite.DemoCard(1), sqlite.DemoItem(2))
	f := failed.Load()
	waitForIt(t, "a round that could not reach the store", func() bool { return failed.Load() > f })
	if _, l := counts(); l != 1 {
		t.Fatalf("%d loans in the store while the kiosk could not reach it", l)
	}
	p.up()
	waitForIt(t, "the loan made while the server was away", func() bool { _, l := counts(); return l == 2 })
	m.Close()

	m2, _, ctx2 := startMainWith(t, configure)
	ctx = ctx2
	borrow(m2.Session, sqlite.DemoCard(1), sqlite.DemoItem(3))
	waitForIt(t, "the restarted kiosk's new loan", func() bool { _, l := counts(); return l == 3 })
	n := sent.Load()
	waitForIt(t, "two more rounds sent", func() bool { return sent.Load() >= n+2 })
	if v, l := counts(); v != 1 || l != 3 {
		t.Fatalf("after the restart: %d visits, %d loans; want 1 and 3", v, l)
	}
}
