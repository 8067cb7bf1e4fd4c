package sip2

import (
	"context"
	"fmt"

	"github.com/anjungan/anjungan/kiosk"
)

var _ kiosk.MemberChecker = (*Client)(nil)

// CheckMember implements kiosk.MemberChecker for the guest book: Patron
// Information (63) without a PIN — no AD at all, as the offline replay
// asks — or Patron Status (23) on a server without 63. BL says whether
// the library knows the card; the card-lost flag blocks it. Other flags
// (fines, overdue loans) do not keep a member from visiting.
func (c *Client) CheckMember(ctx context.Context, card string) error {
	if err := c.learn(ctx); err != nil {
		return err
	}
	req := PatronInformation(c.date(), c.Institution, card, c.TerminalPassword, "", -1, 0, 0)
	if !c.supports("63") && c.supports("23") {
		req = PatronStatus(c.date(), c.Institution, card, c.TerminalPassword, "")
	}
	m, err := c.exchange(ctx, req)
	if err != nil {
		return err
	}
	p, err := DecodePatron(m)
	if err != nil {
		return fmt.Errorf("sip2: check member: %w", err)
	}
	switch {
	case !p.Valid:
		return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
	case p.Flags[FlagCardLost]:
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronBlocked)
	}
	return nil
}
