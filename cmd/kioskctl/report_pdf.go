package main

import (
	"context"
	"fmt"
	"os"

	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/report"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// skmPDF writes the SKM survey report of the period: the profile of the
// respondents, each element's NRR, the index and grade, the lowest
// elements and the respondents' comments.
func (r *reportRun) skmPDF(ctx context.Context, res survey.Result) (err error) {
	p, err := r.books.SKMProfile(ctx, r.start, r.end)
	if err != nil {
		return err
	}
	cs, err := r.books.Comments(ctx, r.start, r.end)
	if err != nil {
		return err
	}
	doc := report.SKMDocument{Library: r.library, Site: r.site, From: r.start, To: r.end.AddDate(0, 0, -1), Result: res}
	table := func(title string, counts []guestbook.Count) report.ProfileTable {
		t := report.ProfileTable{Title: title}
		for _, c := range counts {
			t.Rows = append(t.Rows, report.ProfileRow{Label: c.Value, N: c.N})
		}
		return t
	}
	doc.Profile = []report.ProfileTable{table("Jenis kelamin", p.Gender), table("Usia (tahun)", p.Age), table("Pendidikan", p.Education),
		table("Pekerjaan", p.Occupation), table("Jenis layanan", p.Service)}
	for _, c := range cs {
		if c.Source == guestbook.FromSKM {
			doc.Comments = append(doc.Comments, report.DocComment{At: c.At, Text: c.Text})
		}
	}
	f, err := os.Create(r.pdf)
	if err != nil {
		return fmt.Errorf("report skm: %w", err)
	}
	defer func() {
		if e := f.Close(); err == nil && e != nil {
			err = fmt.Errorf("report skm: %w", e)
		}
		if err != nil {
			os.Remove(r.pdf) // no half-written report left behind
		}
	}()
	return doc.WritePDF(f)
}
