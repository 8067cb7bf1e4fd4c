package main

import (
	"testing"
	"time"
)

// waitFor polls cond until it holds, and fails there, saying what it
// waited for, when it does not within timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// logOnFailure logs what b holds (a command's output) if the test fails.
func logOnFailure(t *testing.T, name string, b *syncBuffer) {
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s said:\n%s", name, b.String())
		}
	})
}
