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
	ha := subscribe(t, b.URL(), "staff", "homeassistant/#")
	rr, _, _ := startReporterWith(t, b.URL(), "k1", 0, &Reporter{Discovery: true})
	waitFor(t, 10*time.Second, "discovery configs", func() bool { return len(ha.all()) >= 9 && rr.Connected() })
	tp := Topics{Site: "uji", Kiosk: "k1"}
	seen := map[string]bool{}
	for _, m := range ha.all() {
		var cfg map[string]any
		if err := json.Unmarshal([]byte(m.payload), &cfg); err != nil {
			t.Fatalf("%s: %v", m.topic, err)
		}
		if !strings.HasPrefix(m.topic, "homeassistant/") || !strings.Contains(m.topic, "/anjungan_k1/") {
			t.Errorf("topic %s", m.topic)
		}
		st, _ := cfg["state_topic"].(string)
		if st != tp.State() && st != tp.Availability() {
			t.Errorf("%s reads %q", m.topic, st)
		}
		seen[cfg["unique_id"].(string)] = true
	}
	for _, id := range []string{"anjungan_k1_online", "anjungan_k1_mode", "anjungan_k1_scanners", "anjungan_k1_printer", "anjungan_k1_loans"} {
		if !seen[id] {
			t.Errorf("no sensor %s", id)
		}
	}
	// Home Assistant started later still finds them: they are retained.
	late := subscribe(t, b.URL(), "staff", "homeassistant/#")
	waitFor(t, 10*time.Second, "retained configs", func() bool {
		all := late.all()
		return len(all) >= 9 && all[0].retained
	})
}
