package sqlite

import (
	"context"

	"github.com/anjungan/anjungan/kiosk"
)

var _ kiosk.MemberChecker = (*DB)(nil)

// CheckMember implements kiosk.MemberChecker for the guest book: nil for
// a member's card, KeyPatronUnknown for a card the library does not
// have, KeyPatronBlocked or KeyPatronExpired for a member's card that
// may not borrow — fines and overdue loans do not matter to a visit.
func (db *DB) CheckMember(ctx context.Context, card string) error {
	p, err := db.loadPatron(ctx, db.rdb, card)
	if err != nil {
		return internal("member", err)
	}
	return p.standing(db.now())
}
