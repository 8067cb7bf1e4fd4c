package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/anjungan/anjungan/booking"
	bookingsql "github.com/anjungan/anjungan/booking/sqlite"
)

// setupFile is a makerspace setup in TOML; makerspace.example.toml
// documents it.
type setupFile struct {
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

// parseSetup reads a setup file into the store's terms; every error names
// the entry and the key.
func parseSetup(r io.Reader, loc *time.Location) (bookingsql.Setup, error) {
	var f setupFile
	md, err := toml.NewDecoder(r).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return bookingsql.Setup{}, errors.New(pe.ErrorWithPosition())
		}
		return bookingsql.Setup{}, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return bookingsql.Setup{}, fmt.Errorf("unknown key(s): %s", strings.Join(keys, ", "))
	}
	su := bookingsql.Setup{MaxActive: f.MaxActive}
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
		cert, err := certificate(c.Patron, c.Name, c.Expires, loc)
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

// certificate builds a certificate valid through the day expires (never
// expiring when empty).
func certificate(patron, name, expires string, loc *time.Location) (booking.Certification, error) {
	c := booking.Certification{Patron: strings.TrimSpace(patron), Name: strings.TrimSpace(name)}
	if c.Patron == "" || c.Name == "" {
		return c, errors.New("needs a patron card and a certificate name")
	}
	if expires = strings.TrimSpace(expires); expires != "" {
		d, err := booking.ParseDate(expires)
		if err != nil {
			return c, err
		}
		c.Expires = d.AddDays(1).Midnight(loc)
	}
	return c, nil
}

// parseCertificates reads a CSV of card,name[,expires] with a header row.
func parseCertificates(r io.Reader, loc *time.Location) ([]booking.Certification, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || len(rows[0]) < 2 || strings.ToLower(rows[0][0]) != "card" || strings.ToLower(rows[0][1]) != "name" {
		return nil, errors.New("want a header row card,name,expires")
	}
	var out []booking.Certification
	for i, row := range rows[1:] {
		if len(row) < 2 || len(row) > 3 {
			return nil, fmt.Errorf("line %d: want card,name[,expires]", i+2)
		}
		exp := ""
		if len(row) == 3 {
			exp = row[2]
		}
		c, err := certificate(row[0], row[1], exp, loc)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+2, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// loadFile applies a setup (.toml) or certificates (.csv), all or nothing.
func loadFile(ctx context.Context, s *bookingsql.Store, path string, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var su bookingsql.Setup
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		su, err = parseSetup(f, s.Location)
	case ".csv":
		su.Certifications, err = parseCertificates(f, s.Location)
	default:
		return fmt.Errorf("%s: want a .toml setup or a .csv of certificates", path)
	}
	if err != nil {
		return fmt.Errorf("%s: %w (nothing loaded)", path, err)
	}
	if err := s.Apply(ctx, su); err != nil {
		return fmt.Errorf("%s: %w (nothing loaded)", path, err)
	}
	fmt.Fprintf(out, "loaded %s: %d resources, %d quotas, %d closures, %d certificates\n", path,
		len(su.Resources), len(su.Quotas), len(su.Closures), len(su.Certifications))
	return nil
}
