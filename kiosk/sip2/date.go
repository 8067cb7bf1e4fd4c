package sip2

import (
	"fmt"
	"strings"
	"time"
)

// Date layouts: 18 characters, YYYYMMDDZZZZHHMMSS, where ZZZZ is four
// spaces for local time or "   Z" for UTC.
const (
	dateLocal = "20060102    150405"
	dateUTC   = "20060102   Z150405"
)

// FormatDate writes t as a SIP2 date: in UTC with "   Z" when utc,
// else in loc with four spaces.
func FormatDate(t time.Time, loc *time.Location, utc bool) string {
	if utc {
		return t.UTC().Format(dateUTC)
	}
	return t.In(loc).Format(dateLocal)
}

// BlankDate is an 18-space date, "none" in a fixed field.
const BlankDate = "                  "

// ParseDate reads a SIP2 date, local to loc unless marked UTC, and
// tolerates what gateways send instead: a date with no time
// ("YYYYMMDD"), ISO forms ("YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS",
// RFC 3339) and surrounding spaces. A blank date is the zero time.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	if len(s) == 18 {
		if s[8:12] == "   Z" {
			return time.ParseInLocation(dateUTC, s, time.UTC)
		}
		if s[8:12] == "    " {
			return time.ParseInLocation(dateLocal, s, loc)
		}
	}
	t := strings.TrimSpace(s)
	for _, layout := range []string{"20060102", "2006-01-02", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "20060102 150405", "20060102150405"} {
		if v, err := time.ParseInLocation(layout, t, loc); err == nil {
			return v, nil
		}
	}
	if v, err := time.Parse(time.RFC3339, t); err == nil {
		return v, nil
	}
	return time.Time{}, fmt.Errorf("sip2: date %q: want YYYYMMDDZZZZHHMMSS", s)
}

// DueDate reads a due date; a date without a time of day (the gateways'
// YYYY-MM-DD) is due at the end of that day.
func DueDate(s string, loc *time.Location) (time.Time, error) {
	t, err := ParseDate(s, loc)
	if err != nil || t.IsZero() {
		return t, err
	}
	trimmed := strings.TrimSpace(s)
	if len(trimmed) == 8 || len(trimmed) == 10 {
		y, m, d := t.Date()
		return time.Date(y, m, d, 23, 59, 59, 0, loc), nil
	}
	return t, nil
}
