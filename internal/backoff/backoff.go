// Package backoff paces a loop that reconnects to something that comes
// and goes — a serial scanner, a camera, a printer, the library system —
// the one way the kiosk does it: waits that double from Min up to Max,
// each jittered so that kiosks restarted together do not retry together,
// on an injected clock; a fault logged once, when the outage starts, and
// its recovery once, when it ends.
package backoff

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Backoff is the state of one reconnecting loop; its zero value (with
// Name set) is ready. Set the fields before the first Fault; one goroutine
// uses it.
type Backoff struct {
	// Name is what reconnects, for the log: "scanner" logs "scanner
	// unavailable" and "scanner back".
	Name string
	// Min and Max bound the wait before a retry; 1 s and 30 s when zero.
	Min, Max time.Duration
	// After is the clock: a channel that receives once d has passed.
	// time.After when nil.
	After func(d time.Duration) <-chan time.Time
	// Rand returns a random duration in [0, n); rand.N when nil.
	Rand func(n time.Duration) time.Duration
	// Logger receives the fault and the recovery; slog.Default when nil.
	Logger *slog.Logger

	next   time.Duration // the wait after the next fault, before jitter
	fault  string        // the fault logged for the current outage, "" when none
	failed int           // attempts failed in the current outage
}

// Fault records a failed attempt and returns how long to wait before the
// next: the first fault of an outage is logged (Warn), a different one
// later in it only at Debug, the same one never again.
func (b *Backoff) Fault(err error, attrs ...any) time.Duration {
	b.defaults()
	b.failed++
	msg := err.Error()
	switch {
	case b.fault == "":
		b.logger().Warn(b.Name+" unavailable", append([]any{"err", err}, attrs...)...)
		b.fault = msg
	case b.fault != msg:
		b.logger().Debug(b.Name+" still unavailable", append([]any{"err", err}, attrs...)...)
		b.fault = msg
	}
	d := b.next
	b.next = min(2*b.next, b.Max)
	return d/2 + b.rand(d/2+1)
}

// Recovered records a successful attempt: the wait goes back to Min and,
// if a fault was logged, the recovery is (Info), once.
func (b *Backoff) Recovered(attrs ...any) {
	b.defaults()
	b.next = b.Min
	if b.fault != "" {
		b.logger().Info(b.Name+" back", append([]any{"failed_attempts", b.failed}, attrs...)...)
	}
	b.fault, b.failed = "", 0
}

// Down reports whether a fault has been logged and no recovery since.
func (b *Backoff) Down() bool { return b.fault != "" }

// Wait waits d on the clock, or until ctx ends; it reports whether the
// whole wait passed.
func (b *Backoff) Wait(ctx context.Context, d time.Duration) bool {
	after := b.After
	if after == nil {
		after = time.After
	}
	select {
	case <-ctx.Done():
		return false
	case <-after(d):
		return ctx.Err() == nil
	}
}

// Retry is Fault then Wait: it logs err as Fault does and waits before the
// next attempt, reporting false when ctx ended first.
func (b *Backoff) Retry(ctx context.Context, err error, attrs ...any) bool {
	return b.Wait(ctx, b.Fault(err, attrs...))
}

func (b *Backoff) defaults() {
	if b.Min <= 0 {
		b.Min = time.Second
	}
	if b.Max <= 0 {
		b.Max = max(30*time.Second, b.Min)
	}
	b.Max = max(b.Max, b.Min)
	if b.next == 0 {
		b.next = b.Min
	}
}

func (b *Backoff) rand(n time.Duration) time.Duration {
	if b.Rand != nil {
		return b.Rand(n)
	}
	return rand.N(n)
}

func (b *Backoff) logger() *slog.Logger {
	if b.Logger != nil {
		return b.Logger
	}
	return slog.Default()
}
