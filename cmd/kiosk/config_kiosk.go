package main

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/engine"
	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/kiosk"
)

// The kiosk's own sections of the config: the kiosk, its makerspace and
// its reporting to staff.

// KioskConfig is the kiosk itself.
type KioskConfig struct {
	ID          string   `toml:"id"`
	Site        string   `toml:"site"`
	DataDir     string   `toml:"data_dir"`
	Language    string   `toml:"language"`
	LargeText   bool     `toml:"large_text"`
	IdleTimeout Duration `toml:"idle_timeout"`
	IdleWarning Duration `toml:"idle_warning"`
	FinishDelay Duration `toml:"finish_delay"`
}

func (k KioskConfig) validate(p *problems) {
	if k.ID == "" || strings.ContainsAny(k.ID, "/#+ ") {
		p.add("kiosk.id", "%q: want a name without spaces, '/', '#' or '+'", k.ID)
	}
	if !sitePattern.MatchString(k.Site) {
		p.add("kiosk.site", "%q: want 1-40 lower-case letters, digits, - or _", k.Site)
	}
	if k.Language != kiosk.LangID && k.Language != kiosk.LangEN {
		p.add("kiosk.language", "%q: want \"id\" or \"en\"", k.Language)
	}
	if k.IdleTimeout.Duration < 10*time.Second {
		p.add("kiosk.idle_timeout", "%v: want at least 10s", k.IdleTimeout.Duration)
	}
	if k.IdleWarning.Duration <= 0 || k.IdleWarning.Duration >= k.IdleTimeout.Duration {
		p.add("kiosk.idle_warning", "%v: want more than 0 and less than idle_timeout", k.IdleWarning.Duration)
	}
	if k.FinishDelay.Duration <= 0 {
		p.add("kiosk.finish_delay", "%v: want more than 0", k.FinishDelay.Duration)
	}
}

var sitePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// MakerspaceConfig is the makerspace booking store.
type MakerspaceConfig struct {
	Enabled    bool     `toml:"enabled"`
	Database   string   `toml:"database"`
	Site       string   `toml:"site"`
	Secret     string   `toml:"secret"`
	Demo       bool     `toml:"demo"`
	SweepEvery Duration `toml:"sweep_every"`
}

func (m MakerspaceConfig) validate(p *problems) {
	if !m.Enabled {
		return
	}
	if m.Site != "" && !sitePattern.MatchString(m.Site) {
		p.add("makerspace.site", "%q: want 1-40 lower-case letters, digits, - or _", m.Site)
	}
	if m.Secret != "" {
		if b, err := hex.DecodeString(m.Secret); err != nil || len(b) < booking.MinSecret {
			p.add("makerspace.secret", "want at least %d bytes as hex (kioskctl makerspace secret makes one)", booking.MinSecret)
		}
	}
	if engine.IsURL(m.Database) {
		// One makerspace for the library's kiosks: each kiosk's file has
		// the site's key (so that a kiosk starts while the database is
		// away), and the demo stays out of it.
		if _, err := pgx.ParseConfig(m.Database); err != nil {
			p.add("makerspace.database", "%v", err)
		}
		if m.Secret == "" {
			p.add("makerspace.secret", "a shared makerspace (PostgreSQL) needs the site's key in every kiosk's file: kioskctl makerspace secret makes one")
		}
		if m.Demo {
			p.add("makerspace.demo", "the demo makerspace goes into a kiosk's own file, not a shared database: set demo = false")
		}
	}
	if m.SweepEvery.Duration < time.Second || m.SweepEvery.Duration > 10*time.Minute {
		p.add("makerspace.sweep_every", "%v: want 1s to 10m", m.SweepEvery.Duration)
	}
}

// makerspaceSite is the site on booking QR codes.
func (c *Config) makerspaceSite() string {
	if c.Makerspace.Site != "" {
		return c.Makerspace.Site
	}
	return c.Kiosk.Site
}

// MQTTConfig is status reporting to staff; no broker means none.
type MQTTConfig struct {
	Broker        string   `toml:"broker"`
	Username      string   `toml:"username"`
	Password      string   `toml:"password"`
	CAFile        string   `toml:"ca_file"`
	CertFile      string   `toml:"cert_file"`
	KeyFile       string   `toml:"key_file"`
	Keepalive     Duration `toml:"keepalive"`
	StateEvery    Duration `toml:"state_every"`
	HomeAssistant bool     `toml:"home_assistant"`
	StaffKeys     []string `toml:"staff_keys"`
}

// validate checks the reporting, which names topics after kioskID.
func (q MQTTConfig) validate(p *problems, kioskID string) {
	if q.Broker != "" {
		if err := q.broker("x").Validate(); err != nil {
			p.add("mqtt", "%v", err)
		}
		if q.StateEvery.Duration < 5*time.Second || q.StateEvery.Duration > time.Hour {
			p.add("mqtt.state_every", "%v: want 5s to 1h", q.StateEvery.Duration)
		}
		if !mqtt.ValidID(kioskID) {
			p.add("kiosk.id", "%q cannot be an MQTT topic level", kioskID)
		}
	}
	for i, k := range q.StaffKeys {
		if _, err := kiosk.ParsePublicKey(k); err != nil {
			p.add(fmt.Sprintf("mqtt.staff_keys[%d]", i), "%v", err)
		}
	}
}

// broker is the reporter's broker settings; the user name defaults to the
// kiosk id.
func (q MQTTConfig) broker(kioskID string) mqtt.Broker {
	user := q.Username
	if user == "" {
		user = kioskID
	}
	return mqtt.Broker{URL: q.Broker, Username: user, Password: q.Password, CAFile: q.CAFile, CertFile: q.CertFile,
		KeyFile: q.KeyFile, Keepalive: q.Keepalive.Duration}
}
