package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeShutdown is a shutdown whose clock and exit the test drives.
type fakeShutdown struct {
	shutdown
	cancelled chan struct{}
	timers    chan time.Duration
	fire      chan time.Time
	exits     chan int
}

func newFakeShutdown() *fakeShutdown {
	f := &fakeShutdown{cancelled: make(chan struct{}, 1), timers: make(chan time.Duration, 1),
		fire: make(chan time.Time), exits: make(chan int, 1)}
	f.shutdown = shutdown{
		Grace:  2 * time.Second,
		Cancel: func() { f.cancelled <- struct{}{} },
		Exit:   func(code int) { f.exits <- code },
		After:  func(d time.Duration) <-chan time.Time { f.timers <- d; return f.fire },
		Stderr: new(bytes.Buffer),
	}
	return f
}

// recv returns the next value from ch, failing the test after 5s.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("no %s", what)
		panic("unreachable")
	}
}

// TestShutdownWatchdog: the first signal starts the clean stop and the
// watchdog; the program exits when the watchdog fires.
func TestShutdownWatchdog(t *testing.T) {
	f := newFakeShutdown()
	sigs := make(chan os.Signal, 2)
	go f.watch(sigs)
	sigs <- syscall.SIGTERM
	recv(t, f.cancelled, "clean stop")
	if d := recv(t, f.timers, "watchdog"); d != 2*time.Second {
		t.Fatalf("watchdog set for %v, want 2s", d)
	}
	select {
	case code := <-f.exits:
		t.Fatalf("exit %d before the watchdog fired", code)
	default:
	}
	f.fire <- time.Now() // the test's goroutine is the clock
	if code := recv(t, f.exits, "exit"); code != 128+int(syscall.SIGTERM) {
		t.Fatalf("exit %d, want %d", code, 128+int(syscall.SIGTERM))
	}
}

// TestShutdownSecondSignal: a second signal exits at once.
func TestShutdownSecondSignal(t *testing.T) {
	f := newFakeShutdown()
	sigs := make(chan os.Signal, 2)
	go f.watch(sigs)
	sigs <- syscall.SIGTERM
	recv(t, f.cancelled, "clean stop")
	recv(t, f.timers, "watchdog")
	sigs <- syscall.SIGINT
	if code := recv(t, f.exits, "exit"); code != 128+int(syscall.SIGINT) {
		t.Fatalf("exit %d, want %d", code, 128+int(syscall.SIGINT))
	}
}

// TestSIGTERMEndsAStuckProgram sends SIGTERM to a child process whose
// clean stop never ends, wired to signals as the kiosk is: it exits
// within 2 s (plus scheduling), and at once on a second SIGTERM.
func TestSIGTERMEndsAStuckProgram(t *testing.T) {
	for _, signals := range []int{1, 2} {
		child := helper(t, "stuck")
		out, err := child.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		child.Stderr = &stderr
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(out)
		if line, _ := r.ReadString('\n'); line != "ready\n" {
			t.Fatalf("helper: %q", line)
		}
		start := time.Now()
		child.Process.Signal(syscall.SIGTERM)
		if signals == 2 {
			if line, _ := r.ReadString('\n'); line != "stopping\n" {
				t.Fatalf("helper: %q", line)
			}
			child.Process.Signal(syscall.SIGTERM)
		}
		exited := make(chan error, 1)
		go func() { exited <- child.Wait() }()
		select {
		case err = <-exited:
		case <-time.After(5 * time.Second):
			child.Process.Kill()
			<-exited
			t.Fatalf("%d SIGTERM: still running after 5s", signals)
		}
		took := time.Since(start)
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 128+int(syscall.SIGTERM) {
			t.Errorf("%d SIGTERM: %v, want exit status %d", signals, err, 128+int(syscall.SIGTERM))
		}
		if signals == 1 && (took < 2*time.Second || took > 3500*time.Millisecond) {
			t.Errorf("1 SIGTERM: exited after %v, want 2s", took)
		}
		if signals == 2 && took > time.Second {
			t.Errorf("2 SIGTERM: exited after %v, want at once", took)
		}
		if lines := strings.Count(stderr.String(), "\n"); lines != 1 {
			t.Errorf("%d SIGTERM: stderr %q, want one line", signals, &stderr)
		}
		t.Logf("%d SIGTERM: %v after %v: %s", signals, err, took.Round(time.Millisecond), strings.TrimSpace(stderr.String()))
	}
}
