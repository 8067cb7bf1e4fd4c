package sqlite

import (
	"context"

	"github.com/anjungan/anjungan/booking"
)

// Availability computes day views and live states for the named resources
// (all when none is named) from four queries in one read transaction.
func (s *Store) Availability(ctx context.Context, from booking.Date, n int, ids ...string) ([]booking.Availability, error) {
	if n < 1 {
		n = 1
	}
	now := s.Now()
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.fault("availability", err)
	}
	defer tx.Rollback()
	res, err := resources(ctx, tx, ids...)
	if err != nil {
		return nil, s.fault("availability", err)
	}
	if len(ids) == 1 && len(res) == 0 {
		_, err := resource(ctx, tx, ids[0])
		return nil, err
	}
	today := booking.DateOf(now, s.Location)
	first, last := min(from, today), from.AddDays(n-1)
	cl, err := closures(ctx, tx, "", first, max(last, today))
	if err != nil {
		return nil, s.fault("availability", err)
	}
	lo := from.Midnight(s.Location)
	if now.Before(lo) {
		lo = now // the live state needs now's bookings
	}
	hi := last.AddDays(1).Midnight(s.Location)
	blocked, err := blocking(ctx, tx, res, unix(lo), unix(hi))
	if err != nil {
		return nil, s.fault("availability", err)
	}
	out := make([]booking.Availability, len(res))
	for i, r := range res {
		a := booking.Availability{Resource: r, Days: make([]booking.Day, n)}
		a.Live = booking.LiveAt(r, now, s.Location, blocked[r.ID], cl)
		for d := range n {
			a.Days[d] = booking.DayView(r, from.AddDays(d), now, s.Location, blocked[r.ID], cl)
		}
		out[i] = a
	}
	return out, nil
}

// blocking loads the blocking intervals of the resources that meet
// [lo, hi), by resource.
func blocking(ctx context.Context, q querier, res []booking.Resource, lo, hi int64) (map[string][]booking.Period, error) {
	out := make(map[string][]booking.Period, len(res))
	if len(res) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(res)+2)
	for _, r := range res {
		args = append(args, r.ID)
	}
	args = append(args, lo, hi)
	rows, err := q.QueryContext(ctx, `SELECT resource_id, start_at, block_end FROM bookings INDEXED BY bookings_blocking
		WHERE resource_id IN (?`+repeat(",?", len(res)-1)+`)
		  AND state IN ('confirmed', 'checked_in', 'completed')
		  AND block_end > ? AND start_at < ?
		ORDER BY resource_id, start_at`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a, b int64
		if err := rows.Scan(&id, &a, &b); err != nil {
			return nil, err
		}
		out[id] = append(out[id], booking.Period{Start: fromUnix(a), End: fromUnix(b)})
	}
	return out, rows.Err()
}
