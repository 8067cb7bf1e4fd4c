package vision

import "testing"

// BenchmarkStages times the stages of decoding one corpus Code 128
// frame of each size, to show where a frame's time goes: halving, the
// block binariser (its two passes), the QR attempts on the binarised
// frame, the scan lines, and the 1D readers over them.
func BenchmarkStages(b *testing.B) {
	_, ss := corpus(b)
	for _, k := range []string{"Code128/640x480", "Code128/1280x720"} {
		g := ss[k][0].g
		d := NewDecoder()
		b.Run(k+"/half", func(b *testing.B) {
			for b.Loop() {
				d.half = Half(d.half, g)
			}
		})
		d.fullBin.reset(g)
		d.fullBin.rethreshold(0)
		b.Run(k+"/binarise-measure", func(b *testing.B) {
			for b.Loop() {
				d.fullBin.measure()
			}
		})
		b.Run(k+"/binarise-apply", func(b *testing.B) {
			for b.Loop() {
				d.fullBin.apply(0)
			}
		})
		b.Run(k+"/qr", func(b *testing.B) {
			for b.Loop() {
				d.found = d.found[:0]
				d.decodeQR(g, &d.fullBin, true)
			}
		})
		b.Run(k+"/scanlines", func(b *testing.B) {
			for b.Loop() {
				d.scanLines(g)
			}
		})
		b.Run(k+"/1D", func(b *testing.B) {
			for b.Loop() {
				d.found = d.found[:0]
				d.decode1D(g, true)
			}
		})
	}
}
