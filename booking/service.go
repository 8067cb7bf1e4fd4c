package booking

import (
	"context"
	"time"
)

// Service is the makerspace as the kiosk and staff tools see it. The
// SQLite store implements it; a shared server serving several kiosks can
// implement it later. Patron-facing failures are *kiosk.Error values whose
// keys are this package's Key constants.
type Service interface {
	// Resources lists every resource, sorted by kind and name, with its
	// live state.
	Resources(ctx context.Context) ([]Resource, error)
	Resource(ctx context.Context, id string) (Resource, error)
	// Availability returns, for the named resources or for all when none
	// is named, the state now and the day views of n days from day from.
	Availability(ctx context.Context, from Date, n int, resources ...string) ([]Availability, error)
	// Book checks every rule and creates a confirmed booking, or refuses
	// with the rule's key; a slot taken in the meantime is ECONFLICT with
	// KeySlotTaken.
	Book(ctx context.Context, req Request) (Booking, error)
	// Cancel cancels a confirmed booking. A patron may cancel only their
	// own bookings and only until the cancellation deadline; staff may
	// cancel any confirmed booking.
	Cancel(ctx context.Context, id int64, by Actor) (Booking, error)
	// CheckIn checks a confirmed booking in during its check-in window.
	CheckIn(ctx context.Context, id int64, kiosk string) (Booking, error)
	Booking(ctx context.Context, id int64) (Booking, error)
	// ByCode finds a booking by its short code.
	ByCode(ctx context.Context, code string) (Booking, error)
	// Upcoming lists a patron's confirmed and checked-in bookings that
	// have not ended, soonest first.
	Upcoming(ctx context.Context, patron string) ([]Booking, error)
	// Bookings lists the bookings that start on a day, every state, for
	// staff.
	Bookings(ctx context.Context, day Date) ([]Booking, error)
	// Sweep releases confirmed bookings whose check-in window has passed
	// as no-shows and completes checked-in bookings that have ended; it
	// returns the bookings it changed.
	Sweep(ctx context.Context) ([]Booking, error)
}

// CheckinWindow is the period in which b can be checked in under r.
func CheckinWindow(b Booking, r Rules) Period {
	return Period{Start: b.Start.Add(-r.CheckinBefore), End: b.Start.Add(r.CheckinAfter)}
}

// CancelDeadline is the last instant a patron may cancel b under r.
func CancelDeadline(b Booking, r Rules) time.Time { return b.Start.Add(-r.CancelBefore) }
