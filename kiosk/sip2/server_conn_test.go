package sip2_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestServerFraming: a frame with no end is cut off at the server's
// limit (answered 96 and closed) without the server buffering it all;
// CR, LF and CRLF all end frames.
func TestServerFraming(t *testing.T) {
	s := serveDemo(t, nil)
	r := s.dial(t, true)
	// 1 MiB without a line end: the server answers 96 and closes long
	// before it has read it all (the write may fail once it has closed).
	junk := bytes.Repeat([]byte("9"), 1<<20)
	go r.nc.Write(junk)
	got, err := r.read()
	if err != nil || !strings.HasPrefix(got, "96") {
		t.Fatalf("1 MiB without CR: %q %v", got, err)
	}
	if !r.closed() {
		t.Fatal("the connection stays open after an over-long frame")
	}
	// Mixed line ends on one connection.
	r = s.dial(t, true)
	if _, err := r.nc.Write([]byte("9900402.00\n9900402.00\r\n9900402.00\r\r\n\n9900402.00\r")); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if got, err := r.read(); err != nil || !strings.HasPrefix(got, "98") {
			t.Fatalf("answer %d: %q %v", i, got, err)
		}
	}
}

// TestServerTLSProbe: a TLS ClientHello on the plain port is closed at
// once, so that a client that probes TLS first falls back to plain SIP2
// instead of waiting out a timeout.
func TestServerTLSProbe(t *testing.T) {
	s := serveDemo(t, nil)
	nc, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	tc := tls.Client(nc, &tls.Config{InsecureSkipVerify: true})
	tc.SetDeadline(time.Now().Add(answerWait))
	err = tc.Handshake()
	var ne net.Error
	if err == nil || (errors.As(err, &ne) && ne.Timeout()) {
		t.Fatalf("TLS handshake on the plain port: %v, want it closed at once", err)
	}
	if !strings.Contains(s.logs.String(), "TLS") {
		t.Errorf("probe not logged:\n%s", s.logs)
	}
	// The probing client's fallback: plain SIP2 works.
	r := s.dial(t, true)
	r.ask("9900402.00")
}

// TestServerConcurrentConns: 100 connections at once, each logging in and
// working the library, are all answered.
func TestServerConcurrentConns(t *testing.T) {
	s := serveDemo(t, func(srv *sip2.Server) { srv.MaxConns = 128 })
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := s.client()
			p := sqlite.DemoPatrons[i%3]
			if _, err := c.Authenticate(ctx, kiosk.Credentials{Card: p.Card, PIN: p.PIN}); err != nil {
				errs <- fmt.Errorf("%d authenticate: %w", i, err)
				return
			}
			if _, err := c.Item(ctx, sqlite.DemoItem(1+i%60)); err != nil {
				errs <- fmt.Errorf("%d item: %w", i, err)
			}
			if _, _, err := c.Status(ctx); err != nil {
				errs <- fmt.Errorf("%d status: %w", i, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// listener fails Accept with the errors queued, then accepts for real.
type listener struct {
	net.Listener
	mu   sync.Mutex
	errs []error
	n    int // failures returned
}

func (l *listener) Accept() (net.Conn, error) {
	l.mu.Lock()
	if len(l.errs) > 0 {
		err := l.errs[0]
		l.errs = l.errs[1:]
		l.n++
		l.mu.Unlock()
		return nil, err
	}
	l.mu.Unlock()
	return l.Listener.Accept()
}

// TestServerAcceptErrors: an Accept that fails (descriptors exhausted)
// makes the server back off and keep listening, logging it once; it
// never returns.
func TestServerAcceptErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	emfile := &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", syscall.EMFILE)}
	fl := &listener{Listener: ln, errs: []error{emfile, emfile, emfile, emfile, emfile, emfile}}
	s := serveDemoOn(t, fl, nil)
	r := s.dial(t, false)
	if got := r.ask("9900402.00"); !strings.HasPrefix(got, "98") {
		t.Fatalf("after accept errors: %q", got)
	}
	if n := s.logs.Count("accept failed"); n != 1 {
		t.Errorf("accept errors logged %d times:\n%s", n, s.logs)
	}
}
