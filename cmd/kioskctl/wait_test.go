package main

import (
	"testing"

	"github.com/anjungan/anjungan/internal/waitfor"
)

// waitFor is the tests' one way to wait.
var waitFor = waitfor.Until

// logOnFailure logs what b holds (a command's output) if the test fails.
func logOnFailure(t *testing.T, name string, b *syncBuffer) {
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s said:\n%s", name, b.String())
		}
	})
}
