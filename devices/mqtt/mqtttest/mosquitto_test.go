package mqtttest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
)

// A port another process listens on is not the broker's, although a dial
// to it succeeds: launch says the port was taken instead of returning as
// if the broker had started there.
func TestLaunchPortTaken(t *testing.T) {
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	other, err := net.Listen("tcp", "127.0.0.1:0") // the process that took the port
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	m := &Mosquitto{Dir: t.TempDir(), t: t, Port: other.Addr().(*net.TCPAddr).Port}
	m.conf = filepath.Join(m.Dir, "mosquitto.conf")
	conf := fmt.Sprintf("listener %d 127.0.0.1\nuser root\nallow_anonymous true\nlog_dest file %s\n", m.Port, filepath.Join(m.Dir, "log"))
	if err := os.WriteFile(m.conf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	defer m.Stop()
	err = m.launch(bin)
	if !errors.Is(err, errPortTaken) {
		t.Fatalf("launch on a port another process listens on: %v, want errPortTaken", err)
	}
}

// Start's broker is the one listening on its ports.
func TestStartOwnsPorts(t *testing.T) {
	m := Start(t, Options{TLS: true})
	for _, port := range []int{m.Port, m.TLSPort} {
		if ours, _, err := listening(m.cmd.Process.Pid, port); err != nil || !ours {
			t.Errorf("port %d: the broker's %v (%v)", port, ours, err)
		}
	}
}
