package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/anjungan/anjungan/internal/libconf"
	"github.com/anjungan/anjungan/kiosk"
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
	GuestBook  GuestBookConfig  `toml:"guestbook"`
	Camera     CameraConfig     `toml:"camera"`
	SIP2       libconf.SIP2     `toml:"sip2"`
	SLiMS      libconf.SLiMS    `toml:"slims"`
	Offline    OfflineConfig    `toml:"offline"`
	MQTT       MQTTConfig       `toml:"mqtt"`
	Machines   []MachineConfig  `toml:"machine"`
	Log        LogConfig        `toml:"log"`
	// Web is the patrons' booking site's section, read by kioskweb from
	// the same file; the kiosk leaves it alone.
	Web map[string]any `toml:"web"`
}

// Duration is a time.Duration written as "60s" in TOML.
type Duration = libconf.Duration

// DefaultConfig returns what a kiosk runs with when its file says nothing.
func DefaultConfig() Config {
	return Config{
		Kiosk: KioskConfig{ID: "kiosk-01", Site: "perpustakaan", Language: kiosk.LangID,
			IdleTimeout: Duration{Duration: 60 * time.Second}, IdleWarning: Duration{Duration: 15 * time.Second}, FinishDelay: Duration{Duration: 15 * time.Second}},
		Library: LibraryConfig{Name: "Perpustakaan Umum Kota Nusantara", TimeZone: "Asia/Jakarta", Backend: "sqlite", Demo: true, Sync: "normal"},
		Patron:  PatronConfig{PINRequired: true, MaxPINAttempts: 5, Lockout: Duration{Duration: 15 * time.Minute}},
		Patterns: PatternsConfig{
			Patron: []PatternConfig{{Prefix: "2", Length: 14}},
			Item:   []PatternConfig{{Prefix: "3", Length: 14}},
		},
		Printer:    PrinterConfig{Baud: 9600, Width: 42},
		GuestBook:  defaultGuestBook(),
		Makerspace: MakerspaceConfig{Enabled: true, Demo: true, SweepEvery: Duration{Duration: 30 * time.Second}},
		Offline:    OfflineConfig{MaxPerPatron: 5, MaxAge: Duration{Duration: 24 * time.Hour}, LoanDays: 14},
		SIP2:       libconf.DefaultSIP2(),
		SLiMS:      libconf.DefaultSLiMS(),
		MQTT:       MQTTConfig{Keepalive: Duration{Duration: 30 * time.Second}, StateEvery: Duration{Duration: 60 * time.Second}, StaffKeys: []string{}},
		Camera:     CameraConfig{Width: 640, Height: 480, Every: Duration{Duration: 100 * time.Millisecond}},
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
	cfg.nameScanners()
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// nameScanners names the scanners the file leaves unnamed after their
// place: "scanner-1", "scanner-2", …
func (c *Config) nameScanners() {
	for i := range c.Scanners {
		if c.Scanners[i].Name == "" {
			c.Scanners[i].Name = fmt.Sprintf("scanner-%d", i+1)
		}
	}
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

// Validate checks every value, changing none, and names the key of each
// bad one: each section checks itself, next to its type.
func (c *Config) Validate() error {
	var p problems
	c.Kiosk.validate(&p)
	c.Library.validate(&p)
	switch c.Library.Backend {
	case "sip2":
		p.from(c.SIP2.Problems())
	case "slims":
		p.from(c.SLiMS.Problems())
	}
	c.Patron.validate(&p)
	c.Patterns.validate(&p)
	validateScanners(&p, c.Scanners)
	c.Printer.validate(&p)
	c.Makerspace.validate(&p)
	c.GuestBook.validate(&p)
	c.Camera.validate(&p)
	c.Offline.validate(&p)
	c.MQTT.validate(&p, c.Kiosk.ID)
	validateMachines(&p, c.Machines)
	c.Log.validate(&p)
	return errors.Join(p...)
}

// problems collects what is wrong with a config, each naming its key.
type problems []error

// from adds a shared section's problems.
func (p *problems) from(list []libconf.Problem) {
	for _, q := range list {
		p.add(q.Key, "%s", q.Msg)
	}
}

func (p *problems) add(key, format string, a ...any) {
	*p = append(*p, fmt.Errorf(key+": "+format, a...))
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

// LogConfig is logging.
type LogConfig struct {
	Level string `toml:"level"`
}

func (l LogConfig) validate(p *problems) {
	switch l.Level {
	case "debug", "info", "warn", "error":
	default:
		p.add("log.level", "%q: want debug, info, warn or error", l.Level)
	}
}
