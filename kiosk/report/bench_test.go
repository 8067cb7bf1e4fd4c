package report_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/guestbook/guestbooktest"
	"github.com/anjungan/anjungan/kiosk/report"
	"github.com/anjungan/anjungan/kiosk/survey"
)

var (
	ctx        = context.Background()
	jakarta, _ = time.LoadLocation("Asia/Jakarta")
	yearOnce   sync.Once
	yearBooks  guestbook.Books
	yearDir    string
	from, to   = time.Date(2026, 1, 1, 0, 0, 0, 0, jakarta), time.Date(2027, 1, 1, 0, 0, 0, 0, jakarta)
)

// TestMain removes the benchmarks' year after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, s := range yearBooks {
		s.Close()
	}
	if yearDir != "" {
		os.RemoveAll(yearDir)
	}
	os.Exit(code)
}

// fullYear writes a busy library's year (500,000 visits, 200,000
// circulation rows, 50,000 ratings, 20,000 SKM answers) once per test
// binary, spread over three kiosks' files, as a site's would be.
func fullYear(b *testing.B) guestbook.Books {
	yearOnce.Do(func() {
		var err error
		if yearDir, err = os.MkdirTemp("", "report-bench-"); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		y := guestbooktest.Generate(guestbooktest.FullYear(jakarta))
		for k := 1; k <= 3; k++ {
			p := filepath.Join(yearDir, "kiosk"+strconv.Itoa(k)+".db")
			if err := guestbooktest.Write(ctx, p, jakarta, y, "kiosk-0"+strconv.Itoa(k)); err != nil {
				b.Fatal(err)
			}
			s := &guestbook.Store{Path: p, Location: jakarta}
			if err := s.Open(ctx); err != nil {
				b.Fatal(err)
			}
			yearBooks = append(yearBooks, s)
		}
		b.Logf("full year in three files: %v", time.Since(start).Round(time.Millisecond))
	})
	if len(yearBooks) != 3 {
		b.Fatal("no full year")
	}
	return yearBooks
}

// draw writes the chart as a PNG and as an SVG.
func draw(b *testing.B, c report.Chart) {
	for _, f := range []string{"png", "svg"} {
		if err := c.Write(io.Discard, f); err != nil {
			b.Fatal(err)
		}
	}
}

// Each benchmark is what `kioskctl report … -chart` does over the year:
// the query over the three files, then the chart as PNG and SVG.
func BenchmarkChartVisits(b *testing.B) {
	books := fullYear(b)
	for b.Loop() {
		var hours [24][2]int
		var days [7][2]int
		hs, err := books.VisitCounts(ctx, from, to, guestbook.ByHour)
		if err != nil {
			b.Fatal(err)
		}
		for _, h := range hs {
			i, _ := strconv.Atoi(h.Group)
			hours[i] = [2]int{h.Members, h.Guests}
		}
		ds, err := books.VisitCounts(ctx, from, to, guestbook.ByWeekday)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range ds {
			i, _ := strconv.Atoi(d.Group)
			days[i-1] = [2]int{d.Members, d.Guests}
		}
		draw(b, report.VisitsChart(report.LangID, "", hours, days))
	}
}

func BenchmarkChartCirculationByDay(b *testing.B) {
	books := fullYear(b)
	for b.Loop() {
		rows, err := books.CirculationCounts(ctx, from, to, guestbook.ByDay)
		if err != nil {
			b.Fatal(err)
		}
		var groups []string
		var l, r, n []int
		for _, c := range rows {
			groups, l, r, n = append(groups, c.Group), append(l, c.Loans), append(r, c.Returns), append(n, c.Renewals)
		}
		draw(b, report.CirculationChart(report.LangID, "", "day", groups, l, r, n))
	}
}

func BenchmarkChartDemographics(b *testing.B) {
	books := fullYear(b)
	for b.Loop() {
		v, err := books.VisitorCounts(ctx, from, to)
		if err != nil {
			b.Fatal(err)
		}
		var fields []report.Field
		for _, f := range guestbook.Demographic {
			var cs []report.Count
			for _, x := range v[f] {
				cs = append(cs, report.Count{Value: x.Value, Members: x.Members, Guests: x.Guests})
			}
			fields = append(fields, report.Field{Key: string(f), Counts: cs})
		}
		draw(b, report.DemographicsChart(report.LangID, "", fields))
	}
}

func BenchmarkChartSatisfactionByWeek(b *testing.B) {
	books := fullYear(b)
	for b.Loop() {
		rows, err := books.RatingCounts(ctx, from, to, guestbook.ByWeek)
		if err != nil {
			b.Fatal(err)
		}
		var groups []string
		var scores [][5]int
		for _, g := range rows {
			groups, scores = append(groups, g.Group), append(scores, g.Scores)
		}
		draw(b, report.SatisfactionChart(report.LangID, "", "week", groups, scores))
	}
}

func skmResult(b *testing.B, books guestbook.Books) survey.Result {
	rs, err := books.SKMResponses(ctx, from, to)
	if err != nil {
		b.Fatal(err)
	}
	r, err := survey.Compute(rs)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

func BenchmarkChartSKM(b *testing.B) {
	books := fullYear(b)
	for b.Loop() {
		draw(b, report.SKMChart(report.LangID, "", skmResult(b, books)))
	}
}

// BenchmarkSKMPDF is `kioskctl report skm -pdf` over the year: the
// answers, the profile, the comments and the document with its chart.
func BenchmarkSKMPDF(b *testing.B) {
	books := fullYear(b)
	for b.Loop() {
		r := skmResult(b, books)
		p, err := books.SKMProfile(ctx, from, to)
		if err != nil {
			b.Fatal(err)
		}
		cs, err := books.Comments(ctx, from, to)
		if err != nil {
			b.Fatal(err)
		}
		d := report.SKMDocument{Library: "Perpustakaan", From: from, To: to.AddDate(0, 0, -1), Result: r}
		for _, c := range p.Gender {
			d.Profile = append(d.Profile, report.ProfileTable{Title: "Jenis kelamin", Rows: []report.ProfileRow{{Label: c.Value, N: c.N}}})
		}
		for _, c := range cs {
			d.Comments = append(d.Comments, report.DocComment{At: c.At, Text: c.Text})
		}
		if err := d.WritePDF(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
