package mqtttest

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/devices/broker"
)

// Layout is how the shipped configuration is installed.
type Layout int

// Layouts.
const (
	// Standalone: mosquitto -c mosquitto.conf.
	Standalone Layout = iota
	// Debian: the stock /etc/mosquitto/mosquitto.conf of Debian's package,
	// which include_dirs /etc/mosquitto/conf.d, holding ours as
	// anjungan.conf.
	Debian
)

func (l Layout) String() string {
	if l == Debian {
		return "debian"
	}
	return "standalone"
}

// Accounts are the broker users a test installs, as the README says: kiosk
// users in the password file whose name has "kiosk" in it, staff users in
// the one with "staff"; a password file named neither gets all of them.
type Accounts struct {
	Kiosks map[string]string // user (= kiosk id) → password
	Staff  map[string]string
}

// Dir is the repository's mosquitto/ folder.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "mosquitto")
}

// debianStock is Debian's /etc/mosquitto/mosquitto.conf, as the package
// ships it (mosquitto 2.0.11-1.2+deb12u2, Debian 12): persistence, pid and
// log files, then include_dir conf.d.
const debianStock = `# Place your local configuration in /etc/mosquitto/conf.d/
#
# A full description of the configuration file is at
# /usr/share/doc/mosquitto/examples/mosquitto.conf.example

pid_file /run/mosquitto/mosquitto.pid

persistence true
persistence_location /var/lib/mosquitto/

log_dest file /var/log/mosquitto/mosquitto.log

include_dir /etc/mosquitto/conf.d
`

// Shipped starts Mosquitto on the configuration in the repository's
// mosquitto/ folder, as installed in layout, with only its paths (to files
// in a temporary folder) and its listeners' ports (to free ones) changed.
// The ACL is the shipped file itself; the password files hold accounts;
// the certificates are made for 127.0.0.1 by a CA made for the test
// (CAFile). It fails the test if the broker does not start, or listens on
// a port the configuration does not name.
func Shipped(t testing.TB, layout Layout, accounts Accounts) *Mosquitto {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	m := &Mosquitto{Dir: t.TempDir(), t: t, bin: bin}
	ours, err := os.ReadFile(filepath.Join(Dir(), "mosquitto.conf"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("mosquitto (%s) log:\n%s", layout, m.Log())
		}
		m.Stop()
	})
	for attempt := 1; ; attempt++ {
		// Each attempt on ports free now (see Start).
		m.listeners, m.ports = nil, map[int]int{}
		s := &substitution{m: m, accounts: accounts, written: map[string]bool{}}
		if err := s.install(string(ours), layout); err != nil {
			t.Fatal(err)
		}
		if len(m.listeners) == 0 {
			t.Fatal("the shipped configuration has no listener")
		}
		m.logFile = s.logFile
		if err := ownForBroker(m.Dir); err != nil {
			t.Fatal(err)
		}
		err := m.launch(bin)
		if err == nil {
			break
		}
		if !errors.Is(err, errPortTaken) || attempt == 3 {
			t.Fatal(err)
		}
		t.Logf("mosquitto: %v; again on other ports", err)
	}
	m.checkPorts()
	return m
}

// install writes the configuration files of layout, ours rewritten, and
// sets m.conf to the main one.
func (s *substitution) install(ours string, layout Layout) error {
	conf, err := s.rewrite(ours)
	if err != nil {
		return err
	}
	s.m.conf = filepath.Join(s.m.Dir, "mosquitto.conf")
	if layout == Standalone {
		return os.WriteFile(s.m.conf, []byte(conf), 0o644)
	}
	stock, err := s.rewrite(debianStock)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.confd, "anjungan.conf"), []byte(conf), 0o644); err != nil {
		return err
	}
	return os.WriteFile(s.m.conf, []byte(stock), 0o644)
}

// substitution rewrites a configuration's paths and ports for a test.
type substitution struct {
	m        *Mosquitto
	accounts Accounts
	written  map[string]bool
	confd    string
	logFile  string
}

func (s *substitution) rewrite(conf string) (string, error) {
	var out strings.Builder
	sc := bufio.NewScanner(strings.NewReader(conf))
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			out.WriteString(line + "\n")
			continue
		}
		var err error
		switch f[0] {
		case "listener":
			line, err = s.listener(f)
		case "password_file":
			line, err = s.passwords(f[1])
		case "acl_file":
			line, err = s.copyShipped(f[0], f[1])
		case "certfile", "keyfile", "cafile":
			line, err = s.cert(f[0], f[1])
		case "persistence_location", "pid_file":
			line = f[0] + " " + s.path("var", f[1], strings.HasSuffix(f[1], "/"))
		case "include_dir":
			s.confd = s.path("etc", f[1], false)
			err = os.MkdirAll(s.confd, 0o755)
			line = "include_dir " + s.confd
		case "log_dest":
			if len(f) == 3 && f[1] == "file" {
				s.logFile = s.path("log", f[2], false)
				line = "log_dest file " + s.logFile
			}
		}
		if err != nil {
			return "", err
		}
		out.WriteString(line + "\n")
	}
	return out.String(), sc.Err()
}

// path maps an installed path to one under the test's folder.
func (s *substitution) path(kind, p string, dir bool) string {
	q := filepath.Join(s.m.Dir, kind, filepath.Base(filepath.Clean(p)))
	if dir {
		os.MkdirAll(q, 0o755)
		return q + "/"
	}
	os.MkdirAll(filepath.Dir(q), 0o755)
	return q
}

func (s *substitution) listener(f []string) (string, error) {
	shipped, err := strconv.Atoi(f[1])
	if err != nil {
		return "", fmt.Errorf("listener %q: not a port", f[1])
	}
	port := FreePort(s.m.t)
	s.m.ports[shipped] = port
	s.m.listeners = append(s.m.listeners, &listener{shipped: shipped, port: port})
	return strings.Join(append([]string{"listener", strconv.Itoa(port)}, f[2:]...), " "), nil
}

func (s *substitution) passwords(p string) (string, error) {
	q := s.path("etc", p, false)
	if !s.written[q] {
		name := filepath.Base(p)
		users := broker.Users{}
		add := func(accounts map[string]string) error {
			for u, pw := range accounts {
				if err := users.Set(u, pw); err != nil {
					return err
				}
			}
			return nil
		}
		var err error
		switch {
		case strings.Contains(name, "kiosk"):
			err = add(s.accounts.Kiosks)
		case strings.Contains(name, "staff"):
			err = add(s.accounts.Staff)
		default:
			if err = add(s.accounts.Kiosks); err == nil {
				err = add(s.accounts.Staff)
			}
		}
		if err != nil {
			return "", err
		}
		f, err := os.OpenFile(q, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return "", err
		}
		users.Write(f)
		if err := f.Close(); err != nil {
			return "", err
		}
		s.written[q] = true
	}
	return "password_file " + q, nil
}

// copyShipped installs a file of the mosquitto/ folder, as it is.
func (s *substitution) copyShipped(option, p string) (string, error) {
	b, err := os.ReadFile(filepath.Join(Dir(), filepath.Base(p)))
	if err != nil {
		return "", fmt.Errorf("%s %s: the repository's mosquitto/ has no such file: %w", option, p, err)
	}
	q := s.path("etc", p, false)
	if err := os.WriteFile(q, b, 0o600); err != nil {
		return "", err
	}
	return option + " " + q, nil
}

// cert writes the test's CA, or the broker's certificate or key, where the
// configuration names it.
func (s *substitution) cert(option, p string) (string, error) {
	if s.m.CAFile == "" {
		pki := filepath.Join(s.m.Dir, "pki")
		if err := os.MkdirAll(pki, 0o700); err != nil {
			return "", err
		}
		ca, cert, key, err := makeCerts(pki)
		if err != nil {
			return "", err
		}
		s.m.CAFile, s.m.certFile, s.m.keyFile = ca, cert, key
	}
	src := map[string]string{"certfile": s.m.certFile, "keyfile": s.m.keyFile, "cafile": s.m.CAFile}[option]
	b, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	q := s.path("etc/certs", p, false)
	if err := os.WriteFile(q, b, 0o600); err != nil {
		return "", err
	}
	if n := len(s.m.listeners); n > 0 && option == "certfile" {
		s.m.listeners[n-1].tls = true
	}
	return option + " " + q, nil
}

// ownForBroker gives the test's folder to the mosquitto user when the
// tests run as root: Mosquitto started by root drops to that user (the
// shipped configuration does not say "user root") and must still read its
// files and write its persistence, pid and log files.
func ownForBroker(dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("mosquitto")
	if err != nil {
		return nil // no such user: Mosquitto stays root
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	os.Chmod(filepath.Dir(dir), 0o755) // t.TempDir's parent is 0700
	return filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}

var opening = regexp.MustCompile(`Opening ipv[46] listen socket on port (\d+)`)

// checkPorts fails the test if the broker listens on a port the
// configuration did not name, as Mosquitto's implicit default listener
// does (port 1883 on every interface) when a listener option comes before
// the first listener.
func (m *Mosquitto) checkPorts() {
	m.t.Helper()
	named := map[int]bool{}
	for _, l := range m.listeners {
		named[l.port] = true
	}
	for _, g := range opening.FindAllStringSubmatch(m.Log(), -1) {
		if p, _ := strconv.Atoi(g[1]); !named[p] {
			m.t.Fatalf("mosquitto listens on port %d, which the configuration does not name: an implicit default listener", p)
		}
	}
}

// URLFor is the URL of the listener the shipped configuration has on port
// shipped (8883, 8884, 1883), on 127.0.0.1: ssl:// for a TLS listener.
func (m *Mosquitto) URLFor(shipped int) string {
	m.t.Helper()
	for _, l := range m.listeners {
		if l.shipped == shipped {
			return l.url()
		}
	}
	m.t.Fatalf("the shipped configuration has no listener on port %d", shipped)
	return ""
}

// URLs are every listener's URL.
func (m *Mosquitto) URLs() []string {
	var out []string
	for _, l := range m.listeners {
		out = append(out, l.url())
	}
	return out
}

// listener is one of the shipped configuration's listeners.
type listener struct {
	shipped, port int // the port in the file, and the test's
	tls           bool
}

func (l *listener) url() string {
	if l.tls {
		return fmt.Sprintf("ssl://127.0.0.1:%d", l.port)
	}
	return fmt.Sprintf("tcp://127.0.0.1:%d", l.port)
}

// Log is what the broker logged so far: its standard error and its log
// file, if the configuration names one.
func (m *Mosquitto) Log() string {
	var b strings.Builder
	for _, p := range []string{filepath.Join(m.Dir, "stderr"), filepath.Join(m.Dir, "log"), m.logFile} {
		if p == "" {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			b.Write(data)
		}
	}
	return b.String()
}

// Takeovers counts the connections the broker closed because another
// client connected with the same client id.
func (m *Mosquitto) Takeovers() int {
	return strings.Count(m.Log(), "already connected, closing old connection")
}

// Relaunch starts the broker again after Stop, on the same ports and
// files.
func (m *Mosquitto) Relaunch() {
	m.t.Helper()
	m.start(m.bin)
}
