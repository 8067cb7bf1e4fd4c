package web

import (
	"strconv"
	"time"

	"github.com/anjungan/anjungan/booking"
)

// clock is a wall time in the library's zone: "08:00".
func (s *Server) clock(t time.Time) string { return t.In(s.Location).Format("15:04") }

// dayLabel names a day for a patron: today, tomorrow, else "Sen 24 Nov
// 2026".
func (p *page) dayLabel(d, today booking.Date) string {
	switch today.DaysUntil(d) {
	case 0:
		return p.T("day.today")
	case 1:
		return p.T("day.tomorrow")
	}
	return p.T("weekday."+strconv.Itoa(int(d.Weekday()))) + " " + p.s.catalog.Date(p.Lang, d.At(12*60, p.s.Location))
}

// duration says a length: "30 min", "2 h", "1 h 30 min".
func (p *page) duration(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return p.T("duration.minutes", "m", strconv.Itoa(m))
	case m == 0:
		return p.T("duration.hours", "h", strconv.Itoa(h))
	}
	return p.T("duration.hours_minutes", "h", strconv.Itoa(h), "m", strconv.Itoa(m))
}

// when says a booking's time: "23 Nov 2026 08:00–10:00".
func (p *page) when(start, end time.Time) string {
	loc := p.s.Location
	return p.s.catalog.Date(p.Lang, start.In(loc)) + " " + p.s.clock(start) + "–" + p.s.clock(end)
}

// kind names a resource's kind, or says "equipment" for one without a
// text.
func (p *page) kind(k string) string {
	if p.s.catalog.Has(p.Lang, "kind."+k) {
		return p.T("kind." + k)
	}
	return p.T("kind.other")
}
