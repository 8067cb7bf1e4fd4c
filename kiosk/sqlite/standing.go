package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

var _ kiosk.PatronStanding = (*DB)(nil)

// Standing implements kiosk.PatronStanding: the account, the holds and
// what the rules refuse the patron now, read in one transaction.
func (db *DB) Standing(ctx context.Context, card string) (*kiosk.Standing, error) {
	st, err := db.standing(ctx, card)
	return st, internal("standing", err)
}

func (db *DB) standing(ctx context.Context, card string) (*kiosk.Standing, error) {
	tx, err := db.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	acc, p, err := db.readAccount(ctx, tx, card)
	if err != nil {
		return nil, err
	}
	holds, err := patronHolds(ctx, tx, p.id, db.Location)
	if err != nil {
		return nil, err
	}
	now := db.now()
	st := &kiosk.Standing{Patron: acc.Patron, Expired: now.After(p.Expires), Loans: acc.Loans, Fines: acc.Fines,
		FinesTotal: acc.FinesTotal, FineLimit: p.fineLimit, Holds: holds, At: now}
	c := loanCounts{open: len(acc.Loans), overdue: len(st.Overdue()), fines: acc.FinesTotal}
	st.BorrowBlock, st.RenewBlock = p.standing(now), p.standing(now)
	if st.BorrowBlock == nil {
		st.BorrowBlock = p.circulationBlock(c, true)
		st.RenewBlock = p.circulationBlock(c, false)
	}
	st.AtLimit = c.open >= p.maxItems
	return st, nil
}

// patronHolds lists a patron's waiting and ready holds, oldest first.
func patronHolds(ctx context.Context, tx *sql.Tx, patronID int64, loc *time.Location) ([]kiosk.Hold, error) {
	rows, err := tx.QueryContext(ctx, patronHoldsSQL, patronID)
	if err != nil {
		return nil, fmt.Errorf("holds: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Hold
	for rows.Next() {
		var h kiosk.Hold
		var placed int64
		if err := rows.Scan(&h.Title, &h.Ready, &h.Item.Barcode, &h.Item.Location, &placed); err != nil {
			return nil, fmt.Errorf("holds: %w", err)
		}
		h.Placed = time.Unix(placed, 0).In(loc)
		if h.Ready {
			h.Item.Title = h.Title
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// patronHoldsSQL lists a patron's active holds (named for the plan test).
const patronHoldsSQL = `
	SELECT t.title, h.status = 'ready', COALESCE(i.barcode, ''), COALESCE(i.location, ''), h.placed_at
	FROM holds h JOIN titles t ON t.id = h.title_id LEFT JOIN items i ON i.id = h.item_id
	WHERE h.patron_id = ? AND h.status IN ('waiting', 'ready') ORDER BY h.placed_at, h.id`
