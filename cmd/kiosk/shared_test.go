package main

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/postgres"
	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

func TestMain(m *testing.M) {
	code := m.Run()
	slimstest.StopShared()
	pgtest.StopShared()
	os.Exit(code)
}

// TestSharedMakerspace: two kiosks on one PostgreSQL makerspace. A slot
// chosen at kiosk A and booked meanwhile at kiosk B shows as taken at A
// within a second, without a tap; with the database away, A still lends
// and says booking is unavailable, and booking comes back by itself.
func TestSharedMakerspace(t *testing.T) {
	srv := pgtest.Shared(t)
	url := srv.NewDatabase(t)
	seed := postgres.New(url)
	seed.Logger = slog.New(slog.DiscardHandler)
	if err := seed.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := seed.SeedDemo(context.Background(), sqlite.DemoCard(1)); err != nil {
		t.Fatal(err)
	}
	seed.Close()
	p := startProxy(t, srv.Addr)
	viaProxy := strings.Replace(url, srv.Addr, p.addr, 1)
	now := time.Date(2026, 11, 23, 7, 30, 0, 0, jakartaZone(t))
	shared := func(where string) func(*Main) {
		return func(m *Main) {
			m.Config.Makerspace.Database, m.Config.Makerspace.Demo = where, false
			m.Config.Makerspace.Secret = strings.Repeat("ab", 32)
			m.Now = func() time.Time { return now }
		}
	}
	a, _, ctx := startMainWith(t, shared(viaProxy))
	b, _, _ := startMainWith(t, shared(url))

	s := a.Session
	s.ShowMakerspace(ctx)
	s.PickResource(ctx, "pc-1")
	v := s.View()
	var start time.Time
	for i, sl := range v.Makerspace.Days[v.Makerspace.Day].Slots {
		if sl.State == booking.SlotFree {
			s.PickSlot(i)
			start = sl.Start
			break
		}
	}
	if start.IsZero() {
		t.Fatalf("no free slot on pc-1: %+v", v.Message)
	}
	other := booking.Patron{Card: sqlite.DemoCard(2), Category: "adult", BirthDate: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := b.Makerspace.Book(context.Background(), booking.Request{Resource: "pc-1", Patron: other, Start: start, Duration: time.Hour, Kiosk: "kiosk-b"}); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	waitForIt(t, "kiosk A to show the slot taken at kiosk B", func() bool {
		v := s.View()
		return v.Makerspace != nil && v.Makerspace.Slot == -1 && v.Message.Key == booking.KeySlotTaken
	})
	if d := time.Since(t0); d > time.Second {
		t.Errorf("the booking at B showed at A after %v, want within 1 s", d)
	}

	// Wrong PINs at B lock the card at A.
	bs := b.Session
	bs.Start(session.IntentBorrow)
	bs.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(2)})
	for range b.Config.Patron.MaxPINAttempts {
		for _, d := range "0000" {
			bs.PINKey(byte(d))
		}
		bs.PINSubmit(ctx)
	}
	if v := bs.View(); v.Message.Key != kiosk.KeyPINLocked {
		t.Fatalf("at B after %d wrong PINs: %+v", b.Config.Patron.MaxPINAttempts, v.Message)
	}
	s.Cancel()
	s.Start(session.IntentBorrow)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(2)})
	if v := s.View(); v.Message.Key != kiosk.KeyPINLocked {
		t.Fatalf("the card locked at B, at A: %s %+v", v.Screen, v.Message)
	}
	s.Cancel()

	// The database away: booking is unavailable, lending is not.
	p.down()
	s.Cancel()
	s.ShowMakerspace(ctx)
	if v := s.View(); v.Message.Key != booking.KeyUnavailable {
		t.Fatalf("makerspace with the database away: %+v", v.Message)
	}
	s.Cancel()
	s.Start(session.IntentBorrow)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(1)})
	for _, d := range sqlite.DemoPatrons[0].PIN {
		s.PINKey(byte(d))
	}
	s.PINSubmit(ctx)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoItem(1)})
	if v := s.View(); len(v.Lines) != 1 || v.Lines[0].Status != session.StatusBorrowed {
		t.Fatalf("borrowing with the makerspace database away: %+v %+v", v.Lines, v.Message)
	}
	s.Cancel()
	p.up()
	waitForIt(t, "booking back by itself", func() bool {
		s.ShowMakerspace(ctx)
		v := s.View()
		return v.Message.Key == "" && v.Makerspace != nil && len(v.Makerspace.Resources) > 0
	})
}

func jakartaZone(t *testing.T) *time.Location {
	l, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return l
}
