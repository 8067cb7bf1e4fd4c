package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/broker"
	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
)

// TestSetupEmbeddedBroker: `kioskmon -broker 127.0.0.1:PORT -users FILE`
// starts the embedded broker and connects the monitor to it as staff.
func TestSetupEmbeddedBroker(t *testing.T) {
	dir := t.TempDir()
	users := broker.Users{}
	if err := users.Set("staff", "kata-sandi-staf"); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Create(filepath.Join(dir, "broker.users"))
	users.Write(f)
	f.Close()
	key := filepath.Join(dir, "staff.key")
	seed := make([]byte, ed25519.SeedSize)
	os.WriteFile(key, []byte(hex.EncodeToString(seed)), 0o600)
	port := "127.0.0.1:" + strconv.Itoa(mqtttest.FreePort(t))
	noSite, err := parse([]string{"-broker", port, "-users", filepath.Join(dir, "broker.users")})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := setup(context.Background(), noSite); err == nil || !strings.Contains(err.Error(), "-site") {
		t.Fatalf("an embedded broker that does not know its kiosks' sites: %v", err)
	}
	// A monitor refused by its own broker stops the broker it started:
	// the port is free again.
	wrong, err := parse([]string{"-broker", port, "-users", filepath.Join(dir, "broker.users"), "-site", "pusat", "-password", "salah"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := setup(context.Background(), wrong); err == nil {
		t.Fatal("a wrong password connected")
	}
	l, err := net.Listen("tcp", port)
	if err != nil {
		t.Fatalf("the embedded broker of a failed setup still listens: %v", err)
	}
	l.Close()
	o, err := parse([]string{"-broker", port, "-users", filepath.Join(dir, "broker.users"), "-site", "pusat",
		"-password", "kata-sandi-staf", "-staff-key", key})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	model, staff, done, err := setup(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if model == nil || staff.Key == nil {
		t.Fatal("no model or key")
	}
	staff.Close()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("embedded broker did not stop")
	}
	select {
	case <-done:
		t.Fatal("the broker's end yielded twice")
	default:
	}
	_, _, _, err = setup(context.Background(), options{broker: "tcp://127.0.0.1:1", user: "staff", offlineAfter: time.Minute})
	if err == nil {
		t.Fatal("connected to nothing")
	}
	if _, err := parse([]string{"-nonsense"}); err == nil {
		t.Fatal("unknown flag accepted")
	}
}

func TestAppID(t *testing.T) {
	a, b := appID("tcp://a:1883", "staff"), appID("tcp://b:1883", "staff")
	if a == b || a != appID("tcp://a:1883", "staff") || !strings.HasPrefix(a, "id.anjungan.kioskmon.") {
		t.Fatalf("app IDs %q %q", a, b)
	}
}
