package scanner

import (
	"errors"
	"fmt"
	"strings"

	"go.bug.st/serial"
	"go.bug.st/serial/enumerator"
)

// Port says which serial port a scanner is on and how to talk to it.
type Port struct {
	// Path is the device, e.g. /dev/ttyACM0 or /dev/serial/by-id/…
	Path string
	// VID and PID find a USB scanner wherever it is plugged in (hex, as
	// "05e0"); Serial narrows that to one unit. Used when Path is empty.
	VID, PID, Serial string

	BaudRate int
	DataBits int    // 5–8; 8 when 0
	Parity   string // none, odd, even, mark, space; none when empty
	StopBits string // 1, 1.5, 2; 1 when empty
}

// ErrNotFound says no port matched the USB VID/PID.
var ErrNotFound = errors.New("no serial port with that USB VID/PID")

// Mode returns the serial settings, checking each.
func (p Port) Mode() (*serial.Mode, error) {
	m := &serial.Mode{BaudRate: p.BaudRate, DataBits: p.DataBits}
	if m.BaudRate == 0 {
		m.BaudRate = 9600
	}
	if m.BaudRate < 50 || m.BaudRate > 4000000 {
		return nil, fmt.Errorf("baud %d out of range", p.BaudRate)
	}
	if m.DataBits == 0 {
		m.DataBits = 8
	}
	if m.DataBits < 5 || m.DataBits > 8 {
		return nil, fmt.Errorf("data bits %d: want 5 to 8", p.DataBits)
	}
	switch strings.ToLower(p.Parity) {
	case "", "none", "n":
		m.Parity = serial.NoParity
	case "odd", "o":
		m.Parity = serial.OddParity
	case "even", "e":
		m.Parity = serial.EvenParity
	case "mark", "m":
		m.Parity = serial.MarkParity
	case "space", "s":
		m.Parity = serial.SpaceParity
	default:
		return nil, fmt.Errorf("parity %q: want none, odd, even, mark or space", p.Parity)
	}
	switch p.StopBits {
	case "", "1":
		m.StopBits = serial.OneStopBit
	case "1.5":
		m.StopBits = serial.OnePointFiveStopBits
	case "2":
		m.StopBits = serial.TwoStopBits
	default:
		return nil, fmt.Errorf("stop bits %q: want 1, 1.5 or 2", p.StopBits)
	}
	return m, nil
}

// Validate checks the port settings without opening anything.
func (p Port) Validate() error {
	if p.Path == "" && (p.VID == "" || p.PID == "") {
		return errors.New("a scanner needs a port path or a USB vid and pid")
	}
	_, err := p.Mode()
	return err
}

// String names the port for logs and staff.
func (p Port) String() string {
	if p.Path != "" {
		return p.Path
	}
	s := "usb:" + p.VID + ":" + p.PID
	if p.Serial != "" {
		s += ":" + p.Serial
	}
	return s
}

// resolve finds the device path: Path itself, or the first USB port whose
// VID/PID (and serial number, when set) match.
func (p Port) resolve() (string, error) {
	if p.Path != "" {
		return p.Path, nil
	}
	ports, err := enumerator.GetDetailedPortsList()
	if err != nil {
		return "", fmt.Errorf("list serial ports: %w", err)
	}
	for _, d := range ports {
		if d.IsUSB && sameHex(d.VID, p.VID) && sameHex(d.PID, p.PID) && (p.Serial == "" || d.SerialNumber == p.Serial) {
			return d.Name, nil
		}
	}
	return "", ErrNotFound
}

func sameHex(a, b string) bool {
	trim := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		s = strings.TrimPrefix(s, "0x")
		return strings.TrimLeft(s, "0")
	}
	return trim(a) == trim(b)
}
