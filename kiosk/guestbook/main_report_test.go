package guestbook_test

import (
	"os"
	"testing"
)

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "guestbook-bench-") }

// TestMain removes the benchmarks' full year after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if fullBook != nil {
		fullBook.Close()
		os.RemoveAll(fullDir)
	}
	os.Exit(code)
}
