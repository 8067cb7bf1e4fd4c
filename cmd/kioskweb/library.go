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

// SIP2Config is [sip2], as the kiosk reads it.
type SIP2Config struct {
	Address          string   `toml:"address"`
	TLS              bool     `toml:"tls"`
	CAFile           string   `toml:"ca_file"`
	User             string   `toml:"user"`
	Password         string   `toml:"password"`
	Location         string   `toml:"location"`
	Institution      string   `toml:"institution"`
	TerminalPassword string   `toml:"terminal_password"`
	ErrorDetection   bool     `toml:"error_detection"`
	CRLF             bool     `toml:"crlf"`
	Charset          string   `toml:"charset"`
	UTCDates         bool     `toml:"utc_dates"`
	Timeout          Duration `toml:"timeout"`
	Resends          int      `toml:"resends"`
	KeepAlive        Duration `toml:"keepalive"`
}

// SLiMSConfig is [slims], as the kiosk reads it.
type SLiMSConfig struct {
	Host             string   `toml:"host"`
	Port             int      `toml:"port"`
	Socket           string   `toml:"socket"`
	User             string   `toml:"user"`
	Password         string   `toml:"password"` // or ANJUNGAN_SLIMS_PASSWORD
	Database         string   `toml:"database"`
	TLS              bool     `toml:"tls"`
	CAFile           string   `toml:"ca_file"`
	UID              int      `toml:"uid"`
	Login            string   `toml:"login"`
	UpgradePasswords bool     `toml:"upgrade_passwords"`
	RecordVisits     bool     `toml:"record_visits"`
	Timeout          Duration `toml:"timeout"`
}

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
	q := m.Config.SIP2
	cs, err := sip2.ParseCharset(q.Charset)
	if err != nil {
		return nil, err
	}
	c := &sip2.Client{
		Addr: q.Address, User: q.User, Password: q.Password, Location: q.Location,
		Institution: q.Institution, TerminalPassword: q.TerminalPassword, UTC: q.UTCDates, Loc: loc,
		Options:   sip2.Options{ErrorDetection: q.ErrorDetection, CRLF: q.CRLF, Charset: cs, Timeout: q.Timeout.Duration, Resends: q.Resends},
		KeepAlive: q.KeepAlive.Duration, Now: time.Now, Logger: m.Logger.With("component", "sip2"),
	}
	if q.TLS {
		tc, err := sip2.ClientTLS(q.CAFile)
		if err != nil {
			return nil, fmt.Errorf("sip2.ca_file: %w", err)
		}
		c.TLS = tc
	}
	return c, nil
}

func (m *Main) newSLiMS(ctx context.Context, loc *time.Location) (*slims.DB, error) {
	q := m.Config.SLiMS
	c, err := slims.Conn{Host: q.Host, Port: q.Port, Socket: q.Socket, User: q.User, Password: q.Password,
		Database: q.Database, TLS: q.TLS, CAFile: q.CAFile, Timeout: q.Timeout.Duration}.MySQL()
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
