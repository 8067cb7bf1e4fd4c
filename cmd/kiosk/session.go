package main

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/devices/receipt"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/slims"
)

// newSession makes the patron session on circ from the configuration,
// with its reporter to staff, makerspace and receipt printer; nothing is
// started yet.
func (m *Main) newSession(ctx context.Context, circ kiosk.Circulation, dir string, now func() time.Time, loc *time.Location) error {
	cfg := &m.Config
	var err error
	scfg := session.DefaultConfig()
	scfg.Library, scfg.Lang, scfg.LargeText = cfg.Library.Name, cfg.Kiosk.Language, cfg.Kiosk.LargeText
	scfg.PINRequired = cfg.Patron.PINRequired
	if cfg.Library.Backend == "slims" {
		// SLiMS members log in with their SLiMS password (letters and
		// all), a numeric kiosk PIN, or the card alone.
		switch login, _ := slims.ParseLogin(cfg.SLiMS.Login); login {
		case slims.LoginPassword:
			scfg.PINLetters = true
		case slims.LoginCard:
			scfg.PINRequired = false
		}
	}
	scfg.IdleTimeout, scfg.IdleWarning = cfg.Kiosk.IdleTimeout.Duration, cfg.Kiosk.IdleWarning.Duration
	scfg.FinishDelay, scfg.Classifier = cfg.Kiosk.FinishDelay.Duration, cfg.classifier()
	scfg.ReceiptWidth = cfg.Printer.Width
	m.Session = session.New(scfg, circ, assets.Catalog())
	m.Session.Now, m.Session.Logger = now, m.Logger.With("component", "session")
	m.Session.Lockout = &session.Lockout{Max: cfg.Patron.MaxPINAttempts, For: cfg.Patron.Lockout.Duration}
	m.Session.Location, m.Session.Config.Kiosk = loc, cfg.Kiosk.ID
	m.started = time.Now()
	if m.Reporter, err = m.newReporter(now); err != nil {
		return err
	}
	if r := m.Reporter; r != nil {
		m.Session.OnEvent = func(e kiosk.Event) { r.Event(e); r.Changed() } // the counters moved
	}
	if cfg.Makerspace.Enabled {
		if err := m.openMakerspace(ctx, dir, now, loc); err != nil {
			return err
		}
	}
	// The guest book's file also keeps the circulation counts for the
	// library's numbers, so it is opened even without a guest book.
	if err := m.openGuestBook(ctx, dir, now, loc); err != nil {
		return err
	}
	if cfg.Printer.Port != "" {
		m.Session.Printer = &receipt.Printer{Path: cfg.Printer.Port, BaudRate: cfg.Printer.Baud, Width: cfg.Printer.Width}
	}
	return nil
}
