package slims

import (
	"context"

	"github.com/anjungan/anjungan/kiosk"
)

var _ kiosk.MemberChecker = (*DB)(nil)

// CheckMember implements kiosk.MemberChecker for the guest book: nil for
// a member, KeyPatronUnknown for a card SLiMS does not have,
// KeyPatronExpired or KeyPatronPending for a member who must see staff
// (SLiMS's visitor page counts them all the same).
func (db *DB) CheckMember(ctx context.Context, card string) error {
	m, err := db.loadMember(ctx, db.db, card)
	if err != nil {
		return fault("member", err)
	}
	return m.borrowBlock(db.today())
}
