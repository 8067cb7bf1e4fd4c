package kiosk

import (
	"log/slog"
	"strings"
	"time"
)

// PatronStatus is the standing of a library card.
type PatronStatus string

// Patron statuses. Blocked means the card itself is stopped (lost, stolen,
// barred by staff); being over a fines or overdue limit is a circulation
// block, reported per request, not a card status.
const (
	PatronActive  PatronStatus = "active"
	PatronBlocked PatronStatus = "blocked"
)

// Patron is a library member as the kiosk needs to know them. It carries no
// PIN or PIN hash.
type Patron struct {
	Card     string
	Name     string
	Category string
	Expires  time.Time // end of the last valid day, library time
	Status   PatronStatus
	// BirthDate is the calendar date of birth (at midnight UTC), zero
	// when the library system does not say. Age rules need it.
	BirthDate time.Time
	// Notices are what the patron should hear on arrival: blocks the
	// library system reports (SIP2 patron status flags).
	Notices []Message
}

// Credentials identify a patron to the library system for one session. The
// PIN is held only while the session lasts and is never logged.
type Credentials struct {
	Card string
	PIN  string
}

// String keeps the PIN out of any formatted output and masks the card.
func (c Credentials) String() string { return "card " + MaskCard(c.Card) }

// LogValue keeps the PIN out of structured logs and masks the card.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MaskCard shows only the last four characters of a card number, for logs
// and screens: "**********1234".
func MaskCard(card string) string {
	r := []rune(card)
	if len(r) <= 4 {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
}

// FirstName returns the first word of a name, for a friendly greeting that
// does not put the full name on a public screen.
func FirstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
