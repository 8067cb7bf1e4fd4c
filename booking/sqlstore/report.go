package sqlstore

import (
	"context"
	"sort"
	"time"

	"github.com/anjungan/anjungan/booking"
)

// UtilisationRow is one resource's week: the time it was open, booked
// (anything not cancelled), used (checked in) and lost to no-shows.
type UtilisationRow struct {
	Week                       booking.Date // the Monday
	Resource, Name             string
	Open, Booked, Used, NoShow time.Duration
}

// NoShowRow is one resource's bookings by outcome.
type NoShowRow struct {
	Resource, Name                         string
	Bookings, Attended, NoShows, Cancelled int
}

// CategoryRow is the bookings of one patron category.
type CategoryRow struct {
	Category                   string
	Bookings, Patrons, NoShows int
	Hours                      time.Duration
}

// Report holds the three staff reports for days first..last.
type Report struct {
	Utilisation []UtilisationRow
	NoShows     []NoShowRow
	Categories  []CategoryRow
}

// Report computes utilisation per resource per week, no-shows per
// resource and bookings per patron category for bookings that start on
// days first..last.
func (s *Store) Report(ctx context.Context, first, last booking.Date) (Report, error) {
	loc := s.Location
	res, err := resources(ctx, s.rdb)
	if err != nil {
		return Report{}, s.fault("report", err)
	}
	cl, err := closures(ctx, s.rdb, "", first, last)
	if err != nil {
		return Report{}, s.fault("report", err)
	}
	bs, err := queryBookings(ctx, s.rdb, `start_at >= ? AND start_at < ? ORDER BY start_at`,
		unix(first.Midnight(loc)), unix(last.AddDays(1).Midnight(loc)))
	if err != nil {
		return Report{}, s.fault("report", err)
	}
	var rep Report
	type key struct {
		week booking.Date
		res  string
	}
	util := map[key]*UtilisationRow{}
	for d := first; d <= last; d = d.AddDays(1) {
		for _, r := range res {
			k := key{d.WeekStart(), r.ID}
			row := util[k]
			if row == nil {
				row = &UtilisationRow{Week: k.week, Resource: r.ID, Name: r.Name}
				util[k] = row
			}
			if closed(cl, r.ID, d) {
				continue
			}
			for _, p := range r.Rules.Hours.Periods(d, loc) {
				row.Open += p.End.Sub(p.Start)
			}
		}
	}
	names := map[string]string{}
	for _, r := range res {
		names[r.ID] = r.Name
	}
	shows := map[string]*NoShowRow{}
	cats := map[string]*CategoryRow{}
	patrons := map[string]map[string]bool{}
	for _, b := range bs {
		k := key{booking.DateOf(b.Start, loc).WeekStart(), b.Resource}
		u := util[k]
		if u == nil {
			u = &UtilisationRow{Week: k.week, Resource: b.Resource, Name: names[b.Resource]}
			util[k] = u
		}
		ns := shows[b.Resource]
		if ns == nil {
			ns = &NoShowRow{Resource: b.Resource, Name: names[b.Resource]}
			shows[b.Resource] = ns
		}
		c := cats[b.Category]
		if c == nil {
			c = &CategoryRow{Category: b.Category}
			cats[b.Category] = c
			patrons[b.Category] = map[string]bool{}
		}
		if b.State == booking.Cancelled {
			ns.Cancelled++
			continue
		}
		d := b.Duration()
		u.Booked += d
		ns.Bookings++
		c.Bookings++
		c.Hours += d
		patrons[b.Category][b.Patron] = true
		switch b.State {
		case booking.CheckedIn, booking.Completed:
			u.Used += d
			ns.Attended++
		case booking.NoShow:
			u.NoShow += d
			ns.NoShows++
			c.NoShows++
		}
	}
	for _, u := range util {
		rep.Utilisation = append(rep.Utilisation, *u)
	}
	sort.Slice(rep.Utilisation, func(i, j int) bool {
		a, b := rep.Utilisation[i], rep.Utilisation[j]
		return a.Week < b.Week || (a.Week == b.Week && a.Resource < b.Resource)
	})
	for _, n := range shows {
		rep.NoShows = append(rep.NoShows, *n)
	}
	sort.Slice(rep.NoShows, func(i, j int) bool { return rep.NoShows[i].Resource < rep.NoShows[j].Resource })
	for cat, c := range cats {
		c.Patrons = len(patrons[cat])
		rep.Categories = append(rep.Categories, *c)
	}
	sort.Slice(rep.Categories, func(i, j int) bool { return rep.Categories[i].Category < rep.Categories[j].Category })
	return rep, nil
}

func closed(cl []booking.Closure, id string, d booking.Date) bool {
	for _, c := range cl {
		if c.Covers(id, d) {
			return true
		}
	}
	return false
}
