package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// TitleRecord and ItemRecord describe a catalogue entry for loading.
type TitleRecord struct {
	Title     string
	Author    string
	ISBN      string
	Publisher string
	Year      int
	Language  string
}

// ItemRecord is one copy to load, with its title.
type ItemRecord struct {
	Barcode string
	TitleRecord
	CallNumber string
	Location   string
	ItemType   string
	Loanable   bool
}

// PatronRecord is a patron to load. PINHash is the stored form (HashPIN);
// empty keeps the patron's PIN as it is.
type PatronRecord struct {
	Card        string
	Name        string
	Category    string
	Expires     string // YYYY-MM-DD
	Status      string // active or blocked; empty = active
	BlockReason string
	PINHash     string
	BirthDate   string // YYYY-MM-DD; empty = unknown
}

// upsertItem adds or updates an item by barcode and reports whether it was
// new.
func upsertItem(ctx context.Context, tx *sql.Tx, r ItemRecord) (bool, error) {
	titleID, err := findOrAddTitle(ctx, tx, r.TitleRecord)
	if err != nil {
		return false, err
	}
	loanable := 0
	if r.Loanable {
		loanable = 1
	}
	res, err := tx.ExecContext(ctx, `UPDATE items SET title_id = ?, item_type = ?, call_number = ?, location = ?, loanable = ? WHERE barcode = ?`,
		titleID, r.ItemType, r.CallNumber, r.Location, loanable, r.Barcode)
	if err != nil {
		return false, fmt.Errorf("update item %s: %w", r.Barcode, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO items (barcode, title_id, item_type, call_number, location, loanable) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Barcode, titleID, r.ItemType, r.CallNumber, r.Location, loanable); err != nil {
		return false, fmt.Errorf("insert item %s: %w", r.Barcode, err)
	}
	return true, nil
}

// findOrAddTitle matches a title by ISBN when it has one, else by title and
// author, and adds it when there is no match.
func findOrAddTitle(ctx context.Context, tx *sql.Tx, t TitleRecord) (int64, error) {
	var id int64
	var err error
	if t.ISBN != "" {
		err = tx.QueryRowContext(ctx, `SELECT id FROM titles WHERE isbn = ? ORDER BY id LIMIT 1`, t.ISBN).Scan(&id)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT id FROM titles WHERE title = ? AND author = ? AND isbn = '' ORDER BY id LIMIT 1`, t.Title, t.Author).Scan(&id)
	}
	year := sql.NullInt64{Int64: int64(t.Year), Valid: t.Year != 0}
	switch {
	case err == nil:
		_, err = tx.ExecContext(ctx, `UPDATE titles SET title = ?, author = ?, publisher = ?, year = ?, language = ? WHERE id = ?`,
			t.Title, t.Author, t.Publisher, year, t.Language, id)
		if err != nil {
			return 0, fmt.Errorf("update title: %w", err)
		}
		return id, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, fmt.Errorf("find title: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO titles (title, author, isbn, publisher, year, language) VALUES (?, ?, ?, ?, ?, ?)`,
		t.Title, t.Author, t.ISBN, t.Publisher, year, t.Language)
	if err != nil {
		return 0, fmt.Errorf("insert title: %w", err)
	}
	return res.LastInsertId()
}

// upsertPatron adds or updates a patron by card and reports whether it was
// new.
func upsertPatron(ctx context.Context, tx *sql.Tx, r PatronRecord) (bool, error) {
	if r.Status == "" {
		r.Status = "active"
	}
	res, err := tx.ExecContext(ctx, `UPDATE patrons SET name = ?, category = ?, expires = ?, status = ?, block_reason = ?,
		pin_hash = CASE WHEN ? = '' THEN pin_hash ELSE ? END, birth_date = ? WHERE card = ?`,
		r.Name, r.Category, r.Expires, r.Status, r.BlockReason, r.PINHash, r.PINHash, r.BirthDate, r.Card)
	if err != nil {
		return false, fmt.Errorf("update patron: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO patrons (card, name, category, expires, status, block_reason, pin_hash, birth_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Card, r.Name, r.Category, r.Expires, r.Status, r.BlockReason, r.PINHash, r.BirthDate); err != nil {
		return false, fmt.Errorf("insert patron: %w", err)
	}
	return true, nil
}

// AddItems loads items in one transaction.
func (db *DB) AddItems(ctx context.Context, items ...ItemRecord) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			if _, err := upsertItem(ctx, tx, it); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddPatron adds or updates a patron, hashing pin when it is not empty.
func (db *DB) AddPatron(ctx context.Context, r PatronRecord, pin string) error {
	if pin != "" {
		h, err := db.HashPIN(pin)
		if err != nil {
			return err
		}
		r.PINHash = h
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := upsertPatron(ctx, tx, r)
		return err
	})
}

// Exec runs set-up SQL (rules, hours, holds) in one write transaction; for
// seeding, tools and tests.
func (db *DB) Exec(ctx context.Context, stmts ...string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("exec %.60q: %w", s, err)
			}
		}
		return nil
	})
}

// Backdate moves an open loan's issue and due times, for demo data and
// tests that need overdue loans.
func (db *DB) Backdate(ctx context.Context, barcode string, issued, due time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE loans SET issued_at = ?, due_at = ?
			WHERE returned_at IS NULL AND item_id = (SELECT id FROM items WHERE barcode = ?)`, issued.Unix(), due.Unix(), barcode)
		if err != nil {
			return fmt.Errorf("backdate: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("backdate %s: no open loan", barcode)
		}
		return nil
	})
}
