package main

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk/guestbook/guestbooktest"
	"github.com/anjungan/anjungan/kiosk/sitebook"
)

// BenchmarkReportSiteStoreYear: the year of a busy library (500,000
// visits, 200,000 circulation rows, 50,000 ratings, 20,000 SKM answers)
// in a site's shared store, and `kioskctl report` over it: PostgreSQL
// counts the visits and circulations, which stream into a working copy
// with the ratings and SKM answers. Goal (issue 15): every report ≤ 1 s.
func BenchmarkReportSiteStoreYear(b *testing.B) {
	ctx := context.Background()
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	url := pgtest.Shared(b).NewDatabase(b)
	site := &sitebook.Store{URL: url}
	if err := site.Open(ctx); err != nil {
		b.Fatal(err)
	}
	y := guestbooktest.Generate(guestbooktest.FullYear(jkt))
	byKiosk := map[string]*sitebook.Batch{}
	batch := func(k string) *sitebook.Batch {
		if byKiosk[k] == nil {
			byKiosk[k] = &sitebook.Batch{}
		}
		return byKiosk[k]
	}
	for i, v := range y.Visits {
		v.ID = int64(i + 1)
		batch(v.Kiosk).Visits = append(batch(v.Kiosk).Visits, v)
	}
	for i, t := range y.Tallies {
		t.ID = int64(i + 1)
		batch(t.Kiosk).Tallies = append(batch(t.Kiosk).Tallies, t)
	}
	for i, r := range y.Ratings {
		r.ID = int64(i + 1)
		batch(r.Kiosk).Ratings = append(batch(r.Kiosk).Ratings, r)
	}
	for i, a := range y.Answers {
		batch(a.Kiosk).Answers = append(batch(a.Kiosk).Answers, sitebook.Answer{ID: int64(i + 1), At: a.At, Kiosk: a.Kiosk, Scores: a.Scores,
			Gender: a.Respondent.Gender, Age: a.Respondent.Age, Education: a.Respondent.Education})
	}
	start := time.Now()
	for k, bt := range byKiosk {
		if err := site.Put(ctx, k, *bt); err != nil {
			b.Fatal(err)
		}
	}
	site.Close()
	b.Logf("a year put in the site store in %v", time.Since(start).Round(100*time.Millisecond))
	for _, what := range []string{"visits", "demographics", "loans", "satisfaction", "skm"} {
		b.Run(what, func(b *testing.B) {
			for b.Loop() {
				if err := run(ctx, []string{"-tz", "Asia/Jakarta", "report", what, "-from", "2026-01-01", "-to", "2026-12-31", "-guestbook", url}, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
