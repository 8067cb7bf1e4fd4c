package kiosk

import "time"

// DeviceKind names a kind of peripheral.
type DeviceKind string

// Device kinds.
const (
	DeviceScanner DeviceKind = "scanner"
	DevicePrinter DeviceKind = "printer"
	DeviceCamera  DeviceKind = "camera"
)

// DeviceState is what a peripheral last reported about itself. It is what
// staff see; it never holds patron data.
type DeviceState struct {
	Name      string
	Kind      DeviceKind
	Port      string
	Connected bool
	LastError string
	LastScan  time.Time
	Since     time.Time // when Connected last changed
	// Dropped counts lines discarded as garbage since start.
	Dropped int
}
