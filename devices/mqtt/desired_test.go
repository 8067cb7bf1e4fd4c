package mqtt

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// testDesiredReplay: someone who captured a signed desired state (any
// client that may write the topic; no signing key) publishes it again,
// retained, after a later one. The kiosk refuses it, while it runs and
// after a restart, says so in an event, and stays as staff last wanted;
// the reverse (an old "in service" after "out of service") too. Staff
// tools number each new desired state after the kiosk's.
func testDesiredReplay(t *testing.T, b testBroker) {
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-01"}
	staff := subscribe(t, b, "staff", tp.Desired(), tp.Event())
	defer staff.publish(t, tp.Desired(), true, nil) // clear it for other tests
	tool := &Staff{Broker: clientBroker(b, "staff"), Key: staffKey, Name: "ani"}
	if err := tool.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer tool.Close()
	dir := t.TempDir() // the kiosk's data folder, kept across its restarts
	kioskWith := func() (*fakeKiosk, context.CancelFunc) {
		g := &kiosk.Guard{Kiosk: "kiosk-01", Keys: []ed25519.PublicKey{staffKey.Public().(ed25519.PublicKey)}, Started: time.Now(),
			Store: DesiredFile{Path: filepath.Join(dir, "desired.json")}}
		r, f, stop := startReporterWith(t, b, "kiosk-01", 0, &Reporter{Guard: g})
		waitFor(t, 10*time.Second, "kiosk-01 connected", r.Connected)
		return f, stop
	}
	mode := func(f *fakeKiosk) kiosk.Mode {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.status.Mode
	}
	set := func(m kiosk.Mode, msg string) string { // → the payload published
		t.Helper()
		n := staff.count()
		if err := tool.SetDesired(tp.Site, tp.Kiosk, m, msg); err != nil {
			t.Fatal(err)
		}
		var payload string
		waitFor(t, 10*time.Second, "desired state on the broker", func() bool {
			for _, c := range staff.since(n) {
				if c.topic == tp.Desired() && strings.Contains(c.payload, string(m)) {
					payload = c.payload
					return true
				}
			}
			return false
		})
		return payload
	}
	refusals := func() int {
		n := 0
		for _, c := range staff.all() {
			var e kiosk.Event
			if c.topic == tp.Event() && json.Unmarshal([]byte(c.payload), &e) == nil && e.Kind == kiosk.EventCommandRejected &&
				strings.Contains(e.Detail, "desired state") && strings.Contains(e.Detail, "not newer") {
				n++
			}
		}
		return n
	}
	replay := func(payload string, want kiosk.Mode, f *fakeKiosk) {
		t.Helper()
		before := refusals()
		staff.publish(t, tp.Desired(), true, []byte(payload))
		waitFor(t, 10*time.Second, "the refusal, as an event", func() bool { return refusals() > before })
		if got := mode(f); got != want {
			t.Fatalf("after a replay the kiosk is %s, want %s", got, want)
		}
	}

	f, stop := kioskWith()
	out := set(kiosk.ModeOutOfService, "Rusak")
	waitFor(t, 10*time.Second, "out of service", func() bool { return mode(f) == kiosk.ModeOutOfService })
	in := set(kiosk.ModeInService, "")
	waitFor(t, 10*time.Second, "in service", func() bool { return mode(f) == kiosk.ModeInService })
	replay(out, kiosk.ModeInService, f) // while it runs
	stop()
	// While the kiosk is away the broker is left holding the old one, and
	// the kiosk restarts on it.
	before := refusals()
	staff.publish(t, tp.Desired(), true, []byte(out))
	f, stop = kioskWith()
	waitFor(t, 10*time.Second, "the refusal after the restart", func() bool { return refusals() > before })
	if got := mode(f); got != kiosk.ModeInService {
		t.Fatalf("after a restart on a replayed desired state the kiosk is %s", got)
	}
	// The reverse. The retained one is the old out-of-service (version 1):
	// the tool numbers after the version the kiosk reports (2).
	set(kiosk.ModeOutOfService, "Pindah")
	waitFor(t, 10*time.Second, "out of service again", func() bool { return mode(f) == kiosk.ModeOutOfService })
	replay(in, kiosk.ModeOutOfService, f)
	stop()
	f, stop = kioskWith() // the broker holds the replayed in-service
	waitFor(t, 10*time.Second, "a third refusal", func() bool { return refusals() >= 3 })
	if got := mode(f); got != kiosk.ModeOutOfService {
		t.Fatalf("after a restart on a replayed in-service the kiosk is %s", got)
	}
	stop()
}
