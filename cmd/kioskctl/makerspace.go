package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
	"github.com/anjungan/anjungan/booking/engine"
	"github.com/anjungan/anjungan/booking/sqlstore"
)

const makerspaceUsage = `kioskctl makerspace: manage the makerspace's bookings

  resources                                   list resources and their rules
  resource set ID [-kind K] [-name N] [-hours H] [rule flags]   create or change a resource
  resource out ID [-note TEXT]                take a resource out of service
  resource in ID                              put it back in service
  resource delete ID                          remove a resource that was never booked
  closure add [-resource ID] [-reason TEXT] FIRST [LAST]   close (a resource) for days
  closure list [-from DAY] [-to DAY]
  closure delete ID
  cert grant CARD NAME [-expires DAY]         give a patron a certificate
  cert revoke CARD NAME
  cert list CARD
  quota set KIND [-day D] [-week D]           limit hours per patron per kind
  quota list
  max-active N                                limit each patron's upcoming bookings (0: none)
  load FILE.toml|FILE.csv                     load a setup file, or certificates (card,name,expires)
  bookings [DAY]                              a day's bookings (default today)
  cancel CODE [-staff NAME]                   cancel a booking for a patron
  checkin CODE                                check a patron in at the desk
  report utilisation|noshow|categories [-from DAY] [-to DAY]   CSV
  ical [-resource ID] [-from DAY] [-to DAY] [-o FILE] [-site S]   iCalendar (RFC 5545)
  secret                                      print a new key for makerspace.secret
  migrate -to postgres://…                    move this makerspace (-makerspace FILE) into a
                                              PostgreSQL database the kiosks will share:
                                              all or nothing, counts checked

Days are YYYY-MM-DD; durations like 30m or 2h; hours like
"mon-fri=08:00-16:00;sat=09:00-12:00".
`

// openStore opens the makerspace database: a SQLite file, or a
// PostgreSQL URL (postgres://…) for a makerspace shared by the kiosks.
func openStore(ctx context.Context, where, tz string) (*sqlstore.Store, func() error, error) {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, nil, fmt.Errorf("-tz: %w", err)
	}
	if !engine.IsURL(where) {
		if _, err := os.Stat(where); err != nil {
			return nil, nil, fmt.Errorf("makerspace database %s: %w (run the kiosk once, or give -makerspace)", where, err)
		}
	}
	eng := engine.New(where)
	eng.Core().Location = loc
	if err := eng.Open(ctx); err != nil {
		return nil, nil, fmt.Errorf("makerspace database %s: %w", engine.Redact(where), err)
	}
	return eng.Core(), eng.Close, nil
}

func defaultMakerspaceDB() string { return filepath.Join(filepath.Dir(defaultDB()), "makerspace.db") }

func makerspaceCmd(ctx context.Context, path, tz string, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" {
		fmt.Fprint(out, makerspaceUsage)
		return nil
	}
	if args[0] == "secret" {
		b := make([]byte, 32)
		rand.Read(b)
		fmt.Fprintln(out, hex.EncodeToString(b))
		return nil
	}
	if args[0] == "migrate" {
		return migrateCmd(ctx, path, tz, args[1:], out)
	}
	s, closeStore, err := openStore(ctx, path, tz)
	if err != nil {
		return err
	}
	defer closeStore()
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "resources":
		return listResources(ctx, s, out)
	case "resource":
		return resourceCmd(ctx, s, rest, out)
	case "closure":
		return closureCmd(ctx, s, rest, out)
	case "cert":
		return certCmd(ctx, s, rest, out)
	case "quota":
		return quotaCmd(ctx, s, rest, out)
	case "max-active":
		if len(rest) != 1 {
			return errors.New("max-active: give a number (0: no limit)")
		}
		n, err := strconv.Atoi(rest[0])
		if err != nil {
			return fmt.Errorf("max-active %q: not a number", rest[0])
		}
		return s.SetMaxActive(ctx, n)
	case "load":
		if len(rest) != 1 {
			return errors.New("load: give one file")
		}
		return loadFile(ctx, s, rest[0], out)
	case "bookings":
		return listBookings(ctx, s, rest, out)
	case "cancel", "checkin":
		return changeBooking(ctx, s, cmd, rest, out)
	case "report":
		return reportCmd(ctx, s, rest, out)
	case "ical":
		return icalCmd(ctx, s, rest, out)
	}
	return fmt.Errorf("makerspace: unknown command %q (kioskctl makerspace help)", cmd)
}

func listResources(ctx context.Context, s *sqlstore.Store, out io.Writer) error {
	rs, err := s.Resources(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tNAME\tSLOT\tMIN-MAX\tBUFFER\tLEAD\tAHEAD\tCERTIFICATE\tAGE\tHOURS\tSTATE")
	for _, r := range rs {
		ru := r.Rules
		state := "in service"
		if r.OutOfService {
			state = "OUT: " + r.Note
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%v-%v\t%v\t%v\t%dd\t%s\t%d\t%s\t%s\n", r.ID, r.Kind, r.Name, ru.Slot, ru.MinDuration, ru.MaxDuration,
			ru.Buffer, ru.LeadTime, ru.AdvanceDays, dash(ru.Certification), ru.MinAge, booking.FormatWeek(ru.Hours), state)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func resourceCmd(ctx context.Context, s *sqlstore.Store, args []string, out io.Writer) error {
	if len(args) < 2 {
		return errors.New("resource: set, out, in or delete, and an ID")
	}
	what, id := args[0], args[1]
	switch what {
	case "set":
		return setResource(ctx, s, id, args[2:], out)
	case "out":
		fs := flag.NewFlagSet("resource out", flag.ContinueOnError)
		note := fs.String("note", "", "why, for patrons")
		if err := fs.Parse(args[2:]); err != nil {
			return err
		}
		return s.SetOutOfService(ctx, id, true, *note)
	case "in":
		return s.SetOutOfService(ctx, id, false, "")
	case "delete":
		return s.DeleteResource(ctx, id)
	}
	return fmt.Errorf("resource %q: want set, out, in or delete", what)
}

// setResource creates a resource or changes the fields whose flags are
// given, keeping the others.
func setResource(ctx context.Context, s *sqlstore.Store, id string, args []string, out io.Writer) error {
	r, err := s.Resource(ctx, id)
	created := err != nil
	if created {
		r = booking.Resource{ID: id, Rules: booking.DefaultRules()}
	}
	fs := flag.NewFlagSet("resource set", flag.ContinueOnError)
	fs.StringVar(&r.Kind, "kind", r.Kind, "kind: 3d_printer, laser_cutter, sewing_machine, studio, design_pc, room, …")
	fs.StringVar(&r.Name, "name", r.Name, "name shown to patrons")
	fs.StringVar(&r.Location, "location", r.Location, "where it is")
	fs.StringVar(&r.Description, "description", r.Description, "one line for patrons")
	fs.StringVar(&r.Photo, "photo", r.Photo, "image file shown at the kiosk")
	fs.DurationVar(&r.Rules.Slot, "slot", r.Rules.Slot, "slot length")
	fs.DurationVar(&r.Rules.MinDuration, "min", r.Rules.MinDuration, "shortest booking")
	fs.DurationVar(&r.Rules.MaxDuration, "max", r.Rules.MaxDuration, "longest booking")
	fs.DurationVar(&r.Rules.Buffer, "buffer", r.Rules.Buffer, "blocked after each booking")
	fs.DurationVar(&r.Rules.LeadTime, "lead", r.Rules.LeadTime, "earliest start from now")
	fs.IntVar(&r.Rules.AdvanceDays, "advance", r.Rules.AdvanceDays, "days ahead that can be booked")
	hours := fs.String("hours", booking.FormatWeek(r.Rules.Hours), "opening hours")
	fs.StringVar(&r.Rules.Certification, "cert", r.Rules.Certification, "certificate required (empty: none)")
	fs.IntVar(&r.Rules.MinAge, "min-age", r.Rules.MinAge, "minimum age (0: none)")
	fs.DurationVar(&r.Rules.CancelBefore, "cancel-before", r.Rules.CancelBefore, "patrons may cancel until this long before the start")
	fs.DurationVar(&r.Rules.CheckinBefore, "checkin-before", r.Rules.CheckinBefore, "check-in opens this long before the start")
	fs.DurationVar(&r.Rules.CheckinAfter, "checkin-after", r.Rules.CheckinAfter, "no-show after this long past the start")
	if err := fs.Parse(args); err != nil {
		return err
	}
	h, err := booking.ParseWeek(*hours)
	if err != nil {
		return fmt.Errorf("-hours: %w", err)
	}
	r.Rules.Hours = h
	if err := s.PutResource(ctx, r); err != nil {
		return err
	}
	verb := "changed"
	if created {
		verb = "created"
	}
	fmt.Fprintf(out, "%s %s (%s)\n", verb, r.ID, r.Name)
	return nil
}

func closureCmd(ctx context.Context, s *sqlstore.Store, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("closure: add, list or delete")
	}
	fs := flag.NewFlagSet("closure", flag.ContinueOnError)
	switch args[0] {
	case "add":
		res := fs.String("resource", "", "resource id (empty: the whole makerspace)")
		reason := fs.String("reason", "", "shown to patrons")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() < 1 || fs.NArg() > 2 {
			return errors.New("closure add: FIRST [LAST] day")
		}
		first, last := fs.Arg(0), fs.Arg(0)
		if fs.NArg() == 2 {
			last = fs.Arg(1)
		}
		id, err := s.AddClosure(ctx, booking.Closure{Resource: *res, First: booking.Date(first), Last: booking.Date(last), Reason: *reason})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "closure %d added\n", id)
		return nil
	case "list":
		today := s.Day(time.Now())
		from := fs.String("from", string(today), "first day")
		to := fs.String("to", string(today.AddDays(366)), "last day")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		cl, err := s.Closures(ctx, booking.Date(*from), booking.Date(*to))
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tRESOURCE\tFIRST\tLAST\tREASON")
		for _, c := range cl {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.ID, orAll(c.Resource), c.First, c.Last, c.Reason)
		}
		return tw.Flush()
	case "delete":
		if len(args) != 2 {
			return errors.New("closure delete: give its ID (closure list)")
		}
		id, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return fmt.Errorf("closure delete %q: not an ID", args[1])
		}
		return s.DeleteClosure(ctx, id)
	}
	return fmt.Errorf("closure %q: want add, list or delete", args[0])
}

func orAll(s string) string {
	if s == "" {
		return "(all)"
	}
	return s
}

func certCmd(ctx context.Context, s *sqlstore.Store, args []string, out io.Writer) error {
	if len(args) < 2 {
		return errors.New("cert: grant CARD NAME, revoke CARD NAME or list CARD")
	}
	switch args[0] {
	case "grant":
		fs := flag.NewFlagSet("cert grant", flag.ContinueOnError)
		expires := fs.String("expires", "", "last valid day (empty: never expires)")
		if len(args) < 3 {
			return errors.New("cert grant: CARD NAME [-expires DAY]")
		}
		if err := fs.Parse(args[3:]); err != nil {
			return err
		}
		c := booking.Certification{Patron: args[1], Name: args[2]}
		if *expires != "" {
			d, err := booking.ParseDate(*expires)
			if err != nil {
				return fmt.Errorf("-expires: %w", err)
			}
			c.Expires = d.AddDays(1).Midnight(s.Location) // valid through that day
		}
		return s.Grant(ctx, c)
	case "revoke":
		if len(args) != 3 {
			return errors.New("cert revoke: CARD NAME")
		}
		return s.Revoke(ctx, args[1], args[2])
	case "list":
		cs, err := s.Certifications(ctx, args[1])
		if err != nil {
			return err
		}
		for _, c := range cs {
			exp := "never expires"
			if !c.Expires.IsZero() {
				exp = "valid through " + string(booking.DateOf(c.Expires.Add(-time.Second), s.Location))
			}
			fmt.Fprintf(out, "%s\t%s\n", c.Name, exp)
		}
		return nil
	}
	return fmt.Errorf("cert %q: want grant, revoke or list", args[0])
}

func quotaCmd(ctx context.Context, s *sqlstore.Store, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("quota: set KIND or list")
	}
	switch args[0] {
	case "set":
		if len(args) < 2 {
			return errors.New("quota set: KIND [-day D] [-week D]")
		}
		fs := flag.NewFlagSet("quota set", flag.ContinueOnError)
		day := fs.Duration("day", 0, "hours per patron per day (0: no limit)")
		week := fs.Duration("week", 0, "hours per patron per week (0: no limit)")
		if err := fs.Parse(args[2:]); err != nil {
			return err
		}
		return s.PutQuota(ctx, booking.Quota{Kind: args[1], PerDay: *day, PerWeek: *week})
	case "list":
		qs, err := s.Quotas(ctx)
		if err != nil {
			return err
		}
		n, _ := s.MaxActive(ctx)
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tPER DAY\tPER WEEK")
		for _, q := range qs {
			fmt.Fprintf(tw, "%s\t%v\t%v\n", q.Kind, q.PerDay, q.PerWeek)
		}
		fmt.Fprintf(tw, "max upcoming bookings per patron: %d\n", n)
		return tw.Flush()
	}
	return fmt.Errorf("quota %q: want set or list", args[0])
}

// migrateCmd is `kioskctl makerspace migrate -to URL`: the makerspace at
// from (a kiosk's file) copied into a shared PostgreSQL database.
func migrateCmd(ctx context.Context, from, tz string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("makerspace migrate", flag.ContinueOnError)
	to := fs.String("to", "", "the PostgreSQL database: postgres://user:password@host/db?sslmode=verify-full")
	src := fs.String("from", from, "the makerspace file to move (default: -makerspace)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !engine.IsURL(*to) {
		return errors.New("makerspace migrate: give -to postgres://… (the database the kiosks will share)")
	}
	if engine.IsURL(*src) {
		return errors.New("makerspace migrate: -from is a kiosk's makerspace file")
	}
	a, closeA, err := openStore(ctx, *src, tz)
	if err != nil {
		return err
	}
	defer closeA()
	b, closeB, err := openStore(ctx, *to, tz)
	if err != nil {
		return err
	}
	defer closeB()
	counts, err := sqlstore.Copy(ctx, a, b)
	if err != nil {
		return fmt.Errorf("makerspace migrate: %w", err)
	}
	fmt.Fprintf(out, "moved %s into %s:\n", *src, engine.Redact(*to))
	for _, t := range []string{"resources", "resource_hours", "closures", "quotas", "certifications", "settings", "bookings"} {
		fmt.Fprintf(out, "  %-15s %d rows (checked)\n", t, counts[t])
	}
	fmt.Fprintln(out, "Point every kiosk's makerspace.database at it, with the same makerspace.secret (kioskctl makerspace secret).")
	return nil
}
