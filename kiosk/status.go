package kiosk

import "time"

// StatusVersion is the version of the status, event, command and reply
// payloads ("v" in their JSON).
const StatusVersion = 1

// Mode is whether a kiosk serves patrons.
type Mode string

// Kiosk modes.
const (
	ModeInService    Mode = "in_service"
	ModeOutOfService Mode = "out_of_service"
)

// Status is what a kiosk reports about itself to staff. It never holds
// patron data: no card numbers, names or PINs, no item a patron handled.
type Status struct {
	V       int       `json:"v"`
	Kiosk   string    `json:"kiosk"`
	Site    string    `json:"site"`
	Version string    `json:"version"`
	Started time.Time `json:"started"`
	At      time.Time `json:"at"`
	Mode    Mode      `json:"mode"`
	// Message is shown on the kiosk while it is out of service.
	Message  string         `json:"message,omitempty"`
	Devices  []DeviceStatus `json:"devices"`
	Link     *LinkStatus    `json:"link,omitempty"`
	Counters Counters       `json:"counters"`
	Machines []MachineState `json:"machines,omitempty"`
	// DesiredSeq is the version of the staff's desired state in force at
	// the kiosk (0: none); staff tools publish the next.
	DesiredSeq uint64 `json:"desired_seq,omitempty"`
}

// Uptime is how long the kiosk has run at the time of the status.
func (s Status) Uptime() time.Duration { return s.At.Sub(s.Started) }

// DeviceStatus is one peripheral as staff see it.
type DeviceStatus struct {
	Name      string     `json:"name"`
	Kind      DeviceKind `json:"kind"`
	Port      string     `json:"port,omitempty"`
	Connected bool       `json:"connected"`
	Since     time.Time  `json:"since"`
	LastScan  time.Time  `json:"last_scan,omitzero"`
	LastError string     `json:"last_error,omitempty"`
	// Paper is a receipt printer's paper: "ok", "near_end", "out" or ""
	// when the printer does not say.
	Paper     string `json:"paper,omitempty"`
	CoverOpen bool   `json:"cover_open,omitempty"`
}

// OK reports whether the device works.
func (d DeviceStatus) OK() bool { return d.Connected && d.Paper != "out" && !d.CoverOpen }

// StatusOf turns a device's state into its status line.
func StatusOf(d DeviceState) DeviceStatus {
	return DeviceStatus{Name: d.Name, Kind: d.Kind, Port: d.Port, Connected: d.Connected, Since: d.Since.UTC(),
		LastScan: d.LastScan.UTC(), LastError: d.LastError}
}

// LinkStatus is the link to the library system (SIP2).
type LinkStatus struct {
	Up        bool          `json:"up"`
	Since     time.Time     `json:"since"`
	LastError string        `json:"last_error,omitempty"`
	RTT       time.Duration `json:"rtt_ns,omitempty"`
}

// Counters are today's transactions at a kiosk.
type Counters struct {
	Day      string `json:"day"` // YYYY-MM-DD, library time
	Scans    int    `json:"scans"`
	Loans    int    `json:"loans"`
	Returns  int    `json:"returns"`
	Renewals int    `json:"renewals"`
	Bookings int    `json:"bookings"`
	Errors   int    `json:"errors"`
	// The guest book's: visits counted (members' and guests'), guests'
	// among them, and ratings given. Counts only, never who.
	Visits  int `json:"visits"`
	Guests  int `json:"guests"`
	Ratings int `json:"ratings"`
}

// MachineStatus is a makerspace machine's state, normalised from its
// source (OctoPrint, Moonraker, Bambu Lab, Marlin).
type MachineStatus string

// Machine states.
const (
	MachineIdle    MachineStatus = "idle"
	MachineBusy    MachineStatus = "busy" // printing or otherwise working
	MachinePaused  MachineStatus = "paused"
	MachineError   MachineStatus = "error"
	MachineOffline MachineStatus = "offline"
)

// MachineState is one makerspace machine.
type MachineState struct {
	ID       string        `json:"id"` // the booking resource it is
	Source   string        `json:"source"`
	State    MachineStatus `json:"state"`
	Progress float64       `json:"progress,omitempty"` // 0..1 of the running job
	Finish   time.Time     `json:"finish,omitzero"`    // estimated end of the job
	Error    string        `json:"error,omitempty"`
	// Warning is for staff, such as a print that will run past the next
	// booking's start.
	Warning string    `json:"warning,omitempty"`
	At      time.Time `json:"at"`
}

// Event is something that happened at a kiosk, for staff: a transaction
// (its kind only), a device plugged or unplugged, paper out, an error, a
// refused command.
type Event struct {
	V      int       `json:"v"`
	Kiosk  string    `json:"kiosk"`
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	Device string    `json:"device,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

// Event kinds.
const (
	EventTransaction     = "transaction"
	EventDevice          = "device"
	EventPaper           = "paper"
	EventError           = "error"
	EventCommandRejected = "command_rejected"
	EventMode            = "mode"
)
