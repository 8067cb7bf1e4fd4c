package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/sitebook"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// TestReportFromSiteStore: two kiosks' rows in the site's shared store
// (as kiosks copy them) give the same reports as the kiosks' two files,
// with no guests' names anywhere.
func TestReportFromSiteStore(t *testing.T) {
	ctx := context.Background()
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	dir := t.TempDir()
	url := pgtest.Shared(t).NewDatabase(t)
	site := &sitebook.Store{URL: url}
	if err := site.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	var paths []string
	for k, id := range []string{"k1", "k2"} {
		p := filepath.Join(dir, id+".db")
		at := time.Date(2026, 11, 23, 8+k, 0, 0, 0, jkt)
		s := &guestbook.Store{Path: p, Location: jkt, Now: func() time.Time { return at }}
		if err := s.Open(ctx); err != nil {
			t.Fatal(err)
		}
		for i := range 4 + k {
			v := kiosk.Visit{Kiosk: id, Card: string(rune('A' + i)), At: at.Add(time.Duration(i) * 20 * time.Hour)}
			if i%2 == 1 {
				v = kiosk.Visit{Kiosk: id, Guest: kiosk.Guest{Name: "Tamu Rahasia", Gender: "P"}, Purpose: "membaca", At: v.At}
			}
			s.RecordVisit(ctx, v)
			s.RecordTally(ctx, kiosk.Tally{Kiosk: id, At: v.At, Op: kiosk.OpCheckout})
		}
		s.RecordRating(ctx, kiosk.Rating{Kiosk: id, Score: 4 + k, Comment: "Bagus"})
		s.RecordSurvey(ctx, guestbook.SurveyAnswer{Kiosk: id, Scores: survey.Response{4, 3, 4, 3, 4, 3, 4, 3, 2 + k}, Respondent: guestbook.Respondent{Gender: "L", Age: 30}})
		// The kiosk's copy, as guestbook.site_database makes it.
		var b sitebook.Batch
		b.Visits, _ = s.VisitsAfter(ctx, 0, 100)
		b.Ratings, _ = s.RatingsAfter(ctx, 0, time.Now(), 100)
		b.Tallies, _ = s.TalliesAfter(ctx, 0, 100)
		answers, _ := s.SurveyAfter(ctx, 0, 100)
		for _, a := range answers {
			b.Answers = append(b.Answers, sitebook.Answer{ID: a.ID, At: a.At, Kiosk: id, Scores: a.Scores, Gender: a.Respondent.Gender, Age: a.Respondent.Age})
		}
		if err := site.Put(ctx, id, b); err != nil {
			t.Fatal(err)
		}
		s.Close()
		paths = append(paths, p)
	}
	report := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, append([]string{"-tz", "Asia/Jakarta", "report"}, args...), &out); err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		return out.String()
	}
	period := []string{"-from", "2026-11-01", "-to", "2026-11-30"}
	for _, what := range [][]string{{"visits"}, {"visits", "-by", "hour"}, {"loans"}, {"skm"}, {"satisfaction"}, {"purposes"}, {"demographics"}} {
		args := append(append([]string(nil), what...), period...)
		files := report(append(args, "-guestbook", paths[0], "-guestbook", paths[1])...)
		shared := report(append(args, "-guestbook", url)...)
		if files != shared {
			t.Errorf("%q:\nfrom the files:\n%s\nfrom the site store:\n%s", what, files, shared)
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"report", "visits", "-from", "2026-11-01", "-to", "2026-11-30", "-guestbook", "postgres://nobody@127.0.0.1:1/none"}, &out); err == nil {
		t.Fatal("an unreachable site store reported")
	}
}

// TestSiteStoreMigrate: `kioskctl site-store migrate URL` makes the
// site's store; a bad call says how to call it.
func TestSiteStoreMigrate(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Shared(t).NewDatabase(t)
	var out bytes.Buffer
	if err := run(ctx, []string{"site-store", "migrate", url}, &out); err != nil || out.String() != "site store ready\n" {
		t.Fatalf("%q %v", out.String(), err)
	}
	s := &sitebook.Store{URL: url}
	if err := s.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Marks(ctx, "k1"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]string{{"site-store"}, {"site-store", "migrate", "/tmp/x.db"}, {"site-store", "drop", url}} {
		if err := run(ctx, bad, &out); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestReportSiteStoreMisuse: a report never makes tables in a database
// that is not a site store (it says how to set one up), and a site store
// given with kiosks' files — which would count a kiosk twice — is
// refused.
func TestReportSiteStoreMisuse(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Shared(t)
	empty := srv.NewDatabase(t)
	var out bytes.Buffer
	err := run(ctx, []string{"report", "visits", "-from", "2026-11-01", "-to", "2026-11-30", "-guestbook", empty}, &out)
	if err == nil || !strings.Contains(err.Error(), "kioskctl site-store migrate") || strings.Count(err.Error(), "site store:") > 1 {
		t.Fatalf("an empty database: %v", err)
	}
	var tables int
	if err := pgRowInt(empty, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`, &tables); err != nil || tables != 0 {
		t.Fatalf("%d tables made by a report (%v)", tables, err)
	}
	store := srv.NewDatabase(t)
	if err := run(ctx, []string{"site-store", "migrate", store}, &out); err != nil {
		t.Fatal(err)
	}
	err = run(ctx, []string{"report", "visits", "-from", "2026-11-01", "-to", "2026-11-30", "-guestbook", store, "-guestbook", filepath.Join(t.TempDir(), "k1.db")}, &out)
	if err == nil || !strings.Contains(err.Error(), "give it alone") {
		t.Fatalf("a site store with a kiosk's file: %v", err)
	}
}

// pgRowInt reads one integer from url.
func pgRowInt(url, q string, n *int) error {
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	return c.QueryRow(context.Background(), q).Scan(n)
}
