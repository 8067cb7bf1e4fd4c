package machine

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Marlin applies one line a Marlin printer sent in reply to M105
// (temperatures), M27 (SD print progress) or M115 (firmware), or on its
// own (errors).
func (t *Tracker) Marlin(line string, now time.Time) error {
	line = strings.TrimSpace(line)
	alive := func() {
		if t.state.State == kiosk.MachineOffline {
			t.set(kiosk.MachineIdle, now)
		}
	}
	switch {
	case line == "":
		return nil
	case strings.HasPrefix(line, "Error:"), strings.HasPrefix(line, "!!"):
		t.set(kiosk.MachineError, now)
		t.state.Error = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(line, "Error:"), "!!"))
	case strings.HasPrefix(line, "SD printing byte "):
		a, b, ok := strings.Cut(strings.TrimPrefix(line, "SD printing byte "), "/")
		done, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
		total, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
		if !ok || err1 != nil || err2 != nil || done < 0 || total <= 0 || done > total {
			return fmt.Errorf("marlin: %q", line)
		}
		if t.state.State != kiosk.MachineBusy {
			t.set(kiosk.MachineBusy, now)
		}
		t.progress(float64(done)/float64(total), 0, now)
	case strings.HasPrefix(line, "Not SD printing"), strings.HasPrefix(line, "Done printing file"):
		if t.state.State == kiosk.MachineBusy || t.state.State == kiosk.MachinePaused || t.state.State == kiosk.MachineOffline {
			t.set(kiosk.MachineIdle, now)
		}
	case strings.HasPrefix(line, "ok"), strings.HasPrefix(line, "T:"), strings.HasPrefix(line, "FIRMWARE_NAME:"),
		strings.HasPrefix(line, "echo:"), strings.HasPrefix(line, "Cap:"), strings.HasPrefix(line, "start"):
		alive()
	default:
		return fmt.Errorf("marlin: unexpected %q", truncate([]byte(line)))
	}
	return nil
}
