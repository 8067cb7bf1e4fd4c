package guestbook

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// By is how a report groups visits in time.
type By string

// Groupings.
const (
	ByHour    By = "hour"    // hour of the day, 00 to 23, over the period
	ByWeekday By = "weekday" // day of the week, 1 (Monday) to 7 (Sunday), over the period
	ByDay     By = "day"     // each library day
	ByWeek    By = "week"    // each week, from Monday (the first from the period's first day)
	ByMonth   By = "month"   // each month
)

// ParseBy checks a -by value.
func ParseBy(s string) (By, error) {
	switch b := By(s); b {
	case ByHour, ByWeekday, ByDay, ByWeek, ByMonth:
		return b, nil
	}
	return "", fmt.Errorf("%q: want hour, weekday, day, week or month", s)
}

// VisitRow is the visits of one group: members', guests' and all.
type VisitRow struct {
	Group   string // "09" (hour), "1" (Monday), "2026-11-23" (day, or the Monday of a week), "2026-11" (month)
	Members int
	Guests  int
}

// Total is members and guests.
func (r VisitRow) Total() int { return r.Members + r.Guests }

// VisitCounts counts the visits of [from, to) by group, in the library's
// zone, in order. Hours are those of the day, summed over the period.
func (s *Store) VisitCounts(ctx context.Context, from, to time.Time, by By) ([]VisitRow, error) {
	groups := map[string]*VisitRow{}
	err := s.buckets(ctx, `SELECT at / 900, sum(CASE WHEN card <> '' THEN n ELSE 0 END), sum(CASE WHEN card = '' THEN n ELSE 0 END)
		FROM visits WHERE at >= ? AND at < ? GROUP BY 1`,
		from, to, by, 2, func(key string, n []int) {
			g := groups[key]
			if g == nil {
				g = &VisitRow{Group: key}
				groups[key] = g
			}
			g.Members += n[0]
			g.Guests += n[1]
		})
	if err != nil {
		return nil, fmt.Errorf("guest book: visits: %w", err)
	}
	out := make([]VisitRow, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out, nil
}

// bucketSeconds is the span the queries count in: 15 minutes. Every
// zone's offset from UTC is a whole number of quarter hours, so a bucket
// lies within one hour of the library's day wherever the library is, and
// a year is at most 35,136 buckets to place — SQLite counts the rows,
// Go only names the buckets' groups.
const bucketSeconds = 900

// buckets runs query, which must select rows of a bucket and k counts
// for the period's two bounds (grouping by the bucket alone: one sort
// key is what keeps a year's query fast), and hands each row's group and
// counts to add.
func (s *Store) buckets(ctx context.Context, query string, from, to time.Time, by By, k int, add func(group string, n []int)) error {
	rows, err := s.db.R.QueryContext(ctx, query, from.Unix(), to.Unix())
	if err != nil {
		return err
	}
	defer rows.Close()
	first := from.In(s.Location).Format(time.DateOnly)
	var b int64
	n := make([]int, k)
	dest := []any{&b}
	for i := range n {
		dest = append(dest, &n[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		key := group(time.Unix(b*bucketSeconds, 0).In(s.Location), by)
		if by == ByWeek && key < first {
			key = first // the period's first, partial, week
		}
		add(key, n)
	}
	return rows.Err()
}

// group names the group of a visit at t (library time).
func group(t time.Time, by By) string {
	switch by {
	case ByHour:
		return t.Format("15")
	case ByWeekday:
		return strconv.Itoa((int(t.Weekday())+6)%7 + 1)
	case ByWeek:
		d := (int(t.Weekday()) + 6) % 7 // days since Monday
		return t.AddDate(0, 0, -d).Format(time.DateOnly)
	case ByMonth:
		return t.Format("2006-01")
	}
	return t.Format(time.DateOnly)
}

// Groups names every group of [from, to) in from's zone, in order: the
// hours 00 to 23, the weekdays 1 to 7, or each day, week or month of the
// period — a week by its Monday, the first by the period's first day
// when that is not a Monday, as the counts name them.
func Groups(from, to time.Time, by By) []string {
	switch by {
	case ByHour:
		out := make([]string, 24)
		for h := range out {
			out[h] = fmt.Sprintf("%02d", h)
		}
		return out
	case ByWeekday:
		return []string{"1", "2", "3", "4", "5", "6", "7"}
	}
	var out []string
	last := ""
	y, m, d := from.Date()
	for day := time.Date(y, m, d, 12, 0, 0, 0, from.Location()); day.Before(to); day = day.AddDate(0, 0, 1) {
		g := group(day, by)
		if g == last {
			continue
		}
		last = g
		if by == ByWeek && len(out) == 0 {
			g = day.Format(time.DateOnly) // the first, maybe partial, week
		}
		out = append(out, g)
	}
	return out
}
