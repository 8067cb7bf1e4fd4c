package vision

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
)

// benchDecode decodes one clean frame's luma plane per iteration with
// Decode (the first code only) and reports p50 and p99 in milliseconds.
// The camera's own path and issue 16's goals are BenchmarkCorpus's.
func benchDecode(b *testing.B, format gozxing.BarcodeFormat, text string, module int, sc scene, want bool) {
	rng := rand.New(rand.NewPCG(7, 8))
	var sym = symbol(b, gozxing.BarcodeFormat_QR_CODE, "x", 1)
	if text != "" {
		sym = symbol(b, format, text, module)
	} else {
		sym.Rect = sym.Rect.Intersect(sym.Rect.Sub(sym.Rect.Max)) // nothing to draw
	}
	sc.noise, sc.angle = 8, 3
	g := frame(sym, sc, rng)
	d := NewDecoder()
	times := make([]time.Duration, 0, b.N)
	b.SetBytes(int64(len(g.Pix)))
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		r, err := d.Decode(g)
		times = append(times, time.Since(t0))
		if want && (err != nil || r.Text == "") {
			b.Fatalf("not decoded: %v", err)
		}
		if !want && err != ErrNotFound {
			b.Fatalf("decoded %+v from an empty frame", r)
		}
	}
	b.StopTimer()
	slices.Sort(times)
	ms := func(q float64) float64 { return float64(times[int(q*float64(len(times)-1))]) / 1e6 }
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

func BenchmarkDecode(b *testing.B) {
	vga, hd := scene{w: 640, h: 480}, scene{w: 1280, h: 720}
	b.Run("QR/640x480", func(b *testing.B) { benchDecode(b, gozxing.BarcodeFormat_QR_CODE, token, 4, vga, true) })
	b.Run("QR/1280x720", func(b *testing.B) { benchDecode(b, gozxing.BarcodeFormat_QR_CODE, token, 6, hd, true) })
	b.Run("Code128/640x480", func(b *testing.B) { benchDecode(b, gozxing.BarcodeFormat_CODE_128, "B000123", 3, vga, true) })
	b.Run("Codabar/640x480", func(b *testing.B) { benchDecode(b, gozxing.BarcodeFormat_CODABAR, "A20000017B", 3, vga, true) })
	b.Run("Code39/640x480", func(b *testing.B) { benchDecode(b, gozxing.BarcodeFormat_CODE_39, "PERPUS42", 2, vga, true) })
	b.Run("EAN13/640x480", func(b *testing.B) { benchDecode(b, gozxing.BarcodeFormat_EAN_13, "9786020332956", 3, vga, true) })
	b.Run("Code128/1280x720", func(b *testing.B) { benchDecode(b, gozxing.BarcodeFormat_CODE_128, "B000123", 4, hd, true) })
	b.Run("empty/640x480", func(b *testing.B) { benchDecode(b, 0, "", 0, vga, false) })
	b.Run("empty/1280x720", func(b *testing.B) { benchDecode(b, 0, "", 0, hd, false) })
}
