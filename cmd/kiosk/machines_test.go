package main

import (
	"strings"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// TestMachines: a Bambu printer reporting a long job warns staff that it
// will run into the next booking; a failed print shows the printer out of
// service at the kiosk.
func TestMachines(t *testing.T) {
	b := mqtttest.Start(t, mqtttest.Options{})
	var now time.Time
	m, _, ctx := startMainWith(t, func(m *Main) {
		m.Config.Machines = []MachineConfig{{ID: "printer-2", Source: "bambu", Broker: b.URL(), Topic: "SER1"}}
		loc, err := time.LoadLocation(m.Config.Library.TimeZone)
		if err != nil {
			t.Fatal(err)
		}
		now = time.Date(2026, 11, 23, 10, 0, 0, 0, loc) // a Monday morning
		m.Now = mock.NewClock(now).Now
	})
	// The next booking of printer-2 starts in two hours (written
	// directly: the demo's opening hours may not allow one then).
	start := now.Add(2 * time.Hour)
	if _, err := m.Makerspace.SQL().Exec(`INSERT INTO bookings (code, resource_id, patron, start_at, end_at, block_end, state, created_at)
		VALUES ('NEXT01', 'printer-2', 'p', ?, ?, ?, 'confirmed', 0)`, start.Unix(), start.Add(time.Hour).Unix(), start.Add(75*time.Minute).Unix()); err != nil {
		t.Fatal(err)
	}
	pub := paho.NewClient(paho.NewClientOptions().AddBroker(b.URL()).SetClientID("bambu-printer"))
	if tok := pub.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatal(tok.Error())
	}
	defer pub.Disconnect(0)
	report := func(payload string) {
		pub.Publish("device/SER1/report", 0, false, payload).WaitTimeout(5 * time.Second)
	}
	waitForIt(t, "a long print warns of the next booking", func() bool {
		report(`{"print":{"gcode_state":"RUNNING","mc_percent":10,"mc_remaining_time":300}}`)
		for _, mc := range m.status().Machines {
			if mc.ID == "printer-2" && strings.Contains(mc.Warning, "NEXT01") {
				return true
			}
		}
		return false
	})
	waitForIt(t, "a failed print puts the printer out of service", func() bool {
		report(`{"print":{"gcode_state":"FAILED"}}`)
		m.Session.ShowMakerspace(ctx)
		for _, r := range m.Session.View().Makerspace.Resources {
			if r.ID == "printer-2" {
				return r.Live == booking.LiveOutOfService && r.Note == "print failed"
			}
		}
		return false
	})
	if ms := m.status().Machines; len(ms) != 1 || ms[0].State != kiosk.MachineError {
		t.Fatalf("machines %+v", ms)
	}
}
