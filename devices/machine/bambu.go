package machine

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// BambuPushAll is the request for a full report, published to
// device/<serial>/request.
const BambuPushAll = `{"pushing":{"sequence_id":"0","command":"pushall"}}`

// Bambu applies a report from a Bambu Lab printer's local MQTT broker,
// device/<serial>/report: print.gcode_state (IDLE, PREPARE, RUNNING,
// PAUSE, FINISH, FAILED), print.mc_percent, print.mc_remaining_time
// (minutes) and print.print_error. Reports are often partial: what they
// lack keeps its value.
func (t *Tracker) Bambu(serial, topic string, payload []byte, now time.Time) error {
	if topic != "device/"+serial+"/report" {
		return fmt.Errorf("bambu: topic %q is not device/%s/report", topic, serial)
	}
	var m struct {
		Print *struct {
			State     string `json:"gcode_state"`
			Percent   *int   `json:"mc_percent"`
			Remaining *int   `json:"mc_remaining_time"`
			Error     *int   `json:"print_error"`
		} `json:"print"`
	}
	if err := json.Unmarshal(payload, &m); err != nil {
		return fmt.Errorf("bambu: report: %w", err)
	}
	p := m.Print
	if p == nil {
		return nil // other report kinds (system, info)
	}
	switch strings.ToUpper(p.State) {
	case "":
	case "RUNNING", "PREPARE", "SLICING":
		t.set(kiosk.MachineBusy, now)
	case "PAUSE":
		t.set(kiosk.MachinePaused, now)
	case "IDLE", "FINISH":
		t.set(kiosk.MachineIdle, now)
	case "FAILED":
		t.set(kiosk.MachineError, now)
		t.state.Error = "print failed"
	default:
		return fmt.Errorf("bambu: gcode_state %q", p.State)
	}
	if p.Error != nil && *p.Error != 0 {
		t.set(kiosk.MachineError, now)
		t.state.Error = fmt.Sprintf("print error %08X", uint32(*p.Error))
	}
	if p.Percent != nil && (t.state.State == kiosk.MachineBusy || t.state.State == kiosk.MachinePaused) {
		if *p.Percent < 0 || *p.Percent > 100 {
			return fmt.Errorf("bambu: mc_percent %d", *p.Percent)
		}
		var left time.Duration
		if p.Remaining != nil && *p.Remaining > 0 {
			left = time.Duration(*p.Remaining) * time.Minute
		}
		t.progress(float64(*p.Percent)/100, left, now)
	}
	return nil
}
