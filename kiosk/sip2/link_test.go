package sip2_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/internal/waitfor"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

// waitFor is the tests' one way to wait.
var waitFor = waitfor.Until

func count(msgs []sip2.Message, code string) int {
	n := 0
	for _, m := range msgs {
		if m.Code == code {
			n++
		}
	}
	return n
}

// TestIdleServerClosesTheLink: a server closes connections idle for its
// timeout (60 s by default on common systems). The first patron after a
// quiet spell must be served on a new connection, not told the library
// is offline.
func TestIdleServerClosesTheLink(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{IdleTimeout: 200 * time.Millisecond})
	var mu sync.Mutex
	var downs int
	c.OnLink = func(l kiosk.LinkStatus) {
		mu.Lock()
		defer mu.Unlock()
		if !l.Up {
			downs++
		}
	}
	if _, err := c.Authenticate(ctx, siti); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the server to close the idle connection", func() bool { return s.IdleEnds() == 1 })
	for _, do := range []func() error{
		func() error { _, err := c.Authenticate(ctx, siti); return err },
		func() error { _, err := c.Checkout(ctx, siti, "3001"); return err },
	} {
		if err := do(); err != nil {
			t.Fatalf("after the server closed the idle link: %v", err)
		}
		waitFor(t, 5*time.Second, "the server to close the idle connection", func() bool { return s.IdleEnds() >= 2 })
	}
	mu.Lock()
	defer mu.Unlock()
	if downs != 0 {
		t.Fatalf("the link was reported down %d times while the server was up", downs)
	}
	if it, _ := s.Item("3001"); it.Checkouts != 1 {
		t.Fatalf("lent %d times", it.Checkouts)
	}
}

// TestKeepAliveOutrunsIdleTimeout: with a keep-alive shorter than the
// server's idle timeout the connection is never closed for idleness.
func TestKeepAliveOutrunsIdleTimeout(t *testing.T) {
	s, c := library(t, sip2test.Quirks{IdleTimeout: 400 * time.Millisecond})
	c.KeepAlive = 100 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor(t, 10*time.Second, "ten keep-alives", func() bool { return count(s.Received(), "99") >= 10 })
	if n := s.IdleEnds(); n != 0 {
		t.Fatalf("the server closed the link for idleness %d times", n)
	}
	if n := count(s.Received(), "93"); n != 1 {
		t.Fatalf("logged in %d times", n)
	}
}

// TestKeepAliveOnlyWhenIdle: requests keep the link alive; Run sends no
// SC Status while they flow, and one after a connect is not followed by
// a second at once.
func TestKeepAliveOnlyWhenIdle(t *testing.T) {
	s, c := library(t, sip2test.Quirks{})
	c.KeepAlive = 300 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor(t, 5*time.Second, "the connection", func() bool { return count(s.Received(), "99") == 1 })
	busyUntil := time.Now().Add(time.Second)
	for time.Now().Before(busyUntil) {
		if _, err := c.Authenticate(ctx, siti); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := count(s.Received(), "99"); n != 1 {
		t.Fatalf("%d SC Status while requests kept the link busy", n)
	}
}

// TestOneStatusOnConnect: `sip2 test` asks the status of a fresh
// connection: the 98 that follows the login, not a second 99.
func TestOneStatusOnConnect(t *testing.T) {
	s, c := library(t, sip2test.Quirks{})
	st, _, err := c.Status(context.Background())
	if err != nil || st.Library == "" {
		t.Fatalf("status %+v %v", st, err)
	}
	if n := count(s.Received(), "99"); n != 1 {
		t.Fatalf("%d SC Status sent", n)
	}
	for _, m := range s.Received() {
		if m.Code == "99" && m.Fixed[1:4] == "000" {
			t.Fatalf("SC Status with print width 000: %q", m.Fixed)
		}
	}
}

// TestHangupBeforeAnswer: a connection that dies between request and
// answer. A patron lookup is asked again on a new connection; a
// checkout, which the server may have done, is not sent twice: it fails
// marked "may have taken effect".
func TestHangupBeforeAnswer(t *testing.T) {
	ctx := context.Background()
	s, c := library(t, sip2test.Quirks{})
	if _, err := c.Authenticate(ctx, siti); err != nil {
		t.Fatal(err)
	}
	s.SetQuirks(sip2test.Quirks{HangupOn: "63"})
	if _, err := c.Authenticate(ctx, siti); err != nil {
		t.Fatalf("a lookup on a dead connection: %v", err)
	}
	if n := count(s.Received(), "63"); n != 3 {
		t.Fatalf("63 sent %d times, want 3 (one again after the hang-up)", n)
	}
	s.SetQuirks(sip2test.Quirks{HangupOn: "11"})
	_, err := c.Checkout(ctx, siti, "3001")
	if kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE || !errors.Is(err, kiosk.ErrMaybeApplied) {
		t.Fatalf("checkout on a connection that died after it: %v", err)
	}
	if it, _ := s.Item("3001"); it.Checkouts != 1 || count(s.Received(), "11") != 1 {
		t.Fatalf("checkout sent %d times, applied %d", count(s.Received(), "11"), it.Checkouts)
	}
	// A checkout that times out may have been applied too; one that
	// meets a link that cannot be opened was not.
	s.SetQuirks(sip2test.Quirks{Withhold: time.Second})
	c.Options.Timeout = 100 * time.Millisecond
	if _, err := c.Checkout(ctx, siti, "3009"); !errors.Is(err, kiosk.ErrMaybeApplied) {
		t.Fatalf("timed-out checkout: %v", err)
	}
	s.Down()
	if _, err := c.Checkout(ctx, siti, "3001"); err == nil || errors.Is(err, kiosk.ErrMaybeApplied) {
		t.Fatalf("checkout with the server down: %v", err)
	}
}
