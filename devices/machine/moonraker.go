package machine

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Moonraker applies a message of Moonraker's MQTT interface for the
// instance: {instance}/klipper/status carries Klipper objects
// (print_stats.state, print_stats.print_duration, print_stats.message,
// virtual_sdcard.progress), {instance}/moonraker/status the server's
// availability ({"server": "online"|"offline"}).
func (t *Tracker) Moonraker(instance, topic string, payload []byte, now time.Time) error {
	rest, ok := strings.CutPrefix(topic, instance+"/")
	if !ok {
		return fmt.Errorf("moonraker: topic %q is not under %s/", topic, instance)
	}
	switch rest {
	case "moonraker/status":
		var s struct {
			Server string `json:"server"`
		}
		if err := json.Unmarshal(payload, &s); err != nil {
			return fmt.Errorf("moonraker: status: %w", err)
		}
		switch s.Server {
		case "online":
			if t.state.State == kiosk.MachineOffline {
				t.set(kiosk.MachineIdle, now)
			}
		case "offline":
			t.set(kiosk.MachineOffline, now)
		default:
			return fmt.Errorf("moonraker: server %q", s.Server)
		}
	case "klipper/status":
		var m struct {
			Status struct {
				PrintStats *struct {
					State         string   `json:"state"`
					PrintDuration *float64 `json:"print_duration"`
					Message       string   `json:"message"`
				} `json:"print_stats"`
				SDCard *struct {
					Progress *float64 `json:"progress"`
				} `json:"virtual_sdcard"`
			} `json:"status"`
		}
		if err := json.Unmarshal(payload, &m); err != nil {
			return fmt.Errorf("moonraker: klipper status: %w", err)
		}
		if ps := m.Status.PrintStats; ps != nil && ps.State != "" {
			switch ps.State {
			case "printing":
				t.set(kiosk.MachineBusy, now)
				if ps.PrintDuration != nil && *ps.PrintDuration >= 0 {
					t.started = now.Add(-time.Duration(*ps.PrintDuration * float64(time.Second)))
				}
			case "paused":
				t.set(kiosk.MachinePaused, now)
			case "standby", "complete", "cancelled":
				t.set(kiosk.MachineIdle, now)
			case "error":
				t.set(kiosk.MachineError, now)
				t.state.Error = ps.Message
			default:
				return fmt.Errorf("moonraker: print_stats.state %q", ps.State)
			}
		}
		if sd := m.Status.SDCard; sd != nil && sd.Progress != nil && (t.state.State == kiosk.MachineBusy || t.state.State == kiosk.MachinePaused) {
			if *sd.Progress < 0 || *sd.Progress > 1 {
				return fmt.Errorf("moonraker: virtual_sdcard.progress %v", *sd.Progress)
			}
			t.progress(*sd.Progress, 0, now)
		}
	default:
		return fmt.Errorf("moonraker: unknown topic %q", topic)
	}
	return nil
}
