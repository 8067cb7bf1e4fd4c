package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/mock"
)

func TestCancel(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		// The studio may be cancelled by patrons until 2 h before the start.
		tests := []struct {
			name  string
			now   time.Time
			by    booking.Actor
			prior func(*sqlstore.Store, booking.Booking)
			key   string
		}{
			{"patron in time", at(24, 6, 0), booking.Actor{Patron: adult.Card}, nil, ""},
			{"patron at the deadline", at(24, 7, 0), booking.Actor{Patron: adult.Card}, nil, ""},
			{"patron too late", at(24, 7, 1), booking.Actor{Patron: adult.Card}, nil, booking.KeyCancelTooLate},
			{"staff late", at(24, 8, 50), booking.Actor{Staff: "ani"}, nil, ""},
			{"someone else's", at(24, 6, 0), booking.Actor{Patron: teen.Card}, nil, booking.KeyNotYours},
			{"twice", at(24, 6, 0), booking.Actor{Patron: adult.Card}, func(s *sqlstore.Store, b booking.Booking) {
				s.Cancel(ctx, b.ID, booking.Actor{Patron: adult.Card})
			}, booking.KeyNotCancellable},
			{"checked in", at(24, 8, 50), booking.Actor{Staff: "ani"}, func(s *sqlstore.Store, b booking.Booking) {
				if _, err := s.CheckIn(ctx, b.ID, "k1"); err != nil {
					panic(err)
				}
			}, booking.KeyNotCancellable},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				clock := mock.NewClock(monday)
				s := e.openStore(t, clock)
				b := mustBook(t, s, req("studio", adult, at(24, 9, 0), time.Hour))
				clock.Set(tt.now)
				if tt.prior != nil {
					tt.prior(s, b)
				}
				got, err := s.Cancel(ctx, b.ID, tt.by)
				if keyOf(err) != tt.key {
					t.Fatalf("Cancel = %v, want %q", err, tt.key)
				}
				if err != nil {
					return
				}
				stored, _ := s.Booking(ctx, b.ID)
				if got.State != booking.Cancelled || stored.State != booking.Cancelled || stored.ClosedBy != tt.by.String() || !stored.Closed.Equal(tt.now) {
					t.Fatalf("after cancel: %+v", stored)
				}
			})
		}
	})
}

func TestCheckIn(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		tests := []struct {
			name string
			now  time.Time
			key  string
		}{
			{"too early", at(24, 8, 44), booking.KeyCheckinEarly},
			{"window opens", at(24, 8, 45), ""},
			{"on time", at(24, 9, 0), ""},
			{"last second", at(24, 9, 14).Add(59 * time.Second), ""},
			{"too late", at(24, 9, 15), booking.KeyCheckinLate},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				clock := mock.NewClock(monday)
				s := e.openStore(t, clock)
				b := mustBook(t, s, req("pc-1", adult, at(24, 9, 0), time.Hour))
				clock.Set(tt.now)
				got, err := s.CheckIn(ctx, b.ID, "k2")
				if keyOf(err) != tt.key {
					t.Fatalf("CheckIn = %v, want %q", err, tt.key)
				}
				if err == nil && (got.State != booking.CheckedIn || !got.CheckedIn.Equal(tt.now.Truncate(time.Second))) {
					t.Fatalf("checked in: %+v", got)
				}
				if err == nil {
					if _, err := s.CheckIn(ctx, b.ID, "k2"); keyOf(err) != booking.KeyAlreadyCheckedIn {
						t.Fatalf("second check-in: %v", err)
					}
				}
			})
		}
	})
}

// TestSweep walks one day on the fake clock: a no-show is released at the
// end of its window and its slot becomes bookable; a checked-in booking is
// completed at its end; a cancelled one stays cancelled.
func TestSweep(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		clock := mock.NewClock(monday)
		s := e.openStore(t, clock)
		noShow := mustBook(t, s, req("pc-1", adult, at(23, 9, 0), 2*time.Hour))
		came := mustBook(t, s, req("pc-2", adult, at(23, 9, 0), time.Hour))
		gone := mustBook(t, s, req("sewing-1", adult, at(23, 10, 0), time.Hour))
		s.Cancel(ctx, gone.ID, booking.Actor{Staff: "ani"})

		clock.Set(at(23, 9, 5))
		if _, err := s.CheckIn(ctx, came.ID, "k1"); err != nil {
			t.Fatal(err)
		}
		if changed, err := s.Sweep(ctx); err != nil || len(changed) != 0 {
			t.Fatalf("sweep at 09:05: %v %v", changed, err)
		}
		if _, err := s.Book(ctx, req("pc-1", teen, at(23, 10, 0), time.Hour)); keyOf(err) != booking.KeySlotTaken {
			t.Fatalf("before release: %v", err)
		}
		clock.Set(at(23, 9, 15))
		changed, err := s.Sweep(ctx)
		if err != nil || len(changed) != 1 || changed[0].ID != noShow.ID || changed[0].State != booking.NoShow || changed[0].ClosedBy != "system" {
			t.Fatalf("sweep at 09:15: %+v %v", changed, err)
		}
		if _, err := s.CheckIn(ctx, noShow.ID, "k1"); keyOf(err) != booking.KeyBookingReleased {
			t.Fatalf("check-in after release: %v", err)
		}
		mustBook(t, s, req("pc-1", teen, at(23, 10, 0), time.Hour))
		clock.Set(at(23, 10, 0))
		changed, err = s.Sweep(ctx)
		if err != nil || len(changed) != 1 || changed[0].ID != came.ID || changed[0].State != booking.Completed {
			t.Fatalf("sweep at 10:00: %+v %v", changed, err)
		}
		if b, _ := s.Booking(ctx, gone.ID); b.State != booking.Cancelled {
			t.Fatalf("cancelled booking now %s", b.State)
		}
	})
}

// TestRunReleases runs the owned loop on a fake clock: the release happens
// once the clock passes the window, OnSweep hears of it, and Run returns
// when its context ends.
func TestRunReleases(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx, cancel := context.WithCancel(context.Background())
		clock := mock.NewClock(monday)
		s := e.openStore(t, clock)
		b := mustBook(t, s, req("pc-1", adult, at(23, 9, 0), time.Hour))
		swept := make(chan []booking.Booking, 10)
		s.SweepEvery = time.Millisecond
		s.OnSweep = func(bs []booking.Booking) { swept <- bs }
		done := make(chan error)
		go func() { done <- s.Run(ctx) }()
		clock.Set(at(23, 9, 14))
		select {
		case bs := <-swept:
			t.Fatalf("released before the window closed: %+v", bs)
		case <-time.After(50 * time.Millisecond):
		}
		clock.Set(at(23, 9, 15))
		select {
		case bs := <-swept:
			if len(bs) != 1 || bs[0].ID != b.ID || bs[0].State != booking.NoShow {
				t.Fatalf("swept %+v", bs)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no release")
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not stop")
		}
	})
}
