package mqtt

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
)

// TestTLS reports over the shipped configuration's TLS listener for kiosks
// with the site's CA, watches from the staff TLS listener, and refuses a
// broker whose certificate the CA did not sign.
func TestTLS(t *testing.T) {
	b := mosquitto(t)
	staff := subscribeAt(t, brokerAt(b, b.URLFor(8884), "staff"), "staff", "anjungan/#")
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-01"}
	rr, _, _ := startReporter(t, b, "kiosk-01", 0)
	waitFor(t, 10*time.Second, "state over TLS", func() bool { _, ok := staff.last(tp.State()); return ok && rr.Connected() })

	other := mqtttest.Start(t, mqtttest.Options{TLS: true}) // another CA
	bad := Broker{URL: other.TLSURL(), Username: "kiosk-01", Password: users["kiosk-01"], CAFile: b.CAFile}
	o, err := bad.options("kiosk-01")
	if err != nil {
		t.Fatal(err)
	}
	o.SetConnectRetry(false).SetAutoReconnect(false)
	if err := wait(newClient(o).Connect(), 5*time.Second); err == nil {
		t.Fatal("connected to a broker whose certificate the CA did not sign")
	}
	if _, err := (Broker{URL: b.URLFor(8883), CAFile: "/nonexistent/ca.crt"}).options("x"); err == nil {
		t.Fatal("a missing CA file was accepted")
	}
}

// TestListeners: kiosks log in only on the kiosk listener (8883), where
// the broker makes their user name their client id; staff only on the
// staff listeners (8884, and 1883 on the loopback), where each tool has
// its own client id.
func TestListeners(t *testing.T) {
	b := mosquitto(t)
	for _, tt := range []struct {
		port     int
		user     string
		accepted bool
	}{
		{8883, "kiosk-01", true}, {8883, "staff", false},
		{8884, "kiosk-01", false}, {8884, "staff", true},
		{1883, "kiosk-01", false}, {1883, "staff", true},
	} {
		c, err := rawConnect(b.URLFor(tt.port), b.CAFile, tt.user, tt.user, users[tt.user], nil)
		if err != nil {
			t.Fatalf("%d %s: %v", tt.port, tt.user, err)
		}
		c.Close()
		if (c.code == 0) != tt.accepted {
			t.Errorf("listener %d, user %s: CONNACK %d", tt.port, tt.user, c.code)
		}
	}
}

// TestStaffToolOnKioskListener: a staff tool pointed at the kiosks'
// listener is refused, and told where to go.
func TestStaffToolOnKioskListener(t *testing.T) {
	b := mosquitto(t)
	s := &Staff{Broker: brokerAt(b, b.URLFor(8883), "staff")}
	err := s.Connect(context.Background())
	if err == nil || !strings.Contains(err.Error(), "8884") {
		t.Fatalf("staff on the kiosk listener: %v", err)
	}
}

// TestEmbeddedClientIDs: on the embedded broker a staff client cannot use
// a kiosk's id, nor a kiosk another's, nor leave a Last Will on another
// kiosk's topic.
func TestEmbeddedClientIDs(t *testing.T) {
	b := embedded(t)
	for _, tt := range []struct {
		user, id string
		will     *rawWill
		ok       bool
	}{
		{"staff", "kiosk-02", nil, false},
		{"staff", "staff-watch-1", nil, true},
		{"kiosk-01", "kiosk-02", nil, false},
		{"kiosk-01", "kiosk-01", &rawWill{"anjungan/perpustakaan/kiosk/kiosk-02/availability", "offline"}, false},
		{"kiosk-01", "kiosk-01", &rawWill{"anjungan/perpustakaan/kiosk/kiosk-01/availability", "offline"}, true},
	} {
		c, err := rawConnect(b.URL(), "", tt.id, tt.user, users[tt.user], tt.will)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		if (c.code == 0) != tt.ok {
			t.Errorf("%s as %q (will %v): CONNACK %d", tt.user, tt.id, tt.will != nil, c.code)
		}
	}
}
