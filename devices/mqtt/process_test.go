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

// TestKill9GoesOffline kills a kiosk process with SIGKILL: the broker
// publishes its Last Will, and staff see it offline within keepalive ×
// 1.5.
func TestKill9GoesOffline(t *testing.T) {
	b := mosquitto(t)
	staff := subscribe(t, b, "staff", "anjungan/#")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const keepalive = 2 * time.Second
	cmd := exec.Command(exe, "-test.run=^TestReporterChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ANJUNGAN_MQTT_CHILD="+b.KioskURL(), "ANJUNGAN_MQTT_CHILD_CA="+b.CA())
	cmd.Stderr = os.Stderr
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() && !strings.Contains(sc.Text(), "CONNECTED") {
	}
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-01"}
	waitFor(t, 10*time.Second, "online", func() bool { m, ok := staff.last(tp.Availability()); return ok && m.payload == Online })
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	killed := time.Now()
	waitFor(t, keepalive*3/2, "offline after kill -9", func() bool { m, _ := staff.last(tp.Availability()); return m.payload == Offline })
	t.Logf("offline %v after kill -9 (keepalive %v)", time.Since(killed).Round(time.Millisecond), keepalive)
}

// TestReporterChild is the killed kiosk; it does nothing in a normal run.
func TestReporterChild(t *testing.T) {
	url := os.Getenv("ANJUNGAN_MQTT_CHILD")
	if url == "" {
		t.Skip("only runs as a child process")
	}
	r := &Reporter{
		Broker: Broker{URL: url, Username: "kiosk-01", Password: users["kiosk-01"], CAFile: os.Getenv("ANJUNGAN_MQTT_CHILD_CA"), Keepalive: 2 * time.Second},
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
