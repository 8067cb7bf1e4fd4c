package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/engine"
	"github.com/anjungan/anjungan/booking/postgres"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// openMakerspace opens the booking store, seeds the demo makerspace when
// configured, and sets up the signer of booking QR codes.
func (m *Main) openMakerspace(ctx context.Context, dir string, now func() time.Time, loc *time.Location) error {
	cfg := m.Config.Makerspace
	where := cfg.Database
	if where == "" {
		where = filepath.Join(dir, "makerspace.db")
	}
	eng := engine.New(where)
	st := eng.Core()
	st.Now, st.Location, st.Logger = now, loc, m.Logger.With("component", "makerspace")
	st.SweepEvery = cfg.SweepEvery.Duration
	if err := eng.Open(ctx); err != nil {
		return pathError("makerspace database", engine.Redact(where), err)
	}
	if cfg.Demo {
		// The demo's first patron holds the laser cutter certificate.
		if err := st.SeedDemo(ctx, sqlite.DemoCard(1)); err != nil {
			eng.Close()
			return fmt.Errorf("demo makerspace: %w", err)
		}
	}
	secret, err := hex.DecodeString(cfg.Secret)
	if cfg.Secret == "" {
		secret, err = st.Secret(ctx)
	}
	if err != nil {
		eng.Close()
		return fmt.Errorf("makerspace secret: %w", err)
	}
	if pg, ok := eng.(*postgres.Store); ok {
		// Shared by the library's kiosks and phones: what changes
		// anywhere shows here, and wrong PINs typed anywhere count here
		// (this kiosk's own count stands in while the database is away).
		m.changes = make(chan string, 64)
		pg.OnChange = m.bookingsChanged
		p := m.Config.Patron
		m.Session.Lockout = session.Shared{
			Guard: &sqlstore.PINGuard{Store: st, Max: p.MaxPINAttempts, For: p.Lockout.Duration},
			Local: &session.Lockout{Max: p.MaxPINAttempts, For: p.Lockout.Duration},
		}
	}
	m.Makerspace, m.makerspace = st, eng
	m.Session.Booking = st
	m.Session.Signer = booking.Signer{Site: m.Config.makerspaceSite(), Secret: secret}
	return nil
}

// bookingsChanged takes a change announced by the shared store (on its
// goroutine, without blocking): resource's bookings changed, or, with "",
// anything may have.
func (m *Main) bookingsChanged(resource string) {
	select {
	case m.changes <- resource:
	default:
		select { // full: whatever is waiting, a reload of all covers it
		case m.changes <- "":
		default:
		}
	}
}

// forwardChanges tells the session of each change, one at a time, until
// ctx ends.
func (m *Main) forwardChanges(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case r := <-m.changes:
			m.Session.BookingsChanged(ctx, r)
		}
	}
}
