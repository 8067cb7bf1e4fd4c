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
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// openMakerspace opens the kiosk's booking store (a SQLite file or the
// shared PostgreSQL database), the signer of its QR codes and the wrong
// PIN guard: the store's where it is shared, so the web and the kiosks
// count wrong PINs together.
func (m *Main) openMakerspace(ctx context.Context, dir string, loc *time.Location) (engine.Store, booking.Signer, kiosk.PINGuard, error) {
	cfg := m.Config.Makerspace
	where := cfg.Database
	if where == "" {
		where = filepath.Join(dir, "makerspace.db")
	}
	eng := engine.New(where)
	st := eng.Core()
	st.Location, st.Logger = loc, m.Logger.With("component", "makerspace")
	if err := eng.Open(ctx); err != nil {
		return nil, booking.Signer{}, nil, fmt.Errorf("makerspace database %s: %w", engine.Redact(where), err)
	}
	fail := func(err error) (engine.Store, booking.Signer, kiosk.PINGuard, error) {
		eng.Close()
		return nil, booking.Signer{}, nil, err
	}
	if cfg.Demo && !engine.IsURL(where) {
		if err := st.SeedDemo(ctx, sqlite.DemoCard(1)); err != nil {
			return fail(fmt.Errorf("demo makerspace: %w", err))
		}
	}
	secret, err := hex.DecodeString(cfg.Secret)
	if cfg.Secret == "" {
		secret, err = st.Secret(ctx)
	}
	if err == nil && len(secret) < booking.MinSecret {
		err = booking.ErrShortSecret
	}
	if err != nil {
		return fail(fmt.Errorf("makerspace secret: %w", err))
	}
	p := m.Config.Patron
	local := &session.Lockout{Max: p.MaxPINAttempts, For: p.Lockout.Duration}
	var guard kiosk.PINGuard = local
	if _, shared := eng.(*postgres.Store); shared {
		guard = session.Shared{Guard: &sqlstore.PINGuard{Store: st, Max: p.MaxPINAttempts, For: p.Lockout.Duration}, Local: local}
	}
	return eng, booking.Signer{Site: m.Config.site(), Secret: secret}, guard, nil
}
