package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/offline"
	"github.com/anjungan/anjungan/kiosk/sip2"
)

// newSIP2 builds the SIP2 client from [sip2].
func (m *Main) newSIP2(now func() time.Time, loc *time.Location) (*sip2.Client, error) {
	q := m.Config.SIP2
	cs, err := sip2.ParseCharset(q.Charset)
	if err != nil {
		return nil, err
	}
	c := &sip2.Client{
		Addr: q.Address, User: q.User, Password: q.Password, Location: q.Location,
		Institution: q.Institution, TerminalPassword: q.TerminalPassword, UTC: q.UTCDates, Loc: loc,
		Options:   sip2.Options{ErrorDetection: q.ErrorDetection, CRLF: q.CRLF, Charset: cs, Timeout: q.Timeout.Duration, Resends: q.Resends},
		KeepAlive: q.KeepAlive.Duration, PrintWidth: m.Config.Printer.Width, Now: now,
		Logger: m.Logger.With("component", "sip2"),
		OnLink: func(l kiosk.LinkStatus) {
			if r := m.Reporter; r != nil {
				r.Changed()
			}
			if q := m.Offline; q != nil && l.Up {
				q.Nudge() // send what was recorded offline now
			}
		},
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

// newOffline opens the offline queue in front of the SIP2 client.
func (m *Main) newOffline(c *sip2.Client, dir string, now func() time.Time, loc *time.Location) (*offline.Queue, error) {
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
	if err := q.Open(); err != nil {
		return nil, err
	}
	return q, nil
}
