package sip2

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Loans: checkout, checkin and renewals, and item information.

// refused turns a server's "no" into a patron-facing error carrying its
// own words.
func refused(screen []string, fallback string) error {
	msg := strings.TrimSpace(strings.Join(screen, " "))
	if msg == "" {
		msg = fallback
	}
	return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyLibraryRefused, "message", msg)
}

// Checkout lends an item (11). A server that renews an item checked out
// to the same patron answers with a renewal; that is a success.
func (c *Client) Checkout(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	if err := c.allowed(true); err != nil {
		return nil, err
	}
	m, err := c.exchange(ctx, Checkout(c.date(), "", c.Institution, cred.Card, barcode, c.TerminalPassword, cred.PIN, false))
	if err != nil {
		return nil, err
	}
	return c.loan(m, barcode)
}

func (c *Client) loan(m Message, barcode string) (*kiosk.Loan, error) {
	o, err := DecodeOutcome(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: %w", err)
	}
	if !o.OK {
		return nil, refused(o.Screen, "not allowed")
	}
	due, err := DueDate(o.Due, c.Loc)
	if err != nil {
		c.Logger.Warn("unreadable due date from the library system", "due", o.Due)
	}
	return &kiosk.Loan{Item: kiosk.Item{Barcode: barcode, Title: o.Title, Loanable: true}, Due: due, MaxRenewals: -1,
		Screen: o.Screen, Print: o.Print}, nil
}

// Checkin returns an item (09).
func (c *Client) Checkin(ctx context.Context, barcode string) (*kiosk.Return, error) {
	if err := c.allowed(false); err != nil {
		return nil, err
	}
	m, err := c.exchange(ctx, Checkin(c.date(), "", c.Location, c.Institution, barcode, c.TerminalPassword, false))
	if err != nil {
		return nil, err
	}
	return returned(m, barcode)
}

// returned reads a 10: the return, or the server's refusal.
func returned(m Message, barcode string) (*kiosk.Return, error) {
	o, err := DecodeOutcome(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: checkin: %w", err)
	}
	if !o.OK {
		return nil, refused(o.Screen, "not accepted")
	}
	return &kiosk.Return{Item: kiosk.Item{Barcode: barcode, Title: o.Title}, Hold: o.Alert, Screen: o.Screen, Print: o.Print}, nil
}

// Renew extends one loan (29).
func (c *Client) Renew(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	if err := c.renewalsAllowed(); err != nil {
		return nil, err
	}
	if !c.supports("29") {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, KeyNoRenewals)
	}
	m, err := c.exchange(ctx, Renew(c.date(), c.Institution, cred.Card, cred.PIN, barcode, c.TerminalPassword))
	if err != nil {
		return nil, err
	}
	return c.loan(m, barcode)
}

// RenewAll renews every loan it can (65); with a server that takes no
// 65 but does take 29 and 63, it renews the loans one by one.
func (c *Client) RenewAll(ctx context.Context, cred kiosk.Credentials) ([]kiosk.RenewResult, error) {
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	if err := c.renewalsAllowed(); err != nil {
		return nil, err
	}
	if !c.supports("65") {
		return c.renewEach(ctx, cred)
	}
	m, err := c.exchange(ctx, RenewAll(c.date(), c.Institution, cred.Card, cred.PIN, c.TerminalPassword))
	if err != nil {
		return nil, err
	}
	r, err := DecodeRenewAll(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: renew all: %w", err)
	}
	var out []kiosk.RenewResult
	for _, b := range r.Renewed {
		// 66 names the items only: ask each one's title and new due date.
		loan := &kiosk.Loan{Item: kiosk.Item{Barcode: b}, MaxRenewals: -1}
		loan.Item.Title, loan.Due, _ = c.itemDetails(ctx, b)
		out = append(out, kiosk.RenewResult{Barcode: b, Title: loan.Item.Title, Loan: loan})
	}
	for _, b := range r.Unrenewed {
		out = append(out, kiosk.RenewResult{Barcode: b, Err: refused(r.Screen, "not renewed")})
	}
	return out, nil
}

// renewEach is RenewAll made of one 29 per loan; each loan gets its
// result, those after a link failure that failure.
func (c *Client) renewEach(ctx context.Context, cred kiosk.Credentials) ([]kiosk.RenewResult, error) {
	if !c.supports("29") || !c.supports("63") {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, KeyNoRenewals)
	}
	acc, err := c.Account(ctx, cred)
	if err != nil {
		return nil, err
	}
	out := make([]kiosk.RenewResult, 0, len(acc.Loans))
	var down error // once the link fails, the rest are not tried
	for _, l := range acc.Loans {
		if down != nil {
			out = append(out, kiosk.RenewResult{Barcode: l.Item.Barcode, Title: l.Item.Title, Err: down})
			continue
		}
		loan, err := c.Renew(ctx, cred, l.Item.Barcode)
		if kiosk.ErrorCode(err) == kiosk.EUNAVAILABLE {
			down = err
		}
		if loan != nil && loan.Item.Title == "" {
			loan.Item.Title = l.Item.Title
		}
		out = append(out, kiosk.RenewResult{Barcode: l.Item.Barcode, Title: l.Item.Title, Loan: loan, Err: err})
	}
	return out, nil
}

// itemDetails asks an item's title and due date (17), when the server
// takes 17; they are empty when it cannot say. The error is a network
// fault only.
func (c *Client) itemDetails(ctx context.Context, barcode string) (string, time.Time, error) {
	if !c.supports("17") {
		return "", time.Time{}, nil
	}
	m, err := c.exchange(ctx, ItemInformation(c.date(), c.Institution, barcode, c.TerminalPassword))
	if err != nil {
		return "", time.Time{}, err
	}
	o, err := DecodeOutcome(m)
	if err != nil {
		c.Logger.Warn("unreadable item information from the library system", "err", err)
		return "", time.Time{}, nil
	}
	due, _ := DueDate(o.Due, c.Loc)
	return o.Title, due, nil
}

// Item looks an item up (17).
func (c *Client) Item(ctx context.Context, barcode string) (*kiosk.Item, error) {
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	if !c.supports("17") {
		return nil, errors.New("sip2: the library system takes no Item Information (17)")
	}
	m, err := c.exchange(ctx, ItemInformation(c.date(), c.Institution, barcode, c.TerminalPassword))
	if err != nil {
		return nil, err
	}
	o, err := DecodeOutcome(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: item: %w", err)
	}
	// No title and a screen message, or no title and status 01 ("other"):
	// servers say "no such item" both ways.
	if o.Title == "" && (len(o.Screen) > 0 || o.Status == "01") {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyItemUnknown)
	}
	return &kiosk.Item{Barcode: barcode, Title: o.Title, Loanable: true}, nil
}
