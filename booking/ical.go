package booking

import (
	"bufio"
	"fmt"
	"io"
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
		line("UID", fmt.Sprintf("booking-%d@%s.anjungan", b.ID, c.Site))
		line("DTSTAMP", stamp)
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
