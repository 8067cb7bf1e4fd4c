package slims

import (
	"fmt"
	"strings"
	"time"
)

// date is a calendar day, as SLiMS's DATE columns hold it: midnight UTC
// of that day, whatever the library's zone, so that day arithmetic never
// meets a DST change.
type date struct{ t time.Time }

// dayOf is the calendar day of t in loc.
func dayOf(t time.Time, loc *time.Location) date {
	y, m, d := t.In(loc).Date()
	return date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func mkdate(y int, m time.Month, d int) date { return date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// parseDate reads a DATE column ("2026-12-01"). SLiMS's zero date
// "0000-00-00" reads as the zero date (long past).
func parseDate(s string) (date, error) {
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s[:min(len(s), 10)])
	if err != nil {
		return date{}, fmt.Errorf("date %q: %w", s, err)
	}
	return date{t}, nil
}

func (d date) String() string        { return d.t.Format(time.DateOnly) }
func (d date) add(days int) date     { return date{d.t.AddDate(0, 0, days)} }
func (d date) after(e date) bool     { return d.t.After(e.t) }
func (d date) before(e date) bool    { return d.t.Before(e.t) }
func (d date) isZero() bool          { return d.t.IsZero() }
func (d date) weekday() time.Weekday { return d.t.Weekday() }
func (d date) daysSince(e date) int  { return int(d.t.Sub(e.t) / (24 * time.Hour)) }
func (d date) sameDay(e date) bool   { return d.t.Equal(e.t) }

// start is the day's first moment in loc.
func (d date) start(loc *time.Location) time.Time {
	y, m, dd := d.t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// lastMoment is the day's last second in loc: a loan due that day is late
// only from the next.
func (d date) lastMoment(loc *time.Location) time.Time {
	y, m, dd := d.t.Date()
	return time.Date(y, m, dd, 23, 59, 59, 0, loc)
}

// dayNames are SLiMS's weekly day-off names (holiday.holiday_dayname of
// rows without a date), lower case as its holiday screen stores them.
var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// calendar is the library's days off: weekly ones and dated holidays
// (table holiday).
type calendar struct {
	weekly map[time.Weekday]bool
	dates  map[date]bool
}

// addRow takes one holiday row. A row without a date is a weekly day off
// named in lower case ("sun"), compared as SLiMS compares it: a "Sun"
// typed into the table by hand is not one, in SLiMS or here.
func (c *calendar) addRow(dayname string, day *date) {
	if c.weekly == nil {
		c.weekly, c.dates = map[time.Weekday]bool{}, map[date]bool{}
	}
	if day != nil {
		c.dates[*day] = true
		return
	}
	if wd, ok := dayNames[dayname]; ok {
		c.weekly[wd] = true
	}
}

func (c *calendar) holiday(d date) bool { return c.dates[d] || c.weekly[d.weekday()] }

// due is a loan's due date from start: start plus period days, moved on
// to the first day that is no holiday, then capped at the member's
// expiry (after the move, as SLiMS does: a capped date may be a holiday).
// A period under 1 is start itself.
func (c *calendar) due(start date, period int, expires date) date {
	d := start
	if period > 0 {
		d = start.add(period)
	}
	// Seven weekly days off would never end; SLiMS's screen allows six.
	for i := 0; i < 3660 && c.holiday(d); i++ {
		d = d.add(1)
	}
	if !expires.isZero() && d.after(expires) {
		d = expires
	}
	return d
}

// holidaysIn counts the holidays in [from, to], both days included.
func (c *calendar) holidaysIn(from, to date) int {
	n := 0
	for d := from; !d.after(to); d = d.add(1) {
		if c.holiday(d) {
			n++
		}
	}
	return n
}
