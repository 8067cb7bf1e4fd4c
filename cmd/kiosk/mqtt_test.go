package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestStaffSeeAndCommandTheKiosk is the "done": the kiosk appears
// to staff, unplugging its scanner raises an alert, "out of service" from
// staff shows on the kiosk and survives a kiosk restart, and nothing a
// patron did or is appears in any message.
func TestStaffSeeAndCommandTheKiosk(t *testing.T) {
	broker := shippedBroker(t)
	configure := kioskOn(broker, t.TempDir())
	everything := captureAll(t, broker.URLFor(1883))
	model := fleet.NewModel()
	staff := &mqtt.Staff{Broker: staffBroker(broker), Model: model, Key: staffKey, Name: "ani"}
	ctx := context.Background()
	if err := staff.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	defer staff.Close()

	m, master, mctx := startMainWith(t, configure)
	kioskView := func() fleet.Kiosk {
		for _, k := range model.Snapshot("") {
			if k.ID == "kiosk-01" {
				return k
			}
		}
		return fleet.Kiosk{}
	}
	waitForIt(t, "kiosk online with a connected scanner", func() bool {
		k := kioskView()
		return k.Online && len(k.Status.Devices) == 1 && k.Status.Devices[0].Connected
	})
	if k := kioskView(); k.Site != "perpustakaan" || k.Status.Mode != kiosk.ModeInService || len(k.Alerts) != 0 {
		t.Fatalf("kiosk %+v", k)
	}

	// A patron borrows: staff see the count, never the patron.
	s := m.Session
	s.Scan(mctx, kiosk.Scan{Code: sqlite.DemoCard(1)})
	for _, d := range "1234" {
		s.PINKey(byte(d))
	}
	s.PINSubmit(mctx)
	s.Scan(mctx, kiosk.Scan{Code: sqlite.DemoItem(1)})
	if v := s.View(); len(v.Lines) != 1 || v.Lines[0].Status != session.StatusBorrowed {
		t.Fatalf("borrow: %+v", v)
	}
	s.Finish(mctx)
	waitForIt(t, "loan counted", func() bool { return kioskView().Status.Counters.Loans == 1 })

	// A member signs the guest book and rates the visit: counts only.
	s.Start(session.IntentVisit)
	s.Scan(mctx, kiosk.Scan{Code: sqlite.DemoCard(2)})
	s.Rate(mctx, 5)
	s.Done()
	waitForIt(t, "visit and rating counted", func() bool {
		c := kioskView().Status.Counters
		return c.Visits == 1 && c.Ratings == 1 && c.Guests == 0
	})

	// Unplug the scanner: an alert stands out.
	master.Close()
	waitForIt(t, "scanner alert", func() bool {
		for _, a := range kioskView().Alerts {
			if a.Kind == fleet.AlertScanner && a.Severe {
				return true
			}
		}
		return false
	})

	// Out of service from staff, with a message: on the kiosk at once.
	if err := staff.SetDesired("perpustakaan", "kiosk-01", kiosk.ModeOutOfService, "Sedang dipindahkan"); err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	r, err := staff.Command(rctx, "perpustakaan", "kiosk-01", kiosk.ActionOutOfService, "Sedang dipindahkan")
	if err != nil || !r.OK {
		t.Fatalf("command: %+v %v", r, err)
	}
	waitForIt(t, "out of service on the kiosk", func() bool {
		v := s.View()
		return v.OutOfService && v.ServiceMessage == "Sedang dipindahkan"
	})
	waitForIt(t, "out of service for staff", func() bool { return kioskView().Status.Mode == kiosk.ModeOutOfService })
	pong, err := staff.Command(rctx, "perpustakaan", "kiosk-01", kiosk.ActionPing, "")
	if err != nil || !strings.HasPrefix(pong.Detail, "pong") {
		t.Fatalf("ping: %+v %v", pong, err)
	}

	// Restart the kiosk: it comes back out of service.
	m.Close()
	waitForIt(t, "offline after a clean stop", func() bool { return !kioskView().Online })
	m2, _, _ := startMainWith(t, configure)
	waitForIt(t, "out of service after the restart", func() bool { return m2.Session.View().OutOfService })
	waitForIt(t, "online again", func() bool { return kioskView().Online && kioskView().Status.Mode == kiosk.ModeOutOfService })
	waitForIt(t, "today's counts again after the restart", func() bool {
		c := kioskView().Status.Counters
		return c.Loans == 1 && c.Visits == 1 && c.Ratings == 1
	})

	// Nothing that identifies the patron was ever published.
	everything.mu.Lock()
	defer everything.mu.Unlock()
	if len(everything.payloads) < 5 {
		t.Fatalf("captured only %d messages", len(everything.payloads))
	}
	p, v := sqlite.DemoPatrons[0], sqlite.DemoPatrons[1]
	for _, msg := range everything.payloads {
		for _, secret := range []string{p.Card, p.Name, "Siti", "1234\"", sqlite.DemoItem(1), "Laskar", v.Card, v.Name} {
			if strings.Contains(msg, secret) {
				t.Fatalf("a published message contains %q: %s", secret, msg)
			}
		}
	}
}

var staffKey = ed25519.NewKeyFromSeed([]byte("staff key seed of 32 bytes......"))

// kioskOn configures the kiosk for broker, with its data in dir (kept
// across its restarts) and the staff key.
func kioskOn(broker *mqtttest.Mosquitto, dir string) func(*Main) {
	return func(m *Main) {
		m.Config.Kiosk.DataDir = dir
		m.Config.MQTT.Broker, m.Config.MQTT.Password, m.Config.MQTT.CAFile = broker.URLFor(8883), "pw-kiosk", broker.CAFile
		m.Config.MQTT.Keepalive = Duration{Duration: 2 * time.Second}
		m.Config.MQTT.StaffKeys = []string{base64.StdEncoding.EncodeToString(staffKey.Public().(ed25519.PublicKey))}
	}
}

// TestReplayedDesiredAfterRestart: staff put the kiosk out of service,
// then back in service; someone plays the captured out-of-service back,
// retained, while the kiosk is off. The kiosk restarts in service, refuses
// the old one and tells staff.
func TestReplayedDesiredAfterRestart(t *testing.T) {
	broker := shippedBroker(t)
	configure := kioskOn(broker, t.TempDir())
	model := fleet.NewModel()
	staff := &mqtt.Staff{Broker: staffBroker(broker), Model: model, Key: staffKey, Name: "ani"}
	if err := staff.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer staff.Close()
	var captured []byte
	capture := captureTopic(t, broker.URLFor(1883), "anjungan/perpustakaan/kiosk/kiosk-01/desired", func(p []byte) {
		if strings.Contains(string(p), "out_of_service") && captured == nil {
			captured = p
		}
	})
	m, _, _ := startMainWith(t, configure)
	waitForIt(t, "kiosk online", func() bool { return kioskOf(model).Online })
	if err := staff.SetDesired("perpustakaan", "kiosk-01", kiosk.ModeOutOfService, "Rusak"); err != nil {
		t.Fatal(err)
	}
	waitForIt(t, "out of service", func() bool { return m.Session.View().OutOfService })
	if err := staff.SetDesired("perpustakaan", "kiosk-01", kiosk.ModeInService, ""); err != nil {
		t.Fatal(err)
	}
	waitForIt(t, "in service", func() bool { return !m.Session.View().OutOfService })
	m.Close()
	capture.mu.Lock()
	old := captured
	capture.mu.Unlock()
	if old == nil {
		t.Fatal("the out-of-service desired state was not captured")
	}
	// The replay: any client that may write the topic, no signing key.
	if tok := capture.c.Publish("anjungan/perpustakaan/kiosk/kiosk-01/desired", 1, true, old); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("replay: %v", tok.Error())
	}
	m2, _, _ := startMainWith(t, configure)
	waitForIt(t, "the refusal, told to staff", func() bool {
		for _, e := range kioskOf(model).Events {
			if e.Kind == kiosk.EventCommandRejected && strings.Contains(e.Detail, "version 1 is not newer than version 2") {
				return true
			}
		}
		return false
	})
	if m2.Session.View().OutOfService {
		t.Fatal("the kiosk came back out of service on a replayed desired state")
	}
}

func kioskOf(model *fleet.Model) fleet.Kiosk {
	for _, k := range model.Snapshot("") {
		if k.ID == "kiosk-01" {
			return k
		}
	}
	return fleet.Kiosk{}
}

type topicCapture struct {
	mu sync.Mutex
	c  paho.Client
}

// captureTopic hands every message on topic to got, as staff.
func captureTopic(t *testing.T, url, topic string, got func([]byte)) *topicCapture {
	t.Helper()
	tc := &topicCapture{}
	o := paho.NewClientOptions().AddBroker(url).SetClientID("capture-desired").SetUsername("staff").SetPassword("pw-staff")
	o.SetOnConnectHandler(func(c paho.Client) {
		c.Subscribe(topic, 1, func(_ paho.Client, m paho.Message) {
			tc.mu.Lock()
			got(m.Payload())
			tc.mu.Unlock()
		}).WaitTimeout(10 * time.Second)
	})
	tc.c = paho.NewClient(o)
	if tok := tc.c.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("capture: %v", tok.Error())
	}
	t.Cleanup(func() { tc.c.Disconnect(0) })
	return tc
}

// shippedBroker is Mosquitto on the shipped configuration (mosquitto/),
// with the kiosk of the tests and a staff user.
func shippedBroker(t *testing.T) *mqtttest.Mosquitto {
	return mqtttest.Shipped(t, mqtttest.Standalone, mqtttest.Accounts{
		Kiosks: map[string]string{"kiosk-01": "pw-kiosk"},
		Staff:  map[string]string{"staff": "pw-staff"},
	})
}

// staffBroker is the staff's way in: the loopback listener.
func staffBroker(b *mqtttest.Mosquitto) mqtt.Broker {
	return mqtt.Broker{URL: b.URLFor(1883), Username: "staff", Password: "pw-staff"}
}

type everything struct {
	mu       sync.Mutex
	payloads []string
}

// captureAll records every message on the broker, as staff.
func captureAll(t *testing.T, url string) *everything {
	t.Helper()
	e := &everything{}
	o := paho.NewClientOptions().AddBroker(url).SetClientID("capture-all").SetUsername("staff").SetPassword("pw-staff")
	o.SetOnConnectHandler(func(c paho.Client) {
		c.Subscribe("#", 1, func(_ paho.Client, m paho.Message) {
			e.mu.Lock()
			e.payloads = append(e.payloads, fmt.Sprintf("%s %s", m.Topic(), m.Payload()))
			e.mu.Unlock()
		})
	})
	c := paho.NewClient(o)
	if tok := c.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("capture: %v", tok.Error())
	}
	t.Cleanup(func() { c.Disconnect(0) })
	return e
}

// TestServesWithoutBroker: with the broker unreachable the kiosk starts
// and patrons borrow as usual; reporting waits in the background.
func TestServesWithoutBroker(t *testing.T) {
	port := mqtttest.FreePort(t) // nobody listens there
	m, _, ctx := startMainWith(t, func(m *Main) { m.Config.MQTT.Broker = fmt.Sprintf("tcp://127.0.0.1:%d", port) })
	s := m.Session
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(1)})
	for _, d := range "1234" {
		s.PINKey(byte(d))
	}
	s.PINSubmit(ctx)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoItem(1)})
	if v := s.View(); len(v.Lines) != 1 || v.Lines[0].Status != session.StatusBorrowed {
		t.Fatalf("borrow without a broker: %+v", v)
	}
	if m.Reporter == nil || m.Reporter.Connected() {
		t.Fatal("reporter missing, or connected to nothing")
	}
}
