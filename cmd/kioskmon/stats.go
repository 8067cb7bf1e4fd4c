package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/anjungan/anjungan/booking/engine"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/sitebook"
)

// source is a -guestbook flag: a kiosk's file ([SITE=]FILE) whose counts
// the Statistik view shows beside what comes over MQTT.
type source struct{ site, path string }

type sources []source

func (s *sources) String() string { return fmt.Sprint(*s) }

func (s *sources) Set(v string) error {
	site, path, ok := strings.Cut(v, "=")
	if !ok {
		site, path = "", v
	}
	if path == "" {
		return fmt.Errorf("%q: want [SITE=]FILE", v)
	}
	*s = append(*s, source{site, path})
	return nil
}

// defaultHistory is where the monitor keeps the days it has seen: one
// file per broker and staff user, in the user's config folder.
func defaultHistory(broker, user string) string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(broker + "\x00" + user))
	return filepath.Join(dir, "anjungan", "kioskmon-history-"+hex.EncodeToString(sum[:4])+".json")
}

// statsKeeper fills the model's history from the kiosks' files and keeps
// it in a file, so that the week survives a restart of the monitor.
type statsKeeper struct {
	History  *fleet.History
	Path     string // "" keeps nothing
	Sources  sources
	Site     string // the site of a source that names none
	Location *time.Location
	Every    time.Duration
	Now      func() time.Time
	Logger   *slog.Logger

	mu       sync.Mutex
	problems map[string]string // by source, what could not be read
}

// Problems says which sources could not be read at the last try, for
// the Statistik view.
func (k *statsKeeper) Problems() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []string
	for _, src := range k.Sources {
		if p, ok := k.problems[src.path]; ok {
			out = append(out, p)
		}
	}
	return out
}

func (k *statsKeeper) problem(path, p string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.problems == nil {
		k.problems = map[string]string{}
	}
	if p == "" {
		delete(k.problems, path)
	} else {
		k.problems[path] = p
	}
}

// load reads the history file; a damaged one is set aside (FILE.damaged)
// and the monitor starts with what the kiosks report.
func (k *statsKeeper) load() {
	if k.Path == "" {
		return
	}
	if err := k.History.Load(k.Path); err != nil {
		aside := k.Path + ".damaged"
		os.Rename(k.Path, aside)
		k.Logger.Warn("the monitor's history could not be read; it was set aside and starts again", "file", aside, "err", err)
	}
}

// Run reads the sources at once and every Every, and saves the history
// then and when ctx ends.
func (k *statsKeeper) Run(ctx context.Context) error {
	t := time.NewTicker(k.Every)
	defer t.Stop()
	for {
		k.read(ctx)
		k.save()
		select {
		case <-ctx.Done():
			k.save()
			return nil
		case <-t.C:
		}
	}
}

func (k *statsKeeper) save() {
	if k.Path == "" {
		return
	}
	if err := k.History.Save(k.Path); err != nil {
		k.Logger.Warn("the monitor's history not saved", "err", err)
	}
}

// read takes the last five weeks of each source into the history.
func (k *statsKeeper) read(ctx context.Context) {
	now := k.Now().In(k.Location)
	to := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, k.Location)
	from := to.AddDate(0, 0, -35)
	for _, src := range k.Sources {
		site := src.site
		if site == "" {
			site = k.Site
		}
		days, err := k.readOne(ctx, src.path, from, to)
		if err != nil {
			k.Logger.Warn("a kiosk's file could not be read", "file", redact(src.path), "err", err)
			k.problem(src.path, fmt.Sprintf("%s (site %s) could not be read: %v", redact(src.path), site, err))
			continue
		}
		k.problem(src.path, "")
		for _, d := range days {
			k.History.Record(site, d.Kiosk, kiosk.Counters{Day: d.Day, Loans: d.Loans, Returns: d.Returns, Renewals: d.Renewals,
				Visits: d.Visits, Guests: d.Guests, Ratings: d.Ratings})
		}
	}
}

func (k *statsKeeper) readOne(ctx context.Context, path string, from, to time.Time) ([]guestbook.KioskDay, error) {
	if engine.IsURL(path) {
		return k.readSite(ctx, path, from, to)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, err // never create a file where staff pointed at none
	}
	s := &guestbook.Store{Path: path, Location: k.Location, Now: k.Now}
	if err := s.Open(ctx); err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Daily(ctx, from, to)
}

// readSite reads a site's shared store (guestbook.site_database): every
// kiosk that copies its numbers there.
func (k *statsKeeper) readSite(ctx context.Context, url string, from, to time.Time) ([]guestbook.KioskDay, error) {
	site := &sitebook.Store{URL: url, Logger: k.Logger, ReadOnly: true} // staff read; a report never migrates
	if err := site.Open(ctx); err != nil {
		return nil, err
	}
	defer site.Close()
	days, err := site.Daily(ctx, from, to, k.Location)
	if err != nil {
		return nil, err
	}
	out := make([]guestbook.KioskDay, len(days))
	for i, d := range days {
		out[i] = guestbook.KioskDay{Kiosk: d.Kiosk, Day: d.Day, DayCounts: guestbook.DayCounts{Visits: d.Visits, Guests: d.Guests,
			Ratings: d.Ratings, Loans: d.Loans, Returns: d.Returns, Renewals: d.Renewals}}
	}
	return out, nil
}

// redact hides a URL's password, in its user part or its query.
func redact(p string) string { return engine.Redact(p) }
