package web

import (
	"context"
	"net/url"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// choice is what a patron picked on a resource's day: the resource and
// its days in the advance window, the day, the start and the length.
type choice struct {
	res  booking.Resource
	days []booking.Day // today onwards
	day  int           // index into days
	slot int           // index into days[day].Slots; -1 for none
	dur  time.Duration // 0 for none
}

// problem is what is wrong with a pick: the field ("day", "time",
// "duration"; "" for the resource) and its message.
type problem struct {
	field string
	err   error
}

func (p *problem) Error() string { return p.field + ": " + p.err.Error() }

// loadChoice loads resource id and its days, with nothing picked yet.
func (s *Server) loadChoice(ctx context.Context, id string) (choice, error) {
	if _, err := parseResourceID(id); err != nil {
		return choice{}, err
	}
	res, err := s.Booking.Resource(ctx, id)
	if err != nil {
		return choice{}, err
	}
	av, err := s.Booking.Availability(ctx, s.today(), res.Rules.AdvanceDays+1, id)
	if err != nil {
		return choice{}, err
	}
	if len(av) == 0 {
		return choice{}, kiosk.Errorf(kiosk.ENOTFOUND, booking.KeyResourceUnknown)
	}
	c := choice{res: av[0].Resource, days: av[0].Days, slot: -1}
	for i, d := range c.days { // the first day with a free time, as at the kiosk
		if d.Free() {
			c.day = i
			break
		}
	}
	return c, nil
}

// pick applies the form's day, time and duration to c, each when given
// or when required; it stops at the first bad one.
func (s *Server) pick(c *choice, form url.Values, required bool) *problem {
	day, clock, dur := form.Get("day"), form.Get("time"), form.Get("duration")
	if day == "" && !required {
		return nil
	}
	d, err := parseDay(day)
	if err == nil {
		err = dayInWindow(d, s.today(), c.res.Rules.AdvanceDays)
	}
	if err == nil && c.days[0].Date.DaysUntil(d) >= len(c.days) {
		err = kiosk.Errorf(kiosk.EINVALID, KeyBadDay)
	}
	if err != nil {
		return &problem{"day", err}
	}
	c.day = c.days[0].Date.DaysUntil(d)
	if clock == "" && !required {
		return nil
	}
	if _, err := parseClock(clock); err != nil {
		return &problem{"time", err}
	}
	c.slot = -1
	for i, sl := range c.days[c.day].Slots {
		if s.clock(sl.Start) == clock && sl.State == booking.SlotFree {
			c.slot = i
		}
	}
	if c.slot < 0 {
		return &problem{"time", kiosk.Errorf(kiosk.ECONFLICT, KeyTimeNotFree, "time", clock)}
	}
	offered := c.days[c.day].Slots[c.slot].Durations(c.res.Rules)
	if dur == "" && !required {
		c.dur = offered[0]
		return nil
	}
	n, err := parseDuration(dur)
	if err != nil {
		return &problem{"duration", err}
	}
	for _, o := range offered {
		if o == n {
			c.dur = n
			return nil
		}
	}
	return &problem{"duration", kiosk.Errorf(kiosk.EINVALID, KeyBadDuration)}
}

// start is the chosen start; call only with a slot picked.
func (c choice) start() time.Time { return c.days[c.day].Slots[c.slot].Start }

// form is the choice as the hidden fields of the next form.
func (c choice) form(s *Server) (day, clock string, minutes int) {
	return string(c.days[c.day].Date), s.clock(c.start()), int(c.dur / time.Minute)
}
