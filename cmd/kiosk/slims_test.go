package main

import (
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
)

// slimsDay is the SLiMS fixture library's today: Tuesday 1 December 2026.
var slimsDay = time.Date(2026, 12, 1, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// onSLiMS configures Main for a SLiMS database at addr (host:port), whose
// cards start with M and copies with B.
func onSLiMS(d *slimstest.Database, addr string) func(*Main) {
	return func(m *Main) {
		cfg, _ := mysql.ParseDSN(d.DSN)
		host, port, _ := net.SplitHostPort(addr)
		m.Config.Library.Backend = "slims"
		m.Config.SLiMS.Host, m.Config.SLiMS.User, m.Config.SLiMS.Password, m.Config.SLiMS.Database = host, cfg.User, cfg.Passwd, cfg.DBName
		m.Config.SLiMS.Port, _ = strconv.Atoi(port)
		m.Config.SLiMS.UID = 4
		m.Config.SLiMS.Timeout = Duration{Duration: 2 * time.Second}
		m.Config.Patterns = PatternsConfig{Patron: []PatternConfig{{Prefix: "M"}}, Item: []PatternConfig{{Prefix: "B"}}}
		m.Config.Makerspace.Enabled = false
		m.Now = func() time.Time { return slimsDay }
	}
}

func login(t *testing.T, m *Main, card, password string) {
	t.Helper()
	s := m.Session
	s.Scan(m.ctx, kiosk.Scan{Code: card})
	if v := s.View(); v.Screen != session.ScreenPIN || !v.PINLetters {
		t.Fatalf("after the card: %s, letters %v, %+v", v.Screen, v.PINLetters, v.Message)
	}
	for i := 0; i < len(password); i++ {
		s.PINKey(password[i])
	}
	s.PINSubmit(m.ctx)
}

// TestKioskOnSLiMS: a kiosk on a SLiMS database lets a member log in with
// their SLiMS password, borrow, return and see their account; the loan is
// SLiMS's own row with SLiMS's due date, the visit is in SLiMS's counter,
// and staff see the link.
func TestKioskOnSLiMS(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	m, _, ctx := startMainWith(t, onSLiMS(d, slimstest.Shared(t).Addr))
	if m.SLiMS == nil || m.DB != nil {
		t.Fatal("not on SLiMS")
	}
	s := m.Session
	login(t, m, "M0001", "salah")
	if v := s.View(); v.Screen != session.ScreenPIN || v.Message.Key != session.KeyPasswordWrong {
		t.Fatalf("a wrong password: %s %+v", v.Screen, v.Message)
	}
	s.Cancel()
	login(t, m, "M0001", "Rahasia-9")
	if v := s.View(); v.Screen != session.ScreenBorrow || v.PatronName != "Siti" {
		t.Fatalf("identify: %s %+v", v.Screen, v.Message)
	}
	s.Scan(ctx, kiosk.Scan{Code: "B0001"})
	s.Scan(ctx, kiosk.Scan{Code: "B0010"})
	lines := map[string]session.Line{}
	for _, l := range s.View().Lines {
		lines[l.Barcode] = l
	}
	if l := lines["B0001"]; l.Status != session.StatusBorrowed || l.Title != "Laskar Pelangi" || l.Due.Format(time.DateOnly) != "2026-12-07" {
		t.Fatalf("borrow: %+v", l)
	}
	if l := lines["B0010"]; l.Status != session.StatusRefused || l.Message.Key != kiosk.KeyItemNotLoanable || l.Message.Args["status"] != "Tidak Dipinjamkan" {
		t.Fatalf("a no-loan copy: %+v", l)
	}
	if got := d.String(t, "SELECT CONCAT_WS(' ', member_id, loan_date, due_date, loan_rules_id, uid) FROM loan WHERE item_code = 'B0001'"); got != "M0001 2026-12-01 2026-12-07 1 4" {
		t.Fatalf("SLiMS's loan row: %s", got)
	}
	s.Finish(ctx)
	if n := d.Int(t, "SELECT COUNT(*) FROM visitor_count WHERE member_id = 'M0001'"); n != 1 {
		t.Fatalf("%d visits recorded", n)
	}
	s.Cancel()
	s.Start(session.IntentReturn)
	s.Scan(ctx, kiosk.Scan{Code: "B0001"})
	if v := s.View(); len(v.Lines) != 1 || v.Lines[0].Status != session.StatusReturned {
		t.Fatalf("return: %+v", v.Lines)
	}
	if got := d.String(t, "SELECT CONCAT_WS(' ', is_return, return_date) FROM loan WHERE item_code = 'B0001'"); got != "1 2026-12-01" {
		t.Fatalf("returned in SLiMS: %s", got)
	}
	waitForIt(t, "the link reported up", func() bool { l := m.status().Link; return l != nil && l.Up })
}

// TestKioskOnSLiMSOffline: with offline lending on, a SLiMS database
// that goes away is invisible to the member beyond an "offline" note, and
// the loan reaches SLiMS, once, when it is back.
func TestKioskOnSLiMSOffline(t *testing.T) {
	srv := slimstest.Shared(t)
	d := srv.NewDatabase(t, slimstest.Options{})
	p := startProxy(t, srv.Addr)
	m, _, ctx := startMainWith(t, func(m *Main) {
		onSLiMS(d, p.addr)(m)
		m.Config.Offline.Checkout, m.Config.Offline.Checkin = true, true
	})
	s := m.Session
	login(t, m, "M0001", "Rahasia-9")
	if v := s.View(); v.Screen != session.ScreenBorrow {
		t.Fatalf("identify: %s %+v", v.Screen, v.Message)
	}
	p.down()
	s.Scan(ctx, kiosk.Scan{Code: "B0002"})
	if v := s.View(); len(v.Lines) != 1 || v.Lines[0].Status != session.StatusBorrowed || !v.Lines[0].Offline {
		t.Fatalf("borrow while SLiMS is away: %+v", v.Lines)
	}
	if n := d.Int(t, "SELECT COUNT(*) FROM loan"); n != 0 {
		t.Fatal("a loan reached SLiMS through a closed link?")
	}
	p.up()
	waitForIt(t, "the offline loan in SLiMS", func() bool { return d.Int(t, "SELECT COUNT(*) FROM loan WHERE item_code = 'B0002'") == 1 })
	if got := d.String(t, "SELECT CONCAT_WS(' ', member_id, loan_date, is_return) FROM loan WHERE item_code = 'B0002'"); got != "M0001 2026-12-01 0" {
		t.Fatalf("replayed loan: %s", got)
	}
	time.Sleep(200 * time.Millisecond)
	if n := d.Int(t, "SELECT COUNT(*) FROM loan"); n != 1 {
		t.Fatalf("%d loans after the replay", n)
	}
}

// proxy forwards TCP to a server and can cut every connection and refuse
// new ones (down) until up: the database going away and coming back.
type proxy struct {
	addr   string
	target string
	ln     net.Listener
	mu     sync.Mutex
	isDown bool
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: ln.Addr().String(), target: target, ln: ln}
	t.Cleanup(func() { ln.Close(); p.down() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			if p.isDown {
				p.mu.Unlock()
				c.Close()
				continue
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				p.mu.Unlock()
				c.Close()
				continue
			}
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	return p
}

func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.isDown = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) up() { p.mu.Lock(); p.isDown = false; p.mu.Unlock() }
