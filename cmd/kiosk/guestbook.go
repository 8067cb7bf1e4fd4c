package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

// openGuestBook opens the guest book (guestbook.database, in the data
// folder by default): the session counts loans, returns and renewals in
// it and takes up today's counts; with guestbook.enabled it is also the
// guest book at the kiosk.
func (m *Main) openGuestBook(ctx context.Context, dir string, now func() time.Time, loc *time.Location) error {
	cfg := m.Config.GuestBook
	path := cfg.Database
	if path == "" {
		path = filepath.Join(dir, "guestbook.db")
	}
	gb := &guestbook.Store{Path: path, OncePerDay: cfg.OncePerDay, Location: loc, Now: now}
	if err := gb.Open(ctx); err != nil {
		return pathError("guest book", path, err)
	}
	m.GuestBook = gb
	m.Session.Tally = gb
	if d, err := gb.Today(ctx, now()); err != nil {
		m.Logger.Warn("today's counts not read; they start from zero", "err", err)
	} else {
		m.Session.RestoreCounters(kiosk.Counters{Day: now().In(loc).Format(time.DateOnly),
			Loans: d.Loans, Returns: d.Returns, Renewals: d.Renewals, Visits: d.Visits, Guests: d.Guests, Ratings: d.Ratings})
	}
	if !cfg.Enabled {
		return nil
	}
	m.Session.GuestBook = gb
	m.Session.Config.Entrance, m.Session.Config.GuestForm = cfg.Entrance, cfg.guestForm()
	m.Session.Survey, m.Session.Config.Survey = gb, cfg.Survey // the SKM's answers too
	if cfg.Secret != "" {
		secret, err := hex.DecodeString(cfg.Secret)
		if err != nil {
			return fmt.Errorf("guestbook.secret: %w", err)
		}
		m.Session.Passes = visitorpass.Signer{Site: m.Config.Kiosk.Site, Secret: secret}
	}
	return nil
}

// purgeGuests empties guests' names past guestbook.keep_names, at start
// and every day, until ctx ends.
func (m *Main) purgeGuests(ctx context.Context) error {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		if n, err := m.GuestBook.Purge(ctx, m.Config.GuestBook.KeepNames.Duration); err != nil {
			m.Logger.Warn("guest book purge", "err", err)
		} else if n > 0 {
			m.Logger.Info("guests' names past their keeping time emptied", "visits", n)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
