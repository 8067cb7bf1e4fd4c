package fleet

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// History keeps each kiosk's counters per library day, as the kiosks
// report them (counts only), so that staff see a site's week and not only
// today. The monitor feeds it from the kiosks' states and, when staff
// point it at kiosks' files, from their stores. Its methods are safe for
// concurrent use.
type History struct {
	// Keep is how many days are kept; 35 when zero.
	Keep int

	mu      sync.Mutex
	days    map[dayKey]kiosk.Counters
	version uint64 // counts the changes, for a view to redraw on
}

type dayKey struct{ Site, Kiosk, Day string }

// Record takes a kiosk's counters for their day. Counters only grow
// within a day (a restarted kiosk takes its day's up again), so each
// count keeps the largest seen; a kiosk's counters of a day it had not
// restored stay as they were.
func (h *History) Record(site, id string, c kiosk.Counters) {
	if _, err := time.Parse(time.DateOnly, c.Day); err != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.days == nil {
		h.days = map[dayKey]kiosk.Counters{}
	}
	k := dayKey{site, id, c.Day}
	old, had := h.days[k]
	n := maxCounters(old, c)
	if had && n == old {
		return // nothing new (the keeper re-reads a kiosk's days every minute)
	}
	h.days[k], h.version = n, h.version+1
	if !had {
		h.trim() // a new day may push the oldest out
	}
}

// Version changes whenever what the history holds changes.
func (h *History) Version() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.version
}

func maxCounters(a, b kiosk.Counters) kiosk.Counters {
	a.Day = b.Day
	a.Scans, a.Loans, a.Returns = max(a.Scans, b.Scans), max(a.Loans, b.Loans), max(a.Returns, b.Returns)
	a.Renewals, a.Bookings, a.Errors = max(a.Renewals, b.Renewals), max(a.Bookings, b.Bookings), max(a.Errors, b.Errors)
	a.Visits, a.Guests, a.Ratings = max(a.Visits, b.Visits), max(a.Guests, b.Guests), max(a.Ratings, b.Ratings)
	return a
}

// trim drops the days older than Keep days before the newest.
func (h *History) trim() {
	keep := h.Keep
	if keep <= 0 {
		keep = 35
	}
	newest := ""
	for k := range h.days {
		newest = max(newest, k.Day)
	}
	t, err := time.Parse(time.DateOnly, newest)
	if err != nil {
		return
	}
	oldest := t.AddDate(0, 0, -keep+1).Format(time.DateOnly)
	for k := range h.days {
		if k.Day < oldest {
			delete(h.days, k)
		}
	}
}

// Day is a site's counts of one day, every kiosk's added up.
type Day struct {
	Day    string // YYYY-MM-DD
	Kiosks int    // kiosks that reported that day
	kiosk.Counters
}

// Site returns a site's days from first to last (YYYY-MM-DD, included),
// every day of the span, a day without reports with zero counts.
func (h *History) Site(site, first, last string) []Day {
	f, err1 := time.Parse(time.DateOnly, first)
	l, err2 := time.Parse(time.DateOnly, last)
	if err1 != nil || err2 != nil || l.Before(f) || l.Sub(f) > 366*24*time.Hour {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Day
	for d := f; !d.After(l); d = d.AddDate(0, 0, 1) {
		day := Day{Day: d.Format(time.DateOnly)}
		day.Counters.Day = day.Day
		for k, c := range h.days {
			if k.Site != site || k.Day != day.Day {
				continue
			}
			day.Kiosks++
			s := &day.Counters
			s.Scans, s.Loans, s.Returns, s.Renewals = s.Scans+c.Scans, s.Loans+c.Loans, s.Returns+c.Returns, s.Renewals+c.Renewals
			s.Bookings, s.Errors = s.Bookings+c.Bookings, s.Errors+c.Errors
			s.Visits, s.Guests, s.Ratings = s.Visits+c.Visits, s.Guests+c.Guests, s.Ratings+c.Ratings
		}
		out = append(out, day)
	}
	return out
}

// Latest is the newest day any kiosk of site reported, "" when none.
func (h *History) Latest(site string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	latest := ""
	for k := range h.days {
		if k.Site == site {
			latest = max(latest, k.Day)
		}
	}
	return latest
}

// Sites are the sites the history has days of, sorted.
func (h *History) Sites() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for k := range h.days {
		if !seen[k.Site] {
			seen[k.Site] = true
			out = append(out, k.Site)
		}
	}
	sort.Strings(out)
	return out
}

// Week is the Monday-to-Sunday week of day (YYYY-MM-DD): its first and
// last days.
func Week(day string) (first, last string) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return "", ""
	}
	mon := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	return mon.Format(time.DateOnly), mon.AddDate(0, 0, 6).Format(time.DateOnly)
}

// historyFile is History's file: its days, as JSON.
type historyFile struct {
	V    int             `json:"v"`
	Days []historyRecord `json:"days"`
}

type historyRecord struct {
	Site  string `json:"site"`
	Kiosk string `json:"kiosk"`
	kiosk.Counters
}

// Save writes the history to path, atomically (a crash leaves the old
// file or the new one).
func (h *History) Save(path string) error {
	h.mu.Lock()
	f := historyFile{V: 1}
	for k, c := range h.days {
		f.Days = append(f.Days, historyRecord{Site: k.Site, Kiosk: k.Kiosk, Counters: c})
	}
	h.mu.Unlock()
	sort.Slice(f.Days, func(i, j int) bool {
		a, b := f.Days[i], f.Days[j]
		if a.Day != b.Day {
			return a.Day < b.Day
		}
		if a.Site != b.Site {
			return a.Site < b.Site
		}
		return a.Kiosk < b.Kiosk
	})
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// Load reads a history saved by Save; a missing file is an empty
// history, a damaged one an error (and nothing taken from it).
func (h *History) Load(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	var f historyFile
	if err := json.Unmarshal(b, &f); err != nil || f.V != 1 {
		return fmt.Errorf("history %s: not a kioskmon history file (%v)", path, err)
	}
	for _, r := range f.Days {
		h.Record(r.Site, r.Kiosk, r.Counters)
	}
	return nil
}
