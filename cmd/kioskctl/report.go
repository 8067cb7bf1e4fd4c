package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/engine"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/report"
)

// files is a repeatable -guestbook flag: one kiosk's file each.
type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

func defaultGuestBook() string { return filepath.Join(filepath.Dir(defaultDB()), "guestbook.db") }

const reportUsage = `report visits|loans|returns|satisfaction|comments|skm|makerspace|purposes|demographics
    -from DAY -to DAY (1970-01-01 … 2200-12-31) [-by hour|weekday|day|week|month (visits, loans, returns, satisfaction)]
    [-guestbook FILE|postgres://…]… (makerspace: -makerspace FILE|URL instead)
    [-chart FILE.png|FILE.svg [-lang id|en]] [-pdf FILE -library-name NAME (skm)] [-site S (on a chart or the PDF)]`

// firstDay and lastDay bound -from and -to: days a library's numbers
// can have, far from the ends of what the calendar code can count.
const firstDay, lastDay booking.Date = "1970-01-01", "2200-12-31"

// reportKinds are the reports, with whether each groups by time (-by),
// draws a chart and writes a PDF.
var reportKinds = map[string]struct{ by, chart, pdf bool }{
	"visits":       {by: true, chart: true},
	"loans":        {by: true, chart: true},
	"returns":      {by: true, chart: true},
	"satisfaction": {by: true, chart: true},
	"comments":     {},
	"skm":          {chart: true, pdf: true},
	"makerspace":   {chart: true},
	"purposes":     {chart: true},
	"demographics": {chart: true},
}

// reportRun is one `kioskctl report` invocation, its flags checked.
type reportRun struct {
	what        string
	books       guestbook.Books
	start, end  time.Time // [start, end): the library days -from … -to
	first, last booking.Date
	by          guestbook.By
	byGiven     bool // -by was given: a chart follows it
	lang        report.Lang
	site        string
	chart, pdf  string
	library     string
	makerspace  string
	tz          string
	loc         *time.Location
	done        []func() // removes working copies of site stores
}

// guestReportCmd is `kioskctl report …`: the library's numbers as
// formula-safe CSV, a chart or (the SKM) a PDF, over one kiosk's guest
// book or several (a site's kiosks add up), or the makerspace's store.
func guestReportCmd(ctx context.Context, tz string, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" {
		return errors.New("usage: kioskctl " + reportUsage)
	}
	what := args[0]
	_, ok := reportKinds[what]
	if !ok {
		return fmt.Errorf("report %q: want visits, loans, returns, satisfaction, comments, skm, makerspace, purposes or demographics", what)
	}
	r, err := parseReport(what, tz, defaultMakerspaceDB(), args[1:])
	if err != nil {
		return err
	}
	if r.byGiven = r.by != ""; !r.byGiven {
		r.by = guestbook.ByDay
	}
	if what == "makerspace" {
		return r.makerspaceReport(ctx, out)
	}
	for _, s := range r.books {
		defer s.Close()
	}
	defer func() {
		for _, d := range r.done {
			d()
		}
	}()
	if err := r.open(ctx); err != nil {
		return err
	}
	return r.guestBookReport(ctx, out)
}

func parseReport(what, tz, msPath string, args []string) (*reportRun, error) {
	fs := flag.NewFlagSet("report "+what, flag.ContinueOnError)
	var paths files
	fs.Var(&paths, "guestbook", "a kiosk's guest book `file`, or a site's shared store postgres://… (repeat for a site's kiosks; default: this kiosk's)")
	from := fs.String("from", "", "first `day` (YYYY-MM-DD)")
	to := fs.String("to", "", "last `day`, included")
	by := fs.String("by", "", "group by hour (of the day), weekday, day, week or month (default day)")
	lang := fs.String("lang", "id", "a chart's words: id (Bahasa Indonesia) or en")
	site := fs.String("site", "", "the site's name on a chart or the SKM PDF")
	chart := fs.String("chart", "", "draw a chart into `file`.png or .svg instead of the CSV")
	pdf := fs.String("pdf", "", "write the SKM survey report into `file` (PDF, Bahasa Indonesia)")
	library := fs.String("library-name", "", "the library's `name`, heading the SKM PDF (required with -pdf)")
	ms := fs.String("makerspace", msPath, "the makerspace's database: a `file` or a postgres:// URL")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("report %s: unexpected %q", what, fs.Arg(0))
	}
	r := &reportRun{what: what, site: *site, chart: *chart, pdf: *pdf, library: strings.TrimSpace(*library), makerspace: *ms, tz: tz}
	var err error
	if r.loc, err = time.LoadLocation(tz); err != nil {
		return nil, fmt.Errorf("-tz: %w", err)
	}
	if r.first, err = reportDay("from", *from, "2026-11-01"); err != nil {
		return nil, err
	}
	if r.last, err = reportDay("to", *to, "2026-11-30"); err != nil {
		return nil, err
	}
	if r.last < r.first {
		return nil, fmt.Errorf("report: -to %s: not before -from %s", r.last, r.first)
	}
	if *by != "" {
		if r.by, err = guestbook.ParseBy(*by); err != nil {
			return nil, fmt.Errorf("report: -by %w", err)
		}
	}
	if r.lang, err = report.ParseLang(*lang); err != nil {
		return nil, fmt.Errorf("report: -lang %w", err)
	}
	if r.chart != "" {
		if _, err := report.Format(r.chart); err != nil {
			return nil, fmt.Errorf("report: -chart: %w", err)
		}
	}
	if r.chart != "" && r.pdf != "" {
		return nil, errors.New("report: -chart or -pdf, one at a time")
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if err := r.untaken(given); err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		paths = files{defaultGuestBook()}
	}
	for _, p := range paths {
		r.books = append(r.books, &guestbook.Store{Path: p, Location: r.loc})
	}
	// The end is the midnight after -to, counted as a time: a day past
	// the last the calendar strings hold is no overflow.
	r.start, r.end = r.first.Midnight(r.loc), r.last.Midnight(r.loc).AddDate(0, 0, 1)
	return r, nil
}

// reportDay is -from's or -to's day, within firstDay … lastDay.
func reportDay(name, s, example string) (booking.Date, error) {
	d, err := booking.ParseDate(s)
	if err != nil {
		return "", fmt.Errorf("report: -%s %q: want a day like %s", name, s, example)
	}
	if d < firstDay || d > lastDay {
		return "", fmt.Errorf("report: -%s %s: want a day from %s to %s", name, d, firstDay, lastDay)
	}
	return d, nil
}

// untaken refuses a flag the report does not take (given names the
// flags given), rather than ignore it: each flag and what it is for.
func (r *reportRun) untaken(given map[string]bool) error {
	kind, what := reportKinds[r.what], r.what
	switch {
	case r.chart != "" && !kind.chart:
		return fmt.Errorf("report %s: no chart (-chart is for visits, loans, returns, satisfaction, skm, makerspace, purposes, demographics)", what)
	case r.pdf != "" && !kind.pdf:
		return fmt.Errorf("report %s: -pdf is for the SKM only (report skm -pdf FILE)", what)
	case given["by"] && !kind.by:
		return fmt.Errorf("report %s: -by is for visits, loans, returns and satisfaction", what)
	case given["guestbook"] && what == "makerspace":
		return errors.New("report makerspace: -guestbook is for the guest book's reports; the makerspace's store is -makerspace FILE|URL")
	case given["makerspace"] && what != "makerspace":
		return fmt.Errorf("report %s: -makerspace is for report makerspace (this report reads -guestbook)", what)
	case given["lang"] && r.chart == "":
		return fmt.Errorf("report %s: -lang is for a chart (-chart); the CSV's headers are English, the SKM PDF is in Bahasa Indonesia", what)
	case given["site"] && r.chart == "" && r.pdf == "":
		return fmt.Errorf("report %s: -site names the site on a chart (-chart) or the SKM PDF (-pdf); the CSV has no place for it", what)
	case given["library-name"] && r.pdf == "":
		return fmt.Errorf("report %s: -library-name is for the SKM PDF (report skm -pdf FILE)", what)
	case r.pdf != "" && r.library == "":
		return errors.New(`report skm -pdf: give the library's name, which heads the report: -library-name "Perpustakaan Umum …"`)
	}
	return nil
}

// open opens the guest books, which must exist: a report never creates
// an empty one where a path was mistyped. A site's shared store
// (postgres://, guestbook.site_database) is read for the period into a
// working copy.
func (r *reportRun) open(ctx context.Context) error {
	shared := 0
	for _, s := range r.books {
		if isSiteStore(s.Path) {
			shared++
		}
	}
	if shared > 0 && len(r.books) > 1 {
		// A kiosk copying to the store would be counted twice.
		return errors.New("report: -guestbook postgres://… is a site's whole store, its kiosks' rows included: give it alone, or the kiosks' files")
	}
	for i, s := range r.books {
		if isSiteStore(s.Path) {
			gb, done, err := siteGuestBook(ctx, s.Path, r.what, "", r.start, r.end, r.loc)
			if err != nil {
				return fmt.Errorf("report: %w", err)
			}
			r.books[i], r.done = gb, append(r.done, done)
			continue
		}
		if _, err := os.Stat(s.Path); err != nil {
			return fmt.Errorf("report: guest book %s: %w", s.Path, err)
		}
		if err := s.Open(ctx); err != nil {
			return err
		}
	}
	return nil
}

// empty is the error for a period with nothing to report.
func (r *reportRun) empty(what string) error {
	return fmt.Errorf("report %s: no %s from %s to %s", r.what, what, r.first, r.last)
}

// subtitle is the chart's line under its title: the period and the site.
func (r *reportRun) subtitle() string {
	var s string
	if r.lang == report.LangEN {
		s = "Period " + r.start.Format("2 January 2006") + " – " + r.end.AddDate(0, 0, -1).Format("2 January 2006")
	} else {
		s = "Periode " + report.DateID(r.start) + " – " + report.DateID(r.end.AddDate(0, 0, -1))
	}
	if r.site != "" {
		s += " · " + r.site
	}
	if by := r.chartBy(); by != r.by {
		s += " · " + r.lang.Word("grouped."+string(by))
	}
	return s
}

// chartBy is the grouping a chart over time draws: a long period's days
// by week (over 92 days) or by month (over two years), as a line of 365
// days cannot be read; the CSV keeps -by.
func (r *reportRun) chartBy() guestbook.By {
	days := r.end.Sub(r.start).Hours() / 24
	switch {
	case r.chart == "" || !reportKinds[r.what].by || (r.what == "visits" && !r.byGiven) ||
		(r.by != guestbook.ByDay && r.by != guestbook.ByWeek):
		return r.by
	case days > 731:
		return guestbook.ByMonth
	case days > 92 && r.by == guestbook.ByDay:
		return guestbook.ByWeek
	}
	return r.by
}

// written tells where a chart or a PDF went.
func written(out io.Writer, path string) error {
	_, err := fmt.Fprintln(out, "written:", path)
	return err
}

// isSiteStore reports whether a -guestbook value is a site's shared
// store.
func isSiteStore(p string) bool { return engine.IsURL(p) }
