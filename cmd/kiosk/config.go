package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/devices/scanner"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
)

// Config is one kiosk's TOML configuration. kiosk.example.toml documents
// every key.
type Config struct {
	Kiosk      KioskConfig      `toml:"kiosk"`
	Library    LibraryConfig    `toml:"library"`
	Patron     PatronConfig     `toml:"patron"`
	Patterns   PatternsConfig   `toml:"patterns"`
	Scanners   []ScannerConfig  `toml:"scanner"`
	Printer    PrinterConfig    `toml:"printer"`
	Makerspace MakerspaceConfig `toml:"makerspace"`
	Camera     CameraConfig     `toml:"camera"`
	SIP2       SIP2Config       `toml:"sip2"`
	Offline    OfflineConfig    `toml:"offline"`
	MQTT       MQTTConfig       `toml:"mqtt"`
	Machines   []MachineConfig  `toml:"machine"`
	Log        LogConfig        `toml:"log"`
}

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

// PatronConfig is identification.
type PatronConfig struct {
	PINRequired    bool     `toml:"pin_required"`
	MaxPINAttempts int      `toml:"max_pin_attempts"`
	Lockout        Duration `toml:"lockout"`
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

// ScannerConfig is one serial scanner.
type ScannerConfig struct {
	Name                 string   `toml:"name"`
	Port                 string   `toml:"port"`
	VID                  string   `toml:"usb_vid"`
	PID                  string   `toml:"usb_pid"`
	Serial               string   `toml:"usb_serial"`
	Baud                 int      `toml:"baud"`
	DataBits             int      `toml:"data_bits"`
	Parity               string   `toml:"parity"`
	StopBits             string   `toml:"stop_bits"`
	IdleGap              Duration `toml:"idle_gap"`
	Mod10                bool     `toml:"mod10"`
	KeepCodabarStartStop bool     `toml:"keep_codabar_start_stop"`
}

// PrinterConfig is the receipt printer; no port means none.
type PrinterConfig struct {
	Port  string `toml:"port"`
	Baud  int    `toml:"baud"`
	Width int    `toml:"width"`
}

// MakerspaceConfig is the makerspace booking store.
type MakerspaceConfig struct {
	Enabled    bool     `toml:"enabled"`
	Database   string   `toml:"database"`
	Site       string   `toml:"site"`
	Secret     string   `toml:"secret"`
	Demo       bool     `toml:"demo"`
	SweepEvery Duration `toml:"sweep_every"`
}

// CameraConfig is a webcam that reads QR codes and barcodes; no device
// means none.
type CameraConfig struct {
	Device string   `toml:"device"`
	Width  int      `toml:"width"`
	Height int      `toml:"height"`
	Every  Duration `toml:"every"`
}

// SIP2Config is the library system, for library.backend = "sip2".
type SIP2Config struct {
	Address          string   `toml:"address"` // host:port
	TLS              bool     `toml:"tls"`
	CAFile           string   `toml:"ca_file"`
	User             string   `toml:"user"`
	Password         string   `toml:"password"`
	Location         string   `toml:"location"`
	Institution      string   `toml:"institution"`
	TerminalPassword string   `toml:"terminal_password"`
	ErrorDetection   bool     `toml:"error_detection"`
	CRLF             bool     `toml:"crlf"`
	Charset          string   `toml:"charset"`
	UTCDates         bool     `toml:"utc_dates"`
	Timeout          Duration `toml:"timeout"`
	Resends          int      `toml:"resends"`
	KeepAlive        Duration `toml:"keepalive"`
}

// OfflineConfig is what the library allows while its system is away
// (library.backend = "sip2").
type OfflineConfig struct {
	Checkout     bool     `toml:"checkout"`
	Checkin      bool     `toml:"checkin"`
	MaxPerPatron int      `toml:"max_per_patron"`
	MaxAge       Duration `toml:"max_age"`
	LoanDays     int      `toml:"loan_days"`
	Database     string   `toml:"database"`
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

// MachineConfig is one makerspace machine that reports its state.
type MachineConfig struct {
	ID       string   `toml:"id"`     // the booking resource it is
	Source   string   `toml:"source"` // octoprint, moonraker, bambu or marlin
	Broker   string   `toml:"broker"`
	Username string   `toml:"username"`
	Password string   `toml:"password"`
	Topic    string   `toml:"topic"`
	Insecure bool     `toml:"insecure"`
	Port     string   `toml:"port"`
	Baud     int      `toml:"baud"`
	Every    Duration `toml:"every"`
}

// LogConfig is logging.
type LogConfig struct {
	Level string `toml:"level"`
}

// Duration is a time.Duration written as "60s" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration like \"60s\" or \"15m\"", b)
	}
	d.Duration = v
	return nil
}

// DefaultConfig returns what a kiosk runs with when its file says nothing.
func DefaultConfig() Config {
	return Config{
		Kiosk: KioskConfig{ID: "kiosk-01", Site: "perpustakaan", Language: kiosk.LangID,
			IdleTimeout: Duration{60 * time.Second}, IdleWarning: Duration{15 * time.Second}, FinishDelay: Duration{15 * time.Second}},
		Library: LibraryConfig{Name: "Perpustakaan Umum Kota Nusantara", TimeZone: "Asia/Jakarta", Backend: "sqlite", Demo: true, Sync: "normal"},
		Patron:  PatronConfig{PINRequired: true, MaxPINAttempts: 5, Lockout: Duration{15 * time.Minute}},
		Patterns: PatternsConfig{
			Patron: []PatternConfig{{Prefix: "2", Length: 14}},
			Item:   []PatternConfig{{Prefix: "3", Length: 14}},
		},
		Printer:    PrinterConfig{Baud: 9600, Width: 42},
		Makerspace: MakerspaceConfig{Enabled: true, Demo: true, SweepEvery: Duration{30 * time.Second}},
		Offline:    OfflineConfig{MaxPerPatron: 5, MaxAge: Duration{24 * time.Hour}, LoanDays: 14},
		SIP2:       SIP2Config{ErrorDetection: true, Charset: "utf-8", Timeout: Duration{10 * time.Second}, Resends: 3, KeepAlive: Duration{20 * time.Second}},
		MQTT:       MQTTConfig{Keepalive: Duration{30 * time.Second}, StateEvery: Duration{60 * time.Second}, StaffKeys: []string{}},
		Camera:     CameraConfig{Width: 640, Height: 480, Every: Duration{100 * time.Millisecond}},
		Log:        LogConfig{Level: "info"},
	}
}

// LoadConfig reads a TOML file over the defaults. Unknown keys and bad
// values are errors that name the key.
func LoadConfig(path string) (Config, error) {
	cfg := DefaultConfig()
	md, err := decodeTOML(path, &cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return cfg, fmt.Errorf("%s: %s", path, parseErrorText(pe))
		}
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return cfg, fmt.Errorf("%s: unknown key(s): %s", path, strings.Join(keys, ", "))
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// decodeTOML decodes a file; a panic inside the TOML library (it had
// one on a string ending in a backslash) is an error, never a crash of
// the kiosk or of a running kiosk's reload.
func decodeTOML(path string, v any) (md toml.MetaData, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("not readable as TOML (%v)", r)
		}
	}()
	return toml.DecodeFile(path, v)
}

// parseErrorText is the parse error with the line it is on, or without
// the quoted line when quoting it fails (the library's own formatting
// panicked on a file ending in a backslash).
func parseErrorText(pe toml.ParseError) (text string) {
	defer func() {
		if r := recover(); r != nil {
			text = fmt.Sprintf("line %d: %s", pe.Position.Line, pe.Message)
		}
	}()
	return pe.ErrorWithPosition()
}

// Validate checks every value and names the key of the first bad one.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, a ...any) { errs = append(errs, fmt.Errorf(key+": "+format, a...)) }
	if c.Kiosk.ID == "" || strings.ContainsAny(c.Kiosk.ID, "/#+ ") {
		bad("kiosk.id", "%q: want a name without spaces, '/', '#' or '+'", c.Kiosk.ID)
	}
	if c.Kiosk.Language != kiosk.LangID && c.Kiosk.Language != kiosk.LangEN {
		bad("kiosk.language", "%q: want \"id\" or \"en\"", c.Kiosk.Language)
	}
	if c.Kiosk.IdleTimeout.Duration < 10*time.Second {
		bad("kiosk.idle_timeout", "%v: want at least 10s", c.Kiosk.IdleTimeout.Duration)
	}
	if c.Kiosk.IdleWarning.Duration <= 0 || c.Kiosk.IdleWarning.Duration >= c.Kiosk.IdleTimeout.Duration {
		bad("kiosk.idle_warning", "%v: want more than 0 and less than idle_timeout", c.Kiosk.IdleWarning.Duration)
	}
	if c.Kiosk.FinishDelay.Duration <= 0 {
		bad("kiosk.finish_delay", "%v: want more than 0", c.Kiosk.FinishDelay.Duration)
	}
	if _, err := time.LoadLocation(c.Library.TimeZone); err != nil || c.Library.TimeZone == "" {
		bad("library.timezone", "%q is not a time zone like \"Asia/Jakarta\"", c.Library.TimeZone)
	}
	switch c.Library.Backend {
	case "sqlite":
	case "sip2":
		q := c.SIP2
		if _, _, err := net.SplitHostPort(q.Address); err != nil {
			bad("sip2.address", "%q: want host:port", q.Address)
		}
		if _, err := sip2.ParseCharset(q.Charset); err != nil {
			bad("sip2.charset", "%v", err)
		}
		if q.Timeout.Duration < 0 || q.KeepAlive.Duration < 0 || q.Resends < 0 || q.Resends > 10 {
			bad("sip2", "timeout, keepalive and resends (0-10) must not be negative")
		}
	default:
		bad("library.backend", "%q: want \"sqlite\" or \"sip2\"", c.Library.Backend)
	}
	if s := strings.ToLower(c.Library.Sync); s != "normal" && s != "full" {
		bad("library.sync", "%q: want \"normal\" or \"full\"", c.Library.Sync)
	}
	if c.Library.Logo != "" {
		if _, err := os.Stat(c.Library.Logo); err != nil {
			bad("library.logo", "%v", err)
		}
	}
	if c.Patron.MaxPINAttempts < 1 {
		bad("patron.max_pin_attempts", "%d: want at least 1", c.Patron.MaxPINAttempts)
	}
	if c.Patron.Lockout.Duration <= 0 {
		bad("patron.lockout", "%v: want more than 0", c.Patron.Lockout.Duration)
	}
	for i, p := range c.Patterns.Patron {
		if _, err := p.pattern(); err != nil {
			bad(fmt.Sprintf("patterns.patron[%d].regexp", i), "%v", err)
		}
	}
	for i, p := range c.Patterns.Item {
		if _, err := p.pattern(); err != nil {
			bad(fmt.Sprintf("patterns.item[%d].regexp", i), "%v", err)
		}
	}
	names := map[string]bool{}
	for i, s := range c.Scanners {
		key := fmt.Sprintf("scanner[%d]", i)
		if s.Name == "" {
			c.Scanners[i].Name = fmt.Sprintf("scanner-%d", i+1)
		}
		if names[c.Scanners[i].Name] {
			bad(key+".name", "%q used twice", s.Name)
		}
		names[c.Scanners[i].Name] = true
		if err := s.port().Validate(); err != nil {
			bad(key, "%v", err)
		}
		if s.IdleGap.Duration < 0 || s.IdleGap.Duration > 5*time.Second {
			bad(key+".idle_gap", "%v: want 0 to 5s", s.IdleGap.Duration)
		}
	}
	if c.Printer.Width != 0 && (c.Printer.Width < 24 || c.Printer.Width > 64) {
		bad("printer.width", "%d: want 24 to 64 characters", c.Printer.Width)
	}
	if !sitePattern.MatchString(c.Kiosk.Site) {
		bad("kiosk.site", "%q: want 1-40 lower-case letters, digits, - or _", c.Kiosk.Site)
	}
	if m := c.Makerspace; m.Enabled {
		if m.Site != "" && !sitePattern.MatchString(m.Site) {
			bad("makerspace.site", "%q: want 1-40 lower-case letters, digits, - or _", m.Site)
		}
		if m.Secret != "" {
			if b, err := hex.DecodeString(m.Secret); err != nil || len(b) < booking.MinSecret {
				bad("makerspace.secret", "want at least %d bytes as hex (kioskctl makerspace secret makes one)", booking.MinSecret)
			}
		}
		if m.SweepEvery.Duration < time.Second || m.SweepEvery.Duration > 10*time.Minute {
			bad("makerspace.sweep_every", "%v: want 1s to 10m", m.SweepEvery.Duration)
		}
	}
	if c.Camera.Device != "" {
		if c.Camera.Width < 160 || c.Camera.Width > 3840 || c.Camera.Width%2 != 0 || c.Camera.Height < 120 || c.Camera.Height > 2160 {
			bad("camera.width", "%dx%d: want an even width of 160 to 3840 and a height of 120 to 2160", c.Camera.Width, c.Camera.Height)
		}
		if c.Camera.Every.Duration < 0 || c.Camera.Every.Duration > 5*time.Second {
			bad("camera.every", "%v: want 0 to 5s", c.Camera.Every.Duration)
		}
	}
	if o := c.Offline; o.MaxPerPatron < 1 || o.MaxPerPatron > 100 || o.LoanDays < 1 || o.LoanDays > 90 || o.MaxAge.Duration < time.Hour {
		bad("offline", "max_per_patron 1-100, loan_days 1-90 and max_age of at least 1h")
	}
	if q := c.MQTT; q.Broker != "" {
		b := q.broker("x")
		if err := b.Validate(); err != nil {
			bad("mqtt", "%v", err)
		}
		if q.StateEvery.Duration < 5*time.Second || q.StateEvery.Duration > time.Hour {
			bad("mqtt.state_every", "%v: want 5s to 1h", q.StateEvery.Duration)
		}
		if !mqtt.ValidID(c.Kiosk.ID) {
			bad("kiosk.id", "%q cannot be an MQTT topic level", c.Kiosk.ID)
		}
	}
	for i, k := range c.MQTT.StaffKeys {
		if _, err := kiosk.ParsePublicKey(k); err != nil {
			bad(fmt.Sprintf("mqtt.staff_keys[%d]", i), "%v", err)
		}
	}
	ids := map[string]bool{}
	for i, mc := range c.Machines {
		key := fmt.Sprintf("machine[%d]", i)
		if mc.ID == "" || ids[mc.ID] {
			bad(key+".id", "%q: want the booking resource's id, once", mc.ID)
		}
		ids[mc.ID] = true
		switch mc.Source {
		case "octoprint", "moonraker", "bambu":
			if mc.Broker == "" || mc.Topic == "" {
				bad(key, "%s needs broker and topic", mc.Source)
			}
		case "marlin":
			if mc.Port == "" {
				bad(key+".port", "marlin needs the printer's serial port")
			}
		default:
			bad(key+".source", "%q: want octoprint, moonraker, bambu or marlin", mc.Source)
		}
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "%q: want debug, info, warn or error", c.Log.Level)
	}
	return errors.Join(errs...)
}

var sitePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

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

func (s ScannerConfig) port() scanner.Port {
	return scanner.Port{Path: s.Port, VID: s.VID, PID: s.PID, Serial: s.Serial,
		BaudRate: s.Baud, DataBits: s.DataBits, Parity: s.Parity, StopBits: s.StopBits}
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

// dataDir is where the kiosk keeps its database: the configured folder,
// else $XDG_DATA_HOME/anjungan or ~/.local/share/anjungan.
func (c *Config) dataDir() (string, error) {
	if c.Kiosk.DataDir != "" {
		return c.Kiosk.DataDir, nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "anjungan"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no data_dir configured and no home folder: %w", err)
	}
	return filepath.Join(home, ".local", "share", "anjungan"), nil
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

// makerspaceSite is the site on booking QR codes.
func (c *Config) makerspaceSite() string {
	if c.Makerspace.Site != "" {
		return c.Makerspace.Site
	}
	return c.Kiosk.Site
}
