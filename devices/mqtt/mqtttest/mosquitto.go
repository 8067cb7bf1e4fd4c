// Package mqtttest starts a real Mosquitto broker for tests: Shipped runs
// the configuration in the repository's mosquitto/ folder as it is (only
// its paths and ports changed), standalone or as Debian installs it; Start
// runs a small generated one (anonymous, for benchmarks and devices that
// need just a broker).
package mqtttest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Mosquitto is a running broker.
type Mosquitto struct {
	Port int
	Dir  string
	// TLSPort and CAFile are set with Options.TLS.
	TLSPort int
	CAFile  string
	t       testing.TB
	cmd     *exec.Cmd
	conf    string
	bin     string
	exited  chan struct{}

	// Shipped's
	listeners         []*listener
	ports             map[int]int // shipped port → the test's
	logFile           string
	certFile, keyFile string
}

// Options configure the broker. With no Users it allows anonymous clients
// and has no ACL.
type Options struct {
	// Users maps user names to passwords.
	Users map[string]string
	// ACL is a Mosquitto ACL file's text.
	ACL string
	// TLS adds a TLS listener (TLSPort) with a certificate for 127.0.0.1
	// signed by a CA made for the test (CAFile).
	TLS bool
}

// Binary is the mosquitto executable.
func Binary() (string, error) {
	for _, p := range []string{"mosquitto", "/usr/sbin/mosquitto"} {
		if path, err := exec.LookPath(p); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("mosquitto not found: install it (apt-get install mosquitto; `make test` does)")
}

// Start starts a broker that is stopped when the test ends. It fails the
// test when mosquitto is not installed: the tests need a real broker.
func Start(t testing.TB, opt Options) *Mosquitto {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	m := &Mosquitto{Dir: t.TempDir(), t: t, bin: bin}
	var conf strings.Builder
	conf.WriteString("user root\nlog_type all\npersistence false\nmax_queued_messages 100000\nmax_inflight_messages 0\nlog_dest file " + filepath.Join(m.Dir, "log") + "\n")
	if len(opt.Users) == 0 {
		conf.WriteString("allow_anonymous true\n")
	} else {
		conf.WriteString("allow_anonymous false\npassword_file " + filepath.Join(m.Dir, "passwd") + "\n")
		if err := writePasswords(filepath.Join(m.Dir, "passwd"), opt.Users); err != nil {
			t.Fatal(err)
		}
	}
	if opt.ACL != "" {
		acl := filepath.Join(m.Dir, "acl")
		if err := os.WriteFile(acl, []byte(opt.ACL), 0o600); err != nil {
			t.Fatal(err)
		}
		conf.WriteString("acl_file " + acl + "\n")
	}
	var tls string
	if opt.TLS {
		ca, cert, key, err := makeCerts(m.Dir)
		if err != nil {
			t.Fatal(err)
		}
		m.CAFile = ca
		tls = fmt.Sprintf("cafile %s\ncertfile %s\nkeyfile %s\n", ca, cert, key)
	}
	m.conf = filepath.Join(m.Dir, "mosquitto.conf")
	t.Cleanup(func() {
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(m.Dir, "log"))
			t.Logf("mosquitto log:\n%s", log)
		}
		m.Stop()
	})
	for attempt := 1; ; attempt++ {
		// The ports are free now; another process may take one before the
		// broker binds it, which launch tells apart: then try new ones.
		m.Port = FreePort(t)
		listeners := fmt.Sprintf("listener %d 127.0.0.1\n", m.Port)
		if opt.TLS {
			m.TLSPort = FreePort(t)
			listeners += fmt.Sprintf("listener %d 127.0.0.1\n%s", m.TLSPort, tls)
		}
		if err := os.WriteFile(m.conf, []byte(listeners+conf.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		err := m.launch(bin)
		if err == nil {
			return m
		}
		if !errors.Is(err, errPortTaken) || attempt == 3 {
			t.Fatal(err)
		}
		t.Logf("mosquitto: %v; again on other ports", err)
	}
}

func writePasswords(path string, users map[string]string) error {
	first := true
	for u, p := range users {
		args := []string{"-b", path, u, p}
		if first {
			args = []string{"-c", "-b", path, u, p}
			first = false
		}
		if out, err := exec.Command("mosquitto_passwd", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("mosquitto_passwd: %v: %s", err, out)
		}
	}
	return nil
}

// errPortTaken is launch's error when the broker exited because another
// process listened on one of its ports.
var errPortTaken = errors.New("another process took a port before the broker bound it")

func (m *Mosquitto) start(bin string) {
	m.t.Helper()
	if err := m.launch(bin); err != nil {
		m.t.Fatal(err)
	}
}

// launch starts the broker and returns once it listens on every port of
// its configuration: once Linux says the listening sockets are the
// broker's own, not once a dial succeeds (whoever holds the port answers
// a dial). If the broker exits first, because another process holds one
// of its ports, the error is errPortTaken.
func (m *Mosquitto) launch(bin string) error {
	m.cmd = exec.Command(bin, "-c", m.conf)
	if f, err := os.OpenFile(filepath.Join(m.Dir, "stderr"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
		m.cmd.Stderr = f // "should not be run as root" and the like
		defer f.Close()
	}
	if err := m.cmd.Start(); err != nil {
		m.cmd = nil
		return err
	}
	ports := []int{m.Port}
	if m.TLSPort != 0 {
		ports = append(ports, m.TLSPort)
	}
	if len(m.listeners) > 0 {
		ports = ports[:0]
		for _, l := range m.listeners {
			ports = append(ports, l.port)
		}
	}
	exited := make(chan struct{})
	m.exited = exited
	go func(cmd *exec.Cmd) { cmd.Wait(); close(exited) }(m.cmd)
	pid := m.cmd.Process.Pid
	deadline := time.Now().Add(10 * time.Second)
	for _, port := range ports {
		for {
			ours, _, err := listening(pid, port)
			if err != nil {
				m.Stop()
				return fmt.Errorf("mosquitto's sockets: %v", err)
			}
			if ours {
				break
			}
			select {
			case <-exited:
				m.cmd = nil
				for _, p := range ports {
					if _, held, _ := listening(pid, p); held {
						return fmt.Errorf("%w: port %d:\n%s", errPortTaken, p, m.Log())
					}
				}
				return fmt.Errorf("mosquitto exited at start:\n%s", m.Log())
			default:
			}
			if time.Now().After(deadline) {
				m.Stop()
				return fmt.Errorf("mosquitto did not listen on port %d within 10 s:\n%s", port, m.Log())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return nil
}

// Addr is host:port.
func (m *Mosquitto) Addr() string { return fmt.Sprintf("127.0.0.1:%d", m.Port) }

// URL is the broker URL for clients.
func (m *Mosquitto) URL() string { return "tcp://" + m.Addr() }

// TLSURL is the TLS listener's URL (with Options.TLS).
func (m *Mosquitto) TLSURL() string { return fmt.Sprintf("ssl://127.0.0.1:%d", m.TLSPort) }

// Stop stops the broker; calling it again does nothing.
func (m *Mosquitto) Stop() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	m.cmd.Process.Kill()
	<-m.exited
	m.cmd = nil
}

// Restart stops the broker and starts it again on the same port, with an
// empty state (no retained messages survive, as after a crash without
// persistence).
func (m *Mosquitto) Restart() {
	m.t.Helper()
	m.Stop()
	bin, err := Binary()
	if err != nil {
		m.t.Fatal(err)
	}
	m.start(bin)
}

// FreePort returns a loopback TCP port nobody listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
