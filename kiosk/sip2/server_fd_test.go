//go:build linux

package sip2_test

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/sip2"
)

// fdChild makes the test binary the server of
// TestServerSurvivesDescriptorExhaustion.
const fdChild = "ANJUNGAN_SIP2_FD_CHILD"

// TestServerSurvivesDescriptorExhaustion serves the library from a child
// process left with a few spare file descriptors, opens connections to it
// until its Accept fails (EMFILE), and checks that it keeps listening:
// once the connections close, a new one is served.
func TestServerSurvivesDescriptorExhaustion(t *testing.T) {
	if os.Getenv(fdChild) != "" {
		fdServer(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServerSurvivesDescriptorExhaustion$", "-test.v")
	cmd.Env = append(os.Environ(), fdChild+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewReader(stdout)
	var addr string
	for addr == "" {
		line, err := out.ReadString('\n')
		if err != nil {
			cmd.Wait()
			t.Fatalf("child: %v\n%s", err, logs)
		}
		if a, ok := strings.CutPrefix(strings.TrimSpace(line), "ADDR "); ok {
			addr = a
		}
	}
	go io.Copy(io.Discard, out)
	s := &served{addr: addr, logs: logs}
	var conns []net.Conn
	for deadline := time.Now().Add(answerWait); !strings.Contains(logs.String(), "accept failed"); {
		if time.Now().After(deadline) || len(conns) > 500 {
			t.Fatalf("the child's Accept never failed after %d connections:\n%s", len(conns), logs)
		}
		nc, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, nc)
		time.Sleep(time.Millisecond)
	}
	t.Logf("the child's Accept failed after %d connections", len(conns))
	for _, nc := range conns {
		nc.Close()
	}
	for deadline := time.Now().Add(answerWait); ; {
		r := s.dial(t, false)
		if got, err := r.try("9900402.00"); err == nil && strings.HasPrefix(got, "98") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not served after the descriptors came back:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stdin.Close() // the child's signal to end
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v\n%s", err, logs)
	}
	if !strings.Contains(logs.String(), "listener recovered") {
		t.Errorf("recovery not logged:\n%s", logs)
	}
}

// fdServer is the child: it serves, lowers its descriptor limit to a few
// above what it has open, prints its address and serves until stdin
// closes.
func fdServer(t *testing.T) {
	s := serveDemo(t, func(srv *sip2.Server) {
		srv.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	})
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = uint64(len(fds) + 8)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("ADDR " + s.addr + "\n")
	io.Copy(io.Discard, os.Stdin)
}
