package booking

import (
	"fmt"
	"regexp"
	"time"
)

// Kinds of makerspace resource. Quotas are per kind; the kiosk shows an
// icon per kind. Other kinds are allowed and shown with a generic icon.
const (
	KindPrinter3D = "3d_printer"
	KindLaser     = "laser_cutter"
	KindSewing    = "sewing_machine"
	KindStudio    = "studio"
	KindDesignPC  = "design_pc"
	KindRoom      = "room"
)

// Resource is one bookable thing.
type Resource struct {
	ID          string // short and stable: "printer-1"
	Kind        string
	Name        string
	Location    string
	Description string
	Photo       string // optional image file shown at the kiosk
	// OutOfService refuses new bookings; Note says why to patrons.
	OutOfService bool
	Note         string
	Rules        Rules
}

// Rules are a resource's booking rules.
type Rules struct {
	Slot        time.Duration // granularity of starts and durations
	MinDuration time.Duration
	MaxDuration time.Duration
	Buffer      time.Duration // blocked after each booking
	LeadTime    time.Duration // earliest start from now
	AdvanceDays int           // last bookable day, counted from today
	Hours       Hours
	// Certification names a certificate the patron must hold, valid until
	// the booking ends ("laser cutter safety"); empty for none.
	Certification string
	MinAge        int
	// CancelBefore is how long before the start a patron may still
	// cancel; staff may cancel any confirmed booking.
	CancelBefore time.Duration
	// Check-in is open from CheckinBefore before the start until
	// CheckinAfter after it; then the booking is released as a no-show.
	CheckinBefore time.Duration
	CheckinAfter  time.Duration
}

// DefaultRules are the rules of a new resource: 30-minute slots, 30
// minutes to 2 hours, no buffer, bookable up to 14 days ahead from 08:00
// to 16:00 Monday to Saturday, check-in from 15 minutes before to 15
// minutes after the start, patrons may cancel until the start.
func DefaultRules() Rules {
	day := []Span{{Open: 8 * 60, Close: 16 * 60}}
	return Rules{
		Slot:          30 * time.Minute,
		MinDuration:   30 * time.Minute,
		MaxDuration:   2 * time.Hour,
		AdvanceDays:   14,
		Hours:         Hours{nil, day, day, day, day, day, day},
		CheckinBefore: 15 * time.Minute,
		CheckinAfter:  15 * time.Minute,
	}
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// Validate checks a resource for staff tools; the error names the field.
func (r Resource) Validate() error {
	if !idPattern.MatchString(r.ID) {
		return fmt.Errorf("resource id %q: use 1-40 lower-case letters, digits, - or _", r.ID)
	}
	if !idPattern.MatchString(r.Kind) {
		return fmt.Errorf("resource %s: kind %q: use lower-case letters, digits, - or _", r.ID, r.Kind)
	}
	if r.Name == "" {
		return fmt.Errorf("resource %s: name is empty", r.ID)
	}
	return r.Rules.Validate()
}

// Validate checks rules for consistency; the error names the rule.
func (r Rules) Validate() error {
	minute := time.Minute
	switch {
	case r.Slot < 5*minute || r.Slot > 24*time.Hour || r.Slot%minute != 0:
		return fmt.Errorf("slot %v: want whole minutes from 5m to 24h", r.Slot)
	case r.MinDuration < r.Slot || r.MinDuration%r.Slot != 0:
		return fmt.Errorf("min duration %v: want a multiple of the slot %v", r.MinDuration, r.Slot)
	case r.MaxDuration < r.MinDuration || r.MaxDuration%r.Slot != 0:
		return fmt.Errorf("max duration %v: want a multiple of the slot %v, at least the min duration", r.MaxDuration, r.Slot)
	case r.Buffer < 0 || r.Buffer%minute != 0:
		return fmt.Errorf("buffer %v: want whole minutes, not negative", r.Buffer)
	case r.LeadTime < 0:
		return fmt.Errorf("lead time %v: negative", r.LeadTime)
	case r.AdvanceDays < 0 || r.AdvanceDays > 366:
		return fmt.Errorf("advance days %d: want 0 to 366", r.AdvanceDays)
	case r.MinAge < 0 || r.MinAge > 120:
		return fmt.Errorf("min age %d: want 0 to 120", r.MinAge)
	case r.CancelBefore < 0:
		return fmt.Errorf("cancel before %v: negative", r.CancelBefore)
	case r.CheckinBefore < 0 || r.CheckinAfter < 0:
		return fmt.Errorf("check-in window %v/%v: negative", r.CheckinBefore, r.CheckinAfter)
	}
	for wd, spans := range r.Hours {
		for i, sp := range spans {
			if sp.Open < 0 || sp.Close > 1440 || sp.Close <= sp.Open || (i > 0 && sp.Open < spans[i-1].Close) {
				return fmt.Errorf("hours on %v: %v is not a valid, ordered period", time.Weekday(wd), sp)
			}
		}
	}
	return nil
}

// Closure closes one resource, or every resource when Resource is empty,
// from First to Last inclusive.
type Closure struct {
	ID       int64
	Resource string
	First    Date
	Last     Date
	Reason   string
}

// Covers reports whether the closure applies to resource id on day d.
func (c Closure) Covers(id string, d Date) bool {
	return (c.Resource == "" || c.Resource == id) && c.First <= d && d <= c.Last
}

// Quota limits the booked time of one patron per resource kind.
type Quota struct {
	Kind    string
	PerDay  time.Duration // 0 = no limit
	PerWeek time.Duration // 0 = no limit
}

// Certification is a patron's certificate ("laser cutter safety").
type Certification struct {
	Patron  string // card
	Name    string
	Expires time.Time // zero = never
}

// ValidAt reports whether the certificate is valid at t.
func (c Certification) ValidAt(t time.Time) bool { return c.Expires.IsZero() || t.Before(c.Expires) }
