package mqtt

import (
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
