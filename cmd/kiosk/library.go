package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/offline"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// openLibrary opens the embedded library at path as m.DB. The demo
// library, whose PINs are published, goes only into a file that did not
// exist before: an existing empty one is refused with the demo on (it may
// be a library whose import failed), and started on with a warning with
// the demo off.
func (m *Main) openLibrary(ctx context.Context, path string, now func() time.Time, loc *time.Location) error {
	cfg := &m.Config
	_, err := os.Stat(path)
	isNew := errors.Is(err, fs.ErrNotExist)
	if err != nil && !isNew {
		return fmt.Errorf("library database: %w", err)
	}
	db := sqlite.NewDB(path)
	db.Now, db.Location, db.Logger = now, loc, m.Logger
	db.PINRequired, db.Kiosk = cfg.Patron.PINRequired, cfg.Kiosk.ID
	db.Sync = sqlite.Sync(strings.ToUpper(cfg.Library.Sync))
	if err := db.Open(ctx); err != nil {
		return err
	}
	empty, err := db.Empty(ctx)
	switch {
	case err != nil:
	case !empty:
	case isNew && cfg.Library.Demo:
		m.Logger.Info("new library: creating the demo library", "database", path)
		if err = db.SeedDemo(ctx); err != nil {
			err = fmt.Errorf("demo library: %w", err)
		}
	case cfg.Library.Demo:
		err = fmt.Errorf("%s holds no library (no items, no patrons) and the demo library is created only in a new file: "+
			"delete it to get the demo, or load the library's data with kioskctl -db %s import", path, path)
	default:
		m.Logger.Warn("the library is empty: no items, no patrons; load them with kioskctl import", "database", path)
	}
	if err != nil {
		db.Close()
		return err
	}
	m.DB = db
	return nil
}

// newSIP2 builds the SIP2 client from [sip2].
func (m *Main) newSIP2(now func() time.Time, loc *time.Location) (*sip2.Client, error) {
	c, err := m.Config.SIP2.Client(loc, now, m.Logger.With("component", "sip2"))
	if err != nil {
		return nil, err
	}
	c.PrintWidth = m.Config.Printer.Width
	c.OnLink = func(l kiosk.LinkStatus) {
		if r := m.Reporter; r != nil {
			r.Changed()
		}
		if q := m.Offline; q != nil && l.Up {
			q.Nudge() // send what was recorded offline now
		}
	}
	return c, nil
}

// library is a library system the offline queue can stand in front of.
type library interface {
	kiosk.Circulation
	kiosk.Replayer
}

// newOffline opens the offline queue in front of the library system.
func (m *Main) newOffline(ctx context.Context, c library, dir string, now func() time.Time, loc *time.Location) (*offline.Queue, error) {
	o := m.Config.Offline
	path := o.Database
	if path == "" {
		path = filepath.Join(dir, "offline.db")
	}
	q := &offline.Queue{Online: c, Replayer: c, Path: path, Now: now, Location: loc, Logger: m.Logger.With("component", "offline"),
		Policy: offline.Policy{Checkout: o.Checkout, Checkin: o.Checkin, MaxPerPatron: o.MaxPerPatron, MaxAge: o.MaxAge.Duration, LoanDays: o.LoanDays},
		OnRefused: func(e offline.Entry) {
			if r := m.Reporter; r != nil { // staff hear of it; the card stays at the kiosk
				r.Event(kiosk.Event{Kind: kiosk.EventError, Detail: fmt.Sprintf("offline %s #%d refused on replay: %s", e.Kind, e.ID, e.Result)})
			}
		}}
	if err := q.Open(ctx); err != nil {
		return nil, pathError("offline database", path, err)
	}
	return q, nil
}

// openCirculation opens the library the kiosk works against: the embedded
// one (library.database, in the data folder by default) or the SIP2
// client, behind the offline queue when it is on. where names it for the
// log.
func (m *Main) openCirculation(ctx context.Context, dir string, now func() time.Time, loc *time.Location) (circ kiosk.Circulation, where string, err error) {
	cfg := &m.Config
	where = cfg.Library.Database
	switch cfg.Library.Backend {
	case "sip2":
		c, err := m.newSIP2(now, loc)
		if err != nil {
			return nil, "", err
		}
		m.SIP2, circ, where = c, c, "sip2://"+cfg.SIP2.Address
		if o := cfg.Offline; o.Checkout || o.Checkin {
			if m.Offline, err = m.newOffline(ctx, c, dir, now, loc); err != nil {
				return nil, "", err
			}
			circ = m.Offline
		}
	case "slims":
		db, err := m.newSLiMS(ctx, now, loc)
		if err != nil {
			return nil, "", err
		}
		m.SLiMS, circ, where = db, db, "slims://"+db.Config.Addr+"/"+db.Config.DBName
		if o := cfg.Offline; o.Checkout || o.Checkin {
			if m.Offline, err = m.newOffline(ctx, db, dir, now, loc); err != nil {
				db.Close()
				return nil, "", err
			}
			circ = m.Offline
		}
	default:
		if where == "" {
			where = filepath.Join(dir, "library.db")
		}
		if err := m.openLibrary(ctx, where, now, loc); err != nil {
			return nil, "", err
		}
		circ = m.DB
	}
	return circ, where, nil
}

// newSLiMS opens the library's SLiMS database from [slims]. An
// unreachable server is no error: the kiosk says offline until it
// answers.
func (m *Main) newSLiMS(ctx context.Context, now func() time.Time, loc *time.Location) (*slims.DB, error) {
	q := m.Config.SLiMS
	conn, err := q.Conn().MySQL()
	if err != nil {
		return nil, fmt.Errorf("slims: %w", err)
	}
	login, _ := slims.ParseLogin(q.Login) // validated
	db := &slims.DB{Config: conn, UID: q.UID, Login: login, UpgradePasswords: q.UpgradePasswords, RecordVisits: q.RecordVisits,
		Location: loc, Now: now, Logger: m.Logger.With("component", "slims"),
		OnLink: func(l kiosk.LinkStatus) {
			if r := m.Reporter; r != nil {
				r.Changed()
			}
			if q := m.Offline; q != nil && l.Up {
				q.Nudge() // send what was recorded offline now
			}
		}}
	if err := db.Open(ctx); err != nil {
		return nil, fmt.Errorf("[slims] %s/%s: %w", conn.Addr, conn.DBName, err)
	}
	return db, nil
}

// closeLibrary closes what openCirculation opened.
func (m *Main) closeLibrary() {
	if m.DB != nil {
		m.DB.Close()
	}
	if m.SLiMS != nil {
		m.SLiMS.Close()
	}
	if m.Offline != nil {
		m.Offline.Close()
	}
}
