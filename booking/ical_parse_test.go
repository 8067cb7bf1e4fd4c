package booking_test

import (
	"bytes"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/anjungan/anjungan/booking"
)

// TestCalendarParses reads the export back with an iCalendar library, as
// a calendar app would: two kiosks with their own databases (the same
// row ids) give events with different UIDs; a booking's UID stays the
// same as its state changes while SEQUENCE and LAST-MODIFIED go up.
func TestCalendarParses(t *testing.T) {
	made := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	start := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
	a := booking.Booking{ID: 1, Code: "K7M2QX", Resource: "printer-1", Start: start, End: start.Add(2 * time.Hour), State: booking.Confirmed, Created: made}
	b := booking.Booking{ID: 1, Code: "Q4ZP9L", Resource: "printer-1", Start: start.Add(4 * time.Hour), End: start.Add(5 * time.Hour), State: booking.Confirmed, Created: made.Add(time.Minute)}
	in := a
	in.State, in.CheckedIn = booking.CheckedIn, start.Add(-5*time.Minute)
	done := in
	done.State, done.Closed = booking.Completed, start.Add(2*time.Hour)
	gone := a
	gone.State, gone.Closed = booking.Cancelled, made.Add(time.Hour)

	events := func(bs ...booking.Booking) []ical.Event {
		t.Helper()
		var buf bytes.Buffer
		c := booking.Calendar{Name: "Ruang Kreatif", Site: "jakpus", Stamp: made.Add(48 * time.Hour)}
		if err := c.Write(&buf, bs); err != nil {
			t.Fatal(err)
		}
		cal, err := ical.NewDecoder(&buf).Decode()
		if err != nil {
			t.Fatalf("not iCalendar: %v\n%s", err, buf.String())
		}
		return cal.Events()
	}
	two := events(a, b)
	if len(two) != 2 {
		t.Fatalf("%d events", len(two))
	}
	uid := func(e ical.Event) string { v, _ := e.Props.Text(ical.PropUID); return v }
	if uid(two[0]) == uid(two[1]) {
		t.Fatalf("two bookings 1 from two kiosks share the UID %s", uid(two[0]))
	}
	prev := -1
	var prevMod time.Time
	for _, x := range []booking.Booking{a, in, done} {
		e := events(x)[0]
		if uid(e) != uid(two[0]) {
			t.Fatalf("%s: UID changed to %s", x.State, uid(e))
		}
		seq, err := e.Props.Get(ical.PropSequence).Int()
		if err != nil || seq <= prev {
			t.Fatalf("%s: SEQUENCE %d after %d (%v)", x.State, seq, prev, err)
		}
		mod, err := e.Props.DateTime(ical.PropLastModified, time.UTC)
		if err != nil || (prev >= 0 && !mod.After(prevMod)) {
			t.Fatalf("%s: LAST-MODIFIED %v after %v (%v)", x.State, mod, prevMod, err)
		}
		prev, prevMod = seq, mod
	}
	e := events(gone)[0]
	if st, _ := e.Props.Text(ical.PropStatus); st != "CANCELLED" {
		t.Fatalf("cancelled booking has STATUS %q", st)
	}
	if seq, _ := e.Props.Get(ical.PropSequence).Int(); seq != 1 {
		t.Fatalf("cancelled booking has SEQUENCE %d", seq)
	}
}
