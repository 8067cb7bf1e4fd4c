package mqtt

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestDiscovery: with Discovery on, Home Assistant finds read-only
// sensors for the kiosk, reading its state and availability topics, and
// the broker's ACL lets the kiosk announce only its own.
func TestDiscovery(t *testing.T) {
	b := mosquitto(t)
	ha := subscribe(t, b, "staff", "homeassistant/#")
	rr, _, _ := startReporterWith(t, b, "kiosk-01", 0, &Reporter{Discovery: true})
	waitFor(t, 10*time.Second, "discovery configs", func() bool { return len(ha.all()) >= 9 && rr.Connected() })
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-01"}
	seen := map[string]bool{}
	for _, m := range ha.all() {
		var cfg map[string]any
		if err := json.Unmarshal([]byte(m.payload), &cfg); err != nil {
			t.Fatalf("%s: %v", m.topic, err)
		}
		if !strings.HasPrefix(m.topic, "homeassistant/") || !strings.Contains(m.topic, "/anjungan_kiosk-01/") {
			t.Errorf("topic %s", m.topic)
		}
		st, _ := cfg["state_topic"].(string)
		if st != tp.State() && st != tp.Availability() {
			t.Errorf("%s reads %q", m.topic, st)
		}
		seen[cfg["unique_id"].(string)] = true
	}
	for _, id := range []string{"anjungan_kiosk-01_online", "anjungan_kiosk-01_mode", "anjungan_kiosk-01_scanners", "anjungan_kiosk-01_printer", "anjungan_kiosk-01_loans"} {
		if !seen[id] {
			t.Errorf("no sensor %s", id)
		}
	}
	// Home Assistant started later still finds them: they are retained.
	late := subscribe(t, b, "staff", "homeassistant/#")
	waitFor(t, 10*time.Second, "retained configs", func() bool {
		all := late.all()
		return len(all) >= 9 && all[0].retained
	})
}
