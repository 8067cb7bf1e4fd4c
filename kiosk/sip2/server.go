package sip2

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
)

// Server exposes a kiosk.Circulation (the embedded library) over SIP2, so
// that other self-check machines and kiosk software can use it, and two
// kiosks can share one embedded library (`kioskctl sip2 serve`).
//
// It answers every frame: each request with its own answer, what it
// cannot read with a 96. The library's truth comes from the optional
// kiosk.ItemStatuser and kiosk.PatronStanding when Circ has them. Set the
// fields before Serve.
type Server struct {
	Circ        kiosk.Circulation
	Institution string
	Library     string
	// Users are the SC logins (93); empty: no login needed (a trusted
	// network), and every connection may ask for any patron's lists.
	Users map[string]string
	// Options: CRLF and Charset apply; error detection follows each
	// request (an answer has AY/AZ when its request ended in them).
	Options Options
	// Catalog renders screen messages (AF); the embedded translations
	// when nil. Lang is their language when a request names none the
	// catalogue has: Indonesian when empty.
	Catalog *kiosk.Catalog
	Lang    string
	// Currency is the ISO 4217 code of fee amounts (BH); IDR when empty.
	Currency string
	// LoginTimeout closes a connection that has not logged in by then
	// (with no Users: sent its first request), 30 s when zero;
	// IdleTimeout one quiet for that long, 5 min when zero.
	LoginTimeout, IdleTimeout time.Duration
	// MaxConns bounds open connections, 64 when zero; the ones past it
	// are closed at once.
	MaxConns int
	// PINCache is how long a verified card and PIN are remembered (in
	// memory, as a keyed hash, never the PIN): 5 min when zero; negative
	// turns it off.
	PINCache time.Duration
	Loc      *time.Location
	Now      func() time.Time
	Logger   *slog.Logger

	once    sync.Once
	pins    *pinCache
	conns   atomic.Int64 // open connections
	refused atomic.Int64 // connections refused in the current burst
}

// Defaults of Server's fields.
const (
	DefaultLoginTimeout = 30 * time.Second
	DefaultIdleTimeout  = 5 * time.Minute
	DefaultMaxConns     = 64
	DefaultPINCache     = 5 * time.Minute
)

func (s *Server) init() {
	s.once.Do(func() {
		if s.Loc == nil {
			s.Loc = time.Local
		}
		if s.Now == nil {
			s.Now = time.Now
		}
		if s.Logger == nil {
			s.Logger = slog.Default()
		}
		if s.Catalog == nil {
			s.Catalog = assets.Catalog()
		}
		if s.Lang == "" {
			s.Lang = kiosk.LangID
		}
		if s.Currency == "" {
			s.Currency = "IDR"
		}
		if s.LoginTimeout <= 0 {
			s.LoginTimeout = DefaultLoginTimeout
		}
		if s.IdleTimeout <= 0 {
			s.IdleTimeout = DefaultIdleTimeout
		}
		if s.MaxConns <= 0 {
			s.MaxConns = DefaultMaxConns
		}
		if s.PINCache == 0 {
			s.PINCache = DefaultPINCache
		}
		s.pins = newPINCache(s.PINCache, s.Now)
	})
}

// Serve answers connections on ln until ctx ends. A failing Accept (no
// descriptors left) is waited out with backoff, never returned.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.init()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	var backoff time.Duration
	failures := 0
	for {
		nc, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, net.ErrClosed) {
				return fmt.Errorf("sip2 server: %w", err)
			}
			if failures == 0 {
				s.Logger.Warn("SIP2 accept failed; backing off and listening on", "err", err)
			}
			failures++
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			select {
			case <-ctx.Done():
			case <-time.After(backoff/2 + rand.N(backoff/2+1)):
			}
			continue
		}
		if failures > 0 {
			s.Logger.Info("SIP2 listener recovered", "failed", failures)
			backoff, failures = 0, 0
		}
		if !s.admit(nc) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer s.conns.Add(-1)
			s.serveConn(ctx, nc)
		}()
	}
}

// admit lets a connection in under MaxConns, or closes it at once; a
// burst of refusals is logged once when it starts and once when it ends.
func (s *Server) admit(nc net.Conn) bool {
	if s.conns.Add(1) <= int64(s.MaxConns) {
		if n := s.refused.Swap(0); n > 0 {
			s.Logger.Info("SIP2 connections let in again", "closed_at_once", n)
		}
		return true
	}
	s.conns.Add(-1)
	nc.Close()
	if s.refused.Add(1) == 1 {
		s.Logger.Warn("SIP2 connection closed at once: too many connections", "max", s.MaxConns, "from", nc.RemoteAddr().String())
	}
	return false
}

func (s *Server) date() string { return FormatDate(s.Now(), s.Loc, false) }
