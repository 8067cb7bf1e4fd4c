package sip2

import (
	"context"
	"errors"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// What the server lets the kiosk do: its 98 (policy, on-line state) and
// BX (the messages it takes).

// Status returns the server's 98 and the SC Status round trip, for
// `kioskctl sip2 test` and the staff monitor. On a new connection that
// is the 98 the login was followed by (one 99, not two).
func (c *Client) Status(ctx context.Context) (ACSStatus, time.Duration, error) {
	c.defaults()
	c.mu.Lock()
	if c.conn == nil {
		conn, acs, rtt, err := c.connect(ctx)
		if err != nil {
			c.fail(err)
			c.mu.Unlock()
			return ACSStatus{}, 0, unavailable(err)
		}
		c.install(conn, acs)
		c.used = time.Now()
		c.setLink(true, rtt, nil)
		c.mu.Unlock()
		return acs, rtt, nil
	}
	c.mu.Unlock()
	start := time.Now()
	m, err := c.exchange(ctx, SCStatus(c.PrintWidth))
	if err != nil {
		return ACSStatus{}, 0, err
	}
	rtt := time.Since(start)
	st, err := DecodeACSStatus(m)
	return st, rtt, err
}

// allowed checks the server's last 98: an ACS that says it is off-line,
// or that it takes no checkouts (checkins), is not asked.
func (c *Client) allowed(checkout bool) error {
	c.mu.Lock()
	known, acs := c.conn != nil, c.acs
	c.mu.Unlock()
	switch {
	case !known:
		return nil // the exchange connects and learns
	case !acs.Online:
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryOffline).Wrap(errors.New("sip2: the ACS reports itself off-line"))
	case checkout && !acs.CheckoutOK, !checkout && !acs.CheckinOK:
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryOffline).Wrap(errors.New("sip2: the ACS takes no such transactions now"))
	}
	return nil
}

// renewalsAllowed follows the 98's renewal policy: an ACS that does not
// let self-check machines renew is not asked.
func (c *Client) renewalsAllowed() error {
	c.mu.Lock()
	no := c.seen && !c.acs.RenewalPolicy
	c.mu.Unlock()
	if no {
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyNoRenewals)
	}
	return nil
}

// Keys for what the library system does not let the kiosk do.
const (
	KeyNoRenewals = "library.no_renewals" // 98: no renewals; BX: no 29
	KeyNoAccount  = "library.no_account"  // BX: no Patron Information
)

// supports follows the 98's BX: a request the server says it does not
// take is not sent (everything is sent before a 98 is seen).
func (c *Client) supports(code string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.seen || c.acs.Supports(code)
}
