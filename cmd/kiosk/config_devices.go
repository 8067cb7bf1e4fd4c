package main

import (
	"fmt"
	"time"

	"github.com/anjungan/anjungan/devices/scanner"
)

// The devices' sections of the config: scanners, the receipt printer, the
// camera and the makerspace's machines.

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

// validate checks one scanner, key being where it is ("scanner[0]").
func (s ScannerConfig) validate(p *problems, key string) {
	if err := s.port().Validate(); err != nil {
		p.add(key, "%v", err)
	}
	if s.IdleGap.Duration < 0 || s.IdleGap.Duration > 5*time.Second {
		p.add(key+".idle_gap", "%v: want 0 to 5s", s.IdleGap.Duration)
	}
}

// validateScanners checks each scanner and that each has a name of its
// own (LoadConfig names those a file leaves unnamed).
func validateScanners(p *problems, scanners []ScannerConfig) {
	names := map[string]bool{}
	for i, s := range scanners {
		key := fmt.Sprintf("scanner[%d]", i)
		switch {
		case s.Name == "":
			p.add(key+".name", "empty: want a name")
		case names[s.Name]:
			p.add(key+".name", "%q used twice", s.Name)
		}
		names[s.Name] = true
		s.validate(p, key)
	}
}

func (s ScannerConfig) port() scanner.Port {
	return scanner.Port{Path: s.Port, VID: s.VID, PID: s.PID, Serial: s.Serial,
		BaudRate: s.Baud, DataBits: s.DataBits, Parity: s.Parity, StopBits: s.StopBits}
}

// PrinterConfig is the receipt printer; no port means none.
type PrinterConfig struct {
	Port  string `toml:"port"`
	Baud  int    `toml:"baud"`
	Width int    `toml:"width"`
}

func (c PrinterConfig) validate(p *problems) {
	if c.Width != 0 && (c.Width < 24 || c.Width > 64) {
		p.add("printer.width", "%d: want 24 to 64 characters", c.Width)
	}
}

// CameraConfig is a webcam that reads QR codes and barcodes; no device
// means none.
type CameraConfig struct {
	Device string   `toml:"device"`
	Width  int      `toml:"width"`
	Height int      `toml:"height"`
	Every  Duration `toml:"every"`
}

func (c CameraConfig) validate(p *problems) {
	if c.Device == "" {
		return
	}
	if c.Width < 160 || c.Width > 3840 || c.Width%2 != 0 || c.Height < 120 || c.Height > 2160 {
		p.add("camera.width", "%dx%d: want an even width of 160 to 3840 and a height of 120 to 2160", c.Width, c.Height)
	}
	if c.Every.Duration < 0 || c.Every.Duration > 5*time.Second {
		p.add("camera.every", "%v: want 0 to 5s", c.Every.Duration)
	}
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

// validate checks one machine, key being where it is ("machine[0]").
func (mc MachineConfig) validate(p *problems, key string) {
	switch mc.Source {
	case "octoprint", "moonraker", "bambu":
		if mc.Broker == "" || mc.Topic == "" {
			p.add(key, "%s needs broker and topic", mc.Source)
		}
	case "marlin":
		if mc.Port == "" {
			p.add(key+".port", "marlin needs the printer's serial port")
		}
	default:
		p.add(key+".source", "%q: want octoprint, moonraker, bambu or marlin", mc.Source)
	}
}

// validateMachines checks each machine and that each is a different
// booking resource.
func validateMachines(p *problems, machines []MachineConfig) {
	ids := map[string]bool{}
	for i, mc := range machines {
		key := fmt.Sprintf("machine[%d]", i)
		if mc.ID == "" || ids[mc.ID] {
			p.add(key+".id", "%q: want the booking resource's id, once", mc.ID)
		}
		ids[mc.ID] = true
		mc.validate(p, key)
	}
}
