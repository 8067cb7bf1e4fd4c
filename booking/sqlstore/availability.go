package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

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
	blocked, err := blocking(ctx, tx, s.dialect, res, unix(lo), unix(hi))
	if err != nil {
		return nil, s.fault("availability", err)
	}
	out := make([]booking.Availability, len(res))
	for i, r := range res {
		b := blocked[r.ID]
		booking.SortPeriods(b)
		out[i] = booking.Availability{
			Resource: r,
			Live:     booking.LiveAt(r, now, s.Location, b, cl),
			Days:     booking.DayViews(r, from, n, now, s.Location, b, cl),
		}
	}
	return out, nil
}

// blocking loads the blocking intervals of the resources that meet
// [lo, hi), by resource, unsorted. Each resource's intervals come as one
// "start:end,start:end" row: a few rows instead of hundreds.
func blocking(ctx context.Context, q querier, d Dialect, res []booking.Resource, lo, hi int64) (map[string][]booking.Period, error) {
	out := make(map[string][]booking.Period, len(res))
	if len(res) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(res)+2)
	for _, r := range res {
		args = append(args, r.ID)
	}
	args = append(args, lo, hi)
	rows, err := q.QueryContext(ctx, `SELECT resource_id, `+d.Concat(`start_at || ':' || block_end`)+` FROM bookings `+d.IndexedBy("bookings_blocking")+`
		WHERE resource_id IN (?`+repeat(",?", len(res)-1)+`)
		  AND state IN ('confirmed', 'checked_in', 'completed')
		  AND block_end > ? AND start_at < ?
		GROUP BY resource_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, list string
		if err := rows.Scan(&id, &list); err != nil {
			return nil, err
		}
		ps := make([]booking.Period, 0, strings.Count(list, ",")+1)
		for item := range strings.SplitSeq(list, ",") {
			a, b, _ := strings.Cut(item, ":")
			start, err1 := strconv.ParseInt(a, 10, 64)
			end, err2 := strconv.ParseInt(b, 10, 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("blocking list of %s: %q", id, item)
			}
			ps = append(ps, booking.Period{Start: fromUnix(start), End: fromUnix(end)})
		}
		out[id] = ps
	}
	return out, rows.Err()
}
