package scanner

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/anjungan/anjungan/kiosk"
)

// plug makes a pseudo-terminal and points link at its tty side, as udev
// points /dev/serial/by-id at a scanner. Closing the returned master
// "unplugs" the scanner.
func plug(t *testing.T, link string) *os.File {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	name := tty.Name()
	tty.Close() // the reader opens it by path
	os.Remove(link)
	if err := os.Symlink(name, link); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close() })
	return master
}

// harness runs a Reader on link and collects what it reports.
type harness struct {
	scans  chan kiosk.Scan
	mu     sync.Mutex
	states []kiosk.DeviceState
	logs   lockedBuffer // the reader's log, every level
	r      *Reader
	cancel context.CancelFunc
	done   chan struct{}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func start(t *testing.T, link string, gap time.Duration) *harness {
	t.Helper()
	h := &harness{scans: make(chan kiosk.Scan, 100), done: make(chan struct{})}
	h.r = &Reader{
		Name:       "test",
		Port:       Port{Path: link, BaudRate: 9600},
		IdleGap:    gap,
		OnScan:     func(s kiosk.Scan) { h.scans <- s },
		OnState:    func(s kiosk.DeviceState) { h.mu.Lock(); h.states = append(h.states, s); h.mu.Unlock() },
		MinBackoff: 20 * time.Millisecond,
		MaxBackoff: 100 * time.Millisecond,
		Logger:     slog.New(slog.NewTextHandler(&h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { defer close(h.done); h.r.Run(ctx) }()
	t.Cleanup(h.stop)
	return h
}

func (h *harness) stop() {
	h.cancel()
	<-h.done
}

// waitState waits until the reader reports connected == up.
func (h *harness) waitState(t *testing.T, up bool) kiosk.DeviceState {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		h.mu.Lock()
		n := len(h.states)
		var last kiosk.DeviceState
		if n > 0 {
			last = h.states[n-1]
		}
		h.mu.Unlock()
		if n > 0 && last.Connected == up {
			return last
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("scanner never reported connected=%v; states %+v", up, h.states)
	return kiosk.DeviceState{}
}

func (h *harness) next(t *testing.T) kiosk.Scan {
	t.Helper()
	select {
	case s := <-h.scans:
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no scan arrived")
		return kiosk.Scan{}
	}
}

func (h *harness) none(t *testing.T) {
	t.Helper()
	select {
	case s := <-h.scans:
		t.Fatalf("unexpected scan %+v", s)
	default:
	}
}

// expect writes a scan and fails unless the reader delivers code.
func (h *harness) expect(t *testing.T, f *os.File, send, code string) {
	t.Helper()
	write(t, f, send)
	if s := h.next(t); s.Code != code {
		t.Fatalf("sent %q, got %+v, want %q", send, s, code)
	}
}

func write(t *testing.T, f *os.File, s string) {
	t.Helper()
	if _, err := f.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

func TestReaderOverPTY(t *testing.T) {
	link := filepath.Join(t.TempDir(), "scanner")
	master := plug(t, link)
	h := start(t, link, 0)
	h.waitState(t, true)

	tests := []struct {
		send string
		code string
		sym  kiosk.Symbology
	}{
		{"]C030001000000010\r", "30001000000010", kiosk.SymCode128},
		{"A20001000000012B\r\n", "20001000000012", kiosk.SymCodabar},
		{"]Q1ANJ1.payload\n", "ANJ1.payload", kiosk.SymQR},
		{"9789793062792\t", "9789793062792", kiosk.SymUnknown},
	}
	for _, tt := range tests {
		write(t, master, tt.send)
		s := h.next(t)
		if s.Code != tt.code || s.Symbology != tt.sym || s.Source != "test" {
			t.Fatalf("sent %q, got %+v", tt.send, s)
		}
	}
}

func TestReaderDropsGarbageAndKeepsReading(t *testing.T) {
	link := filepath.Join(t.TempDir(), "scanner")
	master := plug(t, link)
	h := start(t, link, 0)
	h.waitState(t, true)

	write(t, master, "\x00\x01\x1b[2J\r")            // control bytes
	write(t, master, strings.Repeat("7", 5000)+"\r") // far over 256 bytes
	write(t, master, "\xc3\x28\xa0\xa1\r")           // invalid UTF-8
	write(t, master, "]C030001000000028\r")          // and then a good scan
	if s := h.next(t); s.Code != "30001000000028" {
		t.Fatalf("after garbage got %+v", s)
	}
	h.none(t)
	if d := h.r.State().Dropped; d != 3 {
		t.Fatalf("dropped %d lines, want 3", d)
	}
	if !h.r.State().Connected {
		t.Fatal("garbage disconnected the scanner")
	}
}

// TestReaderResyncsAfterNoise sends garbage with no terminator, pauses,
// and sends a scan: the scan arrives, the garbage is counted, and each run
// of garbage is logged once however many pieces it came in.
func TestReaderResyncsAfterNoise(t *testing.T) {
	link := filepath.Join(t.TempDir(), "scanner")
	master := plug(t, link)
	h := start(t, link, 0) // a scanner with a CR suffix: no idle gap
	h.waitState(t, true)

	pause := func() { // the pause is what is tested
		drained(t, link)
		time.Sleep(2 * DefaultResyncGap)
	}
	write(t, master, "\x00\x13\x1b[2J\xfe\xff noise")
	pause()
	h.expect(t, master, "]C030001000000010\r", "30001000000010")

	for range 50 { // one run of noise in many pieces, some of them ended
		write(t, master, "\x07\x1b\r\xfe")
	}
	write(t, master, strings.Repeat("\x15x", 50<<10)) // 100 KB, no terminator
	pause()
	h.expect(t, master, "]C030001000000028\r", "30001000000028")

	write(t, master, "30001000") // a scan cut short
	pause()
	h.expect(t, master, "30001000000036\r", "30001000000036")
	h.none(t)

	if d := h.r.State().Dropped; d < 53 {
		t.Errorf("dropped %d lines, want at least 53", d)
	}
	if n := strings.Count(h.logs.String(), "garbage"); n != 3 {
		t.Errorf("garbage logged %d times for 3 runs of it:\n%s", n, h.logs.String())
	}
}

// drained waits until the reader has read everything written to the
// scanner's tty, so that a pause after it is a pause on the line.
func drained(t *testing.T, link string) {
	t.Helper()
	f, err := os.OpenFile(link, os.O_RDONLY|unix.O_NOCTTY|unix.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, err := unix.IoctlGetInt(int(f.Fd()), unix.TIOCINQ)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d bytes never read", n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestReaderIdleGap(t *testing.T) {
	link := filepath.Join(t.TempDir(), "scanner")
	master := plug(t, link)
	h := start(t, link, 30*time.Millisecond)
	h.waitState(t, true)
	h.expect(t, master, "30001000000036", "30001000000036") // no suffix at all
}

func TestReaderUnplugAndReplug(t *testing.T) {
	link := filepath.Join(t.TempDir(), "scanner")
	master := plug(t, link)
	h := start(t, link, 0)
	h.waitState(t, true)
	write(t, master, "111\r")
	h.next(t)

	master.Close() // unplug
	st := h.waitState(t, false)
	if st.LastError == "" {
		t.Fatal("disconnected without a reason")
	}

	master = plug(t, link) // plug back in: a new device behind the same link
	h.waitState(t, true)
	h.expect(t, master, "222\r", "222")
}

func TestReaderWaitsForMissingPort(t *testing.T) {
	link := filepath.Join(t.TempDir(), "scanner")
	h := start(t, link, 0)
	st := h.waitState(t, false)
	if !strings.Contains(st.LastError, "no such file") {
		t.Fatalf("state %+v", st)
	}
	master := plug(t, link)
	h.waitState(t, true)
	h.expect(t, master, "333\r", "333")
}

func TestReaderStopsWithContext(t *testing.T) {
	link := filepath.Join(t.TempDir(), "scanner")
	plug(t, link)
	h := start(t, link, 0)
	h.waitState(t, true)
	h.stop()
	if h.r.State().Connected {
		t.Fatal("still connected after Run returned")
	}
}

func TestPortSettings(t *testing.T) {
	bad := []Port{
		{},
		{VID: "05e0"},
		{Path: "/dev/x", BaudRate: 10},
		{Path: "/dev/x", DataBits: 9},
		{Path: "/dev/x", Parity: "sometimes"},
		{Path: "/dev/x", StopBits: "3"},
	}
	for _, p := range bad {
		if err := p.Validate(); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	good := []Port{{Path: "/dev/ttyACM0"}, {VID: "0x05E0", PID: "1200", Parity: "even", StopBits: "2", BaudRate: 115200, DataBits: 7}}
	for _, p := range good {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
	if !sameHex("0x05E0", "5e0") || sameHex("05e0", "05e1") {
		t.Error("sameHex")
	}
}
