package mqtt

import (
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
)

// TestTLS reports over Mosquitto's TLS listener with the site's CA, and
// refuses a broker whose certificate the CA did not sign.
func TestTLS(t *testing.T) {
	b := mqtttest.Start(t, mqtttest.Options{Users: users, ACL: mqtttest.KioskACL("staff"), TLS: true})
	staff := subscribe(t, b.URL(), "staff", "anjungan/#")
	tp := Topics{Site: "uji", Kiosk: "k1"}
	rr, _, _ := startReporterWith(t, b.TLSURL(), "k1", 0, &Reporter{Broker: Broker{CAFile: b.CAFile}})
	waitFor(t, 10*time.Second, "state over TLS", func() bool { _, ok := staff.last(tp.State()); return ok && rr.Connected() })

	other := mqtttest.Start(t, mqtttest.Options{Users: users, TLS: true}) // another CA
	bad := Broker{URL: other.TLSURL(), Username: "k1", Password: users["k1"], CAFile: b.CAFile}
	o, err := bad.options("k1")
	if err != nil {
		t.Fatal(err)
	}
	o.SetConnectRetry(false).SetAutoReconnect(false)
	if err := wait(newClient(o).Connect(), 5*time.Second); err == nil {
		t.Fatal("connected to a broker whose certificate the CA did not sign")
	}
	if _, err := (Broker{URL: b.TLSURL(), CAFile: "/nonexistent/ca.crt"}).options("x"); err == nil {
		t.Fatal("a missing CA file was accepted")
	}
}
