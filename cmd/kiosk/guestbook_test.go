package main

import (
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestGuestBookEndToEnd: the kiosk's guest book on its default file:
// a member's visit by card, at the entrance from the home screen, once a
// day; a rating.
func TestGuestBookEndToEnd(t *testing.T) {
	m, _, ctx := startMainWith(t, func(m *Main) { m.Config.GuestBook.Entrance = true })
	if m.GuestBook == nil {
		t.Fatal("no guest book")
	}
	s := m.Session
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(1)}) // on the home screen of an entrance kiosk
	if v := s.View(); v.Screen != session.ScreenFinish || v.Message.Key != session.KeyVisitCounted {
		t.Fatalf("visit: %s %+v", v.Screen, v.Message)
	}
	s.Rate(ctx, 5)
	s.Done()
	s.Start(session.IntentVisit)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(1)})
	if v := s.View(); v.Message.Key != session.KeyVisitAgain {
		t.Fatalf("the same day again: %+v", v.Message)
	}
	vs, err := m.GuestBook.Visits(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil || len(vs) != 1 || vs[0].Card != sqlite.DemoCard(1) || vs[0].Kiosk != m.Config.Kiosk.ID {
		t.Fatalf("visits %+v %v", vs, err)
	}
}
