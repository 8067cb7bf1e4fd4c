package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// TestReport walks a week on the fake clock: bookings that are attended,
// missed and cancelled, by two categories, and a closed day.
func TestReport(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		clock := mock.NewClock(monday)
		s := e.openStore(t, clock)
		s.AddClosure(ctx, booking.Closure{Resource: "pc-1", First: "2026-11-25", Last: "2026-11-25", Reason: "repair"})
		came := mustBook(t, s, req("pc-1", adult, at(23, 9, 0), 2*time.Hour))
		missed := mustBook(t, s, req("pc-1", teen, at(24, 9, 0), time.Hour))
		gone := mustBook(t, s, req("pc-1", adult, at(26, 9, 0), time.Hour))
		mustBook(t, s, req("pc-2", teen, at(27, 9, 0), 30*time.Minute))
		s.Cancel(ctx, gone.ID, booking.Actor{Patron: adult.Card})
		clock.Set(at(23, 9, 5))
		s.CheckIn(ctx, came.ID, "k1")
		clock.Set(at(24, 12, 0))
		if _, err := s.Sweep(ctx); err != nil { // came completed, missed released
			t.Fatal(err)
		}
		if b, _ := s.Booking(ctx, missed.ID); b.State != booking.NoShow {
			t.Fatalf("missed booking is %s", b.State)
		}
		rep, err := s.Report(ctx, "2026-11-23", "2026-11-29")
		if err != nil {
			t.Fatal(err)
		}
		var pc1 *sqlstore.UtilisationRow
		for i, u := range rep.Utilisation {
			if u.Resource == "pc-1" {
				pc1 = &rep.Utilisation[i]
			}
		}
		// pc-1 opens 08-16 Monday to Saturday, closed Wednesday: 5 × 8 h.
		if pc1 == nil || pc1.Week != "2026-11-23" || pc1.Open != 40*time.Hour || pc1.Booked != 3*time.Hour || pc1.Used != 2*time.Hour || pc1.NoShow != time.Hour {
			t.Fatalf("pc-1 utilisation %+v", pc1)
		}
		for _, n := range rep.NoShows {
			if n.Resource == "pc-1" && (n.Bookings != 2 || n.Attended != 1 || n.NoShows != 1 || n.Cancelled != 1) {
				t.Fatalf("pc-1 no-shows %+v", n)
			}
		}
		want := map[string]sqlstore.CategoryRow{
			"adult": {Category: "adult", Bookings: 1, Patrons: 1, Hours: 2 * time.Hour},
			"child": {Category: "child", Bookings: 2, Patrons: 1, NoShows: 1, Hours: 90 * time.Minute},
		}
		if len(rep.Categories) != 2 {
			t.Fatalf("categories %+v", rep.Categories)
		}
		for _, c := range rep.Categories {
			if c != want[c.Category] {
				t.Errorf("category %+v, want %+v", c, want[c.Category])
			}
		}
	})
}
