package sip2

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Patrons: who they are (63 or 23), their account, the end of a visit.

// Authenticate asks for the patron's information. The patron is let in
// only when the server says the card is valid (BL=Y) and the PIN is right
// (CQ=Y). A blank PIN never authenticates, whatever the server says.
func (c *Client) Authenticate(ctx context.Context, cred kiosk.Credentials) (*kiosk.Patron, error) {
	if cred.PIN == "" {
		return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINRequired)
	}
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	req := PatronInformation(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN, -1, 0, 0)
	if !c.supports("63") && c.supports("23") {
		req = PatronStatus(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN)
	}
	m, err := c.exchange(ctx, req)
	if err != nil {
		return nil, err
	}
	p, err := DecodePatron(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: authenticate: %w", err)
	}
	switch {
	case !p.Valid:
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
	case !p.PasswordKnown:
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyPINUnchecked)
	case !p.PasswordOK:
		return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
	case p.Flags[FlagCardLost]:
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronBlocked)
	}
	pat := &kiosk.Patron{Card: cred.Card, Name: p.Name, Status: kiosk.PatronActive, Notices: p.Flags.Notices()}
	if other := p.Flags.Unspoken(); len(other) > 0 {
		c.Logger.Debug("patron status flags not told to the patron", "flags", other)
	}
	if t, err := time.Parse("20060102", strings.TrimSpace(p.BirthDate)); err == nil {
		pat.BirthDate = t
	}
	return pat, nil
}

// Account lists the patron's loans (63 with the charged list, then 17
// for each item's title and due date) and fines.
func (c *Client) Account(ctx context.Context, cred kiosk.Credentials) (*kiosk.Account, error) {
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	if !c.supports("63") {
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, KeyNoAccount)
	}
	m, err := c.exchange(ctx, PatronInformation(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN, SummaryCharged, 1, 100))
	if err != nil {
		return nil, err
	}
	p, err := DecodePatron(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: account: %w", err)
	}
	acc := &kiosk.Account{Patron: kiosk.Patron{Card: cred.Card, Name: p.Name}, Holds: p.HoldCount}
	if e := strings.TrimSpace(p.Expires); e != "" {
		if t, err := DueDate(e, c.Loc); err == nil {
			acc.Patron.Expires = t // valid through that day
		}
	}
	fee, feeErr := strconv.ParseFloat(strings.TrimSpace(p.FeeAmount), 64)
	if feeErr == nil && fee > 0 {
		acc.FinesTotal = int64(fee)
	}
	for _, item := range p.Charged {
		barcode := strings.Fields(item + " ")[0]
		loan := kiosk.Loan{Item: kiosk.Item{Barcode: barcode}, MaxRenewals: -1}
		if loan.Item.Title, loan.Due, err = c.itemDetails(ctx, barcode); err != nil {
			return nil, err
		}
		acc.Loans = append(acc.Loans, loan)
	}
	if p.FineCount > 0 {
		m, err := c.exchange(ctx, PatronInformation(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN, SummaryFines, 1, 100))
		if err != nil {
			return nil, err
		}
		if f, err := DecodePatron(m); err == nil {
			for _, text := range f.Fines {
				if strings.TrimSpace(text) == "" {
					continue // a list padded to the end item asked for
				}
				acc.Fines = append(acc.Fines, kiosk.Fine{Amount: fineAmount(text), Description: strings.TrimSpace(text)})
			}
		}
	}
	if feeErr != nil { // no fee amount (BV): the fines add up
		for _, f := range acc.Fines {
			acc.FinesTotal += f.Amount
		}
	}
	return acc, nil
}

// fineAmount finds the amount in a fine item (AV), free text whose form
// each server chooses ("IDR 1500 overdue …", "Overdue … 1,500.00"): the
// first number in it, whole units; 0 when there is none.
func fineAmount(text string) int64 {
	for _, f := range strings.Fields(text) {
		for _, cur := range []string{"IDR", "Rp", "$", "€", "£"} {
			f = strings.TrimPrefix(f, cur)
		}
		if f == "" || f[0] < '0' || f[0] > '9' {
			continue
		}
		whole, _, _ := strings.Cut(strings.ReplaceAll(f, ",", ""), ".")
		if n, err := strconv.ParseInt(whole, 10, 64); err == nil {
			return n
		}
	}
	return 0
}

// Lookup asks for a patron's information (63) as a diagnostic: it
// returns what the server said, whatever it was.
func (c *Client) Lookup(ctx context.Context, card, pin string) (PatronInfo, time.Duration, error) {
	start := time.Now()
	m, err := c.exchange(ctx, PatronInformation(c.date(), c.Institution, card, c.TerminalPassword, pin, -1, 0, 0))
	if err != nil {
		return PatronInfo{}, 0, err
	}
	rtt := time.Since(start)
	p, err := DecodePatron(m)
	return p, rtt, err
}

var _ kiosk.SessionEnder = (*Client)(nil)

// EndSession tells the server the patron's visit is over (35), when it
// takes 35.
func (c *Client) EndSession(ctx context.Context, cred kiosk.Credentials) error {
	if err := c.learn(ctx); err != nil {
		return err
	}
	if !c.supports("35") {
		return nil
	}
	_, err := c.exchange(ctx, EndPatronSession(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN))
	return err
}
