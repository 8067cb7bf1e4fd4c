package kiosk

import (
	"context"
	"strings"
	"time"
)

// CardKey is what wrong PINs are counted by: the card as typed, without
// spaces around it and in upper case — library systems match cards in
// any case (SLiMS's collation does), so "m0001" must not get five more
// tries than "M0001".
func CardKey(card string) string { return strings.ToUpper(strings.TrimSpace(card)) }

// PINGuard counts wrong PINs per card and locks a card after too many in
// a row, for a while. The kiosk keeps one in memory; kiosks and the
// patrons' web pages that share a makerspace database share one there, so
// that wrong PINs on a phone lock the card at the kiosks too.
//
// Implementations count by CardKey.
type PINGuard interface {
	// Locked reports whether card is locked at now, and until when.
	Locked(ctx context.Context, card string, now time.Time) (until time.Time, locked bool, err error)
	// Fail records a wrong PIN: until is when the lock it set ends (zero
	// when the card is not locked), left how many tries remain.
	Fail(ctx context.Context, card string, now time.Time) (until time.Time, left int, err error)
	// Clear forgets a card's wrong PINs (the right one was typed).
	Clear(ctx context.Context, card string) error
}
