package sip2

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Offline replay: transactions recorded while the library system was
// away, and the checks that keep a replay from being applied twice.

var _ kiosk.Replayer = (*Client)(nil)

// ReplayCheckout sends a checkout made offline: no-block, with the
// transaction's own time and the due date the kiosk gave.
func (c *Client) ReplayCheckout(ctx context.Context, card, barcode string, at, due time.Time) (*kiosk.Loan, error) {
	c.defaults()
	m, err := c.exchange(ctx, Checkout(FormatDate(at, c.Loc, c.UTC), FormatDate(due, c.Loc, c.UTC), c.Institution, card, barcode, c.TerminalPassword, "", true))
	if err != nil {
		return nil, err
	}
	return c.loan(m, barcode)
}

// ReplayCheckin sends a return made offline, dated when it was made.
func (c *Client) ReplayCheckin(ctx context.Context, barcode string, at time.Time) (*kiosk.Return, error) {
	c.defaults()
	d := FormatDate(at, c.Loc, c.UTC)
	m, err := c.exchange(ctx, Checkin(d, d, c.Location, c.Institution, barcode, c.TerminalPassword, true))
	if err != nil {
		return nil, err
	}
	return returned(m, barcode)
}

var _ kiosk.ReplayVerifier = (*Client)(nil)

// CheckedOutTo reports whether the server lists barcode among the
// patron's charged items (63, a page of 100 at a time). A server without
// 63 cannot tell: false.
func (c *Client) CheckedOutTo(ctx context.Context, card, barcode string) (bool, error) {
	if err := c.learn(ctx); err != nil {
		return false, err
	}
	if !c.supports("63") {
		return false, nil
	}
	const page = 100
	for start := 1; start <= 10*page; start += page {
		m, err := c.exchange(ctx, PatronInformation(c.date(), c.Institution, card, c.TerminalPassword, "", SummaryCharged, start, start+page-1))
		if err != nil {
			return false, err
		}
		p, err := DecodePatron(m)
		if err != nil {
			return false, fmt.Errorf("sip2: charged items: %w", err)
		}
		for _, it := range p.Charged {
			if f := strings.Fields(it); len(f) > 0 && f[0] == barcode {
				return true, nil
			}
		}
		if len(p.Charged) < page {
			return false, nil
		}
	}
	return false, nil
}

// CheckedIn reports whether the server says the item is back: available,
// on the hold shelf, waiting to be re-shelved or in transit (17). Any
// other status, or a server without 17, is false.
func (c *Client) CheckedIn(ctx context.Context, barcode string) (bool, error) {
	if err := c.learn(ctx); err != nil {
		return false, err
	}
	if !c.supports("17") {
		return false, nil
	}
	m, err := c.exchange(ctx, ItemInformation(c.date(), c.Institution, barcode, c.TerminalPassword))
	if err != nil {
		return false, err
	}
	o, err := DecodeOutcome(m)
	if err != nil {
		return false, fmt.Errorf("sip2: item status: %w", err)
	}
	switch o.Status {
	case "03", "08", "09", "10":
		return true, nil
	}
	return false, nil
}

// OfflineAllowed reports whether the server's last 98 lets the kiosk
// work off-line (true when no 98 was seen yet: the kiosk's own policy
// then decides).
func (c *Client) OfflineAllowed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.seen || c.acs.OfflineOK
}
