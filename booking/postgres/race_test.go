package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
)

// TestCancelMeetsCheckIn: a patron cancels on a phone while a kiosk checks
// the same booking in, again and again: one wins each time, and the other
// hears why in the patron's words — never an internal error.
func TestCancelMeetsCheckIn(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	phone, kiosk1 := open(t, url), open(t, url)
	ctx := context.Background()
	if err := phone.SeedDemo(ctx, "20000001"); err != nil {
		t.Fatal(err)
	}
	start := booking.Date("2030-01-07").At(8*60, jakarta) // a Monday
	phone.Now = func() time.Time { return start.Add(-5 * time.Minute) }
	kiosk1.Now = phone.Now
	phone.SetMaxActive(ctx, 0)
	for i := range 16 {
		b, err := phone.Book(ctx, booking.Request{Resource: []string{"pc-1", "pc-2"}[i%2], Patron: booking.Patron{Card: "20000001"},
			Start: start.Add(time.Duration(i/2) * time.Hour), Duration: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		at := b.Start.Add(-5 * time.Minute)
		phone.Now = func() time.Time { return at }
		kiosk1.Now = phone.Now
		var errs [2]error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); _, errs[0] = phone.Cancel(ctx, b.ID, booking.Actor{Staff: "web"}) }()
		go func() { defer wg.Done(); _, errs[1] = kiosk1.CheckIn(ctx, b.ID, "k1") }()
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case kiosk.ErrorCode(err) == kiosk.EINTERNAL:
				t.Fatalf("round %d: an internal error: %v", i, err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: cancel %v, check-in %v: want exactly one to win", i, errs[0], errs[1])
		}
	}
}
