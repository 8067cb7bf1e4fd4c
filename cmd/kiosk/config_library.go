package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// The library's sections of the config: the library and its backend, the
// SIP2 link and the offline queue, patrons and the patterns that tell
// their cards from items.

// LibraryConfig is the library and its circulation backend.
type LibraryConfig struct {
	Name     string `toml:"name"`
	Logo     string `toml:"logo"`
	TimeZone string `toml:"timezone"`
	Backend  string `toml:"backend"`
	Database string `toml:"database"`
	Demo     bool   `toml:"demo"`
	Sync     string `toml:"sync"`
}

func (l LibraryConfig) validate(p *problems) {
	if _, err := time.LoadLocation(l.TimeZone); err != nil || l.TimeZone == "" {
		p.add("library.timezone", "%q is not a time zone like \"Asia/Jakarta\"", l.TimeZone)
	}
	if l.Backend != "sqlite" && l.Backend != "sip2" && l.Backend != "slims" {
		p.add("library.backend", "%q: want \"sqlite\", \"sip2\" or \"slims\"", l.Backend)
	}
	if s := strings.ToLower(l.Sync); s != "normal" && s != "full" {
		p.add("library.sync", "%q: want \"normal\" or \"full\"", l.Sync)
	}
	if l.Logo != "" {
		if _, err := os.Stat(l.Logo); err != nil {
			p.add("library.logo", "%v", err)
		}
	}
}

// OfflineConfig is what the library allows while its system is away
// (library.backend = "sip2" or "slims").
type OfflineConfig struct {
	Checkout     bool     `toml:"checkout"`
	Checkin      bool     `toml:"checkin"`
	MaxPerPatron int      `toml:"max_per_patron"`
	MaxAge       Duration `toml:"max_age"`
	LoanDays     int      `toml:"loan_days"`
	Database     string   `toml:"database"`
}

func (o OfflineConfig) validate(p *problems) {
	if o.MaxPerPatron < 1 || o.MaxPerPatron > 100 || o.LoanDays < 1 || o.LoanDays > 90 || o.MaxAge.Duration < time.Hour {
		p.add("offline", "max_per_patron 1-100, loan_days 1-90 and max_age of at least 1h")
	}
}

// PatronConfig is identification.
type PatronConfig struct {
	PINRequired    bool     `toml:"pin_required"`
	MaxPINAttempts int      `toml:"max_pin_attempts"`
	Lockout        Duration `toml:"lockout"`
}

func (c PatronConfig) validate(p *problems) {
	if c.MaxPINAttempts < 1 {
		p.add("patron.max_pin_attempts", "%d: want at least 1", c.MaxPINAttempts)
	}
	if c.Lockout.Duration <= 0 {
		p.add("patron.lockout", "%v: want more than 0", c.Lockout.Duration)
	}
}

// PatternsConfig tells cards from items.
type PatternsConfig struct {
	Patron []PatternConfig `toml:"patron"`
	Item   []PatternConfig `toml:"item"`
}

// PatternConfig is one pattern; empty parts match anything.
type PatternConfig struct {
	Prefix string `toml:"prefix"`
	Length int    `toml:"length"`
	Regexp string `toml:"regexp"`
}

func (c PatternsConfig) validate(p *problems) {
	validatePatterns(p, "patterns.patron", c.Patron)
	validatePatterns(p, "patterns.item", c.Item)
}

func validatePatterns(p *problems, key string, list []PatternConfig) {
	for i, pc := range list {
		if _, err := pc.pattern(); err != nil {
			p.add(fmt.Sprintf("%s[%d].regexp", key, i), "%v", err)
		}
	}
}

func (p PatternConfig) pattern() (kiosk.ScanPattern, error) {
	sp := kiosk.ScanPattern{Prefix: p.Prefix, Length: p.Length}
	if p.Regexp != "" {
		re, err := regexp.Compile(p.Regexp)
		if err != nil {
			return sp, err
		}
		sp.Regexp = re
	}
	return sp, nil
}

// classifier builds the scan classifier from the patterns.
func (c *Config) classifier() kiosk.Classifier {
	var cl kiosk.Classifier
	for _, p := range c.Patterns.Patron {
		sp, _ := p.pattern()
		cl.Patron = append(cl.Patron, sp)
	}
	for _, p := range c.Patterns.Item {
		sp, _ := p.pattern()
		cl.Item = append(cl.Item, sp)
	}
	return cl
}
