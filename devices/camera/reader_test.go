package camera

import (
	"context"
	"errors"
	"image"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/vision"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// frames is a Source of generated YUYV frames standing in for a webcam
// (none is attached here). After its frames it reports the device gone.
type frames struct {
	list   []Frame
	clock  *mock.Clock
	step   time.Duration
	closed bool
}

func (f *frames) Next(ctx context.Context) (Frame, error) {
	if len(f.list) == 0 {
		return Frame{}, errors.New("camera: device gone")
	}
	fr := f.list[0]
	f.list = f.list[1:]
	f.clock.Advance(f.step)
	return fr, ctx.Err()
}

func (f *frames) Close() error { f.closed = true; return nil }

// yuyvFrame draws text as a QR code in the middle of a w×h YUYV frame,
// or an empty frame for "".
func yuyvFrame(t *testing.T, text string, w, h int) Frame {
	t.Helper()
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 140
	}
	if text != "" {
		qr, err := vision.QR(text, 200)
		if err != nil {
			t.Fatal(err)
		}
		ox, oy := (w-qr.Rect.Dx())/2, (h-qr.Rect.Dy())/2
		for y := range qr.Rect.Dy() {
			copy(g.Pix[(oy+y)*w+ox:], qr.Pix[y*qr.Stride:y*qr.Stride+qr.Rect.Dx()])
		}
	}
	data := make([]byte, 2*w*h)
	for i, p := range g.Pix {
		data[2*i], data[2*i+1] = p, 128
	}
	return Frame{Format: YUYV, Width: w, Height: h, Data: data}
}

// TestReader: a code held up for several frames is one scan; another code
// is a new scan; the same code shown again after Repeat is a new scan;
// frames within Every are not decoded; a lost device is reopened and
// reported.
func TestReader(t *testing.T) {
	clock := mock.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	a, b, empty := yuyvFrame(t, "ANJB1.site.1.2.x", 640, 480), yuyvFrame(t, "20000017", 640, 480), yuyvFrame(t, "", 640, 480)
	// 200 ms per frame; Repeat 1 s.
	first := &frames{clock: clock, step: 200 * time.Millisecond, list: []Frame{empty, a, a, a, b, b, empty, empty, empty, empty, empty, b}}
	second := &frames{clock: clock, step: 200 * time.Millisecond, list: []Frame{a}}
	opens := 0
	var mu sync.Mutex
	var scans []kiosk.Scan
	var states []kiosk.DeviceState
	ctx, cancel := context.WithCancel(context.Background())
	r := &Reader{
		Name: "webcam", Path: "/dev/video0", Now: clock.Now, Repeat: time.Second, Every: 100 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler), MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond,
		Decode: vision.NewDecoder().Find,
		Open: func() (Source, error) {
			opens++
			switch opens {
			case 1:
				return first, nil
			case 2:
				return nil, errors.New("no such device")
			case 3:
				return second, nil
			}
			cancel()
			return nil, errors.New("unplugged")
		},
		OnScan:  func(s kiosk.Scan) { mu.Lock(); scans = append(scans, s); mu.Unlock() },
		OnState: func(s kiosk.DeviceState) { mu.Lock(); states = append(states, s); mu.Unlock() },
	}
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not stop")
	}
	var got []string
	for _, s := range scans {
		if s.Source != "camera" || s.Symbology != kiosk.SymQR {
			t.Errorf("scan %+v", s)
		}
		got = append(got, s.Code)
	}
	want := []string{"ANJB1.site.1.2.x", "20000017", "20000017", "ANJB1.site.1.2.x"}
	if len(got) != len(want) {
		t.Fatalf("scans %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("scans %q, want %q", got, want)
		}
	}
	if !first.closed || !second.closed {
		t.Error("sources not closed")
	}
	// connected, lost, (still lost with another error), connected, lost
	if len(states) < 4 || !states[0].Connected || states[1].Connected || states[1].LastError == "" {
		t.Fatalf("states %+v", states)
	}
	if r.State().LastScan.IsZero() {
		t.Error("last scan time not kept")
	}
}
