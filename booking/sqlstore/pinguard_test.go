package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// TestPINGuard: wrong PINs counted in the store lock a card for every
// kiosk and web server on it: two guards on one database (a kiosk and
// the web) count together.
func TestPINGuard(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		clock := mock.NewClock(monday)
		where := e.fresh(t)
		kiosk := &sqlstore.PINGuard{Store: e.openAt(t, where, clock, jakarta), Max: 3, For: 15 * time.Minute}
		web := &sqlstore.PINGuard{Store: e.openBare(t, where, clock, jakarta), Max: 3, For: 15 * time.Minute}
		card := "20000001"
		if until, left, err := kiosk.Fail(ctx, card, clock.Now()); err != nil || !until.IsZero() || left != 2 {
			t.Fatalf("first: %v %d %v", until, left, err)
		}
		if _, left, _ := web.Fail(ctx, card, clock.Now()); left != 1 {
			t.Fatalf("second, on the web: %d left", left)
		}
		until, left, err := kiosk.Fail(ctx, card, clock.Now())
		if err != nil || !until.Equal(clock.Now().Add(15*time.Minute)) || left != 0 {
			t.Fatalf("third: %v %d %v", until, left, err)
		}
		if _, locked, _ := web.Locked(ctx, card, clock.Now().Add(14*time.Minute)); !locked {
			t.Fatal("locked at the kiosk, not on the web")
		}
		if _, locked, _ := web.Locked(ctx, "20000002", clock.Now()); locked {
			t.Fatal("another card locked")
		}
		if _, locked, _ := kiosk.Locked(ctx, card, clock.Now().Add(15*time.Minute)); locked {
			t.Fatal("still locked when the time is up")
		}
		// Strikes a quiet spell apart do not add up.
		clock.Set(monday.Add(time.Hour))
		kiosk.Fail(ctx, card, clock.Now())
		clock.Set(monday.Add(2 * time.Hour))
		if _, left, _ := kiosk.Fail(ctx, card, clock.Now()); left != 2 {
			t.Fatalf("after a quiet hour: %d left, want 2", left)
		}
		// The right PIN clears the count.
		if err := web.Clear(ctx, card); err != nil {
			t.Fatal(err)
		}
		if _, left, _ := kiosk.Fail(ctx, card, clock.Now()); left != 2 {
			t.Fatalf("after a clear: %d left, want 2", left)
		}
	})
}

// TestPINGuardAnyCase: the store counts a card's wrong PINs whatever its
// case.
func TestPINGuardAnyCase(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		clock := mock.NewClock(monday)
		g := &sqlstore.PINGuard{Store: e.openAt(t, e.fresh(t), clock, jakarta), Max: 2, For: time.Minute}
		g.Fail(context.Background(), "m0001", clock.Now())
		if until, _, _ := g.Fail(context.Background(), "M0001 ", clock.Now()); until.IsZero() {
			t.Fatal("two spellings counted apart")
		}
	})
}
