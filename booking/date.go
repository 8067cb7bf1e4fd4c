package booking

import (
	"fmt"
	"time"
)

// Date is a calendar day in the library's time zone, "2006-01-02".
type Date string

const dateLayout = "2006-01-02"

// DateOf returns the day t falls on in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	return Date(t.In(loc).Format(dateLayout))
}

// ParseDate checks and returns a "YYYY-MM-DD" day.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return "", fmt.Errorf("booking: date %q: want YYYY-MM-DD", s)
	}
	return Date(t.Format(dateLayout)), nil
}

func (d Date) civil() (y int, m time.Month, day int) {
	t, err := time.Parse(dateLayout, string(d))
	if err != nil {
		return 1, 1, 1
	}
	return t.Date()
}

// Midnight returns the start of the day in loc. On a day whose midnight a
// DST change skips it is the first instant of the day.
func (d Date) Midnight(loc *time.Location) time.Time {
	y, m, day := d.civil()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// At returns the instant the wall clock in loc shows min minutes after
// midnight on day d (min may be 1440, the end of the day). Wall times a
// DST change skips are moved forward as time.Date does.
func (d Date) At(min int, loc *time.Location) time.Time {
	y, m, day := d.civil()
	return time.Date(y, m, day, min/60, min%60, 0, 0, loc)
}

// AddDays returns the day n days later (earlier for negative n).
func (d Date) AddDays(n int) Date {
	y, m, day := d.civil()
	return Date(time.Date(y, m, day+n, 12, 0, 0, 0, time.UTC).Format(dateLayout))
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday {
	y, m, day := d.civil()
	return time.Date(y, m, day, 12, 0, 0, 0, time.UTC).Weekday()
}

// WeekStart returns the Monday of d's week (weeks run Monday to Sunday, as
// in Indonesia and ISO 8601).
func (d Date) WeekStart() Date {
	wd := int(d.Weekday()+6) % 7 // Monday 0 … Sunday 6
	return d.AddDays(-wd)
}

// DaysUntil returns the number of days from d to e.
func (d Date) DaysUntil(e Date) int {
	y1, m1, d1 := d.civil()
	y2, m2, d2 := e.civil()
	a := time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)
	b := time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a) / (24 * time.Hour))
}
