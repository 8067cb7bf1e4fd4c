package slims

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

var (
	_ kiosk.Replayer       = (*DB)(nil)
	_ kiosk.ReplayVerifier = (*DB)(nil)
)

// ReplayCheckout records a loan made while the database was unreachable:
// dated at, due when the kiosk said. The patron has left with the copy,
// so the member's standing, limit and reservations do not refuse it
// (SIP2's no-block); a copy on loan to someone else does, for staff.
func (db *DB) ReplayCheckout(ctx context.Context, card, barcode string, at, due time.Time) (*kiosk.Loan, error) {
	loan, err := db.checkout(ctx, card, barcode, at, due, true)
	return loan, fault("replay checkout", err)
}

// ReplayCheckin records a return made while the database was
// unreachable, on the day it was made (its fine counted to that day).
func (db *DB) ReplayCheckin(ctx context.Context, barcode string, at time.Time) (*kiosk.Return, error) {
	r, err := db.checkin(ctx, barcode, at)
	return r, fault("replay checkin", err)
}

// CheckedOutTo reports whether the copy is on loan to the card now.
func (db *DB) CheckedOutTo(ctx context.Context, card, barcode string) (bool, error) {
	it, err := db.loadItem(ctx, db.db, barcode)
	if err != nil {
		return false, fault("checked out", err)
	}
	l, err := loadOpenLoan(ctx, db.db, it.Barcode)
	if err != nil {
		return false, fault("checked out", err)
	}
	return l != nil && sameCard(l.Member, card), nil
}

// CheckedIn reports whether the copy is not on loan.
func (db *DB) CheckedIn(ctx context.Context, barcode string) (bool, error) {
	it, err := db.loadItem(ctx, db.db, barcode)
	if err != nil {
		return false, fault("checked in", err)
	}
	l, err := loadOpenLoan(ctx, db.db, it.Barcode)
	if err != nil {
		return false, fault("checked in", err)
	}
	return l == nil, nil
}
