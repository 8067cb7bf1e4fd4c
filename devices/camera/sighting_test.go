package camera

import (
	"context"
	"errors"
	"image"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"

	"github.com/anjungan/anjungan/devices/vision"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// scripted runs a Reader over n frames 200 ms apart (Repeat 1 s), its
// Each answering each frame with the next entry of script, and returns
// the scans' codes.
func scripted(t *testing.T, script [][]code) []string {
	t.Helper()
	clock := mock.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	empty := yuyvFrame(t, "", 64, 48)
	src := &frames{clock: clock, step: 200 * time.Millisecond}
	for range script {
		src.list = append(src.list, empty)
	}
	i := 0
	each := func(g *image.Gray, found func(string, kiosk.Symbology)) error {
		for _, c := range script[i] {
			found(c.text, c.sym)
		}
		i++
		return nil
	}
	return run(t, &Reader{Each: each, Now: clock.Now}, src)
}

// run runs r on src until src reports the device gone, and returns the
// codes scanned.
func run(t *testing.T, r *Reader, src Source) []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []string
	opened := false
	r.Name, r.Repeat, r.Every = "webcam", time.Second, 100*time.Millisecond
	r.Logger = slog.New(slog.DiscardHandler)
	r.MinBackoff, r.MaxBackoff = time.Millisecond, time.Millisecond
	r.Open = func() (Source, error) {
		if opened {
			cancel()
			return nil, errors.New("unplugged")
		}
		opened = true
		return src, nil
	}
	r.OnScan = func(s kiosk.Scan) { got = append(got, s.Code) }
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not stop")
	}
	return got
}

// TestReaderWindow: two codes in view whose reads alternate from frame
// to frame raise one scan each, not a scan per change; a code gone for
// longer than Repeat is a new scan.
func TestReaderWindow(t *testing.T) {
	qr, item := code{"ANJB1.site.1.2.x", kiosk.SymQR}, code{"B000123", kiosk.SymCode128}
	script := [][]code{{qr}, {item}, {qr}, {item}, {qr, item}, {item}, {qr}, {}, {}, {}, {}, {}, {qr}}
	got := scripted(t, script)
	if want := []string{qr.text, item.text, qr.text}; !slices.Equal(got, want) {
		t.Fatalf("scans %q, want %q", got, want)
	}
}

// TestReaderEAN: an EAN-13 read counts once a second frame within Repeat
// reads the same text; a single read, two reads too far apart, or two
// different texts raise no scan. Other symbologies count at once.
func TestReaderEAN(t *testing.T) {
	isbn, other, misread := code{"9786020332956", kiosk.SymEAN}, code{"9780306406157", kiosk.SymEAN}, code{"9786020332949", kiosk.SymEAN}
	item := code{"B000123", kiosk.SymCode128}
	script := [][]code{
		{isbn}, {}, {isbn}, {isbn}, // read twice within 1 s: one scan
		{}, {}, {}, {}, {}, {}, // gone
		{other}, {}, {}, {}, {}, {}, {other}, // 1.2 s apart: none
		{}, {}, {}, {}, {}, {},
		{misread}, {isbn}, {item}, // two texts: none; another symbology at once
	}
	got := scripted(t, script)
	if want := []string{isbn.text, item.text}; !slices.Equal(got, want) {
		t.Fatalf("scans %q, want %q", got, want)
	}
}

// TestReaderTwoCodesDecoded: the real decoder on frames showing a QR code
// and a Code 128 label side by side: each is scanned once, QR first.
func TestReaderTwoCodesDecoded(t *testing.T) {
	clock := mock.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	f := yuyvFrame(t, "ANJB1.site.1.2.x", 640, 480)
	m, err := oned.NewCode128Writer().Encode("B000123", gozxing.BarcodeFormat_CODE_128, 0, 80, map[gozxing.EncodeHintType]interface{}{gozxing.EncodeHintType_MARGIN: 20})
	if err != nil {
		t.Fatal(err)
	}
	// Draw the label at module 2 below the QR code (luma bytes are every
	// other byte of a YUYV frame).
	if 100+2*m.GetWidth() > 640 || m.GetHeight() > 100 {
		t.Fatalf("label %dx%d does not fit", 2*m.GetWidth(), m.GetHeight())
	}
	for y := range m.GetHeight() {
		for x := range 2 * m.GetWidth() {
			v := uint8(255)
			if m.Get(x/2, y) {
				v = 0
			}
			f.Data[2*((370+y)*640+100+x)] = v
		}
	}
	src := &frames{clock: clock, step: 200 * time.Millisecond, list: []Frame{f, f, f, f}}
	got := run(t, &Reader{Each: vision.NewDecoder().Each, Now: clock.Now}, src)
	if want := []string{"ANJB1.site.1.2.x", "B000123"}; !slices.Equal(got, want) {
		t.Fatalf("scans %q, want %q", got, want)
	}
}
