package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

func TestCheckDisplay(t *testing.T) {
	tests := []struct {
		goos, display, wayland string
		ok                     bool
	}{
		{"linux", "", "", false},
		{"linux", ":0", "", true},
		{"linux", "", "wayland-0", true},
		{"linux", ":0", "wayland-0", true},
		{"windows", "", "", true},
		{"darwin", "", "", true},
	}
	for _, tt := range tests {
		env := map[string]string{"DISPLAY": tt.display, "WAYLAND_DISPLAY": tt.wayland}
		err := checkDisplay(tt.goos, func(k string) string { return env[k] })
		if (err == nil) != tt.ok {
			t.Errorf("%s DISPLAY=%q WAYLAND_DISPLAY=%q: %v", tt.goos, tt.display, tt.wayland, err)
		}
	}
}

// TestNoDisplay runs the kiosk binary with no display: one line on
// stderr, a non-zero exit, and no database made.
func TestNoDisplay(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the display check is for Linux")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "kiosk")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(tmp, "data")
	cmd := exec.Command(bin, "-data", data)
	cmd.Env = append(environ("DISPLAY", "WAYLAND_DISPLAY"), "XDG_DATA_HOME="+tmp)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("want a non-zero exit, got %v", err)
	}
	want := "kiosk: no display: set DISPLAY (X11) or WAYLAND_DISPLAY (Wayland), or run it on the kiosk's screen\n"
	if got := stderr.String(); got != want || stdout.Len() > 0 {
		t.Errorf("stderr:\n%s\nstdout:\n%s\nwant on stderr only:\n%s", got, &stdout, want)
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the data folder was made (%v)", err)
	}
}
