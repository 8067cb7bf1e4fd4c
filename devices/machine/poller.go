package machine

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"time"

	"go.bug.st/serial"

	"github.com/anjungan/anjungan/internal/backoff"
	"github.com/anjungan/anjungan/kiosk"
)

// Poller follows a Marlin printer on a serial port: M115 once, then M105
// and M27 every interval. A printer that stops answering is offline; the
// port is reopened with backoff.
type Poller struct {
	ID       string
	Port     string
	BaudRate int           // 115200 when zero
	Every    time.Duration // 5s when zero
	OnState  func(kiosk.MachineState)
	Now      func() time.Time
	Logger   *slog.Logger
}

// Run polls until ctx ends.
func (p *Poller) Run(ctx context.Context) error {
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Logger == nil {
		p.Logger = slog.Default()
	}
	if p.BaudRate == 0 {
		p.BaudRate = 115200
	}
	if p.Every <= 0 {
		p.Every = 5 * time.Second
	}
	tr := NewTracker(p.ID, SourceMarlin, p.Now())
	last := tr.State()
	emit := func() {
		if s := tr.State(); s.State != last.State || s.Progress != last.Progress || s.Error != last.Error {
			last = s
			if p.OnState != nil {
				p.OnState(s)
			}
		}
	}
	b := &backoff.Backoff{Name: "printer", Logger: p.Logger.With("machine", p.ID, "port", p.Port)}
	for ctx.Err() == nil {
		err := p.session(ctx, tr, emit, func() { b.Recovered() })
		tr.set(kiosk.MachineOffline, p.Now())
		emit()
		if ctx.Err() != nil {
			break
		}
		b.Retry(ctx, err)
	}
	return nil
}

// session talks to the printer until it fails to answer or ctx ends,
// calling answered on every line the printer sends.
func (p *Poller) session(ctx context.Context, tr *Tracker, emit, answered func()) error {
	port, err := serial.Open(p.Port, &serial.Mode{BaudRate: p.BaudRate})
	if err != nil {
		return err
	}
	defer port.Close()
	port.SetReadTimeout(100 * time.Millisecond)
	lines := make(chan string, 64)
	done := make(chan error, 1)
	stop := make(chan struct{})
	go func() { // the reader; ends when the port is closed or stop closes
		sc := bufio.NewScanner(readerFunc(func(b []byte) (int, error) {
			for {
				n, err := port.Read(b)
				if n > 0 || err != nil {
					return n, err
				}
				if ctx.Err() != nil {
					return 0, ctx.Err()
				}
			}
		}))
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-stop:
				done <- nil
				return
			}
		}
		done <- sc.Err()
	}()
	defer func() { close(stop); port.Close(); <-done }()
	if _, err := port.Write([]byte("M115\n")); err != nil {
		return err
	}
	tick := time.NewTicker(p.Every)
	defer tick.Stop()
	lastHeard := p.Now()
	poll := func() error {
		_, err := port.Write([]byte("M105\nM27\n"))
		return err
	}
	if err := poll(); err != nil {
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-done:
			done <- err // for the deferred wait
			if err == nil {
				err = errors.New("port closed")
			}
			return err
		case l := <-lines:
			lastHeard = p.Now()
			answered()
			if err := tr.Marlin(l, p.Now()); err != nil {
				p.Logger.Debug("printer line ignored", "line", l, "err", err)
				continue
			}
			emit()
		case <-tick.C:
			if p.Now().Sub(lastHeard) > 3*p.Every {
				return errors.New("no answer for " + (3 * p.Every).String())
			}
			if err := poll(); err != nil {
				return err
			}
		}
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(b []byte) (int, error) { return f(b) }
