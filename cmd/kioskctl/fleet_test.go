package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
)

// shippedBroker is Mosquitto on the shipped configuration (mosquitto/),
// with the kiosks of its example ACL and a staff user.
func shippedBroker(t *testing.T) *mqtttest.Mosquitto {
	return mqtttest.Shipped(t, mqtttest.Standalone, mqtttest.Accounts{
		Kiosks: map[string]string{"kiosk-01": "pw-kiosk-01", "kiosk-02": "pw-kiosk-02"},
		Staff:  map[string]string{"staff": "pw-staff"},
	})
}

// staffFlags are the broker flags of a staff tool on b's loopback listener.
func staffFlags(b *mqtttest.Mosquitto) []string {
	return []string{"-broker", b.URLFor(1883), "-user", "staff", "-password", "pw-staff"}
}

// kioskBroker is how kiosk id reaches b: its TLS listener for kiosks.
func kioskBroker(b *mqtttest.Mosquitto, id string) mqtt.Broker {
	return mqtt.Broker{URL: b.URLFor(8883), Username: id, Password: "pw-" + id, CAFile: b.CAFile}
}

// TestStaffCommands runs keygen, then status, cmd and a refused command
// against a kiosk reporter on a real Mosquitto broker.
func TestStaffCommands(t *testing.T) {
	broker := shippedBroker(t)
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "staff.key")
	var out bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"keygen", "-o", keyFile}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	pub, err := kiosk.ParsePublicKey(lines[len(lines)-1])
	if err != nil {
		t.Fatalf("keygen output %q: %v", out.String(), err)
	}
	if fi, _ := os.Stat(keyFile); fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", fi.Mode())
	}
	if err := run(ctx, []string{"keygen", "-o", keyFile}, &out); err == nil {
		t.Fatal("keygen overwrote a key")
	}

	// A kiosk that obeys that key.
	var mode atomic.Value
	mode.Store(kiosk.ModeInService)
	r := &mqtt.Reporter{
		Broker: kioskBroker(broker, "kiosk-01"),
		Topics: mqtt.Topics{Site: "perpustakaan", Kiosk: "kiosk-01"},
		Status: func() kiosk.Status {
			return kiosk.Status{Mode: mode.Load().(kiosk.Mode), Version: "v9", Started: time.Now()}
		},
		Guard: &kiosk.Guard{Kiosk: "kiosk-01", Keys: []ed25519.PublicKey{pub}, Started: time.Now().Add(-time.Minute)},
		OnCommand: func(_ context.Context, c kiosk.Command) (string, error) {
			if c.Action == kiosk.ActionOutOfService {
				mode.Store(kiosk.ModeOutOfService)
			}
			return "as you wish", nil
		},
		OnDesired: func(kiosk.Desired) {},
		Logger:    slog.New(slog.DiscardHandler),
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { r.Run(rctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitConnected(t, r)

	flags := staffFlags(broker)
	out.Reset()
	if err := run(ctx, append([]string{"status"}, flags...), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "perpustakaan") || !strings.Contains(out.String(), "kiosk-01") || !strings.Contains(out.String(), "in_service") || !strings.Contains(out.String(), "v9") {
		t.Fatalf("status:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, append([]string{"cmd", "perpustakaan/kiosk-01", "out-of-service", "-message", "Rusak", "-staff-key", keyFile}, flags...), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "perpustakaan/kiosk-01: ok: as you wish") {
		t.Fatalf("cmd: %s", out.String())
	}
	out.Reset()
	if err := run(ctx, append([]string{"status", "-json"}, flags...), &out); err != nil {
		t.Fatal(err)
	}
	var snap []fleet.Kiosk
	if err := json.Unmarshal(out.Bytes(), &snap); err != nil || len(snap) != 1 || snap[0].Status.Mode != kiosk.ModeOutOfService {
		t.Fatalf("status -json: %v\n%s", err, out.String())
	}
	// Another key is refused by the kiosk, and says why.
	other := filepath.Join(dir, "other.key")
	run(ctx, []string{"keygen", "-o", other}, &out)
	err = run(ctx, append([]string{"cmd", "perpustakaan/kiosk-01", "ping", "-staff-key", other}, flags...), &out)
	if err == nil || !strings.Contains(err.Error(), "bad signature") {
		t.Fatalf("command with an unknown key: %v", err)
	}
	// A kiosk that is not there: a timeout, said plainly.
	err = run(ctx, append([]string{"cmd", "perpustakaan/kiosk-07", "ping", "-timeout", "300ms", "-staff-key", keyFile}, flags...), &out)
	if err == nil || !strings.Contains(err.Error(), "no reply") {
		t.Fatalf("absent kiosk: %v", err)
	}
	for _, bad := range [][]string{{"cmd", "kiosk-01", "ping"}, {"cmd", "perpustakaan/kiosk-01", "dance"}, {"cmd", "perpustakaan/kiosk-01", "ping"}} {
		if err := run(ctx, append(bad, flags...), &out); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func waitConnected(t *testing.T, r *mqtt.Reporter) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !r.Connected() {
		if time.Now().After(deadline) {
			t.Fatal("reporter not connected")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestEmbeddedBrokerCommand runs `kioskctl broker` with a users file made
// by `kioskctl broker passwd`, and a staff status against it.
func TestEmbeddedBrokerCommand(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "broker.users")
	var out bytes.Buffer
	for _, u := range []string{"staff", "k1"} {
		if err := passwdCmd([]string{users, u}, strings.NewReader("kata-sandi-"+u+"\n"), &out); err != nil {
			t.Fatal(err)
		}
	}
	port := mqtttest.FreePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var bout syncBuffer
	go func() {
		done <- run(ctx, []string{"broker", "-listen", fmt.Sprintf("127.0.0.1:%d", port), "-users", users, "-site", "pusat"}, &bout)
	}()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(bout.String(), "listening") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	url := fmt.Sprintf("tcp://127.0.0.1:%d", port)
	r := &mqtt.Reporter{Broker: mqtt.Broker{URL: url, Password: "kata-sandi-k1"}, Topics: mqtt.Topics{Site: "pusat", Kiosk: "k1"},
		Status: func() kiosk.Status { return kiosk.Status{Mode: kiosk.ModeInService} }, Logger: slog.New(slog.DiscardHandler)}
	rctx, rcancel := context.WithCancel(ctx)
	rdone := make(chan struct{})
	go func() { r.Run(rctx); close(rdone) }()
	defer func() { rcancel(); <-rdone }()
	waitConnected(t, r)
	out.Reset()
	if err := run(ctx, []string{"status", "-broker", url, "-user", "staff", "-password", "kata-sandi-staff"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "k1") || !strings.Contains(out.String(), "yes") {
		t.Fatalf("status:\n%s", out.String())
	}
	if err := run(ctx, []string{"status", "-broker", url, "-user", "staff", "-password", "wrong"}, &out); err == nil {
		t.Fatal("a wrong staff password was let in")
	}
	if err := run(ctx, []string{"broker", "-users", users}, &out); err == nil || !strings.Contains(err.Error(), "-site") {
		t.Fatalf("a broker that does not know its kiosks' sites: %v", err)
	}
}

// TestBrokerACL: the shipped ACL is what kioskctl broker acl writes for
// the shipped list of kiosks; the suite in devices/mqtt runs Mosquitto on
// it.
func TestBrokerACL(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"broker", "acl", "-kiosks", filepath.Join(mqtttest.Dir(), "kiosks.txt")}, &out); err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile(filepath.Join(mqtttest.Dir(), "anjungan.acl"))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(shipped) {
		t.Fatalf("mosquitto/anjungan.acl is not what kioskctl broker acl -kiosks mosquitto/kiosks.txt writes:\n%s", out.String())
	}
	dir := t.TempDir()
	list := filepath.Join(dir, "kiosks.txt")
	os.WriteFile(list, []byte("pusat/kiosk-01\ncabang/kiosk-01\n"), 0o600)
	if err := run(context.Background(), []string{"broker", "acl", "-kiosks", list}, &out); err == nil {
		t.Fatal("one kiosk at two sites accepted")
	}
	os.WriteFile(list, []byte("pusat/kiosk-01\n"), 0o600)
	acl := filepath.Join(dir, "anjungan.acl")
	if err := run(context.Background(), []string{"broker", "acl", "-kiosks", list, "-staff", "staff,admin", "-o", acl}, &out); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(acl); !strings.Contains(string(b), "user admin\n") || !strings.Contains(string(b), "topic write anjungan/pusat/kiosk/kiosk-01/state\n") {
		t.Fatalf("acl:\n%s", b)
	}
}

// TestSimulate runs a few simulated kiosks on Mosquitto, as shipped, with
// the staff account on the staff listener, and sees them in status.
func TestSimulate(t *testing.T) {
	broker := shippedBroker(t)
	ctx, cancel := context.WithCancel(context.Background())
	var sout syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"simulate", "-kiosks", "5", "-rate", "5"}, staffFlags(broker)...), &sout)
	}()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(sout.String(), "5 kiosks connected") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	var out bytes.Buffer
	if err := run(context.Background(), append([]string{"status", "-json"}, staffFlags(broker)...), &out); err != nil {
		t.Fatal(err)
	}
	var snap []fleet.Kiosk
	if err := json.Unmarshal(out.Bytes(), &snap); err != nil || len(snap) != 5 {
		t.Fatalf("status: %v\n%s", err, out.String())
	}
	if err := run(context.Background(), []string{"simulate", "-kiosks", "0"}, &out); err == nil {
		t.Fatal("0 kiosks accepted")
	}
	if n := broker.Takeovers(); n != 0 {
		t.Fatalf("%d takeovers:\n%s", n, broker.Log())
	}
}

// TestStaffToolsSideBySide: two kioskctl watch, status, cmd and the
// simulator, all on one staff account against Mosquitto as shipped, at the
// same time: the broker never closes one's connection for another's.
func TestStaffToolsSideBySide(t *testing.T) {
	broker := shippedBroker(t)
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "staff.key")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"keygen", "-o", keyFile}, &out); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	var sim syncBuffer
	watches := make([]*syncBuffer, 2)
	for i := range watches {
		watches[i] = &syncBuffer{}
	}
	start := func(out io.Writer, args ...string) {
		wg.Add(1)
		go func() { defer wg.Done(); run(ctx, append(args, staffFlags(broker)...), out) }()
	}
	start(&sim, "simulate", "-kiosks", "5", "-rate", "5")
	for _, w := range watches {
		start(w, "watch", "-site", "sim")
	}
	waitText(t, &sim, "5 kiosks connected")
	for i := range 3 {
		out.Reset()
		if err := run(ctx, append([]string{"status"}, staffFlags(broker)...), &out); err != nil {
			t.Fatal(err)
		}
		// A simulated kiosk has no staff key: it refuses, and says so.
		err := run(ctx, append([]string{"cmd", "sim/sim-0000", "ping", "-staff-key", keyFile}, staffFlags(broker)...), &out)
		if err == nil || !strings.Contains(err.Error(), "no staff key") {
			t.Fatalf("cmd %d: %v", i, err)
		}
	}
	for _, w := range watches {
		waitText(t, w, "sim/sim-0004  online")
	}
	if n := broker.Takeovers(); n != 0 {
		t.Fatalf("%d takeovers:\n%s", n, broker.Log())
	}
	for _, w := range watches {
		if strings.Count(w.String(), "sim/sim-0000  offline") > 0 {
			t.Fatalf("watch saw a simulated kiosk go offline:\n%s", w.String())
		}
	}
}

func waitText(t *testing.T, b *syncBuffer, text string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(b.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in:\n%s", text, b.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestStatusOfADeadKiosk: a kiosk last heard from ten minutes ago (its
// clock says so in its state) went away; kioskctl status, started now,
// finds its retained state and "offline" on the broker, and says how long
// ago that was, as a severe alert: not "0s", from when the retained
// messages reached it. With -offline-alert above that, it is not severe.
func TestStatusOfADeadKiosk(t *testing.T) {
	broker := shippedBroker(t)
	tenMinutesAgo := func() time.Time { return time.Now().Add(-10 * time.Minute) }
	r := &mqtt.Reporter{Broker: kioskBroker(broker, "kiosk-01"), Topics: mqtt.Topics{Site: "perpustakaan", Kiosk: "kiosk-01"},
		Status: func() kiosk.Status { return kiosk.Status{Mode: kiosk.ModeInService} }, Now: tenMinutesAgo, Logger: slog.New(slog.DiscardHandler)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	waitConnected(t, r)
	var out bytes.Buffer
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("no %s:\n%s", what, out.String())
			}
			out.Reset()
			if err := run(context.Background(), append([]string{"status"}, staffFlags(broker)...), &out); err != nil {
				t.Fatal(err)
			}
		}
	}
	waitFor("state", func() bool {
		return strings.Contains(out.String(), "kiosk-01") && strings.Contains(out.String(), "yes")
	})
	cancel() // its last word: "offline"
	<-done
	tenMinutes := regexp.MustCompile(`kiosk-01 +no +(9m5\d|10m\d)s ago .*!offline for (9m5\d|10m\d)s`)
	waitFor("a dead kiosk, ten minutes gone, severe", func() bool { return tenMinutes.MatchString(out.String()) })
	out.Reset()
	if err := run(context.Background(), append([]string{"status", "-offline-alert", "15m"}, staffFlags(broker)...), &out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`kiosk-01 .* offline for`).MatchString(out.String()) || strings.Contains(out.String(), "!offline") {
		t.Fatalf("offline for less than -offline-alert is no severe alert:\n%s", out.String())
	}
}
