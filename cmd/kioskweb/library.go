package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// openLibrary opens the library system patrons sign in with; close
// closes it.
func (m *Main) openLibrary(ctx context.Context, dir string, loc *time.Location) (circ kiosk.Circulation, close func(), err error) {
	cfg := &m.Config
	switch cfg.Library.Backend {
	case "sip2":
		c, err := m.newSIP2(loc)
		if err != nil {
			return nil, nil, err
		}
		return c, func() {}, nil
	case "slims":
		db, err := m.newSLiMS(ctx, loc)
		if err != nil {
			return nil, nil, err
		}
		return db, func() { db.Close() }, nil
	}
	path := cfg.Library.Database
	if path == "" {
		path = filepath.Join(dir, "library.db")
	}
	_, serr := os.Stat(path)
	isNew := errors.Is(serr, fs.ErrNotExist)
	db := sqlite.NewDB(path)
	db.Location, db.Logger = loc, m.Logger.With("component", "library")
	db.PINRequired = true // on the web, a PIN always
	if err := db.Open(ctx); err != nil {
		return nil, nil, fmt.Errorf("library database %s: %w", path, err)
	}
	if isNew && cfg.Library.Demo {
		m.Logger.Info("new library: creating the demo library", "database", path)
		if err := db.SeedDemo(ctx); err != nil {
			db.Close()
			return nil, nil, fmt.Errorf("demo library: %w", err)
		}
	}
	return db, func() { db.Close() }, nil
}

func (m *Main) newSIP2(loc *time.Location) (*sip2.Client, error) {
	return m.Config.SIP2.Client(loc, time.Now, m.Logger.With("component", "sip2"))
}

func (m *Main) newSLiMS(ctx context.Context, loc *time.Location) (*slims.DB, error) {
	q := m.Config.SLiMS
	c, err := q.Conn().MySQL()
	if err != nil {
		return nil, fmt.Errorf("slims: %w", err)
	}
	login, _ := slims.ParseLogin(q.Login) // validated
	db := &slims.DB{Config: c, UID: q.UID, Login: login, UpgradePasswords: q.UpgradePasswords, RecordVisits: false,
		Location: loc, Now: time.Now, Logger: m.Logger.With("component", "slims")}
	if err := db.Open(ctx); err != nil {
		return nil, fmt.Errorf("[slims] %s/%s: %w", c.Addr, c.DBName, err)
	}
	return db, nil
}
