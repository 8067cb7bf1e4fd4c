package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/sitebook"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestStatsKeeper: `-guestbook SITE=FILE` files feed the Statistik
// view's days (two kiosks of a site add up), the days are kept in the
// history file across a restart of the monitor, a damaged history file is
// set aside with a warning, and a missing kiosk file is never created.
func TestStatsKeeper(t *testing.T) {
	ctx := context.Background()
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, jkt)
	dir := t.TempDir()
	for i, id := range []string{"k1", "k2"} {
		s := &guestbook.Store{Path: filepath.Join(dir, id+".db"), Location: jkt, Now: func() time.Time { return now }}
		if err := s.Open(ctx); err != nil {
			t.Fatal(err)
		}
		for n := 0; n <= i; n++ {
			s.RecordTally(ctx, kiosk.Tally{At: now.AddDate(0, 0, -1), Kiosk: id, Op: kiosk.OpCheckout})
			s.RecordVisit(ctx, kiosk.Visit{Guest: kiosk.Guest{Name: "Tamu"}, Kiosk: id})
		}
		s.Close()
	}
	o, err := parse([]string{"-site", "pusat", "-guestbook", filepath.Join(dir, "k1.db"), "-guestbook", "pusat=" + filepath.Join(dir, "k2.db"),
		"-guestbook", "cabang=" + filepath.Join(dir, "missing.db"), "-history", filepath.Join(dir, "history.json")})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	h := &fleet.History{}
	k := newKeeper(o, h)
	k.Now = func() time.Time { return now }
	k.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	k.load()
	k.read(ctx)
	k.save()
	check := func(h *fleet.History) {
		t.Helper()
		days := h.Site("pusat", "2026-11-24", "2026-11-25")
		if days[0].Loans != 3 || days[0].Kiosks != 2 || days[1].Visits != 3 || days[1].Guests != 3 {
			t.Fatalf("days %+v", days)
		}
	}
	check(h)
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil || !strings.Contains(logs.String(), "missing.db") {
		t.Fatalf("a missing file: created, or not said (%s)", logs.String())
	}
	if p := k.Problems(); len(p) != 1 || !strings.Contains(p[0], "missing.db (site cabang) could not be read") {
		t.Fatalf("problems for the Statistik view: %q", p)
	}

	h2 := &fleet.History{}
	k2 := newKeeper(o, h2)
	k2.Sources = nil
	k2.load()
	check(h2)

	os.WriteFile(o.history, []byte("{not json"), 0o600)
	k3 := newKeeper(o, &fleet.History{})
	k3.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	k3.load()
	if _, err := os.Stat(o.history + ".damaged"); err != nil || !strings.Contains(logs.String(), "set aside") {
		t.Fatalf("a damaged history: %v; %s", err, logs.String())
	}

	for _, bad := range [][]string{{"-guestbook", "k1.db"}, {"-guestbook", "pusat="}, {"-tz", "Mars/Olympus"}} {
		if _, err := parse(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestStatsFromSiteStore: a site's shared store (postgres://) feeds the
// Statistik view's days like kiosks' files.
func TestStatsFromSiteStore(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Shared(t).NewDatabase(t)
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, jkt)
	site := &sitebook.Store{URL: url}
	if err := site.Open(ctx); err != nil {
		t.Fatal(err)
	}
	site.Put(ctx, "k1", sitebook.Batch{Tallies: []kiosk.Tally{{ID: 1, At: now, Op: kiosk.OpCheckout}}, Visits: []kiosk.Visit{{ID: 1, At: now, Card: "m"}}})
	site.Put(ctx, "k2", sitebook.Batch{Tallies: []kiosk.Tally{{ID: 1, At: now, Op: kiosk.OpCheckout}}})
	site.Close()
	o, err := parse([]string{"-guestbook", "pusat=" + url, "-history", "none"})
	if err != nil {
		t.Fatal(err)
	}
	h := &fleet.History{}
	k := newKeeper(o, h)
	k.Now = func() time.Time { return now }
	k.read(ctx)
	if d := h.Site("pusat", "2026-11-25", "2026-11-25"); d[0].Loans != 2 || d[0].Visits != 1 || d[0].Kiosks != 2 {
		t.Fatalf("days %+v", d)
	}
}

// TestRedactHidesPasswords: a site store's URL is logged and shown
// without its password, in the user part or in the query.
func TestRedactHidesPasswords(t *testing.T) {
	for _, u := range []string{"postgres://staf:rahasia@db.local/angka", "postgres://staf@db.local/angka?sslmode=require&password=rahasia"} {
		if got := redact(u); strings.Contains(got, "rahasia") || !strings.Contains(got, "db.local") {
			t.Errorf("redact(%q) = %q", u, got)
		}
	}
	if got := redact("/var/lib/anjungan/guestbook.db"); got != "/var/lib/anjungan/guestbook.db" {
		t.Errorf("a file's path: %q", got)
	}
}
