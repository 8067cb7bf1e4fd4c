package main

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOneKioskPerDataFolder: a second kiosk on a data folder in use stops
// at once, naming the PID that holds it and the lock file; once the first
// has closed, the folder can be taken again.
func TestOneKioskPerDataFolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first := newTestMain(t, dir)
	if err := first.Open(ctx); err != nil {
		t.Fatal(err)
	}
	second := newTestMain(t, dir)
	err := second.Open(ctx)
	if err == nil {
		second.Close()
		first.Close()
		t.Fatal("a second kiosk opened the same data folder")
	}
	checkInUse(t, err, dir, os.Getpid())
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := second.Open(ctx); err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestLockGoesWithTheProcess: a kiosk process killed with SIGKILL leaves
// the data folder free.
func TestLockGoesWithTheProcess(t *testing.T) {
	dir := t.TempDir()
	child := helper(t, "lock", dir)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() })
	if line, err := bufio.NewReader(out).ReadString('\n'); line != "locked\n" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	m := newTestMain(t, dir)
	err = m.Open(context.Background())
	if err == nil {
		m.Close()
		t.Fatal("opened a data folder another process holds")
	}
	checkInUse(t, err, dir, child.Process.Pid)
	child.Process.Kill()
	child.Wait()
	if err := m.Open(context.Background()); err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	m.Close()
}

// checkInUse checks a data-folder-in-use error: one line with the lock
// file's path and the holder's PID.
func checkInUse(t *testing.T, err error, dir string, pid int) {
	t.Helper()
	msg := err.Error()
	for _, want := range []string{filepath.Join(dir, "kiosk.lock"), "pid " + strconv.Itoa(pid)} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error %q is more than one line", msg)
	}
}
