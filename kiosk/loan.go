package kiosk

import "time"

// Loan is an item on loan to a patron.
type Loan struct {
	Item     Item
	IssuedAt time.Time
	Due      time.Time
	Renewals int
	// MaxRenewals is how many renewals the rules allow in all; -1 when the
	// library system does not say.
	MaxRenewals int
	// Fine is what a renewal charged for the days the loan was late, in
	// the currency's smallest unit; zero when none or not said.
	Fine int64
	// Offline is set when the loan was recorded at the kiosk while the
	// library system was unreachable, to be sent when it is back.
	Offline bool
	// Screen and Print are what the library system asked to show the
	// patron and to print on the receipt (SIP2 AF and AG).
	Screen, Print []string
}

// Overdue reports whether the loan is past due at now.
func (l Loan) Overdue(now time.Time) bool { return now.After(l.Due) }

// Return is the outcome of a successful check-in.
type Return struct {
	Item Item
	// Fine is the fine recorded for a late return, in the currency's
	// smallest unit; zero when none.
	Fine int64
	// WasDue is when the loan had been due.
	WasDue time.Time
	// Hold is true when the item is reserved for another patron: it goes
	// to the desk, not back on the shelf.
	Hold bool
	// Offline: recorded at the kiosk while the library system was
	// unreachable.
	Offline bool
	// Screen and Print: the library system's words for the patron and
	// the receipt.
	Screen, Print []string
}

// RenewResult is the outcome of renewing one loan in a batch: either Loan
// holds the renewed loan or Err says why not.
type RenewResult struct {
	Barcode string
	Title   string
	Loan    *Loan
	Err     error
}

// Fine is an unpaid charge on a patron's account.
type Fine struct {
	Amount      int64
	Description string // the library's own words
	Created     time.Time
	// Title and Due name the late item, for a fine on a loan (empty when
	// the library does not say).
	Title string
	Due   time.Time
}

// Account is what "My account" shows.
type Account struct {
	Patron Patron
	Loans  []Loan
	Fines  []Fine
	// FinesTotal is the sum of unpaid fines.
	FinesTotal int64
	// Holds counts the patron's waiting holds.
	Holds int
}
