package mqtt

import (
	"bufio"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// startChild runs a kiosk reporter (kiosk-01) in a child process, with
// keepalive, and waits until staff see it online.
func startChild(t *testing.T, b testBroker, staff *capture, keepalive time.Duration) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestReporterChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ANJUNGAN_MQTT_CHILD="+b.KioskURL(), "ANJUNGAN_MQTT_CHILD_CA="+b.CA(),
		"ANJUNGAN_MQTT_CHILD_KEEPALIVE="+keepalive.String())
	cmd.Stderr = os.Stderr
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGCONT)
		cmd.Process.Kill()
		cmd.Wait()
	})
	sc := bufio.NewScanner(out)
	for sc.Scan() && !strings.Contains(sc.Text(), "CONNECTED") {
	}
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-01"}
	waitFor(t, 10*time.Second, "online", func() bool { m, ok := staff.last(tp.Availability()); return ok && m.payload == Online })
	return cmd
}

// TestKill9GoesOffline kills a kiosk process with SIGKILL: its socket
// closes, the broker publishes its Last Will at once, and staff see it
// offline within keepalive × 1.5.
func TestKill9GoesOffline(t *testing.T) {
	b := mosquitto(t)
	staff := subscribe(t, b, "staff", "anjungan/#")
	const keepalive = 2 * time.Second
	cmd := startChild(t, b, staff, keepalive)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	killed := time.Now()
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-01"}
	waitFor(t, keepalive*3/2, "offline after kill -9", func() bool { m, _ := staff.last(tp.Availability()); return m.payload == Offline })
	t.Logf("offline %v after kill -9 (keepalive %v)", time.Since(killed).Round(time.Millisecond), keepalive)
}

// TestFrozenKioskGoesOffline stops a kiosk process (SIGSTOP): its socket
// stays open and says nothing, as a hung kiosk's does. The broker must give
// it up on its keep-alive and publish its Last Will: staff see it offline
// within 1.5 × the kiosk's keepalive. ANJUNGAN_FROZEN_KEEPALIVE=30s
// measures the kiosk's default.
func TestFrozenKioskGoesOffline(t *testing.T) {
	b := mosquitto(t)
	staff := subscribe(t, b, "staff", "anjungan/#")
	keepalive := 10 * time.Second
	if k, err := time.ParseDuration(os.Getenv("ANJUNGAN_FROZEN_KEEPALIVE")); err == nil {
		keepalive = k // to measure the kiosk's default (30s)
	}
	cmd := startChild(t, b, staff, keepalive)
	cmd.Process.Signal(syscall.SIGSTOP)
	frozen := time.Now()
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-01"}
	waitFor(t, keepalive*3/2, "offline after SIGSTOP", func() bool { m, _ := staff.last(tp.Availability()); return m.payload == Offline })
	t.Logf("a frozen kiosk offline %v after SIGSTOP (keepalive %v, bound %v)", time.Since(frozen).Round(time.Millisecond), keepalive, keepalive*3/2)
}

// TestReporterChild is the killed or frozen kiosk; it does nothing in a
// normal run.
func TestReporterChild(t *testing.T) {
	url := os.Getenv("ANJUNGAN_MQTT_CHILD")
	if url == "" {
		t.Skip("only runs as a child process")
	}
	keepalive, err := time.ParseDuration(os.Getenv("ANJUNGAN_MQTT_CHILD_KEEPALIVE"))
	if err != nil {
		t.Fatal(err)
	}
	r := &Reporter{
		Broker: Broker{URL: url, Username: "kiosk-01", Password: users["kiosk-01"], CAFile: os.Getenv("ANJUNGAN_MQTT_CHILD_CA"), Keepalive: keepalive},
		Topics: Topics{Site: "perpustakaan", Kiosk: "kiosk-01"},
		Status: func() kiosk.Status { return kiosk.Status{Mode: kiosk.ModeInService} },
		Logger: slog.New(slog.DiscardHandler),
	}
	go r.Run(context.Background())
	for !r.Connected() {
		time.Sleep(5 * time.Millisecond)
	}
	os.Stdout.WriteString("CONNECTED\n")
	select {} // until killed
}
