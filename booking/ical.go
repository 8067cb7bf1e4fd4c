package booking

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is an iCalendar (RFC 5545) export of bookings that staff
// calendars can subscribe to. It names no patron: each event says the
// resource, the booking code and the state.
type Calendar struct {
	Name string // X-WR-CALNAME, shown by calendar apps
	Site string // makes UIDs unique across libraries
	// Resources gives names and locations; a booking of a resource not
	// in it shows its id.
	Resources map[string]Resource
	Stamp     time.Time // DTSTAMP of every event: when the file was made
}

// Write writes the calendar with one VEVENT per booking. Cancelled and
// released bookings are written with STATUS:CANCELLED so that subscribed
// calendars drop them.
func (c Calendar) Write(w io.Writer, bookings []Booking) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeLine(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Anjungan//Makerspace bookings//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", escapeText(c.Name))
	}
	stamp := icalTime(c.Stamp)
	for _, b := range bookings {
		r, ok := c.Resources[b.Resource]
		name := b.Resource
		if ok && r.Name != "" {
			name = r.Name
		}
		line("BEGIN", "VEVENT")
		line("UID", b.UID(c.Site))
		line("DTSTAMP", stamp)
		line("SEQUENCE", strconv.Itoa(b.Sequence()))
		line("LAST-MODIFIED", icalTime(b.Modified()))
		line("DTSTART", icalTime(b.Start))
		line("DTEND", icalTime(b.End))
		line("SUMMARY", escapeText(name+" ("+b.Code+")"))
		if ok && r.Location != "" {
			line("LOCATION", escapeText(r.Location))
		}
		line("DESCRIPTION", escapeText(fmt.Sprintf("Booking %s, %s. State: %s.", b.Code, name, b.State)))
		status := "CONFIRMED"
		if b.State == Cancelled || b.State == NoShow {
			status = "CANCELLED"
		}
		line("STATUS", status)
		line("TRANSP", "OPAQUE")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// UID is the booking's calendar identity: the same in every export from
// any kiosk, and no other booking's anywhere. Row ids are per database
// (two kiosks with their own files both have a booking 1); the code with
// the moment it was made, at the site, is not.
func (b Booking) UID(site string) string {
	return fmt.Sprintf("%s-%d@%s.anjungan", b.Code, b.Created.Unix(), site)
}

// Sequence counts the booking's changes of state (RFC 5545's SEQUENCE:
// calendars take the event with the higher one): 0 when confirmed, 1
// checked in, cancelled or released, 2 completed.
func (b Booking) Sequence() int {
	switch b.State {
	case Confirmed:
		return 0
	case Completed:
		return 2
	}
	return 1
}

// Modified is when the booking last changed.
func (b Booking) Modified() time.Time {
	t := b.Created
	for _, u := range []time.Time{b.CheckedIn, b.Closed} {
		if u.After(t) {
			t = u
		}
	}
	return t
}

// icalTime is a UTC DATE-TIME: 20261124T020000Z.
func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value: backslash, semicolon, comma and line
// breaks (RFC 5545 3.3.11); other control characters are dropped.
func escapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\', r == ';', r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			// CR, tabs and other controls are not allowed in TEXT.
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeLine writes a content line folded at 75 octets, never inside a
// UTF-8 sequence, ending in CRLF (RFC 5545 3.1).
func writeLine(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
