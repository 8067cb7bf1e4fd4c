// Package setupfile reads a makerspace's setup as staff keep it in one
// TOML file (makerspace.example.toml documents it) into a booking.Setup.
// It is apart from booking so that booking stays stdlib only.
package setupfile

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/anjungan/anjungan/booking"
)

// file is a makerspace setup in TOML; makerspace.example.toml documents
// it.
type file struct {
	MaxActive    *int              `toml:"max_active"`
	Resources    []resourceFile    `toml:"resource"`
	Quotas       []quotaFile       `toml:"quota"`
	Closures     []closureFile     `toml:"closure"`
	Certificates []certificateFile `toml:"certificate"`
}

type resourceFile struct {
	ID            string    `toml:"id"`
	Kind          string    `toml:"kind"`
	Name          string    `toml:"name"`
	Location      string    `toml:"location"`
	Description   string    `toml:"description"`
	Photo         string    `toml:"photo"`
	OutOfService  bool      `toml:"out_of_service"`
	Note          string    `toml:"note"`
	Slot          duration  `toml:"slot"`
	Min           duration  `toml:"min"`
	Max           duration  `toml:"max"`
	Buffer        duration  `toml:"buffer"`
	Lead          duration  `toml:"lead"`
	AdvanceDays   *int      `toml:"advance_days"`
	Hours         string    `toml:"hours"`
	Certification string    `toml:"certification"`
	MinAge        int       `toml:"min_age"`
	CancelBefore  duration  `toml:"cancel_before"`
	CheckinBefore *duration `toml:"checkin_before"`
	CheckinAfter  *duration `toml:"checkin_after"`
}

type quotaFile struct {
	Kind    string   `toml:"kind"`
	PerDay  duration `toml:"per_day"`
	PerWeek duration `toml:"per_week"`
}

type closureFile struct {
	Resource string `toml:"resource"`
	First    string `toml:"first"`
	Last     string `toml:"last"`
	Reason   string `toml:"reason"`
}

type certificateFile struct {
	Patron  string `toml:"patron"`
	Name    string `toml:"name"`
	Expires string `toml:"expires"`
}

// duration is a time.Duration written "30m" in TOML.
type duration struct{ time.Duration }

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration like \"30m\" or \"2h\"", b)
	}
	d.Duration = v
	return nil
}

// Parse reads a setup file; every error names the entry and the key, and
// keys the format does not have are refused. Certificates expire at the
// end of their day in loc.
func Parse(r io.Reader, loc *time.Location) (booking.Setup, error) {
	var f file
	md, err := toml.NewDecoder(r).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return booking.Setup{}, errors.New(pe.ErrorWithPosition())
		}
		return booking.Setup{}, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return booking.Setup{}, fmt.Errorf("unknown key(s): %s", strings.Join(keys, ", "))
	}
	su := booking.Setup{MaxActive: f.MaxActive}
	for i, rf := range f.Resources {
		r, err := rf.resource()
		if err != nil {
			return su, fmt.Errorf("resource[%d] (%s): %w", i, rf.ID, err)
		}
		su.Resources = append(su.Resources, r)
	}
	for i, q := range f.Quotas {
		if q.Kind == "" {
			return su, fmt.Errorf("quota[%d]: kind is empty", i)
		}
		su.Quotas = append(su.Quotas, booking.Quota{Kind: q.Kind, PerDay: q.PerDay.Duration, PerWeek: q.PerWeek.Duration})
	}
	for i, c := range f.Closures {
		if c.Last == "" {
			c.Last = c.First
		}
		for _, d := range []string{c.First, c.Last} {
			if _, err := booking.ParseDate(d); err != nil {
				return su, fmt.Errorf("closure[%d]: %w", i, err)
			}
		}
		su.Closures = append(su.Closures, booking.Closure{Resource: c.Resource, First: booking.Date(c.First), Last: booking.Date(c.Last), Reason: c.Reason})
	}
	for i, c := range f.Certificates {
		cert, err := booking.NewCertification(c.Patron, c.Name, c.Expires, loc)
		if err != nil {
			return su, fmt.Errorf("certificate[%d]: %w", i, err)
		}
		su.Certifications = append(su.Certifications, cert)
	}
	return su, nil
}

func (rf resourceFile) resource() (booking.Resource, error) {
	r := booking.Resource{ID: rf.ID, Kind: rf.Kind, Name: rf.Name, Location: rf.Location, Description: rf.Description,
		Photo: rf.Photo, OutOfService: rf.OutOfService, Note: rf.Note, Rules: booking.DefaultRules()}
	ru := &r.Rules
	set := func(dst *time.Duration, d duration) {
		if d.Duration != 0 {
			*dst = d.Duration
		}
	}
	set(&ru.Slot, rf.Slot)
	set(&ru.MinDuration, rf.Min)
	set(&ru.MaxDuration, rf.Max)
	ru.Buffer, ru.LeadTime, ru.CancelBefore = rf.Buffer.Duration, rf.Lead.Duration, rf.CancelBefore.Duration
	if rf.AdvanceDays != nil {
		ru.AdvanceDays = *rf.AdvanceDays
	}
	if rf.CheckinBefore != nil {
		ru.CheckinBefore = rf.CheckinBefore.Duration
	}
	if rf.CheckinAfter != nil {
		ru.CheckinAfter = rf.CheckinAfter.Duration
	}
	ru.Certification, ru.MinAge = rf.Certification, rf.MinAge
	if rf.Hours != "" {
		h, err := booking.ParseWeek(rf.Hours)
		if err != nil {
			return r, fmt.Errorf("hours: %w", err)
		}
		ru.Hours = h
	}
	return r, r.Validate()
}
