package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
)

// TestStaffCommands runs keygen, then status, cmd and a refused command
// against a kiosk reporter on a real Mosquitto broker.
func TestStaffCommands(t *testing.T) {
	broker := mqtttest.Start(t, mqtttest.Options{
		Users: map[string]string{"k1": "pw-k1", "staff": "pw-staff"},
		ACL:   mqtttest.KioskACL("staff"),
	})
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
		Broker: mqtt.Broker{URL: broker.URL(), Password: "pw-k1"},
		Topics: mqtt.Topics{Site: "pusat", Kiosk: "k1"},
		Status: func() kiosk.Status {
			return kiosk.Status{Mode: mode.Load().(kiosk.Mode), Version: "v9", Started: time.Now()}
		},
		Guard: &kiosk.Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{pub}, Started: time.Now().Add(-time.Minute)},
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

	flags := []string{"-broker", broker.URL(), "-user", "staff", "-password", "pw-staff"}
	out.Reset()
	if err := run(ctx, append([]string{"status"}, flags...), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "pusat") || !strings.Contains(out.String(), "k1") || !strings.Contains(out.String(), "in_service") || !strings.Contains(out.String(), "v9") {
		t.Fatalf("status:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, append([]string{"cmd", "pusat/k1", "out-of-service", "-message", "Rusak", "-staff-key", keyFile}, flags...), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "pusat/k1: ok: as you wish") {
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
	err = run(ctx, append([]string{"cmd", "pusat/k1", "ping", "-staff-key", other}, flags...), &out)
	if err == nil || !strings.Contains(err.Error(), "bad signature") {
		t.Fatalf("command with an unknown key: %v", err)
	}
	// A kiosk that is not there: a timeout, said plainly.
	err = run(ctx, append([]string{"cmd", "pusat/k7", "ping", "-timeout", "300ms", "-staff-key", keyFile}, flags...), &out)
	if err == nil || !strings.Contains(err.Error(), "no reply") {
		t.Fatalf("absent kiosk: %v", err)
	}
	for _, bad := range [][]string{{"cmd", "k1", "ping"}, {"cmd", "pusat/k1", "dance"}, {"cmd", "pusat/k1", "ping"}} {
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
		done <- run(ctx, []string{"broker", "-listen", fmt.Sprintf("127.0.0.1:%d", port), "-users", users}, &bout)
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
}

// TestSimulate runs a few simulated kiosks on Mosquitto and sees them in
// status.
func TestSimulate(t *testing.T) {
	broker := mqtttest.Start(t, mqtttest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	var sout syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"simulate", "-kiosks", "5", "-rate", "5", "-broker", broker.URL()}, &sout)
	}()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(sout.String(), "5 kiosks connected") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"status", "-json", "-broker", broker.URL()}, &out); err != nil {
		t.Fatal(err)
	}
	var snap []fleet.Kiosk
	if err := json.Unmarshal(out.Bytes(), &snap); err != nil || len(snap) != 5 {
		t.Fatalf("status: %v\n%s", err, out.String())
	}
	if err := run(context.Background(), []string{"simulate", "-kiosks", "0"}, &out); err == nil {
		t.Fatal("0 kiosks accepted")
	}
}
