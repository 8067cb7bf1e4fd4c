package guestbook

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// By is how a report groups visits in time.
type By string

// Groupings.
const (
	ByHour  By = "hour"  // hour of the day, 00 to 23, over the period
	ByDay   By = "day"   // each library day
	ByWeek  By = "week"  // each week, from Monday
	ByMonth By = "month" // each month
)

// ParseBy checks a -by value.
func ParseBy(s string) (By, error) {
	switch b := By(s); b {
	case ByHour, ByDay, ByWeek, ByMonth:
		return b, nil
	}
	return "", fmt.Errorf("%q: want hour, day, week or month", s)
}

// VisitRow is the visits of one group: members', guests' and all.
type VisitRow struct {
	Group   string // "09" (hour), "2026-11-23" (day, or the Monday of a week), "2026-11" (month)
	Members int
	Guests  int
}

// Total is members and guests.
func (r VisitRow) Total() int { return r.Members + r.Guests }

// VisitCounts counts the visits of [from, to) by group, in the library's
// zone, in order. Hours are those of the day, summed over the period.
func (s *Store) VisitCounts(ctx context.Context, from, to time.Time, by By) ([]VisitRow, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT at, card <> '' FROM visits WHERE at >= ? AND at < ?`, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("guest book: %w", err)
	}
	defer rows.Close()
	groups := map[string]*VisitRow{}
	for rows.Next() {
		var at int64
		var member bool
		if err := rows.Scan(&at, &member); err != nil {
			return nil, fmt.Errorf("guest book: %w", err)
		}
		key := group(time.Unix(at, 0).In(s.Location), by)
		g := groups[key]
		if g == nil {
			g = &VisitRow{Group: key}
			groups[key] = g
		}
		if member {
			g.Members++
		} else {
			g.Guests++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("guest book: %w", err)
	}
	out := make([]VisitRow, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out, nil
}

// group names the group of a visit at t (library time).
func group(t time.Time, by By) string {
	switch by {
	case ByHour:
		return t.Format("15")
	case ByWeek:
		d := (int(t.Weekday()) + 6) % 7 // days since Monday
		return t.AddDate(0, 0, -d).Format(time.DateOnly)
	case ByMonth:
		return t.Format("2006-01")
	}
	return t.Format(time.DateOnly)
}
