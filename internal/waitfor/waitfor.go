package waitfor

import (
	"testing"
	"time"
)

// Until polls cond every few milliseconds until it holds; when it does not
// within timeout, the test fails here with "waited TIMEOUT for WHAT".
func Until(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
