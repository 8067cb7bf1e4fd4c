package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/guestbook/guestbooktest"
)

// TestDocsCharts draws the README's charts of the library's numbers with
// kioskctl itself, from a generated year, into the folder ANJUNGAN_DOCS
// names (`make docs-charts`); without it, it is skipped.
func TestDocsCharts(t *testing.T) {
	dir := os.Getenv("ANJUNGAN_DOCS")
	if dir == "" {
		t.Skip("ANJUNGAN_DOCS not set (make docs-charts)")
	}
	sp := guestbooktest.Spec{Seed: 2026, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, jkt), Days: 365, Kiosks: 2,
		Visits: 60_000, Loans: 24_000, Ratings: 6_000, Answers: 2_400, Comments: 25}
	db := filepath.Join(t.TempDir(), "guestbook.db")
	if err := guestbooktest.Write(context.Background(), db, jkt, guestbooktest.Generate(sp), ""); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][]string{
		{"visits", "-chart", filepath.Join(dir, "library-numbers-visits.png")},
		{"skm", "-chart", filepath.Join(dir, "library-numbers-skm.png")},
	} {
		args := append(c, "-from", "2026-01-01", "-to", "2026-12-31", "-site", "perpustakaan", "-guestbook", db)
		if _, err := ctlReport(args...); err != nil {
			t.Fatal(err)
		}
	}
}
