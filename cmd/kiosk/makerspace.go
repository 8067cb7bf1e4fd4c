package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"time"

	"github.com/anjungan/anjungan/booking"
	bookingsql "github.com/anjungan/anjungan/booking/sqlite"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// openMakerspace opens the booking store, seeds the demo makerspace when
// configured, and sets up the signer of booking QR codes.
func (m *Main) openMakerspace(ctx context.Context, dir string, now func() time.Time, loc *time.Location) error {
	cfg := m.Config.Makerspace
	path := cfg.Database
	if path == "" {
		path = filepath.Join(dir, "makerspace.db")
	}
	st := bookingsql.New(path)
	st.Now, st.Location, st.Logger = now, loc, m.Logger.With("component", "makerspace")
	st.SweepEvery = cfg.SweepEvery.Duration
	if err := st.Open(ctx); err != nil {
		return pathError("makerspace database", path, err)
	}
	if cfg.Demo {
		// The demo's first patron holds the laser cutter certificate.
		if err := st.SeedDemo(ctx, sqlite.DemoCard(1)); err != nil {
			st.Close()
			return fmt.Errorf("demo makerspace: %w", err)
		}
	}
	secret, err := hex.DecodeString(cfg.Secret)
	if cfg.Secret == "" {
		secret, err = st.Secret(ctx)
	}
	if err != nil {
		st.Close()
		return fmt.Errorf("makerspace secret: %w", err)
	}
	m.Makerspace = st
	m.Session.Booking = st
	m.Session.Signer = booking.Signer{Site: m.Config.makerspaceSite(), Secret: secret}
	return nil
}
