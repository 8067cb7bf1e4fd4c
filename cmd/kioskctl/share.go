package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/anjungan/anjungan/booking/engine"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/sitebook"
)

// siteGuestBook copies what the report what reads of the site's store
// for [from, to) (of the kiosks whose id starts with prefix) into a guest
// book in a temporary folder, so that every report reads a site's shared
// numbers as it reads a kiosk's file: visits and circulations as counts
// made by the server (per quarter hour, or over the period for purposes
// and visitors), ratings and SKM answers row by row, streamed. The store
// is opened read-only (a report never creates tables). A member's visit
// has the card "member"; guests have no names. done removes the copy.
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
	ratings := func() { sink.Rating = func(r kiosk.Rating) error { return l.Rating(ctx, r) } }
	answers := func() {
		sink.Answer = func(a sitebook.Answer) error {
			return l.Answer(ctx, guestbook.SurveyAnswer{At: a.At, Kiosk: a.Kiosk, Scores: a.Scores, Comment: a.Comment,
				Respondent: guestbook.Respondent{Gender: a.Gender, Age: a.Age, Education: a.Education, Occupation: a.Occupation, Service: a.Service}})
		}
	}
	// Visits and circulations come counted by PostgreSQL — by quarter
	// hour, or over the period for purposes and visitors — not row by
	// row: a busy year is a few thousand rows, not half a million.
	member := func(m bool) string {
		if m {
			return "member"
		}
		return ""
	}
	var counted error
	switch what {
	case "visits":
		counted = site.VisitQuarters(ctx, from, to, prefix, func(q sitebook.VisitQuarter) error {
			return l.Visits(ctx, kiosk.Visit{Kiosk: "site", At: q.At, Card: member(q.Member)}, q.N)
		})
	case "purposes", "demographics":
		counted = site.VisitorGroups(ctx, from, to, prefix, func(g sitebook.VisitorGroup) error {
			return l.Visits(ctx, kiosk.Visit{Kiosk: "site", At: from, Card: member(g.Member), Purpose: g.Purpose,
				Guest: kiosk.Guest{Gender: g.Gender, AgeGroup: g.AgeGroup, Education: g.Education, Occupation: g.Occupation}}, g.N)
		})
	case "loans", "returns":
		counted = site.TallyQuarters(ctx, from, to, prefix, func(q sitebook.TallyQuarter) error {
			return l.Tallies(ctx, kiosk.Tally{Kiosk: "site", At: q.At, Op: q.Op}, q.N)
		})
	case "satisfaction":
		ratings()
	case "comments":
		ratings()
		answers()
	case "skm":
		answers()
	}
	if counted != nil {
		done()
		return nil, nil, counted
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
	if len(args) != 2 || args[0] != "migrate" || !engine.IsURL(args[1]) {
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
