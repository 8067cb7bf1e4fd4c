package guestbook_test

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/guestbook/guestbooktest"
	"github.com/anjungan/anjungan/kiosk/survey"
)

var (
	fullOnce sync.Once
	fullBook *guestbook.Store
	fullDir  string
)

// fullYear writes a busy library's year (500,000 visits, 200,000
// circulation rows, 50,000 ratings, 20,000 SKM answers) once per test
// binary, and logs how long that took.
func fullYear(b *testing.B) *guestbook.Store {
	fullOnce.Do(func() {
		var err error
		// Not b.TempDir: the file outlives the first benchmark.
		fullDir, err = osMkdirTemp()
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		y := guestbooktest.Generate(guestbooktest.FullYear(jakarta))
		made := time.Since(start)
		p := filepath.Join(fullDir, "guestbook.db")
		if err := guestbooktest.Write(ctx, p, jakarta, y, ""); err != nil {
			b.Fatal(err)
		}
		b.Logf("full year: generated in %v, written in %v", made.Round(time.Millisecond), (time.Since(start) - made).Round(time.Millisecond))
		fullBook = &guestbook.Store{Path: p, Location: jakarta}
		if err := fullBook.Open(ctx); err != nil {
			b.Fatal(err)
		}
	})
	if fullBook == nil {
		b.Fatal("no full year")
	}
	return fullBook
}

var yearFrom, yearTo = time.Date(2026, 1, 1, 0, 0, 0, 0, jakarta), time.Date(2027, 1, 1, 0, 0, 0, 0, jakarta)

func BenchmarkReportVisits(b *testing.B) {
	s := fullYear(b)
	for _, by := range everyBy {
		b.Run(string(by), func(b *testing.B) {
			for b.Loop() {
				if rows, err := s.VisitCounts(ctx, yearFrom, yearTo, by); err != nil || len(rows) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReportCirculation(b *testing.B) {
	s := fullYear(b)
	for _, by := range []guestbook.By{guestbook.ByHour, guestbook.ByDay} {
		b.Run(string(by), func(b *testing.B) {
			for b.Loop() {
				if rows, err := s.CirculationCounts(ctx, yearFrom, yearTo, by); err != nil || len(rows) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReportVisitors(b *testing.B) {
	s := fullYear(b)
	for b.Loop() {
		if v, err := s.VisitorCounts(ctx, yearFrom, yearTo); err != nil || len(v) == 0 {
			b.Fatal(err)
		}
	}
}

func BenchmarkReportSatisfaction(b *testing.B) {
	s := fullYear(b)
	for b.Loop() {
		if rows, err := s.RatingCounts(ctx, yearFrom, yearTo, guestbook.ByWeek); err != nil || len(rows) == 0 {
			b.Fatal(err)
		}
		if cs, err := s.Comments(ctx, yearFrom, yearTo); err != nil || len(cs) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportSKM is what the SKM report reads: every answer (for the
// index), the respondents' profile and the comments.
func BenchmarkReportSKM(b *testing.B) {
	s := fullYear(b)
	books := guestbook.Books{s}
	for b.Loop() {
		rs, err := books.SKMResponses(ctx, yearFrom, yearTo)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := survey.Compute(rs); err != nil {
			b.Fatal(err)
		}
		if _, err := s.SKMProfile(ctx, yearFrom, yearTo); err != nil {
			b.Fatal(err)
		}
	}
}
