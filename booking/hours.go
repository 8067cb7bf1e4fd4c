package booking

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Span is an opening period of a day in wall-clock minutes after midnight,
// Open inclusive, Close exclusive; Close may be 1440 (midnight).
type Span struct {
	Open, Close int
}

// Hours are the opening periods per weekday (time.Sunday = 0). A weekday
// without spans is closed.
type Hours [7][]Span

// ParseSpan reads "09:00-17:00".
func ParseSpan(s string) (Span, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Span{}, fmt.Errorf("booking: hours %q: want HH:MM-HH:MM", s)
	}
	o, err1 := parseClock(a)
	c, err2 := parseClock(b)
	if err1 != nil || err2 != nil {
		return Span{}, fmt.Errorf("booking: hours %q: want HH:MM-HH:MM", s)
	}
	if c <= o {
		return Span{}, fmt.Errorf("booking: hours %q: closes before it opens", s)
	}
	return Span{Open: o, Close: c}, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) == 0 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("bad clock %q", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad clock %q", s)
	}
	return hh*60 + mm, nil
}

func (s Span) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", s.Open/60, s.Open%60, s.Close/60, s.Close%60)
}

// ParseSpans reads "09:00-12:00,13:00-17:00"; "" or "closed" is no spans.
func ParseSpans(s string) ([]Span, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "closed") {
		return nil, nil
	}
	var out []Span
	for _, part := range strings.Split(s, ",") {
		sp, err := ParseSpan(part)
		if err != nil {
			return nil, err
		}
		if len(out) > 0 && sp.Open < out[len(out)-1].Close {
			return nil, fmt.Errorf("booking: hours %q: periods overlap or are out of order", s)
		}
		out = append(out, sp)
	}
	return out, nil
}

// FormatSpans writes spans as ParseSpans reads them.
func FormatSpans(spans []Span) string {
	if len(spans) == 0 {
		return "closed"
	}
	parts := make([]string, len(spans))
	for i, sp := range spans {
		parts[i] = sp.String()
	}
	return strings.Join(parts, ",")
}

// Periods returns the day's opening periods as instants in loc.
func (h Hours) Periods(d Date, loc *time.Location) []Period {
	spans := h[d.Weekday()]
	out := make([]Period, 0, len(spans))
	for _, sp := range spans {
		out = append(out, Period{Start: d.At(sp.Open, loc), End: d.At(sp.Close, loc)})
	}
	return out
}

// Period is an interval of absolute time, Start inclusive, End exclusive.
type Period struct {
	Start, End time.Time
}

// Overlaps reports whether p and q share an instant.
func (p Period) Overlaps(q Period) bool { return p.Start.Before(q.End) && q.Start.Before(p.End) }

// Contains reports whether q lies within p.
func (p Period) Contains(q Period) bool { return !q.Start.Before(p.Start) && !q.End.After(p.End) }

var dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWeek reads opening hours for a week: "mon-fri=08:00-16:00;
// sat=09:00-12:00,13:00-15:00". Days are sun…sat, single or as a range
// (mon-fri, or fri-mon across the weekend); days not named are closed; a
// day named twice is an error.
func ParseWeek(s string) (Hours, error) {
	var h Hours
	var seen [7]bool
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		days, spans, ok := strings.Cut(part, "=")
		if !ok {
			return Hours{}, fmt.Errorf("booking: hours %q: want day=HH:MM-HH:MM", part)
		}
		ds, err := parseDays(strings.TrimSpace(strings.ToLower(days)))
		if err != nil {
			return Hours{}, err
		}
		sp, err := ParseSpans(spans)
		if err != nil {
			return Hours{}, err
		}
		for _, d := range ds {
			if seen[d] {
				return Hours{}, fmt.Errorf("booking: hours: %s given twice", dayNames[d])
			}
			seen[d] = true
			h[d] = sp
		}
	}
	return h, nil
}

func parseDays(s string) ([]int, error) {
	day := func(n string) (int, error) {
		for i, d := range dayNames {
			if d == n {
				return i, nil
			}
		}
		return 0, fmt.Errorf("booking: hours: %q is not a day (sun, mon, tue, wed, thu, fri, sat)", n)
	}
	a, b, isRange := strings.Cut(s, "-")
	first, err := day(a)
	if err != nil {
		return nil, err
	}
	if !isRange {
		return []int{first}, nil
	}
	last, err := day(b)
	if err != nil {
		return nil, err
	}
	var out []int
	for d := first; ; d = (d + 1) % 7 {
		out = append(out, d)
		if d == last {
			return out, nil
		}
	}
}

// FormatWeek writes hours as ParseWeek reads them, one day at a time,
// Monday first.
func FormatWeek(h Hours) string {
	var parts []string
	for i := 1; i <= 7; i++ {
		d := i % 7
		if len(h[d]) > 0 {
			parts = append(parts, dayNames[d]+"="+FormatSpans(h[d]))
		}
	}
	return strings.Join(parts, ";")
}
