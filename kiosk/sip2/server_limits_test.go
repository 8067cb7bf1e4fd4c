package sip2_test

import (
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/sip2"
)

// TestServerTimeouts: a connection that never logs in, and one that goes
// quiet after logging in, are closed after their timeouts.
func TestServerTimeouts(t *testing.T) {
	s := serveDemo(t, func(srv *sip2.Server) {
		srv.LoginTimeout, srv.IdleTimeout = 200*time.Millisecond, 300*time.Millisecond
	})
	silent := s.dial(t, false)
	if !silent.closed() {
		t.Error("a connection that never logged in is still open")
	}
	chatty := s.dial(t, false) // talks, but never logs in
	chatty.ask("9900402.00")
	if !chatty.closed() {
		t.Error("a connection that only asked SC Status is still open")
	}
	idle := s.dial(t, true)
	idle.ask("9900402.00")
	if !idle.closed() {
		t.Error("an idle connection is still open")
	}
	if !strings.Contains(s.logs.String(), "timeout") {
		t.Errorf("timeouts not logged:\n%s", s.logs)
	}
}

// TestServerMaxConns: connections past the limit are closed at once,
// logged once per burst, and served again when room is made.
func TestServerMaxConns(t *testing.T) {
	s := serveDemo(t, func(srv *sip2.Server) { srv.MaxConns = 3 })
	var held []*raw
	for range 3 {
		r := s.dial(t, true)
		held = append(held, r)
	}
	for range 10 {
		if r := s.dial(t, false); !r.closed() {
			t.Fatal("a connection past the limit is left open")
		}
	}
	if n := s.logs.Count("too many connections"); n != 1 {
		t.Errorf("refusals logged %d times in one burst:\n%s", n, s.logs)
	}
	for _, r := range held {
		r.ask("9900402.00") // the ones let in are still served
	}
	held[0].nc.Close()
	deadline := time.Now().Add(answerWait)
	for {
		r := s.dial(t, false)
		if got, err := r.try("9900402.00"); err == nil && strings.HasPrefix(got, "98") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no room made when a connection closed")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
