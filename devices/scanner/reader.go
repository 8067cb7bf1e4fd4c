package scanner

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sync"
	"time"

	"go.bug.st/serial"

	"github.com/anjungan/anjungan/internal/backoff"
	"github.com/anjungan/anjungan/kiosk"
)

// Reader reads scans from one serial scanner. Set its fields, then call
// Run.
type Reader struct {
	Name string
	Port Port
	// IdleGap ends a line after a pause, for scanners with no suffix.
	IdleGap time.Duration
	// ResyncGap, for scanners with a suffix (no IdleGap): after a pause
	// this long, what was waiting for its terminator is dropped as noise
	// and the next bytes start a new line. Zero means DefaultResyncGap.
	ResyncGap time.Duration
	Decode    DecodeOptions

	// OnScan receives each scan, on the reader's goroutine.
	OnScan func(kiosk.Scan)
	// OnState receives the scanner's state whenever it changes.
	OnState func(kiosk.DeviceState)

	Now    func() time.Time
	Logger *slog.Logger
	// MinBackoff and MaxBackoff bound the wait between reopen attempts.
	MinBackoff, MaxBackoff time.Duration

	mu    sync.Mutex
	state kiosk.DeviceState
}

// poll is how often a blocked read wakes up to check the context, the
// idle gap and whether the device is still there.
const poll = 100 * time.Millisecond

func (r *Reader) defaults() {
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
	r.Logger = r.Logger.With("scanner", r.Name, "port", r.Port.String())
	if r.MinBackoff <= 0 {
		r.MinBackoff = 250 * time.Millisecond
	}
	if r.MaxBackoff <= 0 {
		r.MaxBackoff = 10 * time.Second
	}
	r.state = kiosk.DeviceState{Name: r.Name, Kind: kiosk.DeviceScanner, Port: r.Port.String(), Since: r.Now()}
}

// State returns the scanner's last state.
func (r *Reader) State() kiosk.DeviceState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// Run opens the port, reads it and reopens it after every fault, with
// jittered exponential backoff, until ctx ends. A port that cannot work at
// all (a bad mode) is an error at once.
func (r *Reader) Run(ctx context.Context) error {
	r.defaults()
	mode, err := r.Port.Mode()
	if err != nil {
		return err // a configuration error, caught at start-up
	}
	b := &backoff.Backoff{Name: "scanner", Min: r.MinBackoff, Max: r.MaxBackoff, Logger: r.Logger}
	for ctx.Err() == nil {
		path, port, err := r.open(mode)
		if err != nil {
			r.setConnected(false, path, err)
			b.Retry(ctx, err)
			continue
		}
		if !b.Down() {
			r.Logger.Info("scanner connected", "device", path)
		}
		b.Recovered("device", path)
		r.setConnected(true, path, nil)
		err = r.read(ctx, path, port)
		port.Close()
		if ctx.Err() != nil {
			break
		}
		r.setConnected(false, path, err)
		b.Retry(ctx, err, "device", path) // from MinBackoff: it was working
	}
	r.setConnected(false, "", nil)
	return nil
}

func (r *Reader) open(mode *serial.Mode) (string, serial.Port, error) {
	path, err := r.Port.resolve()
	if err != nil {
		return "", nil, err
	}
	port, err := serial.Open(path, mode)
	if err != nil {
		return path, nil, err
	}
	if err := port.SetReadTimeout(poll); err != nil {
		port.Close()
		return path, nil, err
	}
	return path, port, nil
}

// errGone says the device node vanished while the port looked idle.
var errGone = errors.New("device removed")

func (r *Reader) read(ctx context.Context, path string, port serial.Port) error {
	stop := context.AfterFunc(ctx, func() { port.Close() })
	defer stop()
	f := &Framer{IdleGap: r.IdleGap, ResyncGap: r.ResyncGap}
	buf := make([]byte, 512)
	noisy := false // in a run of garbage: logged once, when it starts
	idle := 0
	for {
		n, err := port.Read(buf)
		now := r.Now()
		if err != nil {
			return err
		}
		var frames []Frame
		if n > 0 {
			idle = 0
			frames = f.Feed(buf[:n], now)
		} else {
			frames = f.Idle(now)
			if idle++; idle%10 == 0 { // about once a second
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if _, err := os.Stat(path); err != nil {
					return errGone
				}
			}
		}
		for _, fr := range frames {
			if fr.Err != nil {
				r.dropped(fr, noisy)
				noisy = true
				continue
			}
			noisy = false
			r.deliver(fr.Line, now)
		}
	}
}

func (r *Reader) deliver(line string, now time.Time) {
	code, sym, err := Decode(line, r.Decode)
	if err != nil {
		r.Logger.Info("scan rejected", "err", err)
		r.mu.Lock()
		r.state.Dropped++
		r.mu.Unlock()
		return
	}
	r.mu.Lock()
	r.state.LastScan = now
	r.mu.Unlock()
	if r.OnScan != nil {
		r.OnScan(kiosk.Scan{Source: r.Name, Code: code, Symbology: sym, At: now})
	}
}

// dropped counts a garbage line. A run of garbage (everything dropped
// between one good line and the next) is logged once, when it starts, so
// a port full of noise cannot flood the log.
func (r *Reader) dropped(fr Frame, noisy bool) {
	r.mu.Lock()
	r.state.Dropped++
	n := r.state.Dropped
	r.mu.Unlock()
	if !noisy {
		r.Logger.Warn("dropping garbage from port (is it a scanner?)", "reason", fr.Err, "bytes", fr.Size, "dropped", n)
	}
}

func (r *Reader) setConnected(up bool, path string, err error) {
	r.mu.Lock()
	changed := r.state.Connected != up || (err != nil && r.state.LastError != err.Error())
	if r.state.Connected != up {
		r.state.Since = r.Now()
	}
	r.state.Connected = up
	if path != "" {
		r.state.Port = path
	}
	if err != nil {
		r.state.LastError = err.Error()
	} else if up {
		r.state.LastError = ""
	}
	s := r.state
	r.mu.Unlock()
	if changed && r.OnState != nil {
		r.OnState(s)
	}
}
