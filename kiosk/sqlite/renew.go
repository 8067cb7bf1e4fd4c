package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/anjungan/anjungan/kiosk"
)

// Renew implements kiosk.Circulation.
func (db *DB) Renew(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	var loan *kiosk.Loan
	err := db.write(ctx, func(stx *sql.Tx) error {
		tx := db.prepared(stx)
		p, err := db.renewer(ctx, tx, cred.Card)
		if err != nil {
			return err
		}
		it, err := loadItem(ctx, tx, barcode)
		if err != nil {
			return err
		}
		loan, err = db.renew(ctx, tx, p, it)
		return err
	})
	return loan, internal("renew", err)
}

// RenewAll implements kiosk.Circulation. Every loan is tried in the one
// transaction; a refusal of one does not stop the others.
func (db *DB) RenewAll(ctx context.Context, cred kiosk.Credentials) ([]kiosk.RenewResult, error) {
	var results []kiosk.RenewResult
	err := db.write(ctx, func(stx *sql.Tx) error {
		tx := db.prepared(stx)
		p, err := db.renewer(ctx, tx, cred.Card)
		if err != nil {
			return err
		}
		items, err := patronItems(ctx, tx, p.id)
		if err != nil {
			return err
		}
		for _, it := range items {
			loan, err := db.renew(ctx, tx, p, it)
			if err != nil && kiosk.ErrorCode(err) == kiosk.EINTERNAL {
				return err
			}
			results = append(results, kiosk.RenewResult{Barcode: it.Barcode, Title: it.Title, Loan: loan, Err: err})
		}
		return nil
	})
	if err != nil {
		return nil, internal("renew all", err)
	}
	return results, nil
}

// renewer loads a patron who may renew: card in standing and fines within
// the limit. Overdue items do not block renewing (renewing them is the
// point); their late days are charged at the renewal.
func (db *DB) renewer(ctx context.Context, tx querier, card string) (*patron, error) {
	now := db.now()
	p, c, err := db.loadPatronCounts(ctx, tx, card, now)
	if err != nil {
		return nil, err
	}
	if err := p.standing(now); err != nil {
		return nil, err
	}
	if err := p.circulationBlock(c, false); err != nil {
		return nil, err
	}
	return p, nil
}

func (db *DB) renew(ctx context.Context, tx querier, p *patron, it *item) (*kiosk.Loan, error) {
	now := db.now()
	l, err := loadOpenLoan(ctx, tx, it.id)
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemNotOnLoan)
	}
	if l.patronID != p.id {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyItemNotYours)
	}
	r, cal, err := db.rule(ctx, tx, p.Category, it.Type)
	if err != nil {
		return nil, err
	}
	if l.renewals >= r.MaxRenewals {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyRenewLimit, "max", fmt.Sprint(r.MaxRenewals))
	}
	var holds int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM holds WHERE title_id = ? AND patron_id <> ? AND status IN ('waiting', 'ready')`,
		it.titleID, p.id).Scan(&holds); err != nil {
		return nil, fmt.Errorf("count holds: %w", err)
	}
	if holds > 0 {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyRenewHold)
	}
	due := cal.due(now, r.LoanDays)
	if !due.After(l.dueAt) {
		return nil, kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyRenewNotExtended)
	}
	fine, err := db.chargeLate(ctx, tx, l, it, now)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE loans SET due_at = ?, renewals = renewals + 1 WHERE id = ?`, due.Unix(), l.id); err != nil {
		return nil, fmt.Errorf("renew loan: %w", err)
	}
	return &kiosk.Loan{Item: it.Item, IssuedAt: l.issuedAt, Due: due, Renewals: l.renewals + 1, MaxRenewals: r.MaxRenewals, Fine: fine}, nil
}

// patronItems lists the items a patron has on loan, soonest due first.
func patronItems(ctx context.Context, q querier, patronID int64) ([]*item, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+itemColumns+`
		FROM loans l JOIN items i ON i.id = l.item_id
		WHERE l.patron_id = ? AND l.returned_at IS NULL ORDER BY l.due_at, i.barcode`, patronID)
	if err != nil {
		return nil, fmt.Errorf("patron items: %w", err)
	}
	defer rows.Close()
	var items []*item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("patron items: %w", err)
		}
		items = append(items, it)
	}
	return items, rows.Err()
}
