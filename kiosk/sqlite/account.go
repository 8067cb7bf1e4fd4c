package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Account implements kiosk.Circulation. A blocked or expired card may
// still see its account: it is how the patron learns why.
func (db *DB) Account(ctx context.Context, cred kiosk.Credentials) (*kiosk.Account, error) {
	acc, err := db.account(ctx, cred.Card)
	return acc, internal("account", err)
}

func (db *DB) account(ctx context.Context, card string) (*kiosk.Account, error) {
	tx, err := db.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	acc, _, err := db.readAccount(ctx, tx, card)
	return acc, err
}

// readAccount reads the account in tx, and the patron's row with it.
func (db *DB) readAccount(ctx context.Context, tx *sql.Tx, card string) (*kiosk.Account, *patron, error) {
	p, err := db.loadPatron(ctx, tx, card)
	if err != nil {
		return nil, nil, err
	}
	acc := &kiosk.Account{Patron: p.Patron}
	rows, err := tx.QueryContext(ctx, accountLoansSQL, p.id, p.Category)
	if err != nil {
		return nil, nil, fmt.Errorf("loans: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l kiosk.Loan
		var issued, due int64
		if err := rows.Scan(&l.Item.Barcode, &l.Item.Title, &l.Item.Author, &l.Item.CallNumber, &l.Item.Location,
			&l.Item.Type, &l.Item.Loanable, &issued, &due, &l.Renewals, &l.MaxRenewals); err != nil {
			return nil, nil, fmt.Errorf("loans: %w", err)
		}
		l.IssuedAt, l.Due = time.Unix(issued, 0).In(db.Location), time.Unix(due, 0).In(db.Location)
		acc.Loans = append(acc.Loans, l)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("loans: %w", err)
	}
	frows, err := tx.QueryContext(ctx, accountFinesSQL, p.id)
	if err != nil {
		return nil, nil, fmt.Errorf("fines: %w", err)
	}
	defer frows.Close()
	for frows.Next() {
		var f kiosk.Fine
		var created, due int64
		if err := frows.Scan(&f.Amount, &f.Description, &created, &f.Title, &due); err != nil {
			return nil, nil, fmt.Errorf("fines: %w", err)
		}
		f.Created = time.Unix(created, 0).In(db.Location)
		if due > 0 {
			f.Due = time.Unix(due, 0).In(db.Location)
		}
		acc.Fines = append(acc.Fines, f)
		acc.FinesTotal += f.Amount
	}
	if err := frows.Err(); err != nil {
		return nil, nil, fmt.Errorf("fines: %w", err)
	}
	if err := tx.QueryRowContext(ctx, accountHoldsSQL, p.id).Scan(&acc.Holds); err != nil {
		return nil, nil, fmt.Errorf("holds: %w", err)
	}
	return acc, p, nil
}

// The account's queries (named, so that a test can check their plans).
const (
	accountLoansSQL = `
		SELECT i.barcode, t.title, t.author, i.call_number, i.location, i.item_type, i.loanable,
		       l.issued_at, l.due_at, l.renewals,
		       COALESCE((SELECT r.max_renewals FROM loan_rules r
		                 WHERE r.category IN (?2, '*') AND r.item_type IN (i.item_type, '*')
		                 ORDER BY r.category = '*', r.item_type = '*' LIMIT 1), -1)
		FROM loans l JOIN items i ON i.id = l.item_id JOIN titles t ON t.id = i.title_id
		WHERE l.patron_id = ?1 AND l.returned_at IS NULL ORDER BY l.due_at, i.barcode`
	accountFinesSQL = `
		SELECT f.amount, f.description, f.created_at, COALESCE(t.title, ''), COALESCE(l.due_at, 0)
		FROM fines f LEFT JOIN loans l ON l.id = f.loan_id LEFT JOIN items i ON i.id = l.item_id LEFT JOIN titles t ON t.id = i.title_id
		WHERE f.patron_id = ? AND f.paid_at IS NULL ORDER BY f.created_at, f.id`
	accountHoldsSQL = `SELECT COUNT(*) FROM holds WHERE patron_id = ? AND status IN ('waiting', 'ready')`
)
