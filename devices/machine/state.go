package machine

import (
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Tracker holds one machine's state as messages arrive. It is not safe
// for concurrent use; runners own one each.
type Tracker struct {
	ID, Source string
	state      kiosk.MachineState
	started    time.Time // when the running job started, for finish estimates
}

// NewTracker starts a machine offline until its source says otherwise.
func NewTracker(id, source string, now time.Time) *Tracker {
	return &Tracker{ID: id, Source: source, state: kiosk.MachineState{ID: id, Source: source, State: kiosk.MachineOffline, At: now.UTC()}}
}

// State returns the current state.
func (t *Tracker) State() kiosk.MachineState { return t.state }

// set moves to s at now, clearing job data when the job ends.
func (t *Tracker) set(s kiosk.MachineStatus, now time.Time) {
	if s != kiosk.MachineBusy && s != kiosk.MachinePaused {
		t.state.Progress, t.state.Finish, t.started = 0, time.Time{}, time.Time{}
	}
	if s == kiosk.MachineBusy && t.state.State != kiosk.MachineBusy && t.state.State != kiosk.MachinePaused {
		t.started = now
	}
	if s != kiosk.MachineError {
		t.state.Error = ""
	}
	t.state.State, t.state.At = s, now.UTC()
}

// progress records a job's progress (0..1) and estimates its finish from
// the time it has run, or from the remaining time when the source says.
func (t *Tracker) progress(p float64, remaining time.Duration, now time.Time) {
	p = min(max(p, 0), 1)
	t.state.Progress, t.state.At = p, now.UTC()
	switch {
	case remaining > 0:
		t.state.Finish = now.Add(remaining).UTC().Truncate(time.Second)
	case !t.started.IsZero() && p >= 0.01:
		ran := now.Sub(t.started)
		t.state.Finish = now.Add(time.Duration(float64(ran) * (1 - p) / p)).UTC().Truncate(time.Second)
	}
}
