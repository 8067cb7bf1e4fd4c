package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/csvout"
)

// listBookings prints a day's bookings; patrons appear as masked cards.
func listBookings(ctx context.Context, s *sqlstore.Store, args []string, out io.Writer) error {
	day := s.Day(time.Now())
	if len(args) > 0 {
		d, err := booking.ParseDate(args[0])
		if err != nil {
			return err
		}
		day = d
	}
	bs, err := s.Bookings(ctx, day)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tRESOURCE\tSTART\tEND\tPATRON\tSTATE\tKIOSK")
	for _, b := range bs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", b.Code, b.Resource, b.Start.In(s.Location).Format("15:04"),
			b.End.In(s.Location).Format("15:04"), kiosk.MaskCard(b.Patron), b.State, b.Kiosk)
	}
	if len(bs) == 0 {
		fmt.Fprintf(tw, "no bookings on %s\n", day)
	}
	return tw.Flush()
}

// changeBooking cancels or checks in a booking by its code, for staff.
func changeBooking(ctx context.Context, s *sqlstore.Store, cmd string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	staff := fs.String("staff", os.Getenv("USER"), "your name, recorded on the booking")
	if len(args) == 0 {
		return fmt.Errorf("%s: give the booking code", cmd)
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	b, err := s.ByCode(ctx, args[0])
	if err != nil {
		return explain(err)
	}
	if cmd == "cancel" {
		if *staff == "" {
			*staff = "staff"
		}
		b, err = s.Cancel(ctx, b.ID, booking.Actor{Staff: *staff})
	} else {
		b, err = s.CheckIn(ctx, b.ID, "staff desk")
	}
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(out, "%s %s: %s %s-%s, now %s\n", b.Code, b.Resource, b.Start.In(s.Location).Format("2006-01-02"),
		b.Start.In(s.Location).Format("15:04"), b.End.In(s.Location).Format("15:04"), b.State)
	return nil
}

// explain turns a patron-facing error into a line for staff.
func explain(err error) error {
	var ke *kiosk.Error
	if errors.As(err, &ke) {
		return fmt.Errorf("%s %v", ke.Key, ke.Args)
	}
	return err
}

// reportCmd writes one report as CSV.
func reportCmd(ctx context.Context, s *sqlstore.Store, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("report: utilisation, noshow or categories")
	}
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	today := s.Day(time.Now())
	from := fs.String("from", string(today.AddDays(-28).WeekStart()), "first day")
	to := fs.String("to", string(today), "last day")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	first, err1 := booking.ParseDate(*from)
	last, err2 := booking.ParseDate(*to)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if last < first {
		return fmt.Errorf("-to %s is before -from %s", last, first)
	}
	rep, err := s.Report(ctx, first, last)
	if err != nil {
		return err
	}
	w := csvout.NewWriter(out) // names are the library's: escaped against formula injection
	hours := func(d time.Duration) string { return strconv.FormatFloat(d.Hours(), 'f', 2, 64) }
	pct := func(a, b float64) string {
		if b == 0 {
			return ""
		}
		return strconv.FormatFloat(100*a/b, 'f', 1, 64)
	}
	switch args[0] {
	case "utilisation":
		w.Write([]string{"week", "resource", "name", "open_hours", "booked_hours", "used_hours", "no_show_hours", "utilisation_pct"})
		for _, u := range rep.Utilisation {
			w.Write([]string{string(u.Week), u.Resource, u.Name, hours(u.Open), hours(u.Booked), hours(u.Used), hours(u.NoShow),
				pct(u.Used.Hours(), u.Open.Hours())})
		}
	case "noshow":
		w.Write([]string{"resource", "name", "bookings", "attended", "no_shows", "cancelled", "no_show_pct"})
		for _, n := range rep.NoShows {
			w.Write([]string{n.Resource, n.Name, strconv.Itoa(n.Bookings), strconv.Itoa(n.Attended), strconv.Itoa(n.NoShows),
				strconv.Itoa(n.Cancelled), pct(float64(n.NoShows), float64(n.Attended+n.NoShows))})
		}
	case "categories":
		w.Write([]string{"category", "bookings", "patrons", "hours", "no_shows"})
		for _, c := range rep.Categories {
			w.Write([]string{c.Category, strconv.Itoa(c.Bookings), strconv.Itoa(c.Patrons), hours(c.Hours), strconv.Itoa(c.NoShows)})
		}
	default:
		return fmt.Errorf("report %q: want utilisation, noshow or categories", args[0])
	}
	w.Flush()
	return w.Error()
}

// icalCmd writes the bookings of a resource, or of the makerspace, as an
// iCalendar file staff calendars can subscribe to.
func icalCmd(ctx context.Context, s *sqlstore.Store, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("ical", flag.ContinueOnError)
	today := s.Day(time.Now())
	res := fs.String("resource", "", "one resource (empty: the whole makerspace)")
	from := fs.String("from", string(today.AddDays(-7)), "first day")
	to := fs.String("to", string(today.AddDays(60)), "last day")
	file := fs.String("o", "", "write to this file (replaced atomically, for a web server to serve); default: standard output")
	site := fs.String("site", "perpustakaan", "library id, for event UIDs")
	name := fs.String("name", "", "calendar name (default: Makerspace or the resource's name)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	first, err1 := booking.ParseDate(*from)
	last, err2 := booking.ParseDate(*to)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	rs, err := s.Resources(ctx)
	if err != nil {
		return err
	}
	cal := booking.Calendar{Name: *name, Site: *site, Resources: map[string]booking.Resource{}, Stamp: time.Now()}
	for _, r := range rs {
		cal.Resources[r.ID] = r
	}
	if *res != "" {
		r, ok := cal.Resources[*res]
		if !ok {
			return fmt.Errorf("-resource %q: no such resource", *res)
		}
		if cal.Name == "" {
			cal.Name = r.Name
		}
	} else if cal.Name == "" {
		cal.Name = "Makerspace"
	}
	var bs []booking.Booking
	for d := first; d <= last; d = d.AddDays(1) {
		day, err := s.Bookings(ctx, d)
		if err != nil {
			return err
		}
		for _, b := range day {
			if *res == "" || b.Resource == *res {
				bs = append(bs, b)
			}
		}
	}
	if *file == "" {
		return cal.Write(out, bs)
	}
	tmp, err := os.CreateTemp(filepath.Dir(*file), ".ical-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := cal.Write(tmp, bs); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *file); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %d events to %s\n", len(bs), *file)
	return nil
}
