package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
)

// TestExampleConfigIsTheDefault checks that kiosk.example.toml, the
// production template, shows every default except the demo switches,
// which it turns off.
func TestExampleConfigIsTheDefault(t *testing.T) {
	cfg, err := LoadConfig("../../kiosk.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Library.Demo || cfg.Makerspace.Demo {
		t.Errorf("kiosk.example.toml: library.demo = %v, makerspace.demo = %v; want both false", cfg.Library.Demo, cfg.Makerspace.Demo)
	}
	def := DefaultConfig()
	if !def.Library.Demo || !def.Makerspace.Demo {
		t.Errorf("the defaults (no config file) must run the demo")
	}
	cfg.Library.Demo, cfg.Makerspace.Demo = def.Library.Demo, def.Makerspace.Demo
	if len(cfg.Web) == 0 {
		t.Error("kiosk.example.toml has no [web] section (kioskweb's; its own test checks its values)")
	}
	cfg.Web = nil // kioskweb's
	if !reflect.DeepEqual(cfg, def) {
		t.Fatalf("kiosk.example.toml differs from DefaultConfig:\n%+v\n%+v", cfg, def)
	}
}

func TestConfigErrorsNameTheKey(t *testing.T) {
	tests := []struct {
		toml string
		key  string
	}{
		{"[kiosk]\nlanguge = \"en\"\n", "kiosk.languge"},
		{"[kiosk]\nlanguage = \"fr\"\n", "kiosk.language"},
		{"[kiosk]\nidle_timeout = \"soon\"\n", "idle_timeout"},
		{"[kiosk]\nidle_timeout = \"5s\"\n", "kiosk.idle_timeout"},
		{"[library]\ntimezone = \"Asia/Bandung\"\n", "library.timezone"},
		{"[library]\nsync = \"sometimes\"\n", "library.sync"},
		{"[patron]\nmax_pin_attempts = 0\n", "patron.max_pin_attempts"},
		{"[[patterns.item]]\nregexp = \"(\"\n", "patterns.item[0].regexp"},
		{"[[scanner]]\nname = \"a\"\n", "scanner[0]"},
		{"[[scanner]]\nport = \"/dev/x\"\nparity = \"maybe\"\n", "scanner[0]"},
		{"[[scanner]]\nport = \"/dev/x\"\nbaud = \"fast\"\n", "scanner"},
		{"[printer]\nwidth = 200\n", "printer.width"},
		{"[[scanner]]\nname = \"a\"\nport = \"/dev/x\"\n[[scanner]]\nname = \"a\"\nport = \"/dev/y\"\n", "scanner[1].name"},
		{"[kiosk]\nsite = \"Pusat Kota\"\n", "kiosk.site"},
		{"[library]\nbackend = \"sip2\"\n[sip2]\naddress = \"perpus\"\n", "sip2.address"},
		{"[library]\nbackend = \"koha\"\n", "library.backend"},
		{"[library]\nbackend = \"slims\"\n[slims]\nuser = \"\"\n", "slims.user"},
		{"[library]\nbackend = \"slims\"\n[slims]\nlogin = \"fingerprint\"\n", "slims.login"},
		{"[library]\nbackend = \"slims\"\n[slims]\nuid = 0\n", "slims.uid"},
		{"[library]\nbackend = \"slims\"\n[slims]\nport = 99999\n", "slims.port"},
		{"[library]\nbackend = \"slims\"\n[slims]\nca_file = \"/nope.pem\"\n", "slims.ca_file"},
		{"[makerspace]\nsweep_every = \"1h\"\n", "makerspace.sweep_every"},
		{"[camera]\ndevice = \"/dev/video0\"\nwidth = 7\n", "camera.width"},
		{"[offline]\nloan_days = 0\n", "offline"},
		{"[mqtt]\nstaff_keys = [\"nope\"]\n", "mqtt.staff_keys[0]"},
		{"[[machine]]\nid = \"ender\"\nsource = \"telepathy\"\n", "machine[0].source"},
		{"[log]\nlevel = \"loud\"\n", "log.level"},
		{"[guestbook]\nsite_database = \"mysql://db/x\"\n", "guestbook.site_database"},
		{"[guestbook]\nenabled = false\nsurvey = true\n", "guestbook.survey"},
		{"[kiosk\n", "line 2"},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "kiosk.toml")
		os.WriteFile(path, []byte(tt.toml), 0o600)
		_, err := LoadConfig(path)
		if err == nil || !strings.Contains(err.Error(), tt.key) {
			t.Errorf("%q: error %v, want it to name %q", tt.toml, err, tt.key)
		}
	}
}

func TestConfigScanners(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.toml")
	os.WriteFile(path, []byte(`
[[scanner]]
port = "/dev/ttyACM0"
idle_gap = "40ms"
[[scanner]]
name = "back"
usb_vid = "0c2e"
usb_pid = "0b61"
`), 0o600)
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Scanners) != 2 || cfg.Scanners[0].Name != "scanner-1" || cfg.Scanners[0].IdleGap.Milliseconds() != 40 {
		t.Fatalf("%+v", cfg.Scanners)
	}
}

// TestValidateChangesNothing: Validate only checks; naming the scanners a
// file leaves unnamed is LoadConfig's, and a config made in code with an
// unnamed scanner is refused, not quietly named.
func TestValidateChangesNothing(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Scanners = []ScannerConfig{{Port: "/dev/ttyACM0"}, {Name: "back", Port: "/dev/ttyACM1"}}
	before := DefaultConfig()
	before.Scanners = []ScannerConfig{{Port: "/dev/ttyACM0"}, {Name: "back", Port: "/dev/ttyACM1"}}
	err := cfg.Validate()
	if !reflect.DeepEqual(cfg, before) {
		t.Fatalf("Validate changed the config:\n%+v\nwas\n%+v", cfg.Scanners, before.Scanners)
	}
	if err == nil || !strings.Contains(err.Error(), "scanner[0].name") {
		t.Fatalf("an unnamed scanner: %v, want an error naming scanner[0].name", err)
	}
	def := DefaultConfig()
	if err := def.Validate(); err != nil {
		t.Fatalf("the defaults: %v", err)
	}
}

// FuzzLoadConfig feeds arbitrary files to the config loader: it must never
// panic, and whatever it accepts must validate.
// TestConfigCrashers: files that crashed the loader are errors with
// their line.
func TestConfigCrashers(t *testing.T) {
	for _, src := range []string{"id = \"C:\\", "[kiosk]\nid = \"x\\"} {
		path := filepath.Join(t.TempDir(), "kiosk.toml")
		if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(path)
		if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), "line") {
			t.Errorf("%q: %v", src, err)
		}
	}
}

func FuzzLoadConfig(f *testing.F) {
	example, err := os.ReadFile("../../kiosk.example.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(example))
	for _, s := range []string{
		"[kiosk]\nlanguage = \"en\"\n",
		"[[scanner]]\nport = \"/dev/x\"\nidle_gap = \"40ms\"\n",
		"[[patterns.item]]\nregexp = \"^3[0-9]{13}$\"\n",
		"[kiosk\n",
		"id = \"C:\\", // panicked inside the TOML library's error formatting
		"[kiosk]\nid = \"a\\",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src string) {
		path := filepath.Join(dir, "kiosk.toml")
		if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(path) // never panics
		if err != nil {
			// Every error says which file; staff fix the file it names.
			if !strings.HasPrefix(err.Error(), path+": ") {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		// What was accepted loads again to the same values: decoding is
		// deterministic and nothing is half-applied.
		again, err := LoadConfig(path)
		if err != nil || !reflect.DeepEqual(cfg, again) {
			t.Fatalf("loading twice differs: %v\n%+v\n%+v", err, cfg, again)
		}
	})
}

// TestReloadBadFileKeepsRunning: `kioskctl cmd … reload` with a file that
// crashed the loader is refused with the reason, and the kiosk goes on.
func TestReloadBadFileKeepsRunning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(path, []byte("[kiosk]\nid = \"C:\\"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := NewMain()
	m.ConfigPath = path
	// It panicked inside the TOML library, taking the kiosk down.
	_, err := m.command(context.Background(), kiosk.Command{Action: kiosk.ActionReload})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line") {
		t.Fatalf("reload of a bad file: %v", err)
	}
}
