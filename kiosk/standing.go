package kiosk

import (
	"context"
	"time"
)

// CircStatus is where a copy is in circulation.
type CircStatus string

// Circulation statuses. A library system reports the ones it knows.
const (
	CircAvailable       CircStatus = "available"        // on the shelf
	CircOnLoan          CircStatus = "on_loan"          // charged to a patron
	CircOnHoldShelf     CircStatus = "on_hold_shelf"    // put aside for a patron's hold
	CircInTransit       CircStatus = "in_transit"       // between branches
	CircReshelving      CircStatus = "reshelving"       // returned, not yet on the shelf
	CircInProcess       CircStatus = "in_process"       // being catalogued or repaired
	CircOnOrder         CircStatus = "on_order"         // not received yet
	CircMissing         CircStatus = "missing"          // not where it should be
	CircLost            CircStatus = "lost"             // lost by a patron
	CircClaimedReturned CircStatus = "claimed_returned" // the patron says it came back; it has not
	CircOther           CircStatus = "other"
)

// ItemState is a copy and its circulation state.
type ItemState struct {
	Item   Item
	Status CircStatus
	// Due is when the loan ends, for a copy on loan; zero otherwise.
	Due time.Time
	// Holds is the hold queue: patrons waiting for the title, and the one
	// the copy is put aside for.
	Holds int
}

// ItemStatuser is a library system that tells an item's circulation
// state (SIP2 Item Information).
type ItemStatuser interface {
	// ItemStatus fails with KeyItemUnknown for an unknown barcode.
	ItemStatus(ctx context.Context, barcode string) (*ItemState, error)
}

// Hold is a patron's request for a title.
type Hold struct {
	Title string
	// Ready: a copy (Item) is put aside for the patron.
	Ready  bool
	Item   Item
	Placed time.Time
}

// Standing is a patron's standing with the library: the card, what the
// patron has, and what the library refuses them now.
type Standing struct {
	Patron Patron
	// Expired: the card is past Patron.Expires.
	Expired bool
	// Loans are the open loans, soonest due first; Fines the unpaid ones.
	Loans      []Loan
	Fines      []Fine
	FinesTotal int64
	// FineLimit is the unpaid total over which borrowing stops; 0 when
	// there is none.
	FineLimit int64
	// Holds are the patron's active holds, oldest first.
	Holds []Hold
	// BorrowBlock and RenewBlock say why a checkout or a renewal would be
	// refused for the patron's sake (a card blocked or expired, overdue
	// items, fines); nil when none would be. AtLimit: the patron has as
	// many loans as allowed.
	BorrowBlock, RenewBlock error
	AtLimit                 bool
	// At is when the standing was read.
	At time.Time
}

// Overdue returns the loans past due at the time of the standing.
func (s *Standing) Overdue() []Loan {
	var out []Loan
	for _, l := range s.Loans {
		if l.Overdue(s.At) {
			out = append(out, l)
		}
	}
	return out
}

// PatronStanding is a library system that tells a patron's standing
// and checks a PIN on its own, so that a card that may not borrow can
// still be told apart from a wrong PIN (SIP2 Patron Information).
type PatronStanding interface {
	// CheckPIN checks a card's PIN whatever the card's standing: nil
	// when it is right; KeyPatronUnknown, KeyPINWrong, KeyPINRequired
	// or another refusal when it is not.
	CheckPIN(ctx context.Context, cred Credentials) error
	// Standing returns the patron's standing without checking a PIN;
	// KeyPatronUnknown for an unknown card.
	Standing(ctx context.Context, card string) (*Standing, error)
}
