package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
)

func TestMain(m *testing.M) { slimstest.Main(m) }

// TestBackends: patrons sign in on the site through each library system
// the kiosks use — SIP2 (the fake ACS) and SLiMS (a real MariaDB) — and a
// wrong PIN is refused.
func TestBackends(t *testing.T) {
	acs := sip2test.Start(t, sip2test.Quirks{})
	acs.AddPatron(sip2test.Patron{Card: "20001000000012", PIN: "1234", Name: "Siti Rahmawati"})
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	dsn, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		set       func(*Config)
		card, pin string
	}{
		{"sip2", func(c *Config) {
			c.Library.Backend = "sip2"
			c.SIP2.Address, c.SIP2.User, c.SIP2.Password, c.SIP2.Institution = acs.Addr(), "kiosk", "sip-secret", "perpus"
		}, "20001000000012", "1234"},
		{"slims", func(c *Config) {
			host, port, _ := net.SplitHostPort(dsn.Addr)
			c.Library.Backend = "slims"
			c.SLiMS.Host, c.SLiMS.User, c.SLiMS.Password, c.SLiMS.Database = host, dsn.User, dsn.Passwd, dsn.DBName
			c.SLiMS.Port, _ = strconv.Atoi(port)
		}, "M0001", "Rahasia-9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := NewMain()
			m.Logger = slog.New(slog.DiscardHandler)
			if err := m.ParseFlags(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			m.Config.Kiosk.DataDir = t.TempDir()
			m.Config.Library.Demo = false
			m.Config.Web.Listen = "127.0.0.1:0"
			c.set(&m.Config)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if err := m.Open(ctx); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- m.Run(ctx) }()
			defer func() { // the server stopped before what it uses is closed
				cancel()
				<-done
				m.Close()
			}()
			base := "http://" + m.Addr
			if got := signInAt(t, base, c.card, c.pin+"x"); got == "/equipment" {
				t.Fatal("a wrong PIN signed in")
			}
			if got := signInAt(t, base, c.card, c.pin); got != "/equipment" {
				t.Fatalf("signed in to %s", got)
			}
		})
	}
}

// signInAt signs in with a fresh browser and returns where it ended.
func signInAt(t *testing.T, base, card, pin string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	var page string
	for deadline := time.Now().Add(5 * time.Second); ; {
		resp, err := c.Get(base + "/signin")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page = string(b)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if csrf == nil {
		t.Fatalf("no sign-in form:\n%s", page)
	}
	resp, err := c.PostForm(base+"/signin", url.Values{"csrf": {csrf[1]}, "card": {card}, "pin": {pin}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Request.URL.Path
}
