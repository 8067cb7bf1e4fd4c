package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

// TestKioskOnSIP2: the kiosk configured with a SIP2 server lets a patron
// borrow and return through it, and reports the link.
func TestKioskOnSIP2(t *testing.T) {
	acs := sip2test.Start(t, sip2test.Quirks{CRLF: true})
	acs.AddPatron(sip2test.Patron{Card: "20001000000012", PIN: "1234", Name: "Siti Rahmawati"})
	acs.AddItem(sip2test.Item{Barcode: "30001000000010", Title: "Laskar Pelangi"})
	m, _, ctx := startMainWith(t, func(m *Main) {
		m.Config.Library.Backend = "sip2"
		m.Config.SIP2.Address, m.Config.SIP2.User, m.Config.SIP2.Password = acs.Addr(), "kiosk", "sip-secret"
		m.Config.SIP2.Institution, m.Config.SIP2.CRLF = "perpus", true
	})
	if m.DB != nil || m.SIP2 == nil {
		t.Fatal("not on SIP2")
	}
	s := m.Session
	s.Scan(ctx, kiosk.Scan{Code: "20001000000012"})
	for _, d := range "1234" {
		s.PINKey(byte(d))
	}
	s.PINSubmit(ctx)
	if v := s.View(); v.Screen != session.ScreenBorrow || v.PatronName != "Siti" {
		t.Fatalf("identify: %s %+v", v.Screen, v.Message)
	}
	s.Scan(ctx, kiosk.Scan{Code: "30001000000010"})
	v := s.View()
	if len(v.Lines) != 1 || v.Lines[0].Status != session.StatusBorrowed || v.Lines[0].Title != "Laskar Pelangi" || v.Lines[0].Due.Before(time.Now()) {
		t.Fatalf("borrow: %+v", v.Lines)
	}
	if it, _ := acs.Item("30001000000010"); it.Patron != "20001000000012" {
		t.Fatal("not on loan at the library system")
	}
	s.Cancel()
	s.Start(session.IntentReturn)
	s.Scan(ctx, kiosk.Scan{Code: "30001000000010"})
	if v := s.View(); len(v.Lines) != 1 || v.Lines[0].Status != session.StatusReturned {
		t.Fatalf("return: %+v", v.Lines)
	}
	if l := m.status().Link; l == nil || !l.Up {
		t.Fatalf("link %+v", l)
	}
}

// TestKioskOffline: with offline lending allowed, a library system outage
// is invisible to the patron beyond an "offline" note; the loan reaches
// the library when it is back.
func TestKioskOffline(t *testing.T) {
	acs := sip2test.Start(t, sip2test.Quirks{})
	acs.AddPatron(sip2test.Patron{Card: "20001000000012", PIN: "1234", Name: "Siti Rahmawati"})
	acs.AddItem(sip2test.Item{Barcode: "30001000000010", Title: "Laskar Pelangi"})
	m, _, ctx := startMainWith(t, func(m *Main) {
		m.Config.Library.Backend = "sip2"
		m.Config.SIP2.Address, m.Config.SIP2.User, m.Config.SIP2.Password = acs.Addr(), "kiosk", "sip-secret"
		m.Config.SIP2.Institution = "perpus"
		m.Config.SIP2.Timeout = Duration{Duration: time.Second}
		m.Config.Offline.Checkout, m.Config.Offline.Checkin = true, true
	})
	acs.Down()
	s := m.Session
	s.Scan(ctx, kiosk.Scan{Code: "20001000000012"})
	for _, d := range "1234" {
		s.PINKey(byte(d))
	}
	s.PINSubmit(ctx)
	if v := s.View(); v.Screen != session.ScreenBorrow {
		t.Fatalf("identify while offline: %s %+v", v.Screen, v.Message)
	}
	s.Scan(ctx, kiosk.Scan{Code: "30001000000010"})
	v := s.View()
	if len(v.Lines) != 1 || v.Lines[0].Status != session.StatusBorrowed || !v.Lines[0].Offline || v.Lines[0].Message.Key != session.KeyRecordedOffline {
		t.Fatalf("offline borrow: %+v", v.Lines)
	}
	s.Finish(ctx)
	if r := s.View().Receipt; r == nil || !strings.Contains(r.Text(42), "OFFLINE") {
		t.Fatalf("receipt does not say offline: %+v", r)
	}
	acs.Up(t)
	// The kiosk reconnects by itself and, once the link is up, sends what
	// it recorded: nobody calls Replay here.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if it, _ := acs.Item("30001000000010"); it.Patron == "20001000000012" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("loan never reached the library; link %+v", m.SIP2.Link())
		}
	}
	if list, _ := m.Offline.Entries(ctx, "done"); len(list) != 1 {
		t.Fatalf("queue %+v", list)
	}
}

// TestKioskOnSIP2OverTLS: [sip2] tls with ca_file reaches a library
// system behind TLS; a wrong CA is refused, and the patron hears the
// library is offline and nothing reaches the untrusted server.
func TestKioskOnSIP2OverTLS(t *testing.T) {
	acs := sip2test.Start(t, sip2test.Quirks{TLS: true})
	acs.AddPatron(sip2test.Patron{Card: "20001000000012", PIN: "1234", Name: "Siti Rahmawati"})
	acs.AddItem(sip2test.Item{Barcode: "30001000000010", Title: "Laskar Pelangi"})
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	os.WriteFile(ca, acs.CertPEM, 0o600)
	other, _, _ := sip2test.SelfSigned()
	wrong := filepath.Join(dir, "wrong.pem")
	os.WriteFile(wrong, other, 0o600)
	for _, tt := range []struct {
		ca string
		ok bool
	}{{ca, true}, {wrong, false}} {
		t.Run(map[bool]string{true: "trusted", false: "untrusted"}[tt.ok], func(t *testing.T) {
			before := len(acs.Received())
			m, _, ctx := startMainWith(t, func(m *Main) {
				m.Config.Library.Backend = "sip2"
				m.Config.SIP2.Address, m.Config.SIP2.User, m.Config.SIP2.Password = acs.Addr(), "kiosk", "sip-secret"
				m.Config.SIP2.Institution, m.Config.SIP2.TLS, m.Config.SIP2.CAFile = "perpus", true, tt.ca
			})
			s := m.Session
			s.Scan(ctx, kiosk.Scan{Code: "20001000000012"})
			for _, d := range "1234" {
				s.PINKey(byte(d))
			}
			s.PINSubmit(ctx)
			v := s.View()
			if tt.ok && (v.Screen != session.ScreenBorrow || v.PatronName != "Siti") {
				t.Fatalf("over TLS: %s %+v", v.Screen, v.Message)
			}
			if !tt.ok && (v.Screen == session.ScreenBorrow || v.Message.Key != kiosk.KeyLibraryOffline) {
				t.Fatalf("untrusted server: %s %+v", v.Screen, v.Message)
			}
			if n := len(acs.Received()) - before; !tt.ok && n != 0 {
				t.Fatalf("%d requests reached a server the kiosk does not trust: %+v", n, acs.Received()[before:])
			}
		})
	}
}
