package guestbook

import (
	"context"
	"fmt"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

var _ kiosk.Tallier = (*Store)(nil)

// RecordTally counts one loan, return or renewal.
func (s *Store) RecordTally(ctx context.Context, t kiosk.Tally) error {
	switch t.Op {
	case kiosk.OpCheckout, kiosk.OpCheckin, kiosk.OpRenew:
	default:
		return fmt.Errorf("guest book: tally: operation %q", t.Op)
	}
	if t.At.IsZero() {
		t.At = s.Now()
	}
	if _, err := s.db.W.ExecContext(ctx, `INSERT INTO circulation (at, kiosk, op) VALUES (?, ?, ?)`, t.At.Unix(), t.Kiosk, t.Op); err != nil {
		return fmt.Errorf("guest book: tally: %w", err)
	}
	return nil
}

// DayCounts is one library day's numbers at this kiosk.
type DayCounts struct {
	Visits, Guests, Ratings  int
	Loans, Returns, Renewals int
}

// Today counts the library day of t (in the store's zone): what the
// kiosk reports to staff, so that its counters survive a restart.
func (s *Store) Today(ctx context.Context, t time.Time) (DayCounts, error) {
	lt := t.In(s.Location)
	from := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, s.Location)
	to := from.AddDate(0, 0, 1)
	var d DayCounts
	err := s.db.R.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM visits WHERE at >= ?1 AND at < ?2),
		(SELECT count(*) FROM visits WHERE at >= ?1 AND at < ?2 AND card = ''),
		(SELECT count(*) FROM ratings WHERE at >= ?1 AND at < ?2),
		(SELECT count(*) FROM circulation WHERE at >= ?1 AND at < ?2 AND op = 'checkout'),
		(SELECT count(*) FROM circulation WHERE at >= ?1 AND at < ?2 AND op = 'checkin'),
		(SELECT count(*) FROM circulation WHERE at >= ?1 AND at < ?2 AND op = 'renew')`,
		from.Unix(), to.Unix()).Scan(&d.Visits, &d.Guests, &d.Ratings, &d.Loans, &d.Returns, &d.Renewals)
	if err != nil {
		return DayCounts{}, fmt.Errorf("guest book: today: %w", err)
	}
	return d, nil
}
