// Package pgtest runs a real PostgreSQL server for the tests (Debian's
// postgresql, a cluster made by initdb in a temp dir, started on a free
// loopback port) and makes databases on it.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a PostgreSQL cluster of the tests' own.
type Server struct {
	Dir  string
	Port int
	// Addr is 127.0.0.1:Port.
	Addr string

	data string
	cmd  *exec.Cmd
	done chan error
	cred *syscall.Credential // run as the postgres user when we are root
	uid  int
	mu   sync.Mutex
	n    int
}

var (
	shared    *Server
	sharedErr error
	sharedMu  sync.Mutex
)

// Shared returns the test binary's server, started on first use and
// stopped by Main. It fails the test when PostgreSQL is not installed:
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

// Main runs a package's tests, then stops the shared server if one was
// started, and exits: call it from TestMain.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain with more to do after: it returns the
// tests' exit code.
func Run(m *testing.M) int {
	code := m.Run()
	sharedMu.Lock()
	if shared != nil {
		shared.Stop()
		shared = nil
	}
	sharedMu.Unlock()
	return code
}

// bin finds PostgreSQL's programs: Debian keeps them per version under
// /usr/lib/postgresql; the newest is taken.
func bin(name string) (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if p := filepath.Join(d, name); isExec(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s not found: install postgresql (apt-get install postgresql; `make test-deps` does)", name)
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode()&0o111 != 0
}

// Start makes a cluster and starts it; Stop stops it and removes it.
func Start() (*Server, error) {
	initdb, err := bin("initdb")
	if err != nil {
		return nil, err
	}
	postgres, err := bin("postgres")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, data: filepath.Join(dir, "data"), uid: -1}
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root: as postgres, in a
		// folder it owns.
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, PostgreSQL needs the postgres user (apt-get install postgresql makes it): %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		s.cred, s.uid = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, uid
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	cmd := s.command(initdb, "-D", s.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	for attempt := 1; ; attempt++ {
		err = s.launch(postgres)
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, errPortTaken) || attempt == 3 {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("%w\n%s", err, log)
		}
	}
}

func (s *Server) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = s.Dir
	// The server goes when the test binary does, however it ends (a
	// panic, a timeout's kill): no cluster is left running.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred, Pdeathsig: syscall.SIGTERM}
	return cmd
}

var errPortTaken = errors.New("another process took the port before PostgreSQL bound it")

// launch starts postgres on a free port and waits until it answers over
// TCP as itself (its data directory is ours): whoever holds a port
// answers a dial.
func (s *Server) launch(postgres string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s.Addr = fmt.Sprintf("127.0.0.1:%d", s.Port)
	log, err := os.Create(filepath.Join(s.Dir, "log"))
	if err != nil {
		return err
	}
	defer log.Close()
	if s.uid >= 0 {
		os.Chown(log.Name(), s.uid, -1)
	}
	// Durability settings off: the tests kill processes, not the power.
	s.cmd = s.command(postgres, "-D", s.data, "-p", strconv.Itoa(s.Port), "-k", s.Dir, "-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
		"-c", "shared_buffers=64MB")
	s.cmd.Stdout, s.cmd.Stderr = log, log
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.done = make(chan error, 1)
	go func() { s.done <- s.cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-s.done:
			text, _ := os.ReadFile(log.Name())
			if strings.Contains(string(text), "could not bind") || strings.Contains(string(text), "Address already in use") {
				return errPortTaken
			}
			return fmt.Errorf("postgres exited: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, s.URL("postgres"))
		if err == nil {
			var got string
			err = conn.QueryRow(ctx, "SHOW data_directory").Scan(&got)
			conn.Close(ctx)
			cancel()
			if err == nil && filepath.Clean(got) == filepath.Clean(s.data) {
				return nil
			}
			if err == nil {
				s.kill()
				return errPortTaken // another server answered
			}
		}
		cancel()
		if time.Now().After(deadline) {
			s.kill()
			return fmt.Errorf("postgres did not answer on %s: %v", s.Addr, err)
		}
	}
}

func (s *Server) kill() {
	s.cmd.Process.Kill()
	<-s.done
}

// Stop stops the server (fast shutdown) and removes its cluster.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGINT) // fast shutdown
		select {
		case <-s.done:
		case <-time.After(20 * time.Second):
			s.kill()
		}
	}
	os.RemoveAll(s.Dir)
}

// URL is a connection URL for database db as the superuser.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@%s/%s?sslmode=disable", s.Addr, db)
}

// Exec runs statements as the superuser on database db.
func (s *Server) Exec(ctx context.Context, db, sql string, args ...any) error {
	conn, err := pgx.Connect(ctx, s.URL(db))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql, args...)
	return err
}

// NewDatabase makes an empty database, dropped when the test ends, and
// returns its superuser URL.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	s.mu.Lock()
	s.n++
	name := fmt.Sprintf("test_%d", s.n)
	s.mu.Unlock()
	ctx := context.Background()
	if err := s.Exec(ctx, "postgres", "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Exec(context.Background(), "postgres", "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return s.URL(name)
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
