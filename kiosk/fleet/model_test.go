package fleet

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
)

func state(t *testing.T, id string, edit func(*kiosk.Status)) []byte {
	t.Helper()
	st := kiosk.Status{V: 1, Kiosk: id, Mode: kiosk.ModeInService, Devices: []kiosk.DeviceStatus{
		{Name: "front", Kind: kiosk.DeviceScanner, Connected: true},
		{Name: "printer", Kind: kiosk.DevicePrinter, Connected: true, Paper: "ok"},
	}}
	if edit != nil {
		edit(&st)
	}
	b, _ := json.Marshal(st)
	return b
}

func kinds(k Kiosk) map[string]bool {
	m := map[string]bool{}
	for _, a := range k.Alerts {
		m[a.Kind] = true
	}
	return m
}

func TestModel(t *testing.T) {
	clock := mock.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	m := &Model{Now: clock.Now, OfflineAfter: 30 * time.Second}
	must := func(site, id, leaf string, p []byte) {
		t.Helper()
		if err := m.Apply(site, id, leaf, p); err != nil {
			t.Fatal(err)
		}
	}
	must("pusat", "k1", LeafAvailability, []byte("online"))
	must("pusat", "k1", LeafState, state(t, "k1", nil))
	must("cabang", "k9", LeafAvailability, []byte("online"))
	must("cabang", "k9", LeafState, state(t, "k9", func(s *kiosk.Status) {
		s.Devices[0].Connected = false
		s.Devices[1].Paper = "out"
		s.Mode, s.Message = kiosk.ModeOutOfService, "perbaikan"
		s.Machines = []kiosk.MachineState{{ID: "printer-1", State: kiosk.MachineError, Error: "thermal runaway"}}
	}))
	snap := m.Snapshot("")
	if len(snap) != 2 || snap[0].Key() != "cabang/k9" || snap[1].Key() != "pusat/k1" {
		t.Fatalf("snapshot %+v", snap)
	}
	if len(snap[1].Alerts) != 0 || snap[1].Severe() {
		t.Fatalf("k1 alerts %+v", snap[1].Alerts)
	}
	if k := kinds(snap[0]); !k[AlertScanner] || !k[AlertPaper] || !k[AlertOutOfService] || !k[AlertMachine] || !snap[0].Severe() {
		t.Fatalf("k9 alerts %+v", snap[0].Alerts)
	}
	if s := m.Snapshot("pusat"); len(s) != 1 || s[0].ID != "k1" {
		t.Fatalf("filter by site: %+v", s)
	}
	// Offline: an alert at once, severe only after OfflineAfter.
	must("pusat", "k1", LeafAvailability, []byte("offline"))
	clock.Advance(10 * time.Second)
	k1 := m.Snapshot("pusat")[0]
	if !kinds(k1)[AlertOffline] || k1.Severe() {
		t.Fatalf("briefly offline %+v", k1.Alerts)
	}
	clock.Advance(30 * time.Second)
	if k1 = m.Snapshot("pusat")[0]; !k1.Severe() {
		t.Fatalf("long offline %+v", k1.Alerts)
	}
	// Malformed payloads change nothing.
	v := m.Version()
	for _, bad := range []struct{ leaf, p string }{
		{LeafState, "{"}, {LeafState, `{"v":2,"kiosk":"k1"}`}, {LeafState, `{"v":1,"kiosk":"other"}`},
		{LeafAvailability, "maybe"}, {LeafEvent, "[1,2"},
	} {
		if err := m.Apply("pusat", "k1", bad.leaf, []byte(bad.p)); err == nil {
			t.Errorf("%s %q accepted", bad.leaf, bad.p)
		}
	}
	if m.Version() != v {
		t.Fatal("a malformed payload changed the model")
	}
	if sites := m.Sites(); len(sites) != 2 || sites[0] != "cabang" {
		t.Fatalf("sites %v", sites)
	}
}

// TestLiveness: last seen and offline since come from the kiosk's own
// times and the Last Will, not from when a retained message reached a
// tool that just started (kioskctl status), and a kiosk offline longer
// than OfflineAfter is severe at once.
func TestLiveness(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clock := mock.NewClock(now)
	lastState := now.Add(-10 * time.Minute) // the kiosk died ten minutes ago
	retained := func(m *Model, leaf string, p []byte) {
		t.Helper()
		if err := m.Receive(Message{Site: "pusat", ID: "k1", Leaf: leaf, Payload: p, Retained: true}); err != nil {
			t.Fatal(err)
		}
	}
	stateAt := func(at time.Time) []byte { return state(t, "k1", func(s *kiosk.Status) { s.At = at }) }
	// status, started now: the broker hands over what it kept, in either
	// order.
	for _, order := range []string{"availability first", "state first"} {
		m := &Model{Now: clock.Now, OfflineAfter: time.Minute}
		if order == "state first" {
			retained(m, LeafState, stateAt(lastState))
			retained(m, LeafAvailability, []byte("offline"))
		} else {
			retained(m, LeafAvailability, []byte("offline"))
			retained(m, LeafState, stateAt(lastState))
		}
		k := m.Snapshot("")[0]
		if !k.LastSeen.Equal(lastState) || !k.Since.Equal(lastState) {
			t.Fatalf("%s: last seen %v, offline since %v; want %v", order, k.LastSeen, k.Since, lastState)
		}
		if len(k.Alerts) != 1 || k.Alerts[0].Detail != "offline for 10m0s" || !k.Severe() {
			t.Fatalf("%s: alerts %+v", order, k.Alerts)
		}
	}
	// A kiosk whose state the broker lost: offline, never heard from.
	m := &Model{Now: clock.Now}
	retained(m, LeafAvailability, []byte("offline"))
	if k := m.Snapshot("")[0]; !k.Severe() || k.Alerts[0].Detail != "offline, never heard from" {
		t.Fatalf("never heard from: %+v", k.Alerts)
	}
	// The monitor, running: the kiosk reports (its clock), then its Last
	// Will arrives 40 s later; offline since the will, severe a minute on.
	m = &Model{Now: clock.Now, OfflineAfter: time.Minute}
	must := func(leaf string, p []byte) {
		t.Helper()
		if err := m.Apply("pusat", "k1", leaf, p); err != nil {
			t.Fatal(err)
		}
	}
	must(LeafAvailability, []byte("online"))
	clock.Advance(5 * time.Second)
	must(LeafState, stateAt(now.Add(4*time.Second))) // the kiosk's clock is a second behind
	if k := m.Snapshot("")[0]; !k.LastSeen.Equal(now.Add(4 * time.Second)) {
		t.Fatalf("last seen %v: want the state's own time", k.LastSeen)
	}
	clock.Advance(35 * time.Second)
	must(LeafAvailability, []byte("offline"))
	k := m.Snapshot("")[0]
	if !k.Since.Equal(clock.Now()) || k.Severe() || k.Alerts[0].Detail != "offline for 0s" {
		t.Fatalf("just gone: since %v, alerts %+v", k.Since, k.Alerts)
	}
	clock.Advance(time.Minute)
	if k := m.Snapshot("")[0]; !k.Severe() {
		t.Fatalf("gone a minute: %+v", k.Alerts)
	}
	// An event carries the kiosk's time too; an older message never moves
	// last seen back.
	must(LeafEvent, []byte(`{"v":1,"kiosk":"k1","at":"2026-11-23T09:01:00Z","kind":"device"}`))
	must(LeafState, stateAt(now.Add(-time.Hour)))
	if k := m.Snapshot("")[0]; !k.LastSeen.Equal(now.Add(time.Minute)) {
		t.Fatalf("last seen %v", k.LastSeen)
	}
}

// FuzzApply: any payload on any leaf is applied or refused, never a
// panic, and a refused one leaves the model as it was.
func FuzzApply(f *testing.F) {
	f.Add("state", []byte(`{"v":1,"kiosk":"k1","mode":"in_service","devices":[{"name":"a","kind":"printer","connected":true,"paper":"out"}]}`))
	f.Add("availability", []byte("online"))
	f.Add("event", []byte(`{"v":1,"kind":"device"}`))
	f.Fuzz(func(t *testing.T, leaf string, payload []byte) {
		m := NewModel()
		v := m.Version()
		if err := m.Apply("s", "k1", leaf, payload); err != nil && m.Version() != v {
			t.Fatal("refused payload changed the model")
		}
		m.Snapshot("")
	})
}
