package camera

import (
	"context"
	"errors"
	"image"
	"log/slog"
	"sync"
	"time"

	"github.com/anjungan/anjungan/internal/backoff"
	"github.com/anjungan/anjungan/kiosk"
)

// Reader turns a camera into a scanner. Set its fields (Decode at least),
// then call Run.
type Reader struct {
	Name string
	// Open opens the frame source; nil opens the V4L2 device Path at
	// Width×Height (640×480 when zero).
	Open          func() (Source, error)
	Path          string
	Width, Height int
	// Every is the least time between two decoded frames, which bounds
	// the CPU the camera takes; 100 ms when zero. Frames in between are
	// dropped.
	Every time.Duration
	// Repeat: a code seen again within Repeat of its last sighting is
	// the same presentation, not a new scan, whatever else was seen in
	// between (two codes in view do not raise alternating scans); 3 s
	// when zero. An EAN-13 code counts only once a second frame within
	// Repeat reads the same text, as handheld scanners do: its check
	// digit alone lets too many misreads through.
	Repeat time.Duration
	// Decode finds a barcode in a frame's luma plane: its text and
	// symbology, an empty text when the frame shows none, an error when
	// the frame could not be read (logged, the frame skipped). It is
	// called from Run's goroutine only, so it may keep buffers between
	// frames. Decode or Each is required.
	Decode func(*image.Gray) (text string, sym kiosk.Symbology, err error)
	// Each, when set, is used instead of Decode: it calls found for
	// every code in the frame, in a stable order, and returns an error
	// when the frame could not be read. cmd/kiosk wires devices/vision's
	// Decoder.Each.
	Each func(g *image.Gray, found func(text string, sym kiosk.Symbology)) error

	// OnScan receives each new code, on the reader's goroutine.
	OnScan func(kiosk.Scan)
	// OnState receives the camera's state whenever it changes.
	OnState func(kiosk.DeviceState)

	Now    func() time.Time
	Logger *slog.Logger
	// MinBackoff and MaxBackoff bound the wait between reopen attempts.
	MinBackoff, MaxBackoff time.Duration

	mu    sync.Mutex
	state kiosk.DeviceState
}

func (r *Reader) defaults() {
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
	r.Logger = r.Logger.With("camera", r.Name, "device", r.Path)
	if r.Width <= 0 || r.Height <= 0 {
		r.Width, r.Height = 640, 480
	}
	if r.Open == nil {
		r.Open = func() (Source, error) { return Open(r.Path, r.Width, r.Height) }
	}
	if r.Every <= 0 {
		r.Every = 100 * time.Millisecond
	}
	if r.Repeat <= 0 {
		r.Repeat = 3 * time.Second
	}
	if r.MinBackoff <= 0 {
		r.MinBackoff = 500 * time.Millisecond
	}
	if r.MaxBackoff <= 0 {
		r.MaxBackoff = 30 * time.Second
	}
	r.state = kiosk.DeviceState{Name: r.Name, Kind: kiosk.DeviceCamera, Port: r.Path, Since: r.Now()}
}

// State returns the camera's last state.
func (r *Reader) State() kiosk.DeviceState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

func (r *Reader) setState(connected bool, errText string) {
	r.mu.Lock()
	changed := r.state.Connected != connected || r.state.LastError != errText
	if changed {
		r.state.Connected, r.state.LastError, r.state.Since = connected, errText, r.Now()
	}
	st := r.state
	r.mu.Unlock()
	if changed && r.OnState != nil {
		r.OnState(st)
	}
}

// Run opens the camera, decodes frames and reopens the camera after every
// fault, with jittered exponential backoff, until ctx ends; it returns nil
// then, or an error at once when Decode is not set.
func (r *Reader) Run(ctx context.Context) error {
	if r.Decode == nil && r.Each == nil {
		return errors.New("camera: Reader.Decode is not set")
	}
	r.defaults()
	seen := newSightings(r.Repeat)
	b := &backoff.Backoff{Name: "camera", Min: r.MinBackoff, Max: r.MaxBackoff, Logger: r.Logger}
	for ctx.Err() == nil {
		src, err := r.Open()
		if err == nil {
			r.setState(true, "")
			if !b.Down() {
				r.Logger.Info("camera open")
			}
			b.Recovered()
			err = r.read(ctx, src, seen)
			src.Close()
		}
		if ctx.Err() != nil {
			break
		}
		r.setState(false, err.Error())
		b.Retry(ctx, err)
	}
	return nil
}

// read decodes frames from src until it fails or ctx ends.
func (r *Reader) read(ctx context.Context, src Source, seen *sightings) error {
	var gray *image.Gray
	var decodedAt time.Time
	var codes []code
	for {
		f, err := src.Next(ctx)
		if err != nil {
			return err
		}
		now := r.Now()
		if !decodedAt.IsZero() && now.Sub(decodedAt) < r.Every {
			continue
		}
		decodedAt = now
		g, err := f.Gray(gray)
		if err != nil {
			return err
		}
		gray = g
		codes, err = r.decode(g, codes[:0])
		if err != nil {
			r.Logger.Warn("camera frame not decodable", "err", err)
			continue
		}
		for _, c := range codes {
			if !seen.new(c, now) {
				continue
			}
			r.mu.Lock()
			r.state.LastScan = now
			r.mu.Unlock()
			if r.OnScan != nil {
				r.OnScan(kiosk.Scan{Source: "camera", Code: c.text, Symbology: c.sym, At: now})
			}
		}
	}
}

// code is one barcode found in a frame.
type code struct {
	text string
	sym  kiosk.Symbology
}

// decode appends the frame's codes to dst with Each, or Decode.
func (r *Reader) decode(g *image.Gray, dst []code) ([]code, error) {
	if r.Each != nil {
		err := r.Each(g, func(text string, sym kiosk.Symbology) {
			if text != "" {
				dst = append(dst, code{text, sym})
			}
		})
		return dst, err
	}
	text, sym, err := r.Decode(g)
	if err != nil || text == "" {
		return dst, err
	}
	return append(dst, code{text, sym}), nil
}
