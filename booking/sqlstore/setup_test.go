package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/mock"
)

func TestApply(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := e.openStore(t, mock.NewClock(monday))
		two := 2
		r := sqlstore.DemoResources()[0]
		r.ID, r.Name = "printer-9", "Ender 3"
		su := booking.Setup{
			Resources:      []booking.Resource{r},
			Quotas:         []booking.Quota{{Kind: booking.KindRoom, PerDay: 2 * time.Hour}},
			Closures:       []booking.Closure{{First: "2026-12-25", Last: "2026-12-25", Reason: "Natal"}},
			Certifications: []booking.Certification{{Patron: teen.Card, Name: "3d printing"}},
			MaxActive:      &two,
		}
		for range 2 { // loading the same file twice changes nothing more
			if err := s.Apply(ctx, su); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := s.Resource(ctx, "printer-9"); err != nil || got.Name != "Ender 3" || len(got.Rules.Hours[1]) != 1 {
			t.Fatalf("resource %+v %v", got, err)
		}
		if cl, _ := s.Closures(ctx, "2026-12-01", "2026-12-31"); len(cl) != 1 {
			t.Fatalf("closures %+v", cl)
		}
		if n, _ := s.MaxActive(ctx); n != 2 {
			t.Fatalf("max active %d", n)
		}
		if c, _ := s.Certifications(ctx, teen.Card); len(c) != 1 {
			t.Fatalf("certs %+v", c)
		}
		// One bad entry: nothing of the file is applied.
		bad := r
		bad.ID, bad.Name = "printer-10", "New"
		bad2 := r
		bad2.ID, bad2.Rules.MinDuration = "printer-11", 7*time.Minute
		err := s.Apply(ctx, booking.Setup{Resources: []booking.Resource{bad, bad2}, Closures: []booking.Closure{{First: "2027-01-01", Last: "2027-01-01"}}})
		if err == nil {
			t.Fatal("invalid resource applied")
		}
		if _, err := s.Resource(ctx, "printer-10"); err == nil {
			t.Fatal("part of a failed setup was applied")
		}
		err = s.Apply(ctx, booking.Setup{Resources: []booking.Resource{bad}, Closures: []booking.Closure{{First: "2027-01-02", Last: "2027-01-01"}}})
		if err == nil {
			t.Fatal("backwards closure applied")
		}
		if _, err := s.Resource(ctx, "printer-10"); err == nil {
			t.Fatal("part of a failed setup was applied")
		}
	})
}
