package sqlstore

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/booking"
)

// Sweep releases, as no-shows, confirmed bookings whose check-in window
// has closed, and completes checked-in bookings that have ended, in one
// IMMEDIATE transaction. Released slots are free at once.
func (s *Store) Sweep(ctx context.Context) ([]booking.Booking, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.fault("sweep", err)
	}
	defer tx.Rollback()
	now := s.Now().UTC().Truncate(time.Second)
	// bookings_open holds only confirmed and checked-in bookings.
	due, err := queryBookings(ctx, tx, `id IN (
		SELECT b.id FROM bookings b `+s.dialect.IndexedBy("bookings_open")+` JOIN resources r ON r.id = b.resource_id
		WHERE b.state IN ('confirmed', 'checked_in') AND b.start_at <= ?
		  AND ((b.state = 'confirmed' AND b.start_at + 60 * r.checkin_after_min <= ?)
		    OR (b.state = 'checked_in' AND b.end_at <= ?)))
		ORDER BY start_at, id`+s.dialect.ForUpdate(), unix(now), unix(now), unix(now))
	if err != nil {
		return nil, s.fault("sweep", err)
	}
	for i := range due {
		to := booking.NoShow
		if due[i].State == booking.CheckedIn {
			to = booking.Completed
		}
		if err := setState(ctx, tx, &due[i], to, now, "system"); err != nil {
			return nil, s.fault("sweep", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, s.fault("sweep", err)
	}
	return due, nil
}

// Run sweeps every SweepEvery until ctx ends. A failed sweep is logged
// and retried at the next tick; Run returns only when ctx ends.
func (s *Store) Run(ctx context.Context) error {
	every := s.SweepEvery
	if every <= 0 {
		every = 30 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		changed, err := s.Sweep(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.Logger.Warn("booking sweep failed", "err", err)
		case len(changed) > 0:
			for _, b := range changed {
				s.Logger.Info("booking closed by sweep", "booking", b)
			}
			if s.OnSweep != nil {
				s.OnSweep(changed)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
