package booking

import "time"

// Next is the resource's next confirmed booking among bs, the one with the
// earliest start after now; false when there is none.
func Next(bs []Booking, resource string, now time.Time) (Booking, bool) {
	var next Booking
	found := false
	for _, b := range bs {
		if b.Resource != resource || b.State != Confirmed || !b.Start.After(now) {
			continue
		}
		if !found || b.Start.Before(next.Start) {
			next, found = b, true
		}
	}
	return next, found
}

// Overrun is the rule staff are warned by: a job on a machine that ends at
// finish overruns when it is still running as the resource's next
// confirmed booking (among bs, after now) starts. It returns that booking.
// A job with no known finish never overruns.
func Overrun(bs []Booking, resource string, now, finish time.Time) (Booking, bool) {
	if finish.IsZero() {
		return Booking{}, false
	}
	next, ok := Next(bs, resource, now)
	if !ok || !finish.After(next.Start) {
		return Booking{}, false
	}
	return next, true
}
