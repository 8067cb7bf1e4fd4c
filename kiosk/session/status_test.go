package session_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// TestOutOfService: staff take the kiosk out of service; the visit under
// way finishes, no new one starts by tap or scan, and the state outlives
// visits until staff put it back.
func TestOutOfService(t *testing.T) {
	s, _ := newSession(t, library())
	login(s, session.IntentBorrow)
	s.SetMode(kiosk.ModeOutOfService, "Sedang diperbaiki")
	if v := s.View(); v.Screen != session.ScreenBorrow || !v.OutOfService {
		t.Fatalf("the visit under way was cut: %s", v.Screen)
	}
	scan(s, laskr.Barcode)
	if v := s.View(); len(v.Lines) != 1 || v.Lines[0].Status != session.StatusBorrowed {
		t.Fatalf("borrowing during the last visit: %+v", v.Lines)
	}
	s.Cancel()
	if m, msg := s.Mode(); m != kiosk.ModeOutOfService || msg != "Sedang diperbaiki" {
		t.Fatalf("Mode = %s %q", m, msg)
	}
	s.Start(session.IntentBorrow)
	scan(s, siti.Card)
	if v := s.View(); v.Screen != session.ScreenHome || !v.OutOfService || v.ServiceMessage != "Sedang diperbaiki" {
		t.Fatalf("out of service: %s %+v", v.Screen, v)
	}
	s.SetMode(kiosk.ModeInService, "")
	s.Start(session.IntentReturn)
	if v := s.View(); v.Screen != session.ScreenReturn || v.OutOfService || v.ServiceMessage != "" {
		t.Fatalf("back in service: %s", v.Screen)
	}
	s.SetNotice("Perpustakaan tutup pukul 14.00 hari ini")
	s.Cancel()
	if v := s.View(); v.Notice != "Perpustakaan tutup pukul 14.00 hari ini" {
		t.Fatalf("notice lost with the visit: %q", v.Notice)
	}
}

// TestCounters counts today's scans and transactions, starts again at
// midnight, and tells staff of each transaction without patron data.
func TestCounters(t *testing.T) {
	s, clock := newSession(t, library())
	s.Location = time.UTC
	var mu sync.Mutex
	var events []kiosk.Event
	s.OnEvent = func(e kiosk.Event) { mu.Lock(); events = append(events, e); mu.Unlock() }
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	scan(s, "30001000000531") // refused: reference only, not an error
	s.Cancel()
	s.Start(session.IntentReturn)
	scan(s, laskr.Barcode)
	c := s.Counters()
	if c.Day != "2026-11-23" || c.Scans != 4 || c.Loans != 1 || c.Returns != 1 || c.Errors != 0 {
		t.Fatalf("counters %+v", c)
	}
	mu.Lock()
	if len(events) != 2 || events[0].Kind != kiosk.EventTransaction || events[0].Detail != "checkout" || events[1].Detail != "checkin" {
		t.Fatalf("events %+v", events)
	}
	mu.Unlock()
	clock.Advance(24 * time.Hour)
	if c := s.Counters(); c.Day != "2026-11-24" || c.Scans != 0 || c.Loans != 0 {
		t.Fatalf("next day %+v", c)
	}
}

// TestPatronNotice: a block the library system reports is said on
// arrival instead of the greeting.
func TestPatronNotice(t *testing.T) {
	circ := library()
	circ.AuthenticateFn = func(context.Context, kiosk.Credentials) (*kiosk.Patron, error) {
		p := *siti
		p.Notices = []kiosk.Message{kiosk.Msg(kiosk.LevelWarning, "patron.flag.charge_denied")}
		return &p, nil
	}
	s, _ := newSession(t, circ)
	login(s, session.IntentBorrow)
	if v := s.View(); v.Screen != session.ScreenBorrow || v.Message.Key != "patron.flag.charge_denied" {
		t.Fatalf("%s %+v", v.Screen, v.Message)
	}
}
