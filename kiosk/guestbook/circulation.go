package guestbook

import (
	"context"
	"fmt"
	"sort"
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
		(SELECT coalesce(sum(n), 0) FROM visits WHERE at >= ?1 AND at < ?2),
		(SELECT coalesce(sum(n), 0) FROM visits WHERE at >= ?1 AND at < ?2 AND card = ''),
		(SELECT count(*) FROM ratings WHERE at >= ?1 AND at < ?2),
		(SELECT coalesce(sum(n), 0) FROM circulation WHERE at >= ?1 AND at < ?2 AND op = 'checkout'),
		(SELECT coalesce(sum(n), 0) FROM circulation WHERE at >= ?1 AND at < ?2 AND op = 'checkin'),
		(SELECT coalesce(sum(n), 0) FROM circulation WHERE at >= ?1 AND at < ?2 AND op = 'renew')`,
		from.Unix(), to.Unix()).Scan(&d.Visits, &d.Guests, &d.Ratings, &d.Loans, &d.Returns, &d.Renewals)
	if err != nil {
		return DayCounts{}, fmt.Errorf("guest book: today: %w", err)
	}
	return d, nil
}

// KioskDay is one kiosk's counts of one library day.
type KioskDay struct {
	Kiosk string
	Day   string // YYYY-MM-DD, library time
	DayCounts
}

// Daily counts [from, to) per kiosk per library day (the store's zone):
// what the staff monitor shows when pointed at kiosks' files.
func (s *Store) Daily(ctx context.Context, from, to time.Time) ([]KioskDay, error) {
	rows, err := s.db.R.QueryContext(ctx, `
		SELECT kiosk, at, CASE WHEN card = '' THEN 'g' ELSE 'v' END, n FROM visits WHERE at >= ?1 AND at < ?2
		UNION ALL SELECT kiosk, at, 'r', 1 FROM ratings WHERE at >= ?1 AND at < ?2
		UNION ALL SELECT kiosk, at, op, n FROM circulation WHERE at >= ?1 AND at < ?2`, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("guest book: daily: %w", err)
	}
	defer rows.Close()
	type key struct{ kiosk, day string }
	days := map[key]*DayCounts{}
	for rows.Next() {
		var k, what string
		var at int64
		var n int
		if err := rows.Scan(&k, &at, &what, &n); err != nil {
			return nil, fmt.Errorf("guest book: daily: %w", err)
		}
		kk := key{k, time.Unix(at, 0).In(s.Location).Format(time.DateOnly)}
		d := days[kk]
		if d == nil {
			d = &DayCounts{}
			days[kk] = d
		}
		switch what {
		case "g":
			d.Visits += n
			d.Guests += n
		case "v":
			d.Visits += n
		case "r":
			d.Ratings += n
		case kiosk.OpCheckout:
			d.Loans += n
		case kiosk.OpCheckin:
			d.Returns += n
		case kiosk.OpRenew:
			d.Renewals += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("guest book: daily: %w", err)
	}
	out := make([]KioskDay, 0, len(days))
	for k, d := range days {
		out = append(out, KioskDay{Kiosk: k.kiosk, Day: k.day, DayCounts: *d})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Kiosk < out[j].Kiosk
	})
	return out, nil
}
