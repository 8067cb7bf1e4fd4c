package mqtt

import (
	"context"
	"testing"
	"time"
)

// TestReconnectAfterOutage: the broker is away for a while (long enough
// for an uncapped backoff to grow), then comes back: a kiosk and a staff
// monitor are connected again within 5 s of it.
func TestReconnectAfterOutage(t *testing.T) {
	b := mosquitto(t)
	r, _, _ := startReporter(t, b, "kiosk-01", 0)
	waitFor(t, 10*time.Second, "kiosk connected", r.Connected)
	mon := &Staff{Broker: clientBroker(b, "staff")}
	if err := mon.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	const outage = 16 * time.Second
	b.Stop()
	waitFor(t, 10*time.Second, "the kiosk to notice", func() bool { return !r.Connected() })
	time.Sleep(outage)
	b.Relaunch()
	back := time.Now()
	waitFor(t, 5*time.Second, "the kiosk back within 5 s of the broker", r.Connected)
	kiosk := time.Since(back)
	waitFor(t, 5*time.Second-kiosk, "the monitor back within 5 s of the broker", func() bool { return mon.client.IsConnectionOpen() })
	t.Logf("after a %v outage: kiosk reconnected %v, monitor %v after the broker was back",
		outage, kiosk.Round(time.Millisecond), time.Since(back).Round(time.Millisecond))
}

// TestBrokerKeepalive: the keep-alive asked of the broker leaves room for
// Mosquitto's late checks, and is never zero (no keep-alive at all).
func TestBrokerKeepalive(t *testing.T) {
	for _, tt := range []struct{ keepalive, want time.Duration }{
		{0, 15 * time.Second}, {30 * time.Second, 15 * time.Second}, {10 * time.Second, 5 * time.Second},
		{5 * time.Second, 2 * time.Second}, {3 * time.Second, 2 * time.Second}, {2 * time.Second, 2 * time.Second},
		{time.Second, time.Second}, {11 * time.Second, 5 * time.Second},
	} {
		if got := (Broker{Keepalive: tt.keepalive}).brokerKeepalive(); got != tt.want {
			t.Errorf("keepalive %v: asks the broker for %v, want %v", tt.keepalive, got, tt.want)
		}
	}
}
