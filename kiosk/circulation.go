package kiosk

import (
	"context"
	"errors"
	"time"
)

// Circulation is the library system the kiosk works against: the embedded
// SQLite library (kiosk/sqlite) or a library's own system over SIP2
// (kiosk/sip2).
//
// Refusals are *Error values with a Key from key.go (KeyItemOnLoan,
// KeyPatronOverLimit, …); any other error is a fault of the system itself.
type Circulation interface {
	// Authenticate checks a card and PIN and returns the patron. It fails
	// with KeyPatronUnknown, KeyPINWrong, KeyPINRequired, KeyPatronExpired
	// or KeyPatronBlocked. An empty PIN never authenticates a patron who
	// has one when the library requires PINs.
	Authenticate(ctx context.Context, cred Credentials) (*Patron, error)

	// Checkout lends the item to the patron. An item already on loan to
	// the same patron fails with KeyItemAlreadyYours, so that the flow can
	// offer a renewal instead.
	Checkout(ctx context.Context, cred Credentials, barcode string) (*Loan, error)

	// Checkin returns an item. It needs no patron.
	Checkin(ctx context.Context, barcode string) (*Return, error)

	// Renew extends one loan of the patron's.
	Renew(ctx context.Context, cred Credentials, barcode string) (*Loan, error)

	// RenewAll tries to renew every loan of the patron's; each result says
	// how that loan fared.
	RenewAll(ctx context.Context, cred Credentials) ([]RenewResult, error)

	// Account returns the patron's loans, fines and holds.
	Account(ctx context.Context, cred Credentials) (*Account, error)

	// Item looks an item up by barcode.
	Item(ctx context.Context, barcode string) (*Item, error)
}

// Replayer is a library system that takes transactions recorded while it
// was unreachable: a checkout made at a past time with the due date the
// kiosk gave (SIP2: the no-block flag and the offline due date), and a
// return made at a past time.
type Replayer interface {
	ReplayCheckout(ctx context.Context, card, barcode string, at, due time.Time) (*Loan, error)
	ReplayCheckin(ctx context.Context, barcode string, at time.Time) (*Return, error)
}

// ReplayVerifier is a Replayer that can tell whether a transaction sent
// before already took effect — the kiosk may have stopped after sending
// it and before recording the answer — so that it is not applied twice
// (a second checkout would be a renewal). An error means it cannot tell.
type ReplayVerifier interface {
	CheckedOutTo(ctx context.Context, card, barcode string) (bool, error)
	CheckedIn(ctx context.Context, barcode string) (bool, error)
}

// SessionEnder is a library system that wants to hear when a patron's
// visit ends (SIP2: End Patron Session).
type SessionEnder interface {
	EndSession(ctx context.Context, cred Credentials) error
}

// ErrMaybeApplied marks a failed request that reached the library system
// with no answer back (it timed out, or the link broke after it was
// sent): the library may have acted on it. Whoever sends it again must
// first ask the library whether it took effect (ReplayVerifier), or a
// checkout becomes a renewal and a return is refused.
var ErrMaybeApplied = errors.New("the request reached the library system and no answer came back: it may have taken effect")
