package backoff_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/internal/backoff"
)

const ms = time.Millisecond

// step is one attempt: a fault (its text) or, when fault is "", a
// success; then what it returns and logs.
type step struct {
	fault string
	wait  time.Duration // Fault's answer
	log   string        // the line it logs at Debug and above, "" for none
}

func TestBackoff(t *testing.T) {
	lowest := func(n time.Duration) time.Duration { return 0 }
	highest := func(n time.Duration) time.Duration { return n - 1 }
	for _, tc := range []struct {
		name     string
		min, max time.Duration
		rand     func(time.Duration) time.Duration
		steps    []step
	}{
		{"doubles up to the cap, the least jitter", 100 * ms, 500 * ms, lowest, []step{
			{"gone", 50 * ms, "level=WARN msg=\"thing unavailable\" err=gone"},
			{"gone", 100 * ms, ""},
			{"gone", 200 * ms, ""},
			{"gone", 250 * ms, ""},
			{"gone", 250 * ms, ""},
		}},
		{"the most jitter is the whole wait", 100 * ms, 400 * ms, highest, []step{
			{"gone", 100 * ms, "level=WARN msg=\"thing unavailable\" err=gone"},
			{"gone", 200 * ms, ""},
			{"gone", 400 * ms, ""},
			{"gone", 400 * ms, ""},
		}},
		{"a recovery logged once and the wait reset", 100 * ms, time.Second, highest, []step{
			{"gone", 100 * ms, "level=WARN msg=\"thing unavailable\" err=gone"},
			{"gone", 200 * ms, ""},
			{"", 0, "level=INFO msg=\"thing back\" failed_attempts=2"},
			{"", 0, ""},
			{"gone", 100 * ms, "level=WARN msg=\"thing unavailable\" err=gone"},
		}},
		{"another fault in one outage only at debug", 100 * ms, time.Second, highest, []step{
			{"gone", 100 * ms, "level=WARN msg=\"thing unavailable\" err=gone"},
			{"busy", 200 * ms, "level=DEBUG msg=\"thing still unavailable\" err=busy"},
			{"busy", 400 * ms, ""},
			{"gone", 800 * ms, "level=DEBUG msg=\"thing still unavailable\" err=gone"},
		}},
		{"defaults 1 s to 30 s", 0, 0, highest, []step{
			{"gone", time.Second, "level=WARN msg=\"thing unavailable\" err=gone"},
			{"gone", 2 * time.Second, ""}, {"gone", 4 * time.Second, ""}, {"gone", 8 * time.Second, ""},
			{"gone", 16 * time.Second, ""}, {"gone", 30 * time.Second, ""}, {"gone", 30 * time.Second, ""},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			b := &backoff.Backoff{Name: "thing", Min: tc.min, Max: tc.max, Rand: tc.rand,
				Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug,
					ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
						if a.Key == slog.TimeKey {
							return slog.Attr{}
						}
						return a
					}}))}
			for i, s := range tc.steps {
				logs.Reset()
				if s.fault == "" {
					b.Recovered()
				} else if got := b.Fault(errors.New(s.fault)); got != s.wait {
					t.Errorf("step %d (%s): wait %v, want %v", i, s.fault, got, s.wait)
				}
				if got := strings.TrimSpace(logs.String()); got != s.log {
					t.Errorf("step %d (%q): logged %q, want %q", i, s.fault, got, s.log)
				}
				if down := s.fault != ""; b.Down() != down {
					t.Errorf("step %d: Down() = %v, want %v", i, b.Down(), down)
				}
			}
		})
	}
}

func TestJitterSpreads(t *testing.T) {
	b := &backoff.Backoff{Name: "thing", Min: 100 * ms, Logger: slog.New(slog.DiscardHandler)}
	seen := map[time.Duration]bool{}
	for range 50 {
		d := b.Fault(errors.New("gone"))
		if d < 50*ms || d > 100*ms {
			t.Fatalf("wait %v outside [50ms, 100ms]", d)
		}
		seen[d] = true
		b.Recovered()
	}
	if len(seen) < 10 {
		t.Errorf("%d distinct waits in 50: no jitter", len(seen))
	}
}

// TestRetryWaitsOnTheClock: the wait is the injected clock's, and a
// cancelled context ends it.
func TestRetryWaitsOnTheClock(t *testing.T) {
	var asked []time.Duration
	fired := make(chan time.Time, 1)
	b := &backoff.Backoff{Name: "thing", Min: 40 * ms, Logger: slog.New(slog.DiscardHandler),
		Rand:  func(n time.Duration) time.Duration { return n - 1 },
		After: func(d time.Duration) <-chan time.Time { asked = append(asked, d); return fired }}
	fired <- time.Time{}
	if !b.Retry(context.Background(), errors.New("gone")) {
		t.Fatal("Retry gave up although the clock fired")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if b.Retry(ctx, errors.New("gone")) { // nothing fires: only ctx can end it
		t.Fatal("Retry reported a full wait after ctx ended")
	}
	if want := []time.Duration{40 * ms, 80 * ms}; len(asked) != 2 || asked[0] != want[0] || asked[1] != want[1] {
		t.Fatalf("clock asked for %v, want %v", asked, want)
	}
}

func TestRetryOnTheRealClock(t *testing.T) {
	b := &backoff.Backoff{Name: "thing", Min: ms, Logger: slog.New(slog.DiscardHandler)}
	done := make(chan bool)
	go func() { done <- b.Retry(context.Background(), errors.New("gone")) }()
	select {
	case ok := <-done:
		if !ok {
			t.Fatal("Retry gave up")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a 1 ms wait on the real clock did not end in 5 s")
	}
}
