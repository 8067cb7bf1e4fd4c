package main

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// A staff restart does not go off after Close: Close stops its timer.
func TestRestartStoppedByClose(t *testing.T) {
	var restarted atomic.Bool
	m := &Main{Logger: slog.New(slog.DiscardHandler), OnRestart: func() { restarted.Store(true) }}
	if _, err := m.command(context.Background(), kiosk.Command{Action: kiosk.ActionRestart}); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // past the restart's second
	if restarted.Load() || m.ExitCode != 0 {
		t.Fatalf("restarted after Close (exit code %d)", m.ExitCode)
	}
}
