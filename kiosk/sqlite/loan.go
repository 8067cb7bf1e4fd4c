package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// openLoan is an unreturned loans row.
type openLoan struct {
	id       int64
	patronID int64
	issuedAt time.Time
	dueAt    time.Time
	renewals int
}

func loadOpenLoan(ctx context.Context, q querier, itemID int64) (*openLoan, error) {
	l := &openLoan{}
	var issued, due int64
	err := q.QueryRowContext(ctx, `SELECT id, patron_id, issued_at, due_at, renewals FROM loans WHERE item_id = ? AND returned_at IS NULL`, itemID).
		Scan(&l.id, &l.patronID, &issued, &due, &l.renewals)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load loan: %w", err)
	}
	l.issuedAt, l.dueAt = time.Unix(issued, 0), time.Unix(due, 0)
	return l, nil
}

// Checkout implements kiosk.Circulation.
func (db *DB) Checkout(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	var loan *kiosk.Loan
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		loan, err = db.checkout(ctx, db.prepared(tx), cred.Card, barcode)
		return err
	})
	return loan, internal("checkout", err)
}

func (db *DB) checkout(ctx context.Context, tx querier, card, barcode string) (*kiosk.Loan, error) {
	now := db.now()
	p, c, err := db.loadPatronCounts(ctx, tx, card, now)
	if err != nil {
		return nil, err
	}
	if err := p.standing(now); err != nil {
		return nil, err
	}
	it, err := loadItemState(ctx, tx, barcode)
	if err != nil {
		return nil, err
	}
	if open := it.loan; open != nil {
		if open.patronID == p.id {
			return nil, kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemAlreadyYours, "title", it.Title)
		}
		return nil, kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemOnLoan)
	}
	if !it.Loanable {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyItemReference)
	}
	if err := p.circulationBlock(c, true); err != nil {
		return nil, err
	}
	if c.open >= p.maxItems {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronOverLimit, "max", strconv.Itoa(p.maxItems))
	}
	if err := fillHold(ctx, tx, it, p.id); err != nil {
		return nil, err
	}
	r, cal, err := db.rule(ctx, tx, p.Category, it.Type)
	if err != nil {
		return nil, err
	}
	due := cal.due(now, r.LoanDays)
	if _, err := tx.ExecContext(ctx, `INSERT INTO loans (item_id, patron_id, issued_at, due_at, kiosk) VALUES (?, ?, ?, ?, ?)`,
		it.id, p.id, now.Unix(), due.Unix(), db.Kiosk); err != nil {
		return nil, fmt.Errorf("insert loan: %w", err)
	}
	return &kiosk.Loan{Item: it.Item, IssuedAt: now, Due: due, MaxRenewals: r.MaxRenewals}, nil
}

// fillHold refuses an item put aside for another patron's hold, and marks
// the patron's own ready hold on it as filled.
func fillHold(ctx context.Context, tx querier, it *itemState, patronID int64) error {
	if it.holdID == 0 {
		return nil
	}
	if it.holder != patronID {
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyItemOnHold)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE holds SET status = 'filled' WHERE id = ?`, it.holdID); err != nil {
		return fmt.Errorf("fill hold: %w", err)
	}
	return nil
}

// Checkin implements kiosk.Circulation.
func (db *DB) Checkin(ctx context.Context, barcode string) (*kiosk.Return, error) {
	var ret *kiosk.Return
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		ret, err = db.checkin(ctx, db.prepared(tx), barcode)
		return err
	})
	return ret, internal("checkin", err)
}

func (db *DB) checkin(ctx context.Context, tx querier, barcode string) (*kiosk.Return, error) {
	now := db.now()
	it, err := loadItemState(ctx, tx, barcode)
	if err != nil {
		return nil, err
	}
	l := it.loan
	if l == nil {
		return nil, kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemNotOnLoan)
	}
	fine, err := db.chargeLate(ctx, tx, l, it.item, now)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE loans SET returned_at = ? WHERE id = ?`, now.Unix(), l.id); err != nil {
		return nil, fmt.Errorf("close loan: %w", err)
	}
	hold := false
	if it.waiting { // most returns: nobody waits, no hold to trap
		if hold, err = trapHold(ctx, tx, it.item); err != nil {
			return nil, err
		}
	}
	return &kiosk.Return{Item: it.Item, Fine: fine, WasDue: l.dueAt, Hold: hold}, nil
}

// chargeLate records the fine for the days l is late at now. A renewal
// of an overdue loan charges up to then and moves the due date, so no day
// is charged twice.
func (db *DB) chargeLate(ctx context.Context, tx querier, l *openLoan, it *item, now time.Time) (int64, error) {
	if !now.After(l.dueAt) {
		return 0, nil
	}
	var category string
	if err := tx.QueryRowContext(ctx, `SELECT category FROM patrons WHERE id = ?`, l.patronID).Scan(&category); err != nil {
		return 0, fmt.Errorf("patron category: %w", err)
	}
	r, _, err := db.rule(ctx, tx, category, it.Type)
	if err != nil {
		return 0, err
	}
	amount := r.fine(lateDays(l.dueAt, now, db.Location))
	if amount <= 0 {
		return 0, nil
	}
	desc := fmt.Sprintf("overdue %s (%s), due %s", it.Barcode, it.Title, l.dueAt.In(db.Location).Format(time.DateOnly))
	if _, err := tx.ExecContext(ctx, `INSERT INTO fines (patron_id, loan_id, amount, description, created_at) VALUES (?, ?, ?, ?, ?)`,
		l.patronID, l.id, amount, desc, now.Unix()); err != nil {
		return 0, fmt.Errorf("insert fine: %w", err)
	}
	return amount, nil
}

// trapHold puts a returned item aside for the oldest waiting hold on its
// title and reports whether it did.
func trapHold(ctx context.Context, tx querier, it *item) (bool, error) {
	res, err := tx.ExecContext(ctx, `
		UPDATE holds SET status = 'ready', item_id = ?1
		WHERE id = (SELECT id FROM holds WHERE title_id = ?2 AND status = 'waiting' ORDER BY placed_at, id LIMIT 1)`,
		it.id, it.titleID)
	if err != nil {
		return false, fmt.Errorf("trap hold: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
