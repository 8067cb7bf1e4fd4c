package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/mock"
)

func TestAvailability(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		clock := mock.NewClock(at(23, 9, 30))
		s := e.openStore(t, clock)
		mustBook(t, s, req("printer-1", adult, at(23, 10, 0), time.Hour)) // to 11:15
		mustBook(t, s, req("printer-1", teen, at(24, 8, 0), 2*time.Hour))
		now := mustBook(t, s, req("pc-1", adult, at(23, 10, 0), time.Hour))
		s.SetOutOfService(ctx, "sewing-2", true, "needle broken")
		s.AddClosure(ctx, booking.Closure{Resource: "studio", First: "2026-11-23", Last: "2026-11-24", Reason: "recording"})

		all, err := s.Availability(ctx, "2026-11-23", 14)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(sqlstore.DemoResources()) {
			t.Fatalf("%d resources", len(all))
		}
		byID := map[string]booking.Availability{}
		for _, a := range all {
			if len(a.Days) != 14 {
				t.Fatalf("%s: %d days", a.Resource.ID, len(a.Days))
			}
			byID[a.Resource.ID] = a
		}
		clock.Set(at(23, 10, 30))
		live, _ := s.Availability(ctx, "2026-11-23", 1)
		for _, a := range live {
			want := booking.LiveFree
			switch a.Resource.ID {
			case "pc-1", "printer-1":
				want = booking.LiveInUse
			case "sewing-2":
				want = booking.LiveOutOfService
			case "studio":
				want = booking.LiveClosed
			}
			if a.Live != want {
				t.Errorf("%s at 10:30: %v, want %v", a.Resource.ID, a.Live, want)
			}
		}
		p1 := byID["printer-1"].Days
		states := map[string]booking.SlotState{}
		for _, sl := range p1[0].Slots {
			states[sl.Start.In(jakarta).Format("15:04")] = sl.State
		}
		// Hour slots from 08:00; now 09:30; booked 10:00-11:00 + 15 min.
		want := map[string]booking.SlotState{"08:00": booking.SlotTooSoon, "09:00": booking.SlotTooSoon, "10:00": booking.SlotTaken,
			"11:00": booking.SlotTaken, "12:00": booking.SlotFree, "15:00": booking.SlotFree}
		for k, v := range want {
			if states[k] != v {
				t.Errorf("printer-1 23 Nov %s: %v, want %v", k, states[k], v)
			}
		}
		// 24 Nov: 08:00-10:00 blocks until 10:15, so 10:00 is taken too.
		if p1[1].Slots[2].State != booking.SlotTaken || p1[1].Slots[3].State != booking.SlotFree {
			t.Errorf("printer-1 24 Nov: %+v", p1[1].Slots[:4])
		}
		if d := byID["studio"].Days; !d[0].Closed || d[0].Reason != "recording" || d[2].Closed {
			t.Errorf("studio closure: %+v %+v", d[0], d[2])
		}
		// Saturday 28th is open 8-16, Sunday 29th closed.
		if len(p1[5].Slots) != 8 || len(p1[6].Slots) != 0 || p1[6].Closed {
			t.Errorf("weekend: %d and %d slots", len(p1[5].Slots), len(p1[6].Slots))
		}
		if last := p1[12]; last.Date != "2026-12-05" || !last.Free() {
			t.Errorf("last open day of the window: %+v", last)
		}
		one, err := s.Availability(ctx, "2026-11-23", 1, "pc-1")
		if err != nil || len(one) != 1 || one[0].Resource.ID != "pc-1" || one[0].Live != booking.LiveInUse {
			t.Fatalf("one resource: %+v %v (booking %d)", one, err, now.ID)
		}
		if _, err := s.Availability(ctx, "2026-11-23", 1, "forge-9"); keyOf(err) != booking.KeyResourceUnknown {
			t.Fatalf("unknown resource: %v", err)
		}
	})
}

// TestDSTStore books in Berlin across the spring-forward night: the
// stored UTC times are the wall-clock times of the day they were booked
// for, and the day views and quotas agree.
func TestDSTStore(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		berlin, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			t.Fatal(err)
		}
		clock := mock.NewClock(time.Date(2026, 3, 27, 12, 0, 0, 0, berlin)) // Friday, UTC+1
		s := e.openAt(t, e.fresh(t), clock, berlin)
		saturday := mustBook(t, s, booking.Request{Resource: "printer-1", Patron: adult, Start: time.Date(2026, 3, 28, 9, 0, 0, 0, berlin), Duration: time.Hour})
		monday := mustBook(t, s, booking.Request{Resource: "printer-1", Patron: adult, Start: time.Date(2026, 3, 30, 9, 0, 0, 0, berlin), Duration: time.Hour})
		if saturday.Start.Hour() != 8 || monday.Start.Hour() != 7 {
			t.Fatalf("UTC starts %v and %v, want 08:00 and 07:00 UTC", saturday.Start, monday.Start)
		}
		av, err := s.Availability(ctx, "2026-03-28", 3, "printer-1")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range av[0].Days {
			for _, sl := range d.Slots {
				if h := sl.Start.In(berlin).Hour(); h < 8 || h >= 16 {
					t.Errorf("%s slot at %v local", d.Date, sl.Start.In(berlin))
				}
			}
		}
		// 08:00 plus an hour and the buffer would run into 09:00.
		if sat := av[0].Days[0].Slots; sat[0].State != booking.SlotNoRoom || sat[1].State != booking.SlotTaken || sat[2].State != booking.SlotTaken || sat[3].State != booking.SlotFree {
			t.Errorf("Saturday 08:00 %v, 09:00 %v, 10:00 %v, 11:00 %v", sat[0].State, sat[1].State, sat[2].State, sat[3].State)
		}
		if mon := av[0].Days[2].Slots; mon[1].State != booking.SlotTaken || mon[2].State != booking.SlotTaken || mon[3].State != booking.SlotFree {
			t.Errorf("Monday 09:00 %v, 10:00 %v (buffer), 11:00 %v", mon[1].State, mon[2].State, mon[3].State)
		}
		// Saturday and Monday are in different weeks: Monday's week starts
		// at local midnight, which is 22:00 UTC on Sunday.
		u, err := sqlstore.Usage(ctx, s.SQL(), adult.Card, booking.KindPrinter3D, monday.Start, clock.Now(), berlin)
		if err != nil || u.Week != time.Hour || u.Day != time.Hour {
			t.Fatalf("Monday usage %+v %v", u, err)
		}
	})
}
