package slimstest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Server is a MariaDB server of the tests' own: a data folder in a temp
// dir, listening on a free loopback port and a Unix socket.
type Server struct {
	Dir  string
	Port int
	// Addr is 127.0.0.1:Port.
	Addr string

	sock string
	cmd  *exec.Cmd
	done chan error // the server's exit
	root *sql.DB    // as root over TCP, for making databases
	n    int        // databases made
	mu   sync.Mutex
}

var (
	shared    *Server
	sharedErr error
	sharedMu  sync.Mutex
)

// Shared returns the test binary's MariaDB server, started on first use
// and stopped by Main. It fails the test when MariaDB is not installed:
// the tests need a real server (`make test-deps` installs it).
func Shared(t testing.TB) *Server {
	t.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared == nil && sharedErr == nil {
		shared, sharedErr = Start()
	}
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// Main runs a package's tests and then stops the shared server, if one
// was started: call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	sharedMu.Lock()
	if shared != nil {
		shared.Stop()
	}
	sharedMu.Unlock()
	os.Exit(code)
}

// binaries are the programs the server needs, by their Debian names.
func binaries() (install, server string, err error) {
	install, err = exec.LookPath("mariadb-install-db")
	if err != nil {
		return "", "", errors.New("mariadb-install-db not found: install mariadb-server (apt-get install mariadb-server; `make test-deps` does)")
	}
	for _, p := range []string{"mariadbd", "/usr/sbin/mariadbd"} {
		if server, err = exec.LookPath(p); err == nil {
			return install, server, nil
		}
	}
	return "", "", errors.New("mariadbd not found: install mariadb-server (apt-get install mariadb-server; `make test-deps` does)")
}

// Start makes a data folder and starts a server on it; Stop stops it and
// removes the folder.
func Start() (*Server, error) {
	install, server, err := binaries()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "slimstest-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, sock: filepath.Join(dir, "sock")}
	data := filepath.Join(dir, "data")
	out, err := exec.Command(install, "--no-defaults", "--datadir="+data, "--auth-root-authentication-method=normal",
		"--user="+currentUser(), "--skip-test-db").CombinedOutput()
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("mariadb-install-db: %v: %s", err, out)
	}
	for attempt := 1; ; attempt++ {
		err = s.launch(server, data)
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, errPortTaken) || attempt == 3 {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("%w\n%s", err, log)
		}
	}
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "root"
}

// errPortTaken: the server exited because another process listened on
// its port.
var errPortTaken = errors.New("another process took the port before MariaDB bound it")

// launch starts mariadbd on a free port and waits until it answers over
// TCP as itself: a dial reaches whoever holds the port, so readiness is
// the server saying its data folder is ours.
func (s *Server) launch(server, data string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s.Addr = fmt.Sprintf("127.0.0.1:%d", s.Port)
	s.cmd = exec.Command(server, "--no-defaults", "--datadir="+data, "--socket="+s.sock,
		fmt.Sprintf("--port=%d", s.Port), "--bind-address=127.0.0.1", "--user="+currentUser(),
		"--skip-name-resolve", "--innodb-buffer-pool-size=32M", "--max-connections=400",
		"--log-error="+filepath.Join(s.Dir, "error.log"), "--pid-file="+filepath.Join(s.Dir, "pid"))
	// The server goes when the test binary does, however it ends (a
	// panic, a timeout's kill): no server is left running.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.done = make(chan error, 1)
	go func() { s.done <- s.cmd.Wait() }()
	cfg := mysql.NewConfig()
	cfg.User, cfg.Net, cfg.Addr = "root", "tcp", s.Addr
	cfg.MultiStatements = true
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-s.done:
			log, _ := os.ReadFile(filepath.Join(s.Dir, "error.log"))
			if strings.Contains(string(log), "Address already in use") {
				return errPortTaken
			}
			return fmt.Errorf("mariadbd exited: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		if _, err := os.Stat(s.sock); err != nil {
			continue // not listening yet
		}
		db, err := sql.Open("mysql", cfg.FormatDSN())
		if err != nil {
			return err
		}
		var got string
		err = db.QueryRow("SELECT @@datadir").Scan(&got)
		if err == nil && filepath.Clean(got) == filepath.Clean(data) {
			s.root = db
			return nil
		}
		db.Close()
		if err == nil {
			s.kill()
			return errPortTaken // someone else's server answered
		}
		if time.Now().After(deadline) {
			s.kill()
			return fmt.Errorf("mariadbd did not answer on %s: %v", s.Addr, err)
		}
	}
}

func (s *Server) kill() {
	s.cmd.Process.Kill()
	<-s.done
}

// Stop stops the server and removes its folder.
func (s *Server) Stop() {
	if s.root != nil {
		s.root.Close()
	}
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM) // a clean shutdown
		select {
		case <-s.done:
		case <-time.After(20 * time.Second):
			s.kill()
		}
	}
	os.RemoveAll(s.Dir)
}

// Root runs statements as root (several in one call are fine).
func (s *Server) Root(ctx context.Context, query string, args ...any) error {
	_, err := s.root.ExecContext(ctx, query, args...)
	return err
}

// StopShared stops the shared server, if one was started: for a TestMain
// that runs more than one kind of server.
func StopShared() {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared != nil {
		shared.Stop()
		shared = nil
	}
}
