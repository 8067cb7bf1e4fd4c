package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// PINGuard is the kiosk.PINGuard kept in the store (table pin_failures):
// every kiosk and web server on one makerspace database counts the same
// wrong PINs. Max wrong PINs in a row lock a card for For; strikes older
// than For are forgotten.
type PINGuard struct {
	Store *Store
	Max   int
	For   time.Duration
}

var _ kiosk.PINGuard = (*PINGuard)(nil)

// Locked reports whether card is locked at now, and until when.
func (g *PINGuard) Locked(ctx context.Context, card string, now time.Time) (time.Time, bool, error) {
	card = kiosk.CardKey(card)
	var until int64
	err := g.Store.rdb.QueryRowContext(ctx, `SELECT locked_until FROM pin_failures WHERE card = ?`, card).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("pin failures: %w", err)
	}
	if now.Unix() >= until {
		return time.Time{}, false, nil
	}
	return fromUnix(until), true, nil
}

// Fail counts a wrong PIN, in one transaction: the strike, and the lock
// when it is the Max-th in a row.
func (g *PINGuard) Fail(ctx context.Context, card string, now time.Time) (time.Time, int, error) {
	card = kiosk.CardKey(card)
	tx, err := g.Store.db.BeginTx(ctx, nil)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("pin failures: %w", err)
	}
	defer tx.Rollback()
	t, stale := now.Unix(), now.Add(-g.For).Unix()
	var n int
	// A strike after a quiet spell longer than For starts a new count.
	err = tx.QueryRowContext(ctx, `INSERT INTO pin_failures (card, failures, last_at) VALUES (?, 1, ?)
		ON CONFLICT (card) DO UPDATE SET failures = CASE WHEN pin_failures.last_at < ? THEN 1 ELSE pin_failures.failures + 1 END,
			last_at = excluded.last_at
		RETURNING failures`, card, t, stale).Scan(&n)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("pin failures: %w", err)
	}
	var until time.Time
	left := g.Max - n
	if n >= g.Max {
		until, left = now.Add(g.For).Truncate(time.Second), 0
		if _, err := tx.ExecContext(ctx, `UPDATE pin_failures SET failures = 0, locked_until = ? WHERE card = ?`, until.Unix(), card); err != nil {
			return time.Time{}, 0, fmt.Errorf("pin failures: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return time.Time{}, 0, fmt.Errorf("pin failures: %w", err)
	}
	return until, left, nil
}

// Clear forgets a card's wrong PINs.
func (g *PINGuard) Clear(ctx context.Context, card string) error {
	card = kiosk.CardKey(card)
	_, err := g.Store.db.ExecContext(ctx, `DELETE FROM pin_failures WHERE card = ?`, card)
	return err
}
