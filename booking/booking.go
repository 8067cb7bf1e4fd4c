package booking

import (
	"log/slog"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Booking is one reservation of a resource by a patron.
type Booking struct {
	ID       int64
	Code     string // short code for people: "K7M2QX"
	Resource string
	Patron   string // card
	Category string // the patron's category when booked, for reports
	Start    time.Time
	End      time.Time
	// BlockEnd is End plus the resource's buffer: the slot is held until
	// then.
	BlockEnd  time.Time
	State     State
	Created   time.Time
	CheckedIn time.Time // zero until checked in
	Closed    time.Time // when it was completed, cancelled or released
	ClosedBy  string    // "patron", "staff:<name>" or "system"
	Kiosk     string    // where it was booked
}

// Duration is the booked time, without the buffer.
func (b Booking) Duration() time.Duration { return b.End.Sub(b.Start) }

// Blocked is the interval the booking holds its resource.
func (b Booking) Blocked() Period { return Period{Start: b.Start, End: b.BlockEnd} }

// LogValue keeps the card out of logs.
func (b Booking) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int64("id", b.ID),
		slog.String("resource", b.Resource),
		slog.String("patron", kiosk.MaskCard(b.Patron)),
		slog.Time("start", b.Start),
		slog.String("state", string(b.State)),
	)
}

// Patron is what booking rules need to know about a patron.
type Patron struct {
	Card      string
	Category  string
	BirthDate time.Time // zero when the library system does not say
}

// PatronOf takes the booking facts from an authenticated kiosk patron.
func PatronOf(p kiosk.Patron) Patron {
	return Patron{Card: p.Card, Category: p.Category, BirthDate: p.BirthDate}
}

// AgeAt returns the patron's age in whole years on day d, and false when
// the birth date is unknown.
func (p Patron) AgeAt(t time.Time, loc *time.Location) (int, bool) {
	if p.BirthDate.IsZero() {
		return 0, false
	}
	by, bm, bd := p.BirthDate.Date()
	y, m, d := t.In(loc).Date()
	age := y - by
	if m < bm || (m == bm && d < bd) {
		age--
	}
	return age, true
}

// Request asks for a booking.
type Request struct {
	Resource string
	Patron   Patron
	Start    time.Time
	Duration time.Duration
	Kiosk    string
}

// Actor is who changes a booking: a patron (by card) or staff (by name).
type Actor struct {
	Patron string
	Staff  string
}

// String is the ClosedBy form: "patron", "staff:<name>" or "system".
func (a Actor) String() string {
	switch {
	case a.Staff != "":
		return "staff:" + a.Staff
	case a.Patron != "":
		return "patron"
	}
	return "system"
}
