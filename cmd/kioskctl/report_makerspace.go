package main

import (
	"context"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/csvout"
	"github.com/anjungan/anjungan/kiosk/report"
)

// makerspaceRow is one resource's period: its weeks' hours added up and
// its bookings by outcome.
type makerspaceRow struct {
	sqlstore.NoShowRow
	Open, Booked, Used, NoShow time.Duration
}

// utilisation is used hours over open hours, %; 0 when never open.
func (m makerspaceRow) utilisation() float64 {
	if m.Open <= 0 {
		return 0
	}
	return 100 * m.Used.Hours() / m.Open.Hours()
}

// makerspaceReport is `report makerspace`: utilisation and no-shows per
// resource over the period, from the makerspace's store (a SQLite file or
// the site's shared PostgreSQL database).
func (r *reportRun) makerspaceReport(ctx context.Context, out io.Writer) error {
	s, closeStore, err := openStore(ctx, r.makerspace, r.tz)
	if err != nil {
		return err
	}
	defer closeStore()
	rep, err := s.Report(ctx, r.first, r.last)
	if err != nil {
		return err
	}
	rows := map[string]*makerspaceRow{}
	row := func(id, name string) *makerspaceRow {
		m := rows[id]
		if m == nil {
			m = &makerspaceRow{NoShowRow: sqlstore.NoShowRow{Resource: id, Name: name}}
			rows[id] = m
		}
		return m
	}
	for _, u := range rep.Utilisation {
		m := row(u.Resource, u.Name)
		m.Open += u.Open
		m.Booked += u.Booked
		m.Used += u.Used
		m.NoShow += u.NoShow
	}
	bookings := 0
	for _, n := range rep.NoShows {
		m := row(n.Resource, n.Name)
		m.Bookings, m.Attended, m.NoShows, m.Cancelled = n.Bookings, n.Attended, n.NoShows, n.Cancelled
		bookings += n.Bookings + n.Cancelled
	}
	if bookings == 0 {
		return r.empty("makerspace bookings")
	}
	list := make([]makerspaceRow, 0, len(rows))
	for _, m := range rows {
		list = append(list, *m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Resource < list[j].Resource })
	if r.chart != "" {
		var rs []report.Resource
		for _, m := range list {
			name := m.Name
			if name == "" {
				name = m.Resource
			}
			rs = append(rs, report.Resource{Name: name, UtilisationPct: m.utilisation(), Attended: m.Attended, NoShows: m.NoShows})
		}
		if err := report.MakerspaceChart(r.lang, r.subtitle(), rs).Save(r.chart); err != nil {
			return err
		}
		return written(out, r.chart)
	}
	w := csvout.NewWriter(out) // names are the library's: escaped against formula injection
	hours := func(d time.Duration) string { return strconv.FormatFloat(d.Hours(), 'f', 2, 64) }
	pct := func(a, b float64) string {
		if b == 0 {
			return ""
		}
		return strconv.FormatFloat(100*a/b, 'f', 1, 64)
	}
	w.Write([]string{"resource", "name", "open_hours", "booked_hours", "used_hours", "no_show_hours", "utilisation_pct",
		"bookings", "attended", "no_shows", "cancelled", "no_show_pct"})
	for _, m := range list {
		w.Write([]string{m.Resource, m.Name, hours(m.Open), hours(m.Booked), hours(m.Used), hours(m.NoShow), pct(m.Used.Hours(), m.Open.Hours()),
			strconv.Itoa(m.Bookings), strconv.Itoa(m.Attended), strconv.Itoa(m.NoShows), strconv.Itoa(m.Cancelled),
			pct(float64(m.NoShows), float64(m.Attended+m.NoShows))})
	}
	w.Flush()
	return w.Error()
}
