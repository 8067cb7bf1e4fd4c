package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk/csvout"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// files is a repeatable -guestbook flag: one kiosk's file each.
type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

func defaultGuestBook() string { return filepath.Join(filepath.Dir(defaultDB()), "guestbook.db") }

// guestReportCmd is `kioskctl report visits|skm`: the guest book's numbers as
// CSV, over one kiosk's file or several (a site's kiosks add up).
func guestReportCmd(ctx context.Context, tz string, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "visits" && args[0] != "skm") {
		return errors.New("report: visits|skm -from DAY -to DAY [-by hour|day|week|month] [-guestbook FILE]…")
	}
	what := args[0]
	fs := flag.NewFlagSet("report "+what, flag.ContinueOnError)
	var books files
	fs.Var(&books, "guestbook", "a kiosk's guest book `file` (repeat for a site's kiosks; default: this kiosk's)")
	from := fs.String("from", "", "first `day` (YYYY-MM-DD)")
	to := fs.String("to", "", "last `day`, included")
	by := fs.String("by", "day", "group visits by hour, day, week or month")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return fmt.Errorf("-tz: %w", err)
	}
	first, err := booking.ParseDate(*from)
	if err != nil {
		return fmt.Errorf("report: -from %q: want a day like 2026-11-01", *from)
	}
	last, err := booking.ParseDate(*to)
	if err != nil || last < first {
		return fmt.Errorf("report: -to %q: want a day like 2026-11-30, not before -from", *to)
	}
	group, err := guestbook.ParseBy(*by)
	if err != nil {
		return fmt.Errorf("report: -by %w", err)
	}
	if len(books) == 0 {
		books = files{defaultGuestBook()}
	}
	start, end := first.Midnight(loc), last.AddDays(1).Midnight(loc)
	var stores []*guestbook.Store
	for _, p := range books {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("report: guest book %s: %w", p, err)
		}
		s := &guestbook.Store{Path: p, Location: loc}
		if err := s.Open(ctx); err != nil {
			return err
		}
		defer s.Close()
		stores = append(stores, s)
	}
	w := csvout.NewWriter(out)
	defer w.Flush()
	if what == "visits" {
		return visitsCSV(ctx, w, stores, start, end, group)
	}
	return skmCSV(ctx, w, stores, start, end)
}

// visitsCSV writes the visits by group, every kiosk's added up.
func visitsCSV(ctx context.Context, w *csvout.Writer, stores []*guestbook.Store, start, end time.Time, by guestbook.By) error {
	sum := map[string]*guestbook.VisitRow{}
	var order []string
	for _, s := range stores {
		rows, err := s.VisitCounts(ctx, start, end, by)
		if err != nil {
			return err
		}
		for _, r := range rows {
			t := sum[r.Group]
			if t == nil {
				t = &guestbook.VisitRow{Group: r.Group}
				sum[r.Group] = t
				order = append(order, r.Group)
			}
			t.Members += r.Members
			t.Guests += r.Guests
		}
	}
	sort.Strings(order)
	w.Write([]string{string(by), "members", "guests", "total"})
	for _, g := range order {
		r := sum[g]
		w.Write([]string{r.Group, strconv.Itoa(r.Members), strconv.Itoa(r.Guests), strconv.Itoa(r.Total())})
	}
	w.Flush()
	return w.Error()
}

// skmCSV writes the SKM of every kiosk's answers together: each element's
// NRR and weighted value, then the index, score, grade and performance.
func skmCSV(ctx context.Context, w *csvout.Writer, stores []*guestbook.Store, start, end time.Time) error {
	var all []survey.Response
	for _, s := range stores {
		answers, err := s.Survey(ctx, start, end)
		if err != nil {
			return err
		}
		for _, a := range answers {
			all = append(all, a.Scores)
		}
	}
	if len(all) == 0 {
		return errors.New("report skm: no answers in the period")
	}
	r, err := survey.Compute(all)
	if err != nil {
		return err
	}
	w.Write([]string{"unsur", "element", "answered", "nrr", "nrr_weighted"})
	for i, e := range survey.Elements {
		w.Write([]string{e.Code, e.Name, strconv.Itoa(r.Answered[i]), fmt.Sprintf("%.3f", r.NRR[i]), fmt.Sprintf("%.3f", r.Weighted[i])})
	}
	// The summary in the same five columns, for spreadsheets.
	w.Write([]string{"respondents", strconv.Itoa(r.Respondents), "", "", ""})
	w.Write([]string{"index", fmt.Sprintf("%.3f", r.Index), "", "", ""})
	w.Write([]string{"skm", fmt.Sprintf("%.2f", survey.Round2(r.Score)), "", "", ""})
	w.Write([]string{"grade", string(r.Grade), r.Grade.Performance(), "", ""})
	w.Flush()
	return w.Error()
}
