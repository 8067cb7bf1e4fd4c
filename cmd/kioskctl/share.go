package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/sitebook"
)

// siteGuestBook copies the site's store's rows of [from, to) that the
// report what reads (of the kiosks whose id starts with prefix) into a
// guest book in a temporary folder, so that every report reads a site's
// shared numbers as it reads a kiosk's file. The rows stream from the
// server into the copy; the store is opened read-only (a report never
// creates tables). A member's visit has the card "member"; guests have no
// names. done removes the copy.
func siteGuestBook(ctx context.Context, url, what, prefix string, from, to time.Time, loc *time.Location) (gb *guestbook.Store, done func(), err error) {
	site := &sitebook.Store{URL: url, ReadOnly: true}
	if err := site.Open(ctx); err != nil {
		return nil, nil, err
	}
	defer site.Close()
	dir, err := os.MkdirTemp("", "anjungan-report-")
	if err != nil {
		return nil, nil, fmt.Errorf("report: %w", err)
	}
	gb = &guestbook.Store{Path: filepath.Join(dir, "site.db"), Location: loc}
	done = func() { gb.Close(); os.RemoveAll(dir) }
	if err := gb.Open(ctx); err != nil {
		done()
		return nil, nil, err
	}
	l, err := gb.Loader(ctx)
	if err != nil {
		done()
		return nil, nil, err
	}
	defer l.Rollback()
	var sink sitebook.Sink
	visits := func() { sink.Visit = func(v kiosk.Visit) error { return l.Visit(ctx, v) } }
	ratings := func() { sink.Rating = func(r kiosk.Rating) error { return l.Rating(ctx, r) } }
	answers := func() {
		sink.Answer = func(a sitebook.Answer) error {
			return l.Answer(ctx, guestbook.SurveyAnswer{At: a.At, Kiosk: a.Kiosk, Scores: a.Scores, Comment: a.Comment,
				Respondent: guestbook.Respondent{Gender: a.Gender, Age: a.Age, Education: a.Education, Occupation: a.Occupation, Service: a.Service}})
		}
	}
	switch what {
	case "visits", "purposes", "demographics":
		visits()
	case "loans", "returns":
		sink.Tally = func(t kiosk.Tally) error { return l.Tally(ctx, t) }
	case "satisfaction":
		ratings()
	case "comments":
		ratings()
		answers()
	case "skm":
		answers()
	}
	if err := site.Each(ctx, from, to, prefix, sink); err != nil {
		done()
		return nil, nil, err
	}
	if err := l.Commit(); err != nil {
		done()
		return nil, nil, fmt.Errorf("report: %w", err)
	}
	return gb, done, nil
}

// siteStoreCmd is `kioskctl site-store migrate URL`: an administrator
// makes (or brings up to date) a site's shared store of numbers, so that
// the kiosks' login needs no right to create tables.
func siteStoreCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) != 2 || args[0] != "migrate" || !(strings.HasPrefix(args[1], "postgres://") || strings.HasPrefix(args[1], "postgresql://")) {
		return errors.New("usage: kioskctl site-store migrate postgres://owner@host/db")
	}
	s := &sitebook.Store{URL: args[1]}
	if err := s.Open(ctx); err != nil {
		return err
	}
	defer s.Close()
	_, err := fmt.Fprintln(out, "site store ready")
	return err
}
