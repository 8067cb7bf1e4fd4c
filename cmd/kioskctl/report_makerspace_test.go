package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	bookingsql "github.com/anjungan/anjungan/booking/sqlite"
)

// TestReportMakerspace: `report makerspace` adds each resource's weeks
// up: open, booked, used and missed hours, utilisation, bookings by
// outcome; and draws them.
func TestReportMakerspace(t *testing.T) {
	db := makerspaceDB(t)
	mustCtl(t, db, "load", "../../makerspace.example.toml")
	ctx := context.Background()
	s := bookingsql.New(db)
	s.Location = jkt
	clock := booking.Date("2027-02-28").At(12*60, jkt)
	s.Now = func() time.Time { return clock }
	if err := s.Open(ctx); err != nil {
		t.Fatal(err)
	}
	day := booking.Date("2027-03-01")
	patron := booking.Patron{Card: "20001000000012", Category: "umum"}
	kept, err := s.Book(ctx, booking.Request{Resource: "printer-1", Patron: patron, Start: day.At(9*60, jkt), Duration: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Book(ctx, booking.Request{Resource: "printer-1", Patron: patron, Start: day.At(13*60, jkt), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	clock = day.At(8*60+50, jkt)
	if _, err := s.CheckIn(ctx, kept.ID, "kiosk-01"); err != nil {
		t.Fatal(err)
	}
	clock = day.AddDays(2).At(12*60, jkt)
	if _, err := s.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	s.Close()

	rows := csvReport(t, "makerspace", "-from", "2027-03-01", "-to", "2027-03-07", "-makerspace", db)
	got := table(rows, 1)
	// printer-1 is open mon-fri 08-16 and sat 09-12: 43 h; 2 h used, 1 h
	// missed; laser-1 mon-fri 09-12, 13-16: 30 h, never booked.
	want := map[string]string{
		"printer-1": "Prusa MK4,43.00,3.00,2.00,1.00,4.7,2,1,1,0,50.0",
		"laser-1":   "Laser cutter 40W,30.00,0.00,0.00,0.00,0.0,0,0,0,0,",
	}
	diff(t, "makerspace", got, want)
	if _, err := ctlReport("makerspace", "-from", "2027-04-01", "-to", "2027-04-07", "-makerspace", db); err == nil || !strings.Contains(err.Error(), "no makerspace bookings") {
		t.Errorf("an empty period: %v", err)
	}
	chart := filepath.Join(t.TempDir(), "makerspace.svg")
	if _, err := ctlReport("makerspace", "-from", "2027-03-01", "-to", "2027-03-07", "-makerspace", db, "-chart", chart); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(chart)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Ruang kreatif: pemakaian dan ketidakhadiran", "Prusa MK4", "Laser cutter 40W", "Tidak hadir"} {
		if !strings.Contains(string(svg), w) {
			t.Errorf("the chart lacks %q", w)
		}
	}
}
