package sip2

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/anjungan/anjungan/internal/backoff"
	"github.com/anjungan/anjungan/kiosk"
)

// The link to the library system: connecting, logging in, one exchange
// at a time, and Run, which keeps it alive and reopens it.

// connect dials, logs in and learns the server's policy; it returns the
// new connection, the 98 and the SC Status round trip, touching no
// state, so that Run can dial without holding mu.
func (c *Client) connect(ctx context.Context) (*Conn, ACSStatus, time.Duration, error) {
	d := net.Dialer{Timeout: cmp.Or(c.Options.Timeout, 10*time.Second)} // the TLS handshake included
	var nc net.Conn
	var err error
	if c.TLS != nil {
		td := tls.Dialer{NetDialer: &d, Config: c.TLS}
		nc, err = td.DialContext(ctx, "tcp", c.Addr)
	} else {
		nc, err = d.DialContext(ctx, "tcp", c.Addr)
	}
	if err != nil {
		return nil, ACSStatus{}, 0, &dialError{fmt.Errorf("sip2: connect %s: %w", c.Addr, err)}
	}
	conn := NewConn(nc, c.Options)
	if c.User != "" {
		m, err := conn.Exchange(ctx, Login(c.User, c.Password, c.Location))
		if err != nil {
			conn.Close()
			return nil, ACSStatus{}, 0, err
		}
		if m.Code != "94" || m.Fixed != "1" {
			conn.Close()
			return nil, ACSStatus{}, 0, errors.New("sip2: login refused: check the SIP2 user and password")
		}
	}
	start := time.Now()
	m, err := conn.Exchange(ctx, SCStatus(c.PrintWidth))
	if err != nil {
		conn.Close()
		return nil, ACSStatus{}, 0, err
	}
	rtt := time.Since(start)
	acs, err := DecodeACSStatus(m)
	if err != nil {
		conn.Close()
		return nil, ACSStatus{}, 0, err
	}
	if acs.Timeout > 0 && c.Options.Timeout == 0 {
		conn.opt.Timeout = acs.Timeout
	}
	if acs.Retries >= 0 && c.Options.Resends == 0 {
		conn.opt.Resends = min(acs.Retries, 5)
	}
	return conn, acs, rtt, nil
}

// dialError is a connection that could not be opened: nothing was sent.
type dialError struct{ err error }

func (e *dialError) Error() string { return e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

func isDial(err error) bool {
	var d *dialError
	return errors.As(err, &d)
}

// install makes conn the connection, or closes it when another request
// got there first. Called with mu.
func (c *Client) install(conn *Conn, acs ACSStatus) {
	if c.conn != nil {
		conn.Close()
		return
	}
	c.conn, c.acs, c.seen, c.failing = conn, acs, true, false
}

// fail records a failed connect or exchange. Called with mu.
func (c *Client) fail(err error) {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
	c.failing = true
	c.setLink(false, 0, err)
}

// wake asks Run to reconnect now.
func (c *Client) wake() {
	select {
	case c.poke <- struct{}{}:
	default:
	}
}

// exchange runs one request, connecting first when needed (see Client
// on who reconnects). A network fault closes the connection and is a
// patron-facing "library offline" or "timed out".
//
// A connection the server closed while idle (its idle timeout) is
// replaced before the request (one peek at the socket, no wait); one found dead as the request meets it
// (at the write, or closed before any answer for a request that is safe
// to repeat) is replaced and the request sent once more, so that the
// patron never sees a stale connection. A checkout, checkin or renewal
// that may have reached the server is never sent again here: its error
// carries kiosk.ErrMaybeApplied for the offline queue, which asks the
// library before it replays anything.
func (c *Client) exchange(ctx context.Context, req Message) (Message, error) {
	c.defaults()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil && c.conn.Stale() {
		c.Logger.Debug("the library system closed the idle connection; reconnecting")
		c.conn.Close()
		c.conn = nil
		if err := c.reconnect(ctx); err != nil {
			return Message{}, c.failed(err, req)
		}
	}
	if err := c.ensure(ctx); err != nil {
		return Message{}, err
	}
	start := time.Now()
	m, err := c.conn.Exchange(ctx, req)
	if err != nil && ctx.Err() == nil && (errors.Is(err, ErrNotSent) || idempotent(req.Code) && errors.Is(err, ErrClosedBeforeAnswer)) {
		c.Logger.Debug("the connection was dead; sending the request again on a new one", "code", req.Code, "err", err)
		c.conn.Close()
		c.conn = nil
		if rerr := c.reconnect(ctx); rerr != nil {
			return Message{}, c.failed(rerr, req)
		}
		start = time.Now()
		m, err = c.conn.Exchange(ctx, req)
	}
	if err != nil {
		return Message{}, c.failed(err, req)
	}
	c.failing = false
	c.used = time.Now()
	c.setLink(true, time.Since(start), nil)
	return m, nil
}

// idempotent reports whether a request may reach the server twice
// without harm: logins, status, patron and item information, end of
// session. A checkout twice is a renewal; a checkin twice, a refusal.
func idempotent(code string) bool {
	switch code {
	case "93", "99", "63", "23", "17", "35":
		return true
	}
	return false
}

// failed closes the connection after a fault and turns the fault into
// the patron-facing error, marked kiosk.ErrMaybeApplied when the
// request may have reached the server. Called with mu.
func (c *Client) failed(err error, req Message) error {
	c.fail(err)
	if c.running.Load() {
		c.wake()
	}
	if !idempotent(req.Code) && !errors.Is(err, ErrNotSent) && !errors.Is(err, ErrLinkDown) && !isDial(err) {
		err = fmt.Errorf("%w: %w", kiosk.ErrMaybeApplied, err)
	}
	return unavailable(err)
}

// reconnect opens a new connection now, whoever owns reconnecting: a
// request found its connection dead. Called with mu, c.conn nil.
func (c *Client) reconnect(ctx context.Context) error {
	conn, acs, rtt, err := c.connect(ctx)
	if err != nil {
		return err
	}
	c.install(conn, acs)
	c.used = time.Now()
	c.setLink(true, rtt, nil)
	return nil
}

// ensure connects when there is no connection (see Client on who
// reconnects). Called with mu.
func (c *Client) ensure(ctx context.Context) error {
	if c.conn != nil {
		return nil
	}
	if c.failing && c.running.Load() {
		c.wake()
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryOffline).Wrap(ErrLinkDown)
	}
	conn, acs, rtt, err := c.connect(ctx)
	if err != nil {
		c.fail(err)
		return unavailable(err)
	}
	c.install(conn, acs)
	c.used = time.Now()
	c.setLink(true, rtt, nil)
	return nil
}

// learn connects when no 98 has been seen yet, so that a request can be
// chosen by what the server says it takes (BX).
func (c *Client) learn(ctx context.Context) error {
	c.defaults()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen {
		return nil
	}
	return c.ensure(ctx)
}

// ErrLinkDown: a request met a link known to be down while Run
// reconnects; it is not tried again until Run has a connection.
var ErrLinkDown = errors.New("sip2: the link to the library system is down; reconnecting")

func unavailable(err error) error {
	if errors.Is(err, ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryTimedOut).Wrap(err)
	}
	return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryOffline).Wrap(err)
}

// idle is how long the open connection has had no exchange; -1 without
// a connection.
func (c *Client) idle() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		return -1
	}
	return time.Since(c.used)
}

// connected reports whether a connection is open.
func (c *Client) connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn != nil
}

// Online reports whether the server last said it is on-line.
func (c *Client) Online() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn != nil && c.acs.Online
}

// Run keeps the link alive, until ctx ends: it connects (dialling
// without holding up requests), sends SC Status every KeepAlive, and
// after a fault reconnects with jittered backoff up to 30 s — at once
// when a patron's request met the link down, at most every 2 s.
func (c *Client) Run(ctx context.Context) error {
	c.defaults()
	c.running.Store(true)
	defer c.running.Store(false)
	b := &backoff.Backoff{Name: "library system", Logger: c.Logger}
	var lastTry time.Time
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			c.mu.Lock()
			if c.conn != nil {
				c.conn.Close()
				c.conn = nil
			}
			c.mu.Unlock()
			return nil
		case <-timer.C:
		case <-c.poke:
			if c.connected() {
				continue
			}
			if wait := 2*time.Second - time.Since(lastTry); wait > 0 {
				timer.Reset(wait) // soon, but not more often than every 2 s
				continue
			}
		}
		if idle := c.idle(); idle >= 0 && idle < c.KeepAlive {
			timer.Reset(c.KeepAlive - idle) // requests keep the link alive
			continue
		}
		lastTry = time.Now()
		var err error
		if c.connected() {
			var m Message
			if m, err = c.exchange(ctx, SCStatus(c.PrintWidth)); err == nil {
				if acs, derr := DecodeACSStatus(m); derr == nil {
					c.mu.Lock()
					c.acs = acs
					c.mu.Unlock()
					if !acs.Online {
						c.setLink(false, 0, errors.New("the library system reports itself off-line"))
					}
				}
			}
		} else {
			conn, acs, rtt, cerr := c.connect(ctx)
			c.mu.Lock()
			if cerr == nil {
				c.install(conn, acs)
				c.used = time.Now()
			} else if c.conn == nil {
				c.fail(cerr)
			}
			c.mu.Unlock()
			if err = cerr; err == nil {
				if acs.Online {
					c.setLink(true, rtt, nil)
				} else {
					c.setLink(false, 0, errors.New("the library system reports itself off-line"))
				}
			}
		}
		if err == nil {
			b.Recovered()
			timer.Reset(c.KeepAlive)
			continue
		}
		if ctx.Err() != nil {
			continue // returns at the select
		}
		timer.Reset(b.Fault(err))
	}
}
