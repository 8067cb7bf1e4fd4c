package mqtt

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
)

// TestReporter runs the suite on Mosquitto started from the shipped
// files, as installed standalone and as Debian's package includes them.
func TestReporter(t *testing.T) {
	for _, layout := range []mqtttest.Layout{mqtttest.Standalone, mqtttest.Debian} {
		t.Run(layout.String(), func(t *testing.T) { suite(t, mosquittoLayout(t, layout)) })
	}
}

// suite is what every broker must pass with the kiosk's reporter.
func suite(t *testing.T, b testBroker) {
	t.Run("state and availability", func(t *testing.T) { testStateAndAvailability(t, b) })
	t.Run("broker restart", func(t *testing.T) { testBrokerRestart(t, b) })
	t.Run("ACL", func(t *testing.T) { testACL(t, b) })
	t.Run("commands", func(t *testing.T) { testCommands(t, b) })
	t.Run("desired state survives a restart", func(t *testing.T) { testDesired(t, b) })
	t.Run("desired state not replayed", func(t *testing.T) { testDesiredReplay(t, b) })
	t.Run("events before the connection", func(t *testing.T) { testEarlyEvents(t, b) })
	t.Run("no takeover", func(t *testing.T) { testNoTakeover(t, b) })
	t.Run("staff tools side by side", func(t *testing.T) { testStaffSideBySide(t, b) })
}

// testEarlyEvents: events raised before the broker connection is up (a
// scanner found at start-up) wait and are published once it is.
func testEarlyEvents(t *testing.T, b testBroker) {
	staff := subscribe(t, b, "staff", "anjungan/perpustakaan/kiosk/kiosk-02/event")
	r := &Reporter{}
	for i := range 3 {
		r.Event(kiosk.Event{Kind: kiosk.EventDevice, Device: "front", Detail: "early " + string(rune('a'+i))})
	}
	rr, _, _ := startReporterWith(t, b, "kiosk-02", 0, r)
	waitFor(t, 10*time.Second, "early events", func() bool { return len(staff.all()) == 3 })
	if rr.Dropped() != 0 {
		t.Fatalf("%d events dropped", rr.Dropped())
	}
}

func testStateAndAvailability(t *testing.T, b testBroker) {
	staff := subscribe(t, b, "staff", "anjungan/#")
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-01"}
	r, f, stop := startReporter(t, b, "kiosk-01", 0)
	waitFor(t, 10*time.Second, "online", func() bool { m, ok := staff.last(tp.Availability()); return ok && m.payload == Online })
	waitFor(t, 10*time.Second, "state", func() bool { _, ok := staff.last(tp.State()); return ok })
	m, _ := staff.last(tp.State())
	var st kiosk.Status
	if err := json.Unmarshal([]byte(m.payload), &st); err != nil || st.V != 1 || st.Kiosk != "kiosk-01" || st.Site != "perpustakaan" || st.Mode != kiosk.ModeInService || len(st.Devices) != 1 {
		t.Fatalf("state %s: %v", m.payload, err)
	}
	if !strings.Contains(m.payload, `"at":"`) || !strings.HasSuffix(strings.Split(strings.Split(m.payload, `"at":"`)[1], `"`)[0], "Z") {
		t.Fatalf("timestamps not in UTC: %s", m.payload)
	}
	// A change is published at once.
	f.mu.Lock()
	f.status.Devices[0].Connected = false
	f.mu.Unlock()
	r.Changed()
	waitFor(t, 10*time.Second, "changed state", func() bool {
		m, _ := staff.last(tp.State())
		return strings.Contains(m.payload, `"connected":false`)
	})
	r.Event(kiosk.Event{Kind: kiosk.EventDevice, Device: "front", Detail: "unplugged"})
	waitFor(t, 10*time.Second, "event", func() bool { m, ok := staff.last(tp.Event()); return ok && strings.Contains(m.payload, "unplugged") })
	// A newcomer gets the retained state and availability.
	late := subscribe(t, b, "staff", "anjungan/perpustakaan/kiosk/kiosk-01/+")
	waitFor(t, 10*time.Second, "retained", func() bool {
		s, ok1 := late.last(tp.State())
		a, ok2 := late.last(tp.Availability())
		return ok1 && ok2 && s.retained && a.retained && a.payload == Online
	})
	// A clean stop says offline.
	stop()
	waitFor(t, 10*time.Second, "offline", func() bool { m, _ := staff.last(tp.Availability()); return m.payload == Offline })
}

func testBrokerRestart(t *testing.T, b testBroker) {
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-02"}
	r, _, _ := startReporter(t, b, "kiosk-02", 0)
	waitFor(t, 10*time.Second, "connected", r.Connected)
	b.Restart() // retained messages are gone with it
	staff := subscribe(t, b, "staff", "anjungan/#")
	waitFor(t, 45*time.Second, "republished after the restart", func() bool {
		a, ok1 := staff.last(tp.Availability())
		_, ok2 := staff.last(tp.State())
		return ok1 && ok2 && a.payload == Online
	})
}

// testACL: a kiosk publishes only under its own site and id and reads only
// its own commands and desired state, and a wrong password does not
// connect. MQTT 3.1.1 drops a forbidden publish silently, so the test sends
// an allowed message after the forbidden ones on the same connection and
// checks the forbidden ones never arrived before it.
func testACL(t *testing.T, b testBroker) {
	staff := subscribe(t, b, "staff", "anjungan/#")
	// kiosk-02 asks for kiosk-01's commands, and for its own at any site
	// and at another one: the broker must not deliver them.
	k2 := subscribe(t, b, "kiosk-02", "anjungan/perpustakaan/kiosk/kiosk-02/cmd", "anjungan/perpustakaan/kiosk/kiosk-01/cmd",
		"anjungan/+/kiosk/kiosk-02/desired", "anjungan/cabang-utara/kiosk/kiosk-02/cmd", "anjungan/cabang-utara/kiosk/kiosk-03/cmd")
	// Refused publishes may get no answer at all (the embedded broker
	// drops the connection): do not wait on them.
	for _, topic := range []string{
		"anjungan/perpustakaan/kiosk/kiosk-01/state", // another kiosk
		"anjungan/othersite/kiosk/kiosk-02/state",    // a site that is not its own
		"anjungan/cabang-utara/kiosk/kiosk-02/state", // another real site
		"anjungan/cabang-utara/kiosk/kiosk-03/state",
	} {
		k2.c.Publish(topic, 1, true, []byte(`{"v":1,"kiosk":"forged","mode":"out_of_service"}`)).WaitTimeout(time.Second)
	}
	k2.c.Publish("anjungan/perpustakaan/kiosk/kiosk-01/availability", 1, true, []byte(Offline+"-forged")).WaitTimeout(time.Second)
	waitFor(t, 15*time.Second, "marker", func() bool {
		k2.c.Publish("anjungan/perpustakaan/kiosk/kiosk-02/event", 1, false, []byte(`{"v":1,"kiosk":"kiosk-02","kind":"marker"}`)).WaitTimeout(time.Second)
		_, ok := staff.last("anjungan/perpustakaan/kiosk/kiosk-02/event")
		return ok
	})
	for _, m := range staff.all() {
		if strings.Contains(m.payload, "forged") {
			t.Fatalf("kiosk-02 published %s %s", m.topic, m.payload)
		}
	}
	// kiosk-02 may not read another's commands, nor its own under another
	// site. (The embedded broker disconnects a client after a forbidden
	// publish, so kiosk-02 may be reconnecting: probe until it hears its
	// own.)
	deadline := time.Now().Add(15 * time.Second)
	for {
		for _, topic := range []string{"anjungan/perpustakaan/kiosk/kiosk-01/cmd", "anjungan/cabang-utara/kiosk/kiosk-02/cmd",
			"anjungan/cabang-utara/kiosk/kiosk-03/cmd", "anjungan/othersite/kiosk/kiosk-02/desired"} {
			staff.publish(t, topic, false, []byte(`{"probe":1}`))
		}
		staff.publish(t, "anjungan/perpustakaan/kiosk/kiosk-02/cmd", false, []byte(`{"probe":2}`))
		waitUntil(500*time.Millisecond, func() bool { _, ok := k2.last("anjungan/perpustakaan/kiosk/kiosk-02/cmd"); return ok })
		if _, ok := k2.last("anjungan/perpustakaan/kiosk/kiosk-02/cmd"); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("kiosk-02 never heard its own command")
		}
	}
	for _, m := range k2.all() {
		if m.topic != "anjungan/perpustakaan/kiosk/kiosk-02/cmd" {
			t.Fatalf("kiosk-02 read %s: %s", m.topic, m.payload)
		}
	}
	o := Broker{URL: b.KioskURL(), Username: "kiosk-01", Password: "wrong", CAFile: b.CA()}
	opts, _ := o.options("kiosk-01")
	opts.SetConnectRetry(false).SetAutoReconnect(false)
	if err := wait(newClient(opts).Connect(), 5*time.Second); err == nil {
		t.Fatal("wrong password connected")
	}
}

func testCommands(t *testing.T, b testBroker) {
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-01"}
	staff := subscribe(t, b, "staff", "anjungan/perpustakaan/kiosk/kiosk-01/+")
	r, f, _ := startReporter(t, b, "kiosk-01", 0)
	waitFor(t, 10*time.Second, "connected", r.Connected)
	now := time.Now()
	send := func(c kiosk.Command, sign bool) kiosk.Reply {
		t.Helper()
		if sign {
			c.Sign(staffKey)
		}
		payload, _ := json.Marshal(c)
		var reply kiosk.Reply
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) { // the first may beat the subscription
			n := staff.count()
			staff.publish(t, tp.Cmd(), false, payload)
			got := false
			waitUntil(2*time.Second, func() bool {
				for _, m := range staff.since(n) {
					var r kiosk.Reply
					if m.topic == tp.Reply() && json.Unmarshal([]byte(m.payload), &r) == nil && r.ID == c.ID {
						reply, got = r, true
					}
				}
				return got
			})
			if got {
				return reply
			}
		}
		t.Fatalf("no reply to %s", c.ID)
		return reply
	}
	ok := send(kiosk.Command{ID: "ok1", Kiosk: "kiosk-01", Action: kiosk.ActionOutOfService, Message: "Printer diganti", Issued: now, Expires: now.Add(time.Minute), By: "ani"}, true)
	if !ok.OK || ok.Detail != "done" || ok.Kiosk != "kiosk-01" {
		t.Fatalf("reply %+v", ok)
	}
	waitFor(t, 10*time.Second, "state out of service", func() bool {
		m, _ := staff.last(tp.State())
		return strings.Contains(m.payload, `"mode":"out_of_service"`) && strings.Contains(m.payload, "Printer diganti")
	})
	bad := []struct {
		name string
		c    kiosk.Command
		sign bool
		why  string
	}{
		{"forged", kiosk.Command{V: 1, ID: "f1", Kiosk: "kiosk-01", Action: kiosk.ActionRestart, Issued: now, Expires: now.Add(time.Minute), Sig: make([]byte, 64)}, false, "bad signature"},
		{"expired", kiosk.Command{ID: "e1", Kiosk: "kiosk-01", Action: kiosk.ActionPing, Issued: now.Add(-5 * time.Minute), Expires: now.Add(-time.Minute)}, true, "expired"},
		{"replayed", kiosk.Command{ID: "ok1", Kiosk: "kiosk-01", Action: kiosk.ActionOutOfService, Message: "Printer diganti", Issued: now, Expires: now.Add(time.Minute), By: "ani"}, true, "replayed"},
		{"wrong kiosk", kiosk.Command{ID: "w1", Kiosk: "kiosk-02", Action: kiosk.ActionRestart, Issued: now, Expires: now.Add(time.Minute)}, true, `addressed to kiosk "kiosk-02"`},
	}
	for _, tt := range bad {
		reply := send(tt.c, tt.sign)
		if reply.OK || !strings.Contains(reply.Error, tt.why) {
			t.Errorf("%s: reply %+v", tt.name, reply)
		}
		waitFor(t, 10*time.Second, tt.name+" event", func() bool {
			for _, m := range staff.all() {
				var e kiosk.Event
				if m.topic == tp.Event() && json.Unmarshal([]byte(m.payload), &e) == nil &&
					e.Kind == kiosk.EventCommandRejected && strings.Contains(e.Detail, tt.why) {
					return true
				}
			}
			return false
		})
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.commands) != 1 {
		t.Fatalf("%d commands carried out, want 1", len(f.commands))
	}
}

func waitUntil(d time.Duration, cond func() bool) {
	deadline := time.Now().Add(d)
	for !cond() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}

// testDesired: a retained, signed desired state reaches a kiosk that
// starts after it was set, as after a kiosk restart.
func testDesired(t *testing.T, b testBroker) {
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-02"}
	staff := subscribe(t, b, "staff", "anjungan/perpustakaan/kiosk/kiosk-02/+")
	d := kiosk.Desired{Kiosk: "kiosk-02", Seq: 1, Mode: kiosk.ModeOutOfService, Message: "Dipindahkan ke lantai 2", Issued: time.Now(), By: "ani"}
	d.Sign(staffKey)
	payload, _ := json.Marshal(d)
	staff.publish(t, tp.Desired(), true, payload)
	_, f, _ := startReporter(t, b, "kiosk-02", 0)
	waitFor(t, 10*time.Second, "desired applied", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return len(f.desired) == 1 && f.desired[0].Message == "Dipindahkan ke lantai 2"
	})
	waitFor(t, 10*time.Second, "state shows it", func() bool {
		m, _ := staff.last(tp.State())
		return strings.Contains(m.payload, "Dipindahkan ke lantai 2")
	})
	staff.publish(t, tp.Desired(), true, nil) // clear it for other tests
}
