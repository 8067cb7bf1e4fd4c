package machine

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// OctoPrint applies a message of OctoPrint's MQTT plugin, whose topics
// start with base (octoPrint by default): octoPrint/event/<Event>,
// octoPrint/progress/printing, octoPrint/temperature/<tool> (ignored)
// and the plugin's will on octoPrint/mqtt ("connected"/"disconnected").
func (t *Tracker) OctoPrint(base, topic string, payload []byte, now time.Time) error {
	rest, ok := strings.CutPrefix(topic, base+"/")
	if !ok {
		return fmt.Errorf("octoprint: topic %q is not under %s/", topic, base)
	}
	switch {
	case rest == "mqtt":
		switch string(payload) {
		case "connected":
			if t.state.State == kiosk.MachineOffline {
				t.set(kiosk.MachineIdle, now)
			}
		case "disconnected":
			t.set(kiosk.MachineOffline, now)
		default:
			return fmt.Errorf("octoprint: will %q", truncate(payload))
		}
	case strings.HasPrefix(rest, "event/"):
		return t.octoEvent(strings.TrimPrefix(rest, "event/"), payload, now)
	case rest == "progress/printing":
		var p struct {
			Progress *float64 `json:"progress"`
		}
		if err := json.Unmarshal(payload, &p); err != nil || p.Progress == nil || *p.Progress < 0 || *p.Progress > 100 {
			return fmt.Errorf("octoprint: progress %q", truncate(payload))
		}
		if t.state.State == kiosk.MachineIdle || t.state.State == kiosk.MachineOffline {
			t.set(kiosk.MachineBusy, now) // a progress report means a job runs
		}
		t.progress(*p.Progress/100, 0, now)
	case strings.HasPrefix(rest, "temperature/"), strings.HasPrefix(rest, "progress/"):
		// Not part of the machine's state.
	default:
		return fmt.Errorf("octoprint: unknown topic %q", topic)
	}
	return nil
}

func (t *Tracker) octoEvent(name string, payload []byte, now time.Time) error {
	var e struct {
		Event string `json:"_event"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(payload, &e); err != nil {
		return fmt.Errorf("octoprint: event %s: %w", name, err)
	}
	switch name {
	case "PrintStarted", "PrintResumed":
		t.set(kiosk.MachineBusy, now)
	case "PrintPaused":
		t.set(kiosk.MachinePaused, now)
	case "PrintDone", "PrintCancelled", "Connected":
		t.set(kiosk.MachineIdle, now)
	case "PrintFailed", "Error":
		t.set(kiosk.MachineError, now)
		t.state.Error = e.Error
		if t.state.Error == "" {
			t.state.Error = name
		}
	case "Disconnected":
		t.set(kiosk.MachineOffline, now)
	}
	return nil
}

func truncate(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
